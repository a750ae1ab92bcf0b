package dev.qseal.simulators.becm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.cavage.SignatureParameters;
import dev.qseal.core.verify.VerificationResult;
import dev.qseal.simulators.BankSimulator;
import dev.qseal.simulators.SimulatorRequest;
import dev.qseal.simulators.SimulatorResponse;
import dev.qseal.simulators.SimulatorSetup;
import dev.qseal.simulators.internal.ProfileChecks;
import dev.qseal.simulators.internal.SimSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Banque Européenne Crédit Mutuel's STET-based Open Banking API (seed 002):
 * {@code GET /stet/psd2/v1/accounts} and {@code PUT /stet/psd2/v1/consents}. Requires mutual TLS,
 * a Bearer token (never signed), non-empty {@code Accept} and {@code User-Agent}, and a
 * {@code Signature:} header, {@code rsa-sha256} only, over {@code (request-target) host date
 * x-request-id} (+ {@code content-type digest} with a body, every {@code PSU-*} header present),
 * keyId = the registered JWK {@code kid} or {@code x5u}. Draft-11+ features ({@code created},
 * {@code expires}, {@code (created)}, {@code (expires)}, {@code hs2019}) and any digest other than
 * SHA-256 are refused. Errors are STET's {@code {"timestamp","status","error","message","path"}}.
 */
public final class BecmSimulator extends BankSimulator {
    public static final String ACCOUNTS = "/stet/psd2/v1/accounts";
    public static final String CONSENTS = "/stet/psd2/v1/consents";
    private static final Set<String> DRAFT_11_COMPONENTS = Set.of("(created)", "(expires)");

    private final Set<String> keyIds;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

    /** A BECM where the TPP's QSealC is registered as a JWK with {@code kid} and {@code x5u}. */
    public BecmSimulator(SimulatorSetup setup, String kid, String x5u) {
        super("Banque Europeenne Credit Mutuel", setup);
        if (setup.registeredSealCertificate().isEmpty()) {
            throw new IllegalArgumentException("BECM needs the TPP's registered QSealC");
        }
        this.keyIds = Set.of(kid, x5u);
    }

    /** An access token for the AIS endpoints, valid 900 s (as the bank's OAuth 2 endpoint would issue). */
    public String issueAccessToken() {
        String t = SimSupport.token();
        tokens.put(t, clock().instant().plus(Duration.ofSeconds(900)));
        return t;
    }

    @Override
    protected SimulatorResponse handle(SimulatorRequest r) {
        boolean accounts = r.method().equals("GET") && r.path().equals(ACCOUNTS);
        boolean consents = r.method().equals("PUT") && r.path().equals(CONSENTS);
        if (!accounts && !consents) {
            return notFound(r);
        }
        Optional<SimulatorResponse> bad = checks(r);
        if (bad.isPresent()) {
            return bad.get();
        }
        if (consents) {
            Optional<JsonNode> body = SimSupport.parseJson(r.body());
            if (body.isEmpty() || !body.get().isObject()) {
                return error(r, 400, "Bad Request", "the consent body must be a JSON object");
            }
            r.checked("consent body is a JSON object");
            return SimulatorResponse.of(204, "application/json", "");
        }
        ObjectNode out = SimSupport.object();
        ObjectNode a = out.putArray("accounts").addObject();
        a.put("resourceId", "Alias1");
        a.putObject("accountId").put("iban", "FR7630006000011234567890189");
        a.put("name", "Compte courant");
        a.put("cashAccountType", "CACC");
        a.put("currency", "EUR");
        a.put("usage", "PRIV");
        a.putObject("_links").putObject("balances").put("href", ACCOUNTS + "/Alias1/balances");
        out.putObject("_links").putObject("self").put("href", ACCOUNTS);
        return SimSupport.json(200, out);
    }

    private Optional<SimulatorResponse> checks(SimulatorRequest r) {
        Optional<String> token = SimSupport.bearer(r.header("Authorization"));
        Instant expires = token.map(tokens::get).orElse(null);
        if (expires == null || clock().instant().isAfter(expires)) {
            return Optional.of(error(r, 401, "Unauthorized", "a valid Bearer access token is required"));
        }
        r.checked("Bearer token valid");
        for (String h : new String[] {"Accept", "User-Agent", "Host", "Date", "X-Request-ID"}) {
            if (r.header(h).map(String::isBlank).orElse(true)) {
                return Optional.of(error(r, 400, "Bad Request", "the " + h + " header is required and must not be empty"));
            }
        }
        r.checked("Accept, User-Agent, Host, Date, X-Request-ID present");
        Optional<String> digest = r.header("Digest");
        if (digest.isPresent()) {
            for (String part : digest.get().split(",")) {
                int eq = part.indexOf('=');
                String alg = (eq < 0 ? part : part.substring(0, eq)).trim();
                if (!alg.equalsIgnoreCase("SHA-256")) {
                    return Optional.of(error(r, 400, "Bad Request", "only the SHA-256 digest method is supported, not " + alg));
                }
            }
            r.checked("Digest uses SHA-256 only");
        }
        Optional<String> sig = r.header("Signature");
        if (sig.isEmpty()) {
            return Optional.of(error(r, 401, "Unauthorized", "the HTTP signature must be in a Signature header"));
        }
        SignatureParameters p;
        try {
            p = SignatureParameters.parse(sig.get());
        } catch (MalformedSignatureException e) {
            return Optional.of(error(r, 401, "Unauthorized", "the Signature header does not parse: " + e.getMessage()));
        }
        if (p.created().isPresent() || p.expires().isPresent() || p.headers().stream().anyMatch(DRAFT_11_COMPONENTS::contains)) {
            return Optional.of(error(r, 401, "Unauthorized", "draft-cavage 11+ features (created, expires) are not supported"));
        }
        if (!p.algorithm().map(a -> a.toLowerCase(Locale.ROOT).equals("rsa-sha256")).orElse(false)) {
            return Optional.of(error(r, 401, "Unauthorized", "only the rsa-sha256 algorithm is supported, not "
                    + p.algorithm().orElse("(none)")));
        }
        r.checked("draft-cavage 10 style: algorithm rsa-sha256, no created/expires");
        if (p.headers().contains("authorization")) {
            return Optional.of(error(r, 401, "Unauthorized", "the Authorization header must not be signed"));
        }
        if (!keyIds.contains(p.keyId())) {
            return Optional.of(error(r, 401, "Unauthorized", "keyId is neither the registered JWK kid nor its x5u"));
        }
        r.checked("keyId is the registered JWK kid or x5u; Authorization not signed");
        VerificationResult v = ProfileChecks.verify("becm", setup().registeredSealCertificate().get(), r.view(), clock(), Optional.of(p.keyId()));
        if (!v.isValid()) {
            r.checked("signature rejected: " + v);
            return Optional.of(error(r, 401, "Unauthorized", "signature verification failed: " + v));
        }
        r.checked("Signature verified with profile 'becm' ((request-target) host date x-request-id"
                + (r.view().hasBody() ? " content-type digest" : "") + ", every psu-* present, digest matches)");
        return Optional.empty();
    }

    private SimulatorResponse error(SimulatorRequest r, int status, String error, String message) {
        ObjectNode out = SimSupport.object();
        out.put("timestamp", clock().instant().toString());
        out.put("status", status);
        out.put("error", error);
        out.put("message", message);
        out.put("path", r.path());
        return SimSupport.json(status, out);
    }
}
