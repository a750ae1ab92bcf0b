package dev.qseal.simulators.ing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * ING's PSD2 API as its get-started guide describes it (seed 004): onboarding
 * ({@code POST /oauth2/applications}, detached JWS), the mTLS-only token and
 * {@code GET /oauth2/applications/me}, {@code PUT /oauth2/applications/{id}}, the HTTP-signature
 * application token ({@code Authorization: Signature keyId="SN=..."}), the authorization page on a
 * second host (no client certificate), the customer token and refresh ({@code Signature:} with
 * keyId = client id; codes live 10 minutes), {@code GET /v3/accounts} and a PIS call signed with
 * {@code X-JWS-Signature}. Tokens live 900 s. 401 for a bad token or signature, 404 for anything else.
 *
 * <p>The sandbox's pre-registered application (client id {@value #SANDBOX_CLIENT_ID}) holds the
 * setup's QSealC and the redirect URI {@value #SANDBOX_REDIRECT_URI}.
 */
public final class IngSimulator extends BankSimulator {
    public static final String SANDBOX_CLIENT_ID = "5ca1ab1e-c0ca-c01a-cafe-154deadbea75";
    public static final String SANDBOX_REDIRECT_URI = "https://tpp.example.com/callback";
    /** Token lifetime, as the guide states. */
    public static final Duration TOKEN_LIFETIME = Duration.ofSeconds(900);
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final Pattern STATE = Pattern.compile("[A-Za-z0-9=%#;,+/_\\s\\x0B]+");
    private static final Set<String> COUNTRIES = Set.of("BE", "NL", "ES", "RO", "LU", "IT", "DE", "WB");
    private static final String ACCOUNTS_SCOPES = "payment-accounts:balances:view payment-accounts:transactions:view";
    private static final String APP_SCOPES = "payment-requests:view payment-requests:create granting " + ACCOUNTS_SCOPES;

    private final Map<String, Application> applications = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    /** The application an application token is issued to: the newest that registered this QSealC. */
    private final Map<X509Certificate, String> clientBySealCertificate = new ConcurrentHashMap<>();
    private final URI myAccount;

    private static final class Application {
        final String clientId;
        volatile String contact;
        volatile List<String> redirectUris;
        volatile X509Certificate sealCertificate;

        Application(String clientId, String contact, List<String> redirectUris, X509Certificate sealCertificate) {
            this.clientId = clientId;
            this.contact = contact;
            this.redirectUris = List.copyOf(redirectUris);
            this.sealCertificate = sealCertificate;
        }
    }

    private enum Kind { MTLS, APPLICATION, CUSTOMER, REFRESH }

    private static final class Token {
        final Kind kind;
        final String clientId;
        final String scope;
        final Instant expires;

        Token(Kind kind, String clientId, String scope, Instant expires) {
            this.kind = kind;
            this.clientId = clientId;
            this.scope = scope;
            this.expires = expires;
        }
    }

    private static final class Code {
        final String clientId;
        final String redirectUri;
        final String scope;
        final Instant issued;

        Code(String clientId, String redirectUri, String scope, Instant issued) {
            this.clientId = clientId;
            this.redirectUri = redirectUri;
            this.scope = scope;
            this.issued = issued;
        }
    }

    public IngSimulator(SimulatorSetup setup) {
        super("ING", setup);
        setup.registeredSealCertificate().ifPresent(c -> register(
                new Application(SANDBOX_CLIENT_ID, "sandbox@example.com", List.of(SANDBOX_REDIRECT_URI), c)));
        this.myAccount = addEndpoint("myaccount", false);
    }

    /** {@code https://127.0.0.1:PORT} of ING's authorization application (no client certificate). */
    public URI authorizationBaseUri() {
        return myAccount;
    }

    @Override
    protected SimulatorResponse handle(SimulatorRequest r) {
        String path = r.path();
        if (r.endpoint().equals("myaccount")) {
            if (r.method().equals("GET") && path.startsWith("/authorize/v2")) {
                return authorize(r);
            }
            return notFound(r);
        }
        switch (r.method() + " " + path) {
            case "POST /oauth2/applications":
                return onboard(r);
            case "POST /oauth2/token":
                return token(r);
            case "GET /v3/accounts":
                return accounts(r);
            case "POST /v1/payments/sepa-credit-transfers":
                return payment(r);
            default:
                break;
        }
        if (path.startsWith("/oauth2/applications/")) {
            String id = path.substring("/oauth2/applications/".length());
            if (r.method().equals("GET")) {
                return applicationGet(r, id);
            }
            if (r.method().equals("PUT")) {
                return applicationPut(r, id);
            }
        }
        return notFound(r);
    }

    // ---- onboarding and application management (detached JWS, mTLS-only token)

    private SimulatorResponse onboard(SimulatorRequest r) {
        return withRegistration(r, (cert, contact, uris) -> {
            Application app = new Application(UUID.randomUUID().toString(), contact, uris, cert);
            register(app);
            return describeAnswer(app);
        });
    }

    private interface RegistrationHandler {
        SimulatorResponse apply(X509Certificate cert, String contact, List<String> redirectUris);
    }

    /** The checks shared by POST and PUT on /oauth2/applications: certificate, detached JWS, body. */
    private SimulatorResponse withRegistration(SimulatorRequest r, RegistrationHandler then) {
        Optional<X509Certificate> cert = jwsCertificate(r, null);
        if (cert.isEmpty()) {
            return error(401, "invalid_certificate", "TPP-Signature-Certificate missing, unreadable or not issued by a trusted QTSP");
        }
        Optional<SimulatorResponse> bad = checkJws(r, cert.get());
        if (bad.isPresent()) {
            return bad.get();
        }
        Optional<JsonNode> body = SimSupport.parseJson(r.body());
        Optional<List<String>> uris = body.flatMap(IngSimulator::redirectUris);
        if (body.isEmpty() || !body.get().path("contact").isTextual() || uris.isEmpty()) {
            return error(400, "invalid_request", "body must be JSON with \"contact\" and a non-empty \"redirect_uris\" of https URLs");
        }
        r.checked("body has contact and https redirect_uris");
        return then.apply(cert.get(), body.get().path("contact").asText(), uris.get());
    }

    private static SimulatorResponse describeAnswer(Application app) {
        ObjectNode out = SimSupport.object();
        out.put("contact", app.contact);
        out.set("application", describe(app));
        return SimSupport.json(200, out);
    }

    private SimulatorResponse applicationGet(SimulatorRequest r, String id) {
        Optional<Token> t = bearer(r, Kind.MTLS);
        if (t.isEmpty()) {
            return error(401, "invalid_token", "an mTLS-only application access token is required");
        }
        Application app = applications.get(t.get().clientId);
        if (app == null || (!id.equals("me") && !id.equals(app.clientId))) {
            return notFound(r);
        }
        ObjectNode out = SimSupport.object();
        out.put("contact", app.contact);
        out.putArray("applications").add(describe(app));
        return SimSupport.json(200, out);
    }

    private SimulatorResponse applicationPut(SimulatorRequest r, String id) {
        Optional<Token> t = bearer(r, Kind.MTLS);
        if (t.isEmpty()) {
            return error(401, "invalid_token", "an mTLS-only application access token is required");
        }
        Application app = applications.get(id);
        if (app == null || !app.clientId.equals(t.get().clientId)) {
            return notFound(r);
        }
        if (r.header("Date").isEmpty()) {
            return error(400, "missing_header", "Date header required");
        }
        return withRegistration(r, (cert, contact, uris) -> {
            app.contact = contact;
            app.redirectUris = uris;
            app.sealCertificate = cert;
            clientBySealCertificate.put(cert, app.clientId);
            r.checked("configuration replaced (PUT clears what is not sent)");
            return describeAnswer(app);
        });
    }

    private void register(Application app) {
        applications.put(app.clientId, app);
        clientBySealCertificate.put(app.sealCertificate, app.clientId);
    }

    private static Optional<List<String>> redirectUris(JsonNode body) {
        JsonNode a = body.path("redirect_uris");
        if (!a.isArray() || a.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : a) {
            if (!n.isTextual() || !n.asText().startsWith("https://")) {
                return Optional.empty();
            }
            out.add(n.asText());
        }
        return Optional.of(out);
    }

    private static ObjectNode describe(Application app) {
        ObjectNode a = SimSupport.object();
        a.put("client_id", app.clientId);
        ArrayNode uris = a.putArray("redirect_uris");
        app.redirectUris.forEach(uris::add);
        ObjectNode keys = a.putObject("keys");
        ObjectNode sign = keys.putArray("sign").addObject();
        sign.put("kty", app.sealCertificate.getPublicKey().getAlgorithm());
        sign.put("use", "sig");
        sign.put("kid", app.sealCertificate.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT));
        return a;
    }

    // ---- the token endpoint: mTLS-only, HTTP-signature application token, customer token, refresh

    private SimulatorResponse token(SimulatorRequest r) {
        Optional<Map<String, String>> form = SimSupport.form(r.body());
        if (!r.header("Content-Type").map(v -> v.startsWith("application/x-www-form-urlencoded")).orElse(false) || form.isEmpty()) {
            return error(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded with a form body");
        }
        r.checked("form body (application/x-www-form-urlencoded)");
        String grant = form.get().getOrDefault("grant_type", "");
        boolean authSignature = r.headers().values("Authorization").stream().anyMatch(v -> v.regionMatches(true, 0, "Signature ", 0, 10));
        if (r.header("Signature").isPresent()) {
            return customerToken(r, form.get(), grant);
        }
        if (authSignature) {
            return applicationToken(r, grant);
        }
        if (grant.equals("client_credentials") && form.get().containsKey("client_id")) {
            Application app = applications.get(form.get().get("client_id"));
            if (app == null || r.clientCertificate().isEmpty()) {
                return error(401, "invalid_client", "unknown client_id for this certificate");
            }
            r.checked("mTLS-only token: client_id known, QWAC presented at the handshake");
            return issue(Kind.MTLS, app.clientId, "applications", false);
        }
        return error(400, "invalid_request", "unsupported token request: grant_type and signature do not match any ING flow");
    }

    private SimulatorResponse applicationToken(SimulatorRequest r, String grant) {
        Optional<String> certHeader = r.header("TPP-Signature-Certificate");
        Optional<X509Certificate> cert = certHeader.flatMap(SimSupport::certificateHeader);
        if (cert.isEmpty()) {
            return error(401, "invalid_certificate", "TPP-Signature-Certificate missing or unreadable");
        }
        Optional<Application> app = Optional.ofNullable(clientBySealCertificate.get(cert.get())).map(applications::get)
                .filter(a -> a.sealCertificate.equals(cert.get()));
        if (app.isEmpty()) {
            return error(401, "invalid_certificate", "TPP-Signature-Certificate is not a registered QSealC");
        }
        r.checked("TPP-Signature-Certificate is the registered QSealC");
        VerificationResult v = ProfileChecks.verify("ing", cert.get(), r.view(), clock(), Optional.empty());
        if (!v.isValid()) {
            return signatureError(r, v);
        }
        r.checked("Authorization: Signature verified with profile 'ing' (keyId SN=<serial hex>, (request-target) date digest, Date within 3 min, digest matches)");
        if (!grant.equals("client_credentials")) {
            return error(400, "unsupported_grant_type", "the application token takes grant_type=client_credentials");
        }
        return issue(Kind.APPLICATION, app.get().clientId, APP_SCOPES, false);
    }

    private SimulatorResponse customerToken(SimulatorRequest r, Map<String, String> form, String grant) {
        Optional<Token> app = bearer(r, Kind.APPLICATION);
        if (app.isEmpty()) {
            return error(401, "invalid_token", "a signed application access token is required (Authorization: Bearer)");
        }
        Optional<SimulatorResponse> bad = checkClientSignature(r, app.get().clientId);
        if (bad.isPresent()) {
            return bad.get();
        }
        Instant now = clock().instant();
        if (grant.equals("authorization_code")) {
            Code code = codes.remove(form.getOrDefault("code", ""));
            if (code == null || !code.clientId.equals(app.get().clientId)) {
                return error(400, "invalid_grant", "unknown or already used authorization code");
            }
            if (now.isAfter(code.issued.plus(CODE_LIFETIME))) {
                return error(400, "invalid_grant", "authorization code expired (codes are valid 10 minutes)");
            }
            r.checked("authorization code known, unused, issued less than 10 minutes ago");
            String redirect = form.get("redirect_uri");
            if (redirect != null && !redirect.equals(code.redirectUri)) {
                return error(400, "invalid_grant", "redirect_uri differs from the authorization request");
            }
            return issue(Kind.CUSTOMER, code.clientId, code.scope, true);
        }
        if (grant.equals("refresh_token")) {
            Token refresh = tokens.get(form.getOrDefault("refresh_token", ""));
            if (refresh == null || refresh.kind != Kind.REFRESH || !refresh.clientId.equals(app.get().clientId) || now.isAfter(refresh.expires)) {
                return error(400, "invalid_grant", "unknown or expired refresh token");
            }
            r.checked("refresh token known and unexpired");
            return issue(Kind.CUSTOMER, refresh.clientId, refresh.scope, true);
        }
        return error(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
    }

    private SimulatorResponse issue(Kind kind, String clientId, String scope, boolean withRefresh) {
        String access = SimSupport.token();
        Instant now = clock().instant();
        tokens.put(access, new Token(kind, clientId, scope, now.plus(TOKEN_LIFETIME)));
        ObjectNode out = SimSupport.object();
        out.put("access_token", access);
        out.put("expires_in", TOKEN_LIFETIME.toSeconds());
        out.put("scope", scope);
        out.put("token_type", "Bearer");
        if (kind != Kind.CUSTOMER) {
            out.put("client_id", clientId);
        }
        if (withRefresh) {
            String refresh = SimSupport.token();
            tokens.put(refresh, new Token(Kind.REFRESH, clientId, scope, now.plus(Duration.ofDays(30))));
            out.put("refresh_token", refresh);
            out.put("refresh_token_expires_in", Duration.ofDays(30).toSeconds());
        }
        return SimSupport.json(200, out).withHeader("x-ing-response-id", UUID.randomUUID().toString().replace("-", ""));
    }

    // ---- granting: ING's authorization application (the PSU consents at once in the sandbox)

    private SimulatorResponse authorize(SimulatorRequest r) {
        Map<String, String> q = SimSupport.query(r.rawQuery());
        r.showTargetAs(r.path() + "?...");
        String country = r.path().substring("/authorize/v2".length());
        if (!country.isEmpty() && !(country.startsWith("/") && COUNTRIES.contains(country.substring(1)))) {
            return SimulatorResponse.html(400, "<html><body>Unknown country code</body></html>");
        }
        r.checked("country code " + (country.isEmpty() ? "absent (country selection page)" : country.substring(1)));
        Application app = applications.get(q.getOrDefault("client_id", ""));
        if (app == null) {
            return SimulatorResponse.html(400, "<html><body>Unknown client_id</body></html>");
        }
        String state = q.getOrDefault("state", "");
        if (state.isBlank() || !STATE.matcher(state).matches()) {
            return SimulatorResponse.html(400, "<html><body>Invalid state: not blank, only A-Z a-z 0-9 =%#;,+/_ and whitespace</body></html>");
        }
        r.checked("state not blank and within the allowed characters");
        if (!"code".equals(q.get("response_type"))) {
            return SimulatorResponse.html(400, "<html><body>response_type must be code</body></html>");
        }
        String scope = q.getOrDefault("scope", "");
        if (scope.isBlank()) {
            return SimulatorResponse.html(400, "<html><body>scope required</body></html>");
        }
        String redirect = q.get("redirect_uri");
        if (redirect == null) {
            if (app.redirectUris.size() != 1) {
                return SimulatorResponse.html(400, "<html><body>redirect_uri required: several are registered</body></html>");
            }
            redirect = app.redirectUris.get(0);
        } else if (!app.redirectUris.contains(redirect)) {
            return SimulatorResponse.html(400, "<html><body>redirect_uri is not registered</body></html>");
        }
        r.checked("client_id known, response_type=code, scope given, redirect_uri registered");
        String code = SimSupport.token();
        codes.put(code, new Code(app.clientId, redirect, scope, clock().instant()));
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)
                + "&code=" + code;
        return SimulatorResponse.redirect(302, location);
    }

    // ---- PSD2 APIs

    private SimulatorResponse accounts(SimulatorRequest r) {
        Optional<Token> t = bearer(r, Kind.CUSTOMER);
        if (t.isEmpty()) {
            return error(401, "invalid_token", "a customer access token is required");
        }
        if (!t.get().scope.contains("payment-accounts:balances:view") && !t.get().scope.contains("payment-accounts:transactions:view")) {
            return error(403, "insufficient_scope", "the token does not grant payment-accounts access");
        }
        Optional<SimulatorResponse> bad = checkClientSignature(r, t.get().clientId);
        if (bad.isPresent()) {
            return bad.get();
        }
        ObjectNode out = SimSupport.object();
        ObjectNode acc = out.putArray("accounts").addObject();
        acc.put("resourceId", "450ffbb8-9f11-4ec6-a1e1-df48aefc82ef");
        acc.put("iban", "NL69INGB0123456789");
        acc.put("name", "A. van Dijk");
        acc.put("currency", "EUR");
        acc.put("product", "Current Account");
        return SimSupport.json(200, out).withHeader("x-ing-response-id", UUID.randomUUID().toString().replace("-", ""));
    }

    private SimulatorResponse payment(SimulatorRequest r) {
        Optional<Token> t = bearer(r, Kind.APPLICATION);
        if (t.isEmpty()) {
            return error(401, "invalid_token", "an application access token is required");
        }
        Optional<String> requestId = r.header("X-Request-ID");
        if (requestId.isEmpty() || requestId.get().isBlank()) {
            return error(400, "missing_header", "X-Request-ID header required");
        }
        r.checked("X-Request-ID present");
        Optional<X509Certificate> cert = jwsCertificate(r, t.get().clientId);
        if (cert.isEmpty()) {
            return error(401, "invalid_certificate", "TPP-Signature-Certificate missing or not the registered QSealC");
        }
        Optional<SimulatorResponse> bad = checkJws(r, cert.get());
        if (bad.isPresent()) {
            return bad.get();
        }
        Optional<JsonNode> body = SimSupport.parseJson(r.body());
        if (body.isEmpty() || !body.get().path("instructedAmount").path("amount").isTextual()
                || !body.get().path("creditorAccount").path("iban").isTextual() || !body.get().path("creditorName").isTextual()) {
            return error(400, "invalid_request", "instructedAmount.amount, creditorAccount.iban and creditorName are required");
        }
        r.checked("payment body has instructedAmount, creditorAccount.iban, creditorName");
        ObjectNode out = SimSupport.object();
        String id = UUID.randomUUID().toString();
        out.put("transactionStatus", "RCVD");
        out.put("paymentId", id);
        out.putObject("_links").put("scaRedirect", myAccount + "/payment-authorize/" + id);
        return SimSupport.json(201, out).withHeader("x-ing-response-id", UUID.randomUUID().toString().replace("-", ""));
    }

    // ---- shared checks

    private Optional<Token> bearer(SimulatorRequest r, Kind kind) {
        Optional<String> value = SimSupport.bearer(r.headers().values("Authorization").stream()
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).findFirst());
        Token t = value.map(tokens::get).orElse(null);
        if (t == null || t.kind != kind || clock().instant().isAfter(t.expires)) {
            return Optional.empty();
        }
        r.checked("Bearer " + kind.name().toLowerCase(java.util.Locale.ROOT) + " token valid and unexpired");
        return Optional.of(t);
    }

    /** The QSealC of a JWS call: from TPP-Signature-Certificate, issued by a trusted CA, and the registered one when a client is known. */
    private Optional<X509Certificate> jwsCertificate(SimulatorRequest r, String clientId) {
        Optional<X509Certificate> cert = r.header("TPP-Signature-Certificate").flatMap(SimSupport::certificateHeader);
        if (cert.isEmpty() || !SimSupport.issuedBy(cert.get(), setup().trustedClientCas(), clock().instant())) {
            return Optional.empty();
        }
        if (clientId != null) {
            Application app = applications.get(clientId);
            if (app == null || !app.sealCertificate.equals(cert.get())) {
                return Optional.empty();
            }
        }
        r.checked("TPP-Signature-Certificate issued by a trusted QTSP" + (clientId != null ? " and registered" : ""));
        return cert;
    }

    private Optional<SimulatorResponse> checkJws(SimulatorRequest r, X509Certificate cert) {
        VerificationResult v = ProfileChecks.verify("ing-jws", cert, r.view(), clock(), Optional.empty());
        if (!v.isValid()) {
            return Optional.of(signatureError(r, v));
        }
        r.checked("x-jws-signature verified with profile 'ing-jws' (b64:false, crit, x5t#S256, sigT within 3 min, sigD pars, digest matches)");
        return Optional.empty();
    }

    private Optional<SimulatorResponse> checkClientSignature(SimulatorRequest r, String clientId) {
        Optional<String> sig = r.header("Signature");
        if (sig.isEmpty()) {
            return Optional.of(error(401, "invalid_signature", "Signature header required"));
        }
        try {
            if (!SignatureParameters.parse(sig.get()).keyId().equals(clientId)) {
                return Optional.of(error(401, "invalid_signature", "keyId must be the client_id of the application token"));
            }
        } catch (MalformedSignatureException e) {
            return Optional.of(error(401, "invalid_signature", "Signature header does not parse: " + e.getMessage()));
        }
        r.checked("Signature keyId is the client_id");
        X509Certificate cert = applications.get(clientId).sealCertificate;
        VerificationResult v = ProfileChecks.verify("ing-client", cert, r.view(), clock(), Optional.of(clientId));
        if (!v.isValid()) {
            return Optional.of(signatureError(r, v));
        }
        r.checked("Signature verified with profile 'ing-client' against the registered QSealC ((request-target) date digest, Date within 3 min, digest matches)");
        return Optional.empty();
    }

    private SimulatorResponse signatureError(SimulatorRequest r, VerificationResult v) {
        r.checked("signature rejected: " + v);
        return error(401, "invalid_signature", "Signature could not be successfully verified: " + v);
    }

    private static SimulatorResponse error(int status, String code, String message) {
        ObjectNode out = SimSupport.object();
        out.put("error", code);
        out.put("error_description", message);
        return SimSupport.json(status, out).withHeader("x-ing-response-id", UUID.randomUUID().toString().replace("-", ""));
    }
}
