package dev.qseal.banks.itsme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qseal.banks.BankException;
import dev.qseal.banks.BankProtocolException;
import dev.qseal.banks.FlowOptions;
import dev.qseal.banks.TppCredentials;
import dev.qseal.banks.internal.BankHttp;
import dev.qseal.banks.internal.Json;
import dev.qseal.cades.CadesSigner;
import dev.qseal.cades.PreparedSignature;
import dev.qseal.core.BadInputException;
import dev.qseal.core.QsealException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * itsme® Sign, hash-signing variant (seed 003), over the B2B interface with mutual TLS (SSLMA):
 * <ol>
 *   <li>{@link #identify}: {@code POST .../user_identification} gives an {@code asyncRespID} and the
 *   {@code identificationUrl} to send the user to (the caller may add its own query parameters, kept
 *   through the redirection back);</li>
 *   <li>{@link #awaitIdentification}: {@code POST .../user_identification/status} until the user is
 *   identified ({@code 409 PENDING} is polled again; {@code REJECTED}/{@code EXPIRED} end it) — gives
 *   the {@code userCode} and the user's signing certificate with its chain;</li>
 *   <li>{@link #signDocuments} (CAdES-B detached, with {@code cades}) or {@link #signHashes} (bare
 *   SHA-256 hashes): {@code POST .../sign_document} with 1 to 70 hashes gives the {@code respID} and
 *   the {@code signingUrl};</li>
 *   <li>{@link #awaitSignatures}: {@code POST .../sign_document} with {@code asyncRespID} = that
 *   {@code respID} until the OASIS DSS result is {@code Success}; each raw PKCS#1 v1.5 value is
 *   verified against the user's certificate before anything is used, and for documents embedded in
 *   a detached CAdES-B signature.</li>
 * </ol>
 * Every {@code statusReason} of itsme's error table becomes an {@link ItsmeRejectedException} with
 * its {@link ItsmeStatusReason}; unusable answers a {@link BankProtocolException}; polling is bounded
 * ({@link ItsmePolling}). Free text is checked before sending ({@link ItsmeSignRequest}). Thread-safe.
 *
 * <p>Two inconsistencies of the seed, and what qseal does: hashes are said to be "base64url" in the
 * overview and "Base64" in the field table, whose example uses {@code +} and {@code /}: qseal sends
 * standard Base64 as the table and example do. The signature list's id is {@code whichdoc} in the
 * table and {@code whichDoc} in the example: both are read.
 */
public final class ItsmeClient {
    /** The bank's name in errors and recorded exchanges. */
    public static final String BANK = "itsme";
    /** The B2B interface under the base URL. */
    public static final String B2B_PATH = "/qes-partners/1.0.0";
    /** The most hashes one itsme action signs. */
    public static final int MAX_HASHES = 70;
    static final String SHA256_ALG = "http://www.w3.org/2001/04/xmlenc#sha256";
    static final String RESULT_PENDING = "urn:oasis:names:tc:dss:1.0:profiles:asynchronousprocessing:resultmajor:Pending";
    static final String RESULT_SUCCESS = "urn:oasis:names:tc:dss:1.0:resultmajor:Success";
    static final String RESULT_REQUESTER_ERROR = "urn:oasis:names:tc:dss:1.0:resultmajor:RequesterError";
    static final String RESULT_RESPONDER_ERROR = "urn:oasis:names:tc:dss:1.0:resultmajor:ResponderError";
    static final String STEP_IDENTIFY = "user identification";
    static final String STEP_IDENTIFY_STATUS = "user identification status";
    static final String STEP_SIGN = "sign document";
    static final String STEP_SIGN_STATUS = "sign status";
    private static final int MAX_CHAIN = 10;
    private static final int MAX_ID = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TppCredentials tpp;
    private final URI base;
    private final String partnerCode;
    private final String serviceCode;
    private final BankHttp http;
    private final Clock clock;
    private final ItsmePolling polling;
    private final int maxHashes;

    private ItsmeClient(Builder b) {
        this.tpp = b.tpp;
        this.base = BankHttp.base(b.base);
        this.partnerCode = Objects.requireNonNull(b.partnerCode, "partner code");
        this.serviceCode = Objects.requireNonNull(b.serviceCode, "service code");
        this.http = new BankHttp(BANK, b.options.recorder(), b.options.timeout());
        this.clock = b.options.clock();
        this.polling = b.polling;
        this.maxHashes = b.maxHashes;
    }

    /** A client for itsme at {@code base} (the B2B interface is {@code base + }{@value #B2B_PATH}). */
    public static Builder builder(TppCredentials tpp, URI base) {
        return new Builder(tpp, base);
    }

    // ---- user identification

    /** Starts a user identification; the user is sent back to {@code redirectUrl} (the registered one). */
    public ItsmeIdentification identify(ItsmeLanguage language, String redirectUrl) {
        return identify(language, redirectUrl, Optional.empty());
    }

    /**
     * Starts a user identification. With the {@code userCode} of a user the caller already knows,
     * itsme skips its identification screen.
     */
    public ItsmeIdentification identify(ItsmeLanguage language, String redirectUrl, Optional<String> userCode) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("partnerCode", partnerCode);
        body.put("serviceCode", serviceCode);
        body.put("redirectUrl", checkRedirectUrl(redirectUrl));
        userCode.ifPresent(u -> body.put("userCode", u));
        body.put("lang", language.code());
        return readIdentification(http, post(STEP_IDENTIFY, "/user_identification", body));
    }

    /** The answer to a user identification: its {@code asyncRespID} and {@code identificationUrl}; a typed error otherwise. */
    static ItsmeIdentification readIdentification(BankHttp http, BankHttp.Response r) {
        JsonNode n = expectOk(http, STEP_IDENTIFY, r);
        requireStatusOk(STEP_IDENTIFY, n);
        return new ItsmeIdentification(Json.text(n, "asyncRespID", BANK, STEP_IDENTIFY),
                url(Json.text(n, "identificationUrl", BANK, STEP_IDENTIFY), STEP_IDENTIFY, "identificationUrl"));
    }

    /**
     * Asks once whether the user is identified: the user, or empty while itsme answers
     * {@code 409 PENDING}.
     *
     * @throws ItsmeRejectedException for REJECTED, EXPIRED (start a new identification) and every other error
     */
    public Optional<ItsmeUser> identificationStatus(ItsmeIdentification identification) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("partnerCode", partnerCode);
        body.put("serviceCode", serviceCode);
        body.put("asyncRespID", identification.asyncRespId());
        return readIdentificationStatus(http, post(STEP_IDENTIFY_STATUS, "/user_identification/status", body));
    }

    /**
     * The answer to an identification status request: the user (code, RSA certificate and its chain), or
     * empty while pending; a typed error otherwise.
     */
    static Optional<ItsmeUser> readIdentificationStatus(BankHttp http, BankHttp.Response r) {
        if (r.status() == 409) {
            ItsmeRejectedException e = rejected(STEP_IDENTIFY_STATUS, r);
            if (e.reason().filter(x -> x == ItsmeStatusReason.PENDING).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
        JsonNode n = expectOk(http, STEP_IDENTIFY_STATUS, r);
        requireStatusOk(STEP_IDENTIFY_STATUS, n);
        String userCode = Json.text(n, "userCode", BANK, STEP_IDENTIFY_STATUS);
        List<X509Certificate> leaf = certificates(Json.text(n, "certificate", BANK, STEP_IDENTIFY_STATUS), "certificate");
        List<X509Certificate> chain = certificates(Json.text(n, "fullCertificateChain", BANK, STEP_IDENTIFY_STATUS),
                "fullCertificateChain");
        if (leaf.size() != 1 || !leaf.get(0).equals(chain.get(0))) {
            throw new BankProtocolException(BANK, STEP_IDENTIFY_STATUS,
                    "\"certificate\" is not the first certificate of \"fullCertificateChain\"");
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            try {
                chain.get(i).verify(chain.get(i + 1).getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new BankProtocolException(BANK, STEP_IDENTIFY_STATUS, "certificate " + (i + 1)
                        + " of \"fullCertificateChain\" is not issued by certificate " + (i + 2) + " (" + e.getMessage() + ")");
            }
        }
        // not KeyType.of: it refuses keys qseal cannot sign with (Ed448, P-224, DSA...) with a non-bank exception
        if (!(chain.get(0).getPublicKey() instanceof RSAPublicKey)) {
            throw new BankProtocolException(BANK, STEP_IDENTIFY_STATUS, "the user's certificate has a key of type "
                    + chain.get(0).getPublicKey().getAlgorithm() + "; itsme signs with RSA (PKCS#1 v1.5)");
        }
        return Optional.of(new ItsmeUser(userCode, chain));
    }

    /** Polls {@link #identificationStatus} while it is pending, within the {@link ItsmePolling} bounds. */
    public ItsmeUser awaitIdentification(ItsmeIdentification identification) {
        return poll(STEP_IDENTIFY_STATUS, () -> identificationStatus(identification));
    }

    // ---- signing

    /**
     * Starts a sign session for documents: prepares a CAdES-B signature of each (signing time from
     * the flow's clock, the user's chain) and sends the hashes of their signed attributes.
     * {@code documents} maps an id (e.g. the file name) to the document's bytes, in the map's order.
     *
     * @throws BadInputException for no document or more than the batch limit (before sending anything)
     */
    public ItsmeSigningSession signDocuments(ItsmeUser user, Map<String, byte[]> documents, ItsmeSignRequest request) {
        checkBatch(documents.size());
        CadesSigner signer = CadesSigner.builder(user.certificateChain()).clock(clock).maxBatchSize(maxHashes).build();
        List<PreparedSignature> prepared = signer.prepareAll(new ArrayList<>(documents.values()));
        List<ItsmeSigningSession.Item> items = new ArrayList<>();
        int i = 0;
        for (String id : documents.keySet()) {
            PreparedSignature p = prepared.get(i++);
            items.add(new ItsmeSigningSession.Item(checkId(id), p.hashToSign(), p));
        }
        return start(user, items, request);
    }

    /**
     * Starts a sign session for bare SHA-256 hashes ({@code id -> hash}, in the map's order).
     *
     * @throws BadInputException for no hash, more than the batch limit, or a hash that is not 32 bytes (before sending anything)
     */
    public ItsmeSigningSession signHashes(ItsmeUser user, Map<String, byte[]> hashes, ItsmeSignRequest request) {
        checkBatch(hashes.size());
        List<ItsmeSigningSession.Item> items = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : hashes.entrySet()) {
            if (e.getValue().length != 32) {
                throw new BadInputException("the hash '" + e.getKey() + "' is " + e.getValue().length
                        + " bytes; itsme signs SHA-256 hashes (32 bytes)");
            }
            items.add(new ItsmeSigningSession.Item(checkId(e.getKey()), e.getValue(), null));
        }
        return start(user, items, request);
    }

    private ItsmeSigningSession start(ItsmeUser user, List<ItsmeSigningSession.Item> items, ItsmeSignRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode docHash = body.putObject("inDocs").putArray("docHash");
        for (ItsmeSigningSession.Item item : items) {
            ObjectNode d = docHash.addObject();
            d.putArray("di").addObject().put("alg", SHA256_ALG).put("value", Base64.getEncoder().encodeToString(item.hash));
            d.put("id", item.id);
        }
        String reqId = reqId();
        body.put("reqID", reqId);
        body.putNull("asyncRespID");
        ObjectNode optInp = body.putObject("optInp");
        request.language().ifPresent(l -> optInp.put("lang", l.code()));
        ObjectNode itsme = optInp.putObject("itsme");
        itsme.putObject("signer").put("userCode", user.userCode());
        itsme.put("partnerCode", partnerCode);
        itsme.put("serviceCode", serviceCode);
        if (!request.description().isEmpty()) {
            ArrayNode description = itsme.putArray("description");
            request.description().forEach((l, v) -> description.addObject().put("lang", l.code()).put("value", v));
        }
        itsme.put("redirectUrl", request.redirectUrl());
        if (request.signPolicyRef().isPresent()) {
            ObjectNode policy = itsme.putObject("signPolicy");
            policy.put("signPolicyRef", request.signPolicyRef().get());
            request.commitmentTypeRef().ifPresent(c -> policy.put("commitmentTypeRef", c));
            if (!request.signerRole().isEmpty()) {
                ArrayNode roles = policy.putArray("signerRole");
                request.signerRole().forEach((l, v) -> roles.addObject().put("lang", l.code()).put("value", v));
            }
        }
        return readSignStart(http, post(STEP_SIGN, "/sign_document", body), reqId, user, items);
    }

    /** The answer to a sign request: the pending session ({@code respID}, {@code signingUrl}); a typed error otherwise. */
    static ItsmeSigningSession readSignStart(BankHttp http, BankHttp.Response r, String reqId, ItsmeUser user,
                                             List<ItsmeSigningSession.Item> items) {
        JsonNode n = expectOk(http, STEP_SIGN, r);
        String maj = resultMajor(STEP_SIGN, n);
        if (!maj.equals(RESULT_PENDING)) {
            throw refusedOrOdd(STEP_SIGN, r, n, maj);
        }
        String respId = Json.text(n, "respID", BANK, STEP_SIGN);
        JsonNode out = n.path("optOutp").path("itsme");
        URI signingUrl = url(Json.text(out, "signingUrl", BANK, STEP_SIGN), STEP_SIGN, "signingUrl");
        String userCode = out.path("userCode").isTextual() && !out.path("userCode").asText().isEmpty()
                ? out.path("userCode").asText() : user.userCode();
        return new ItsmeSigningSession(reqId, respId, signingUrl, userCode, user, items);
    }

    /**
     * Asks once for the signatures: empty while the session is pending; once it succeeded, every
     * item's signature (verified, and as CAdES for documents), in the order sent.
     *
     * @throws ItsmeRejectedException when the result is a RequesterError/ResponderError or itsme refuses the request
     * @throws ItsmeInvalidSignatureException when a value does not verify against the user's certificate (nothing is returned)
     */
    public Optional<List<ItsmeSignature>> signatureStatus(ItsmeSigningSession session) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putNull("inDocs");
        body.put("reqID", reqId());
        body.put("asyncRespID", session.respId());
        ObjectNode itsme = body.putObject("optInp").putObject("itsme");
        itsme.put("partnerCode", partnerCode);
        itsme.put("serviceCode", serviceCode);
        return readSignatureStatus(http, post(STEP_SIGN_STATUS, "/sign_document", body), session);
    }

    /**
     * The answer to a sign status request: empty while pending, else every item's signature, verified against
     * the user's certificate (and completed as CAdES for documents); a typed error otherwise.
     */
    static Optional<List<ItsmeSignature>> readSignatureStatus(BankHttp http, BankHttp.Response r, ItsmeSigningSession session) {
        JsonNode n = expectOk(http, STEP_SIGN_STATUS, r);
        String maj = resultMajor(STEP_SIGN_STATUS, n);
        if (maj.equals(RESULT_PENDING)) {
            return Optional.empty();
        }
        if (!maj.equals(RESULT_SUCCESS)) {
            throw refusedOrOdd(STEP_SIGN_STATUS, r, n, maj);
        }
        String respId = Json.text(n, "respID", BANK, STEP_SIGN_STATUS);
        if (!respId.equals(session.respId())) {
            throw new BankProtocolException(BANK, STEP_SIGN_STATUS, "the answer is for another session (respID differs)");
        }
        return Optional.of(signatures(session, n.get("sigObj")));
    }

    /** Polls {@link #signatureStatus} while it is pending, within the {@link ItsmePolling} bounds. */
    public List<ItsmeSignature> awaitSignatures(ItsmeSigningSession session) {
        return poll(STEP_SIGN_STATUS, () -> signatureStatus(session));
    }

    private static List<ItsmeSignature> signatures(ItsmeSigningSession session, JsonNode sigObj) {
        String step = STEP_SIGN_STATUS;
        if (sigObj == null || !sigObj.isArray()) {
            throw new BankProtocolException(BANK, step, "the answer has no \"sigObj\" array");
        }
        Map<String, byte[]> values = new HashMap<>();
        for (JsonNode s : sigObj) {
            JsonNode which = s.has("whichDoc") ? s.get("whichDoc") : s.get("whichdoc");
            if (which == null || !which.isTextual()) {
                throw new BankProtocolException(BANK, step, "a \"sigObj\" entry has no \"whichDoc\" text field");
            }
            String id = which.asText();
            if (!session.ids().contains(id)) {
                throw new BankProtocolException(BANK, step, "a signature is for '" + id + "', which was not sent for signing");
            }
            JsonNode v = s.path("b64Sig").get("value");
            if (v == null || !v.isTextual()) {
                throw new BankProtocolException(BANK, step, "the signature of '" + id + "' has no \"b64Sig\".\"value\" text field");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(v.asText());
            } catch (IllegalArgumentException e) {
                throw new ItsmeInvalidSignatureException(step, id, "the signature value of '" + id + "' is not Base64");
            }
            if (values.put(id, raw) != null) {
                throw new BankProtocolException(BANK, step, "two signatures are for '" + id + "'");
            }
        }
        List<ItsmeSigningSession.Item> items = session.items();
        if (values.size() != items.size()) {
            throw new BankProtocolException(BANK, step, "itsme returned " + values.size() + " signature(s) for " + items.size()
                    + " hash(es) sent");
        }
        SignatureAlgorithm alg = SignatureAlgorithm.RSA_PKCS1_SHA256;
        X509Certificate cert = session.user().certificate();
        for (ItsmeSigningSession.Item item : items) {
            boolean ok;
            try {
                ok = alg.verifyDigest(cert.getPublicKey(), item.hash, values.get(item.id));
            } catch (QsealException | IllegalArgumentException e) {
                ok = false;
            }
            if (!ok) {
                throw new ItsmeInvalidSignatureException(step, item.id, "the signature value of '" + item.id + "' is not a "
                        + "PKCS#1 v1.5 SHA-256 signature of its hash by the user's certificate ("
                        + cert.getSubjectX500Principal().getName() + "): nothing of this session is used");
            }
        }
        List<ItsmeSignature> out = new ArrayList<>();
        for (ItsmeSigningSession.Item item : items) {
            byte[] cades = null;
            if (item.prepared != null) {
                try {
                    cades = CadesSigner.complete(item.prepared, values.get(item.id));
                } catch (QsealException e) {
                    throw new ItsmeInvalidSignatureException(step, item.id, "the CAdES signature of '" + item.id
                            + "' cannot be completed: " + e.getMessage());
                }
            }
            out.add(new ItsmeSignature(item.id, item.hash, values.get(item.id), cades));
        }
        return List.copyOf(out);
    }

    // ---- polling

    private <T> T poll(String step, Supplier<Optional<T>> once) {
        Instant deadline = clock.instant().plus(polling.timeout());
        Duration delay = polling.initialDelay();
        for (int n = 1; ; n++) {
            Optional<T> result = once.get();
            if (result.isPresent()) {
                return result.get();
            }
            Instant now = clock.instant();
            if (n >= polling.maxPolls() || now.plus(delay).isAfter(deadline)) {
                throw new ItsmeTimeoutException(step, n, "still pending after " + n + " poll(s) over "
                        + Duration.between(deadline.minus(polling.timeout()), now).toSeconds() + " s (bound: " + polling.maxPolls()
                        + " polls, " + polling.timeout().toSeconds() + " s): the user has not finished at itsme; "
                        + "nothing was signed");
            }
            try {
                polling.sleeper().sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BankException(BANK, step, "interrupted while waiting for the user at itsme");
            }
            delay = polling.next(delay);
        }
    }

    // ---- wire helpers

    private BankHttp.Response post(String step, String path, ObjectNode body) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest r = HttpRequest.builder("POST", base.getRawPath() + B2B_PATH + path)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .body(json)
                .build();
        return http.send(step, tpp.mutualTlsClient(), URI.create(base.getScheme() + "://" + base.getRawAuthority()), r, Optional.empty());
    }

    private static JsonNode expectOk(BankHttp http, String step, BankHttp.Response r) {
        if (r.status() != 200) {
            if (r.status() >= 400) {
                throw rejected(step, r);
            }
            throw new BankProtocolException(BANK, step, "unexpected status " + r.status() + " (expected 200)");
        }
        return http.expectJson(step, r, 200);
    }

    private static void requireStatusOk(String step, JsonNode n) {
        String status = Json.text(n, "status", BANK, step);
        if (!status.equals("OK")) {
            throw new BankProtocolException(BANK, step, "the answer's status is '" + clip(status) + "', not 'OK'");
        }
    }

    /** An error answer: its statusReason when the body is itsme's error object, "409 No payload" when empty. */
    private static ItsmeRejectedException rejected(String step, BankHttp.Response r) {
        byte[] body = r.body();
        if (r.status() == 409 && new String(body, StandardCharsets.UTF_8).isBlank()) {
            ItsmeStatusReason reason = ItsmeStatusReason.NO_PAYLOAD;
            return new ItsmeRejectedException(step, 409, null, reason, reason.advice(), null, null);
        }
        String wire = null;
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n != null && n.path("statusReason").isTextual()) {
                wire = n.get("statusReason").asText();
            }
        } catch (IOException e) {
            wire = null;
        }
        Optional<ItsmeStatusReason> reason = wire == null ? Optional.empty() : ItsmeStatusReason.fromWire(wire);
        String description = reason.map(ItsmeStatusReason::advice)
                .orElse(wire == null ? "(no itsme error object in the body)" : "(not a statusReason of itsme's table)");
        return new ItsmeRejectedException(step, r.status(), wire == null ? null : clip(wire), reason.orElse(null), description, null, null);
    }

    private static String resultMajor(String step, JsonNode n) {
        JsonNode maj = n.path("result").get("maj");
        if (maj == null || !maj.isTextual()) {
            throw new BankProtocolException(BANK, step, "the answer has no \"result\".\"maj\" text field");
        }
        return maj.asText();
    }

    private static BankException refusedOrOdd(String step, BankHttp.Response r, JsonNode n, String maj) {
        if (maj.equals(RESULT_REQUESTER_ERROR) || maj.equals(RESULT_RESPONDER_ERROR)) {
            String min = n.path("result").path("min").isTextual() ? n.path("result").get("min").asText() : null;
            String msg = n.path("result").path("msg").isTextual() ? n.path("result").get("msg").asText()
                    : n.path("msg").isTextual() ? n.get("msg").asText() : null;
            String who = maj.equals(RESULT_REQUESTER_ERROR) ? "RequesterError" : "ResponderError";
            String description = (maj.equals(RESULT_REQUESTER_ERROR) ? "itsme refused the request or the user did not sign"
                    : "itsme failed (try again later)") + (min == null ? "" : "; minor " + clip(min)) + (msg == null ? "" : "; " + clip(msg));
            return new ItsmeRejectedException(step, r.status(), who, null, description, maj, min);
        }
        if (maj.equals(RESULT_SUCCESS) || maj.equals(RESULT_PENDING)) {
            return new BankProtocolException(BANK, step, "unexpected OASIS DSS result " + maj + " at this step");
        }
        return new BankProtocolException(BANK, step, "unknown OASIS DSS result major '" + clip(maj) + "'");
    }

    private static List<X509Certificate> certificates(String pem, String field) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            for (Certificate c : certs) {
                out.add((X509Certificate) c);
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new BankProtocolException(BANK, STEP_IDENTIFY_STATUS, "\"" + field + "\" is not PEM certificates (" + e.getMessage() + ")");
        }
        if (out.isEmpty() || out.size() > MAX_CHAIN) {
            throw new BankProtocolException(BANK, STEP_IDENTIFY_STATUS, "\"" + field + "\" holds " + out.size()
                    + " certificates; expected 1 to " + MAX_CHAIN);
        }
        return out;
    }

    private static URI url(String value, String step, String field) {
        try {
            URI u = new URI(value);
            if (!u.isAbsolute() || u.getHost() == null || !"https".equalsIgnoreCase(u.getScheme())) {
                throw new BankProtocolException(BANK, step, "\"" + field + "\" is not an absolute https URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new BankProtocolException(BANK, step, "\"" + field + "\" is not a URL");
        }
    }

    /** The redirect URL as given, once checked to be an absolute https URL (itsme answers INVALID_URL otherwise). */
    static String checkRedirectUrl(String redirectUrl) {
        Objects.requireNonNull(redirectUrl, "redirectUrl");
        try {
            URI u = new URI(redirectUrl);
            if (u.isAbsolute() && u.getHost() != null && "https".equalsIgnoreCase(u.getScheme())) {
                return redirectUrl;
            }
        } catch (URISyntaxException e) {
            // below
        }
        throw new BadInputException("the redirect URL '" + clip(redirectUrl) + "' is not an absolute https URL: give the "
                + "Redirect URL registered with itsme (your own query parameters may follow)");
    }

    private void checkBatch(int n) {
        if (n < 1 || n > maxHashes) {
            throw new BadInputException("itsme signs 1 to " + maxHashes + " hashes in one action; got " + n
                    + (n > maxHashes ? ": split them into several sign sessions" : ""));
        }
    }

    private static String checkId(String id) {
        FreeText.check("document id", id, MAX_ID, false);
        return id;
    }

    private static String reqId() {
        StringBuilder sb = new StringBuilder("ReqID");
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 20; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String clip(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    @Override
    public String toString() {
        return "ItsmeClient[" + base + ", partner " + partnerCode + "]";
    }

    /** Builder for {@link ItsmeClient}. */
    public static final class Builder {
        private final TppCredentials tpp;
        private final URI base;
        private String partnerCode;
        private String serviceCode;
        private FlowOptions options = FlowOptions.defaults();
        private ItsmePolling polling = ItsmePolling.defaults();
        private int maxHashes = MAX_HASHES;

        private Builder(TppCredentials tpp, URI base) {
            this.tpp = Objects.requireNonNull(tpp, "tpp");
            this.base = BankHttp.base(Objects.requireNonNull(base, "base"));
        }

        /** The Partner Code / Client ID of the onboarding file. */
        public Builder partnerCode(String partnerCode) {
            this.partnerCode = Objects.requireNonNull(partnerCode, "partnerCode");
            return this;
        }

        /** The Service Code of the SIGN service in the onboarding file. */
        public Builder serviceCode(String serviceCode) {
            this.serviceCode = Objects.requireNonNull(serviceCode, "serviceCode");
            return this;
        }

        public Builder options(FlowOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        public Builder polling(ItsmePolling polling) {
            this.polling = Objects.requireNonNull(polling, "polling");
            return this;
        }

        /** The most hashes per sign session (default and upper bound {@value ItsmeClient#MAX_HASHES}; 1 for a contract without batch signing). */
        public Builder maxHashes(int max) {
            if (max < 1 || max > MAX_HASHES) {
                throw new IllegalArgumentException("itsme signs 1 to " + MAX_HASHES + " hashes per action");
            }
            this.maxHashes = max;
            return this;
        }

        public ItsmeClient build() {
            if (partnerCode == null || serviceCode == null) {
                throw new BadInputException("itsme needs the partner code and the service code of the onboarding file");
            }
            return new ItsmeClient(this);
        }
    }
}
