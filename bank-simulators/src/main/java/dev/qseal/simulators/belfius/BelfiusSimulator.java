package dev.qseal.simulators.belfius;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.cavage.SignatureParameters;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.headers.HeaderRules;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.core.verify.VerificationResult;
import dev.qseal.simulators.BankSimulator;
import dev.qseal.simulators.SimulatorRequest;
import dev.qseal.simulators.SimulatorResponse;
import dev.qseal.simulators.SimulatorSetup;
import dev.qseal.simulators.internal.ProfileChecks;
import dev.qseal.simulators.internal.SimSupport;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Belfius' regulatory fallback interface (seed 000). The first call ({@value #SESSIONS}) carries
 * {@code Request-ID}, {@code Client-Id}, an ISO-8601 {@code Date} (±3 min), {@code Digest} and a
 * draft-cavage {@code Signature} with keyId = the TPP-ID over at least
 * {@code (request-target) date digest request-id}; the session endpoint it returns is called
 * <em>without</em> a signature but with the same mandatory headers. A digest spelled otherwise
 * than the profile's label is refused with the label expected. Errors are JSON:API
 * {@code {"errors":[{"status","code","title","detail"}]}}.
 */
public final class BelfiusSimulator extends BankSimulator {
    public static final String SESSIONS = "/regulatory-fallback/v1/sessions";
    static final Duration SESSION_LIFETIME = Duration.ofMinutes(15);
    private static final HeaderRules RULES = BankProfiles.BELFIUS.headerRules();

    private final String tppId;
    private final String clientId;
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();

    /** A Belfius that knows the TPP by {@code tppId} (the keyId) and {@code clientId} (onboarding). */
    public BelfiusSimulator(SimulatorSetup setup, String tppId, String clientId) {
        super("Belfius", setup);
        this.tppId = tppId;
        this.clientId = clientId;
        if (setup.registeredSealCertificate().isEmpty()) {
            throw new IllegalArgumentException("Belfius needs the TPP's registered QSealC");
        }
    }

    @Override
    protected SimulatorResponse handle(SimulatorRequest r) {
        if (r.method().equals("POST") && r.path().equals(SESSIONS)) {
            return firstCall(r);
        }
        if (r.method().equals("GET") && r.path().startsWith(SESSIONS + "/") && r.path().endsWith("/customer-interface")) {
            String id = r.path().substring(SESSIONS.length() + 1, r.path().length() - "/customer-interface".length());
            return sessionCall(r, id);
        }
        return notFound(r);
    }

    private SimulatorResponse firstCall(SimulatorRequest r) {
        Optional<SimulatorResponse> bad = mandatoryHeaders(r, true);
        if (bad.isPresent()) {
            return bad.get();
        }
        try {
            String keyId = SignatureParameters.parse(r.header("Signature").get()).keyId();
            if (!keyId.equals(tppId)) {
                return error(401, "invalid_signature", "Unknown keyId", "keyId must be the TPP-ID given at onboarding");
            }
        } catch (MalformedSignatureException e) {
            return error(401, "invalid_signature", "Malformed signature", e.getMessage());
        }
        r.checked("keyId is the TPP-ID");
        X509Certificate cert = setup().registeredSealCertificate().get();
        VerificationResult v = ProfileChecks.verify("belfius", cert, r.view(), clock(), Optional.of(tppId));
        if (!v.isValid()) {
            r.checked("signature rejected: " + v);
            return error(401, "invalid_signature", "Signature could not be verified", v.toString());
        }
        r.checked("Signature verified with profile 'belfius' against the registered QSealC "
                + "(the certificate decides the algorithm; (request-target) date digest request-id covered; digest matches)");
        String id = UUID.randomUUID().toString();
        sessions.put(id, clock().instant().plus(SESSION_LIFETIME));
        ObjectNode out = SimSupport.object();
        ObjectNode data = out.putObject("data");
        data.put("type", "fallback-session");
        data.put("id", id);
        data.putObject("attributes").put("expiresIn", SESSION_LIFETIME.toSeconds());
        data.putObject("links").put("customerInterface", SESSIONS + "/" + id + "/customer-interface");
        return SimSupport.json(201, out);
    }

    private SimulatorResponse sessionCall(SimulatorRequest r, String id) {
        Instant expires = sessions.get(id);
        if (expires == null || clock().instant().isAfter(expires)) {
            return error(401, "invalid_session", "Unknown or expired session", "open a session with a signed first call");
        }
        r.checked("session known and unexpired");
        if (r.header("Signature").isPresent()) {
            return error(400, "unexpected_signature", "Signature not expected",
                    "calls on the session endpoint are made without HTTP signature");
        }
        r.checked("no HTTP signature on the session endpoint");
        Optional<SimulatorResponse> bad = mandatoryHeaders(r, false);
        if (bad.isPresent()) {
            return bad.get();
        }
        return SimulatorResponse.html(200, "<!DOCTYPE html><html><head><title>Belfius Direct Net</title></head>"
                + "<body><h1>Belfius Direct Net</h1><p>Customer interface for retail and business clients.</p></body></html>");
    }

    /** Request-ID, Client-Id, ISO-8601 Date within 3 min, Digest with the profile's label and matching the body. */
    private Optional<SimulatorResponse> mandatoryHeaders(SimulatorRequest r, boolean signed) {
        for (String h : signed ? new String[] {"Request-ID", "Client-Id", "Date", "Digest", "Signature"}
                : new String[] {"Request-ID", "Client-Id", "Date", "Digest"}) {
            if (r.header(h).map(String::isBlank).orElse(true)) {
                return Optional.of(error(400, "missing_header", "Mandatory header missing", h + " header is mandatory"));
            }
        }
        r.checked("mandatory headers present: Request-ID, Client-Id, Date, Digest" + (signed ? ", Signature" : ""));
        if (!r.header("Client-Id").get().equals(clientId)) {
            return Optional.of(error(401, "invalid_client", "Unknown Client-Id", "Client-Id is not the one received at onboarding"));
        }
        r.checked("Client-Id is the onboarded client");
        Instant date;
        try {
            date = Instant.parse(r.header("Date").get().trim());
        } catch (DateTimeParseException e) {
            return Optional.of(error(400, "invalid_date", "Date not ISO-8601", "Date must be an ISO-8601 date time such as 2018-08-04T12:23:34Z"));
        }
        if (Duration.between(date, clock().instant()).abs().compareTo(Duration.ofMinutes(3)) > 0) {
            return Optional.of(error(401, "invalid_date", "Date out of range", "Date drifts more than 3 minutes from the bank's clock"));
        }
        r.checked("Date is ISO-8601 and within 3 minutes");
        String expectedLabel = RULES.digestLabel().format(RULES.digestAlgorithm()) + "=";
        String digest = r.header("Digest").get().trim();
        if (!digest.startsWith(expectedLabel)) {
            int eq = digest.indexOf('=');
            String given = eq < 0 ? digest : digest.substring(0, eq + 1);
            return Optional.of(error(400, "invalid_digest", "Digest label not accepted",
                    "expected the digest label " + expectedLabel + " but got " + given));
        }
        String expected = Digests.digestValue(RULES.digestAlgorithm(), RULES.digestLabel(), r.view().bodyBytesUnsafe());
        if (!digest.equals(expected)) {
            return Optional.of(error(400, "invalid_digest", "Digest mismatch", "Digest does not match the payload"));
        }
        r.checked("Digest uses the label " + expectedLabel + " and matches the payload");
        return Optional.empty();
    }

    private static SimulatorResponse error(int status, String code, String title, String detail) {
        ObjectNode out = SimSupport.object();
        ObjectNode e = out.putArray("errors").addObject();
        e.put("status", String.valueOf(status));
        e.put("code", code);
        e.put("title", title);
        e.put("detail", detail);
        return SimSupport.json(status, out);
    }
}
