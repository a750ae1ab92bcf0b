package dev.qseal.simulators.itsme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.simulators.BankSimulator;
import dev.qseal.simulators.SimulatorRequest;
import dev.qseal.simulators.SimulatorResponse;
import dev.qseal.simulators.SimulatorSetup;
import dev.qseal.simulators.internal.SimSupport;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * itsme® Sign's B2B interface, hash-signing variant (seed 003), with the user's side played too.
 *
 * <p>On the B2B endpoint (mutual TLS: only QWACs of the trusted CAs pass the handshake, as SSLMA):
 * {@code POST /qes-partners/1.0.0/user_identification}, {@code .../user_identification/status} and
 * {@code .../sign_document} (start with {@code asyncRespID: null} and 1–70 hashes, or status with
 * {@code inDocs: null} and the sign session's {@code respID}), with the documented request and
 * response shapes, OASIS DSS result URNs ({@code Pending}, {@code Success}, {@code RequesterError},
 * {@code ResponderError}) and the error table ({@code {"status":"ERROR","statusReason":...}} with
 * 400 or 409, 409 without a body for an unknown {@code asyncRespID}); plus the discovery document at
 * {@code .../.well-known/configuration}.
 *
 * <p>On the front-end endpoint (no client certificate, the user's browser): the
 * {@code identificationUrl} and {@code signingUrl} it hands out. A visit plays the user — identified,
 * or signing every hash with the {@link ItsmeTestUser}'s {@link SigningKey#signDigestBatch} — and
 * answers 302 to the partner's {@code redirectUrl}, with every query parameter the partner added to
 * the itsme URL kept. Until the visit, statuses are pending.
 *
 * <p>Tests can make it answer PENDING more times ({@link #pendingPolls}), make the user reject or
 * let the certificate creation expire ({@link #identificationOutcome}), refuse or fail the signature
 * ({@link #signOutcome}), refuse batches ({@link #batchSigning}), block the user
 * ({@link #allowedToSign}), answer the next call of an endpoint with any error ({@link #failNext}),
 * or sign with another key ({@link #signWith}).
 *
 * <p>The registered redirect URL is compared without its query: the partner's own parameters (the
 * seed's example sends {@code ?sessionID=...}) are allowed and kept.
 */
public final class ItsmeSimulator extends BankSimulator {
    public static final String B2B = "/qes-partners/1.0.0";
    public static final String USER_IDENTIFICATION = B2B + "/user_identification";
    public static final String USER_IDENTIFICATION_STATUS = B2B + "/user_identification/status";
    public static final String SIGN_DOCUMENT = B2B + "/sign_document";
    public static final String CONFIGURATION = B2B + "/.well-known/configuration";
    public static final String IDENTIFY_PAGE = "/qes/identify_yourself";
    public static final String SIGN_PAGE = "/qes/prove_its_you_poka";
    public static final String PENDING = "urn:oasis:names:tc:dss:1.0:profiles:asynchronousprocessing:resultmajor:Pending";
    public static final String SUCCESS = "urn:oasis:names:tc:dss:1.0:resultmajor:Success";
    public static final String REQUESTER_ERROR = "urn:oasis:names:tc:dss:1.0:resultmajor:RequesterError";
    public static final String RESPONDER_ERROR = "urn:oasis:names:tc:dss:1.0:resultmajor:ResponderError";
    public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    public static final int MAX_HASHES = 70;
    private static final Set<String> LANGUAGES = Set.of("EN", "FR", "NL", "DE");
    private static final Charset ISO_8859_15 = Charset.forName("ISO-8859-15");

    /** How the user's identification ends once the user visits the identification URL. */
    public enum IdentificationOutcome { IDENTIFIED, REJECTED, EXPIRED, UNEXPECTED_ERROR }

    /** How the user's signature ends once the user visits the signing URL. */
    public enum SignOutcome { SIGNED, REFUSED_BY_USER, ITSME_FAILED }

    private final String partnerCode;
    private final String serviceCode;
    private final URI registeredRedirect;
    private final ItsmeTestUser user;
    private final URI web;
    private final Map<String, Identification> identifications = new ConcurrentHashMap<>();
    private final Map<String, Signing> signings = new ConcurrentHashMap<>();
    private final Map<String, Queue<SimulatorResponse>> failures = new ConcurrentHashMap<>();
    private volatile int pendingPolls;
    private volatile IdentificationOutcome identificationOutcome = IdentificationOutcome.IDENTIFIED;
    private volatile SignOutcome signOutcome = SignOutcome.SIGNED;
    private volatile boolean batchSigning = true;
    private volatile boolean allowedToSign = true;
    private volatile SigningKey signer;

    private static final class Identification {
        final String token;
        final String language;
        final String redirectUrl;
        volatile boolean visited;
        volatile int pendingLeft;

        Identification(String token, String language, String redirectUrl, int pendingLeft) {
            this.token = token;
            this.language = language;
            this.redirectUrl = redirectUrl;
            this.pendingLeft = pendingLeft;
        }
    }

    private static final class Signing {
        final String token;
        final String reqId;
        final String redirectUrl;
        final Map<String, byte[]> hashes;
        volatile boolean visited;
        volatile int pendingLeft;
        volatile List<byte[]> values;
        volatile SignOutcome outcome;

        Signing(String token, String reqId, String redirectUrl, Map<String, byte[]> hashes, int pendingLeft) {
            this.token = token;
            this.reqId = reqId;
            this.redirectUrl = redirectUrl;
            this.hashes = hashes;
            this.pendingLeft = pendingLeft;
        }
    }

    /** itsme for one partner/service with its registered redirect URL, and a new test user. */
    public ItsmeSimulator(SimulatorSetup setup, String partnerCode, String serviceCode, String registeredRedirectUrl) {
        this(setup, partnerCode, serviceCode, registeredRedirectUrl, ItsmeTestUser.create());
    }

    /** As above, with a given test user (its keys are slow to make: share one between tests). */
    public ItsmeSimulator(SimulatorSetup setup, String partnerCode, String serviceCode, String registeredRedirectUrl, ItsmeTestUser user) {
        super("itsme", setup);
        this.partnerCode = Objects.requireNonNull(partnerCode);
        this.serviceCode = Objects.requireNonNull(serviceCode);
        this.registeredRedirect = withoutQuery(URI.create(registeredRedirectUrl));
        this.user = Objects.requireNonNull(user);
        this.signer = user.signingKey();
        this.web = addEndpoint("web", false);
    }

    /** The user the simulator plays. */
    public ItsmeTestUser user() {
        return user;
    }

    /** After the user's visit, answer PENDING {@code n} more times to each status request (0 by default). */
    public void pendingPolls(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative");
        }
        this.pendingPolls = n;
    }

    public void identificationOutcome(IdentificationOutcome outcome) {
        this.identificationOutcome = Objects.requireNonNull(outcome);
    }

    public void signOutcome(SignOutcome outcome) {
        this.signOutcome = Objects.requireNonNull(outcome);
    }

    /** Whether the partner's contract allows more than one hash per sign session (default yes). */
    public void batchSigning(boolean allowed) {
        this.batchSigning = allowed;
    }

    /** Whether the user's account may sign (default yes; no gives NOT_ALLOWED_TO_SIGN). */
    public void allowedToSign(boolean allowed) {
        this.allowedToSign = allowed;
    }

    /**
     * The next request to {@code path} (e.g. {@link #SIGN_DOCUMENT}) is answered {@code status} with
     * {@code statusReason}, or with no body when the reason is empty.
     */
    public void failNext(String path, int status, Optional<String> statusReason) {
        SimulatorResponse r = statusReason.map(reason -> error(status, reason))
                .orElse(SimulatorResponse.of(status, "application/json", ""));
        failures.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(r);
    }

    /** Sign the hashes with this key instead of the user's (a misbehaving backend, for tests). */
    public void signWith(SigningKey key) {
        this.signer = Objects.requireNonNull(key);
    }

    @Override
    protected SimulatorResponse handle(SimulatorRequest r) {
        if (r.endpoint().equals("web")) {
            if (!r.method().equals("GET")) {
                return notFound(r);
            }
            if (r.path().equals(IDENTIFY_PAGE)) {
                return identifyPage(r);
            }
            return r.path().equals(SIGN_PAGE) ? signPage(r) : notFound(r);
        }
        r.checked("client certificate (SSLMA) accepted at the TLS handshake");
        if (r.method().equals("GET") && r.path().equals(CONFIGURATION)) {
            return configuration();
        }
        if (!r.method().equals("POST") || !(r.path().equals(USER_IDENTIFICATION) || r.path().equals(USER_IDENTIFICATION_STATUS)
                || r.path().equals(SIGN_DOCUMENT))) {
            return notFound(r);
        }
        Queue<SimulatorResponse> injected = failures.get(r.path());
        SimulatorResponse failure = injected == null ? null : injected.poll();
        if (failure != null) {
            r.checked("answered an injected failure");
            return failure;
        }
        if (r.body().length == 0) {
            return fail(r, 400, "NO_REQUEST", "no request body");
        }
        Optional<JsonNode> parsed = SimSupport.parseJson(r.body());
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            return fail(r, 400, "NO_REQUEST", "the body is not a JSON object");
        }
        JsonNode body = parsed.get();
        r.checked("body is a JSON object");
        switch (r.path()) {
            case USER_IDENTIFICATION:
                return identification(r, body);
            case USER_IDENTIFICATION_STATUS:
                return identificationStatus(r, body);
            default:
                JsonNode async = body.get("asyncRespID");
                return async == null || async.isNull() ? startSigning(r, body) : signStatus(r, body);
        }
    }

    // ---- user identification

    private SimulatorResponse identification(SimulatorRequest r, JsonNode body) {
        Optional<SimulatorResponse> bad = requestor(r, body);
        if (bad.isPresent()) {
            return bad.get();
        }
        String redirect = body.path("redirectUrl").asText("");
        bad = redirectUrl(r, redirect);
        if (bad.isPresent()) {
            return bad.get();
        }
        String lang = body.path("lang").asText("").toUpperCase(Locale.ROOT);
        if (!LANGUAGES.contains(lang)) {
            return fail(r, 400, "INVALID_LANG", "lang is not EN, FR, NL or DE");
        }
        r.checked("lang " + lang + " supported");
        if (body.has("userCode") && !body.path("userCode").asText("").equals(user.userCode())) {
            return fail(r, 400, "UNKNOWN", "userCode is not known");
        }
        String id = sessionId();
        String token = SimSupport.token().substring(0, 32);
        identifications.put(id, new Identification(token, lang, redirect, pendingPolls));
        ObjectNode out = SimSupport.object();
        out.put("status", "OK");
        out.put("asyncRespID", id);
        out.put("identificationUrl", web + IDENTIFY_PAGE + "?language=" + lang + "&q=" + token);
        return SimSupport.json(200, out);
    }

    private SimulatorResponse identificationStatus(SimulatorRequest r, JsonNode body) {
        Optional<SimulatorResponse> bad = requestor(r, body);
        if (bad.isPresent()) {
            return bad.get();
        }
        Identification s = identifications.get(body.path("asyncRespID").asText(""));
        if (s == null) {
            r.checked("asyncRespID is not an identification session: 409 without a body");
            return SimulatorResponse.of(409, "application/json", "");
        }
        if (!s.visited) {
            return fail(r, 409, "PENDING", "the user has not come to the identification page yet");
        }
        switch (identificationOutcome) {
            case REJECTED:
                return fail(r, 409, "REJECTED", "the user rejected CREATE_CERT");
            case EXPIRED:
                return fail(r, 409, "EXPIRED", "the user let CREATE_CERT expire");
            case UNEXPECTED_ERROR:
                return fail(r, 409, "UNEXPECTED_ERROR", "unexpected error during the identification");
            default:
                break;
        }
        if (s.pendingLeft > 0) {
            s.pendingLeft--;
            return fail(r, 409, "PENDING", "the user is still in the itsme app");
        }
        r.checked("user identified");
        ObjectNode out = SimSupport.object();
        out.put("status", "OK");
        out.put("userCode", user.userCode());
        out.put("certificate", ItsmeTestUser.pem(List.of(user.certificate())));
        out.put("fullCertificateChain", ItsmeTestUser.pem(user.certificateChain()));
        return SimSupport.json(200, out);
    }

    private SimulatorResponse identifyPage(SimulatorRequest r) {
        Map<String, String> q = SimSupport.query(r.rawQuery());
        Identification s = identifications.values().stream().filter(i -> i.token.equals(q.get("q"))).findFirst().orElse(null);
        if (s == null) {
            return notFound(r);
        }
        s.visited = true;
        r.checked("the user identified (outcome " + identificationOutcome + "); back to the partner with its own parameters");
        return SimulatorResponse.redirect(302, back(s.redirectUrl, r.rawQuery()));
    }

    // ---- signing

    private SimulatorResponse startSigning(SimulatorRequest r, JsonNode body) {
        JsonNode itsme = body.path("optInp").path("itsme");
        Optional<SimulatorResponse> bad = requestor(r, itsme);
        if (bad.isPresent()) {
            return bad.get();
        }
        String redirect = itsme.path("redirectUrl").asText("");
        bad = redirectUrl(r, redirect);
        if (bad.isPresent()) {
            return bad.get();
        }
        JsonNode lang = body.path("optInp").get("lang");
        if (lang != null && !lang.isNull() && !LANGUAGES.contains(lang.asText("").toUpperCase(Locale.ROOT))) {
            return fail(r, 400, "INVALID_LANG", "optInp.lang is not EN, FR, NL or DE");
        }
        if (!itsme.path("signer").path("userCode").asText("").equals(user.userCode())) {
            return fail(r, 400, "UNKNOWN", "signer.userCode is not an identified user");
        }
        if (!allowedToSign) {
            return fail(r, 400, "NOT_ALLOWED_TO_SIGN", "the user's account is blocked");
        }
        r.checked("signer.userCode identified and allowed to sign");
        Optional<String> text = freeText(itsme);
        if (text.isPresent()) {
            return fail(r, 400, "UNKNOWN", text.get());
        }
        r.checked("description and signer role: ISO 8859-15, at most 255 / 50 characters, description in EN FR NL DE");
        JsonNode docHash = body.path("inDocs").path("docHash");
        if (!docHash.isArray() || docHash.size() == 0) {
            return fail(r, 400, "NO_REQUEST", "inDocs.docHash is not a non-empty array");
        }
        Map<String, byte[]> hashes = new LinkedHashMap<>();
        int count = 0;
        for (JsonNode d : docHash) {
            String id = d.path("id").asText("");
            if (id.isEmpty() || hashes.containsKey(id) || !d.path("di").isArray() || d.path("di").size() != 1) {
                return fail(r, 400, "UNKNOWN", "each docHash needs a unique id and one di entry");
            }
            JsonNode di = d.path("di").get(0);
            if (!SHA256.equals(di.path("alg").asText())) {
                return fail(r, 400, "UNKNOWN", "di.alg is not " + SHA256);
            }
            Optional<byte[]> hash = base64(di.path("value").asText(""));
            if (hash.isEmpty() || hash.get().length != 32) {
                return fail(r, 400, "UNKNOWN", "di.value is not a Base64 SHA-256 hash");
            }
            hashes.put(id, hash.get());
            count++;
        }
        if (count > 1 && !batchSigning) {
            return fail(r, 400, "ONLY_SINGLE_HASH_SUPPORTED", count + " hashes, the contract allows 1");
        }
        if (count > MAX_HASHES) {
            return fail(r, 400, "BATCH_TOO_LARGE", count + " hashes, at most " + MAX_HASHES);
        }
        r.checked(count + " SHA-256 hash(es), alg xmlenc#sha256, Base64 values of 32 bytes");
        String respId = sessionId();
        String token = SimSupport.token().substring(0, 32);
        String reqId = body.path("reqID").asText("");
        String language = lang == null || lang.isNull() ? "EN" : lang.asText().toUpperCase(Locale.ROOT);
        signings.put(respId, new Signing(token, reqId, redirect, hashes, pendingPolls));
        ObjectNode out = SimSupport.object();
        out.putObject("result").put("maj", PENDING);
        out.put("reqID", reqId);
        out.put("respID", respId);
        ObjectNode o = out.putObject("optOutp").putObject("itsme");
        o.put("signingUrl", web + SIGN_PAGE + "?q=" + token + "&language=" + language);
        o.put("userCode", user.userCode());
        return SimSupport.json(200, out);
    }

    private SimulatorResponse signStatus(SimulatorRequest r, JsonNode body) {
        Optional<SimulatorResponse> bad = requestor(r, body.path("optInp").path("itsme"));
        if (bad.isPresent()) {
            return bad.get();
        }
        if (body.has("inDocs") && !body.get("inDocs").isNull()) {
            return fail(r, 400, "NO_REQUEST", "inDocs must be null in a status request");
        }
        String reqId = body.path("reqID").asText("");
        if (reqId.isEmpty()) {
            return fail(r, 400, "NO_REQUEST", "reqID is required");
        }
        String respId = body.path("asyncRespID").asText("");
        Signing s = signings.get(respId);
        if (s == null) {
            r.checked(identifications.containsKey(respId) ? "asyncRespID is the identification's, not the sign session's respID: 409"
                    : "asyncRespID is not a sign session: 409 without a body");
            return SimulatorResponse.of(409, "application/json", "");
        }
        r.checked("asyncRespID is the sign session's respID; inDocs null");
        ObjectNode out = SimSupport.object();
        ObjectNode result = out.putObject("result");
        out.put("reqID", reqId);
        out.put("respID", respId);
        if (!s.visited || s.pendingLeft > 0) {
            if (s.visited) {
                s.pendingLeft--;
            }
            result.put("maj", PENDING);
            r.checked("still pending");
            return SimSupport.json(200, out);
        }
        if (s.outcome == SignOutcome.REFUSED_BY_USER) {
            result.put("maj", REQUESTER_ERROR);
            result.put("msg", "the user refused to sign in the itsme app");
            return SimSupport.json(200, out);
        }
        if (s.outcome == SignOutcome.ITSME_FAILED) {
            result.put("maj", RESPONDER_ERROR);
            result.put("msg", "the signature could not be created");
            return SimSupport.json(200, out);
        }
        result.put("maj", SUCCESS);
        ArrayNode sigObj = out.putArray("sigObj");
        int i = 0;
        for (String id : s.hashes.keySet()) {
            ObjectNode o = sigObj.addObject();
            o.putObject("b64Sig").put("value", Base64.getEncoder().encodeToString(s.values.get(i++)));
            o.put("whichDoc", id);
        }
        r.checked("signed: " + s.hashes.size() + " raw PKCS#1 v1.5 SHA-256 value(s)");
        return SimSupport.json(200, out);
    }

    private SimulatorResponse signPage(SimulatorRequest r) {
        Map<String, String> q = SimSupport.query(r.rawQuery());
        Signing s = signings.values().stream().filter(i -> i.token.equals(q.get("q"))).findFirst().orElse(null);
        if (s == null) {
            return notFound(r);
        }
        SignOutcome outcome = signOutcome;
        if (outcome == SignOutcome.SIGNED) {
            s.values = signer.signDigestBatch(SignatureAlgorithm.RSA_PKCS1_SHA256, new ArrayList<>(s.hashes.values()));
        }
        s.outcome = outcome;
        s.visited = true;
        r.checked("the user " + (outcome == SignOutcome.SIGNED ? "signed " + s.hashes.size() + " hash(es) with signDigestBatch"
                : "did not sign (" + outcome + ")") + "; back to the partner with its own parameters");
        return SimulatorResponse.redirect(302, back(s.redirectUrl, r.rawQuery()));
    }

    // ---- checks and answers

    private Optional<SimulatorResponse> requestor(SimulatorRequest r, JsonNode n) {
        if (n.path("partnerCode").asText("").isEmpty()) {
            return Optional.of(fail(r, 400, "MISSING_PARTNER_CODE", "no partnerCode"));
        }
        if (n.path("serviceCode").asText("").isEmpty()) {
            return Optional.of(fail(r, 400, "MISSING_SERVICE_CODE", "no serviceCode"));
        }
        if (!n.path("partnerCode").asText().equals(partnerCode) || !n.path("serviceCode").asText().equals(serviceCode)) {
            return Optional.of(fail(r, 400, "INVALID_REQUESTOR", "partnerCode/serviceCode not known"));
        }
        r.checked("partnerCode and serviceCode known");
        return Optional.empty();
    }

    private Optional<SimulatorResponse> redirectUrl(SimulatorRequest r, String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(fail(r, 400, "INVALID_URL", "redirectUrl is not a URL"));
        }
        if (url.isEmpty() || !u.isAbsolute() || u.getHost() == null) {
            return Optional.of(fail(r, 400, "INVALID_URL", "redirectUrl is not an absolute URL"));
        }
        if (!withoutQuery(u).equals(registeredRedirect)) {
            return Optional.of(fail(r, 400, "UNAUTHORIZED_URL", "redirectUrl is not the registered one"));
        }
        r.checked("redirectUrl is the registered one (own query parameters allowed)");
        return Optional.empty();
    }

    private static Optional<String> freeText(JsonNode itsme) {
        JsonNode description = itsme.get("description");
        if (description != null && !description.isNull()) {
            Set<String> langs = new HashSet<>();
            for (JsonNode d : description) {
                langs.add(d.path("lang").asText("").toUpperCase(Locale.ROOT));
                Optional<String> bad = text("description", d.path("value").asText(""), 255);
                if (bad.isPresent()) {
                    return bad;
                }
            }
            if (!langs.equals(LANGUAGES)) {
                return Optional.of("a description must be given in EN, FR, NL and DE");
            }
        }
        for (JsonNode role : itsme.path("signPolicy").path("signerRole")) {
            Optional<String> bad = text("signerRole", role.path("value").asText(""), 50);
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(String field, String value, int max) {
        if (value.isEmpty() || value.codePointCount(0, value.length()) > max) {
            return Optional.of(field + " is empty or longer than " + max + " characters");
        }
        if (!ISO_8859_15.newEncoder().canEncode(value) || value.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0))) {
            return Optional.of(field + " has a character outside ISO 8859-15");
        }
        return Optional.empty();
    }

    /** The partner's redirect URL with the parameters the partner added to the itsme URL (all but itsme's q and language). */
    private static String back(String redirectUrl, String rawQuery) {
        StringBuilder sb = new StringBuilder(redirectUrl);
        for (String pair : rawQuery.split("&")) {
            String name = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
            if (pair.isEmpty() || name.equals("q") || name.equals("language")) {
                continue;
            }
            sb.append(sb.indexOf("?") < 0 ? '?' : '&').append(pair);
        }
        return sb.toString();
    }

    /** A session id shaped like the seed's ({@code 4kpr55zdi2mk9ns27awgngkltoenfy04gi9b}): 36 lower-case letters and digits. */
    private static String sessionId() {
        StringBuilder sb = new StringBuilder(36);
        while (sb.length() < 36) {
            for (char c : SimSupport.token().toLowerCase(Locale.ROOT).toCharArray()) {
                if (sb.length() < 36 && Character.isLetterOrDigit(c)) {
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    private static Optional<byte[]> base64(String value) {
        try {
            return Optional.of(value.indexOf('-') >= 0 || value.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(value) : Base64.getDecoder().decode(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static URI withoutQuery(URI u) {
        try {
            return new URI(u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT), u.getRawAuthority(), u.getRawPath(), null, null)
                    .normalize();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + u, e);
        }
    }

    private SimulatorResponse configuration() {
        ObjectNode out = SimSupport.object();
        out.putArray("signature_policies_supported").add("ITSME_DEFAULT");
        out.putArray("commitment_types_supported").add("1.2.840.113549.1.9.16.6.1").add("1.2.840.113549.1.9.16.6.5");
        ArrayNode langs = out.putArray("languages_supported");
        LANGUAGES.stream().sorted().forEach(langs::add);
        out.put("max_hashes_per_request", MAX_HASHES);
        return SimSupport.json(200, out);
    }

    private static SimulatorResponse fail(SimulatorRequest r, int status, String reason, String why) {
        r.checked("refused " + status + " " + reason + ": " + why);
        return error(status, reason);
    }

    private static SimulatorResponse error(int status, String reason) {
        ObjectNode out = SimSupport.object();
        out.put("status", "ERROR");
        out.put("statusReason", reason);
        return SimSupport.json(status, out);
    }
}
