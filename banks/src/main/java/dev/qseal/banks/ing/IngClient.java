package dev.qseal.banks.ing;

import dev.qseal.banks.PaymentAccount;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qseal.banks.AccessToken;
import dev.qseal.banks.BankProtocolException;
import dev.qseal.banks.BankRejectedException;
import dev.qseal.banks.FlowOptions;
import dev.qseal.banks.TppCredentials;
import dev.qseal.banks.internal.BankHttp;
import dev.qseal.banks.internal.Json;
import dev.qseal.banks.internal.Seals;
import dev.qseal.banks.internal.TokenCache;
import dev.qseal.core.BadInputException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.HttpDates;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * ING's PSD2 flow (get-started guide): onboarding and application management with detached JWS,
 * the mTLS-only token, the HTTP-signature application token (cached until shortly before it
 * expires, fetched once however many threads ask), the authorization URL and callback, customer
 * token and refresh (keyId = client id), {@code GET /v3/accounts} and a PIS call with
 * {@code X-JWS-Signature}. Thread-safe.
 */
public final class IngClient {
    static final String BANK = "ING";
    /** A token is renewed this long before it expires. */
    public static final Duration RENEW_BEFORE = Duration.ofSeconds(60);
    /** The longest token lifetime ({@code expires_in}) taken from ING: a year (its tokens last minutes to days). */
    static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(366);
    private static final Pattern STATE = Pattern.compile("[A-Za-z0-9=%#;,+/_\\s\\x0B]+");
    private static final Set<String> COUNTRIES = Set.of("BE", "NL", "ES", "RO", "LU", "IT", "DE", "WB");

    private final TppCredentials tpp;
    private final URI api;
    private final URI authorizationBase;
    private final FlowOptions options;
    private final BankHttp http;
    private final Seals.Seal ingSeal;
    private final Seals.Seal jwsSeal;
    private final TokenCache applicationTokens;
    private volatile String clientId;

    private IngClient(TppCredentials tpp, URI api, URI authorizationBase, FlowOptions options) {
        this.tpp = tpp;
        this.api = api;
        this.authorizationBase = authorizationBase;
        this.options = options;
        this.http = new BankHttp(BANK, options.recorder(), options.timeout());
        this.ingSeal = Seals.of("ing", tpp.sealKey(), Optional.empty(), options.clock());
        this.jwsSeal = Seals.of("ing-jws", tpp.sealKey(), Optional.empty(), options.clock());
        this.applicationTokens = new TokenCache(options.clock(), RENEW_BEFORE);
    }

    /**
     * A client for the API at {@code api} (e.g. {@code https://api.ing.com}) whose authorization
     * application is at {@code authorizationBase} (e.g. {@code https://myaccount.ing.com}).
     */
    public static IngClient create(TppCredentials tpp, URI api, URI authorizationBase, FlowOptions options) {
        return new IngClient(Objects.requireNonNull(tpp), BankHttp.base(api), BankHttp.base(authorizationBase), Objects.requireNonNull(options));
    }


    // ---- onboarding and application management

    /** {@code POST /oauth2/applications}: registers the application (detached JWS, no token). */
    public IngApplication onboard(String contact, List<URI> redirectUris) {
        String step = "onboarding";
        HttpRequest r = jsonRequest("POST", "/oauth2/applications", applicationBody(contact, redirectUris)).build();
        return readApplication(http, step, send(step, tpp.mutualTlsClient(), jwsSeal.seal(r)), 200, 201);
    }

    /** {@code POST /oauth2/token} with mutual TLS only: the token for {@code /oauth2/applications/*}. */
    public AccessToken mtlsToken(String clientId) {
        String step = "mTLS-only application token";
        byte[] form = ("grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        HttpRequest r = HttpRequest.builder("POST", "/oauth2/token")
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form).build();
        return readToken(http, step, send(step, tpp.mutualTlsClient(), r), false, options.clock().instant());
    }

    /** {@code GET /oauth2/applications/me} with the mTLS-only token. */
    public IngApplication application(AccessToken mtlsToken) {
        String step = "application metadata";
        HttpRequest r = HttpRequest.builder("GET", "/oauth2/applications/me")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + mtlsToken.value()).build();
        return readApplications(http, step, send(step, tpp.mutualTlsClient(), r));
    }

    /** {@code PUT /oauth2/applications/{id}}: replaces contact and redirect URIs (detached JWS + mTLS-only token). */
    public IngApplication updateApplication(AccessToken mtlsToken, String clientId, String contact, List<URI> redirectUris) {
        String step = "application update";
        HttpRequest r = jsonRequest("PUT", "/oauth2/applications/" + URLEncoder.encode(clientId, StandardCharsets.UTF_8),
                applicationBody(contact, redirectUris))
                .header("Authorization", "Bearer " + mtlsToken.value())
                .header("Date", HttpDates.rfc7231(options.clock().instant()))
                .build();
        return readApplication(http, step, send(step, tpp.mutualTlsClient(), jwsSeal.seal(r)), 200);
    }

    // ---- application token (HTTP signature, cached)

    /**
     * The application access token ({@code Authorization: Signature keyId="SN=..."}), reused until
     * {@link #RENEW_BEFORE} before it expires; concurrent callers share one request.
     */
    public IngApplicationToken applicationToken() {
        AccessToken t = applicationTokens.get(this::fetchApplicationToken);
        return new IngApplicationToken(t, clientId);
    }

    private AccessToken fetchApplicationToken() {
        String step = "application token";
        HttpRequest r = HttpRequest.builder("POST", "/oauth2/token")
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII)).build();
        IngApplicationToken t = readApplicationToken(http, step, send(step, tpp.mutualTlsClient(), ingSeal.seal(r)), options.clock().instant());
        clientId = t.clientId();
        return t.token();
    }

    // ---- granting

    /**
     * ING's authorization URL: {@code /authorize/v2/[COUNTRY]?client_id=..&scope=..&state=..
     * [&redirect_uri=..]&response_type=code}. {@code state} must not be blank and may hold only
     * A-Z a-z 0-9, {@code =%#;,+/_} and whitespace, as ING allows.
     */
    public URI authorizationUrl(Optional<String> countryCode, List<String> scopes, String state, Optional<URI> redirectUri) {
        if (state == null || state.isBlank() || !STATE.matcher(state).matches()) {
            throw new BadInputException("ING state must not be blank and may hold only A-Z a-z 0-9, the characters =%#;,+/_ and whitespace");
        }
        if (countryCode.isPresent() && !COUNTRIES.contains(countryCode.get())) {
            throw new BadInputException("ING country code must be one of " + new java.util.TreeSet<>(COUNTRIES) + ", not '" + countryCode.get() + "'");
        }
        if (scopes.isEmpty()) {
            throw new BadInputException("ING authorization needs at least one scope");
        }
        String id = applicationToken().clientId();
        StringBuilder sb = new StringBuilder(authorizationBase.toString()).append("/authorize/v2");
        countryCode.ifPresent(c -> sb.append('/').append(c));
        sb.append("?client_id=").append(enc(id))
                .append("&scope=").append(enc(String.join(" ", scopes)))
                .append("&state=").append(enc(state));
        redirectUri.ifPresent(u -> sb.append("&redirect_uri=").append(enc(u.toString())));
        sb.append("&response_type=code");
        return URI.create(sb.toString());
    }

    /**
     * The authorization code of ING's redirect back to the TPP, after checking that its
     * {@code state} is the one sent.
     */
    public static String authorizationCode(URI callback, String expectedState) {
        String step = "callback";
        Map<String, String> q = new LinkedHashMap<>();
        String raw = callback.getRawQuery() == null ? "" : callback.getRawQuery();
        if (raw.length() > 8192) {
            throw new BankProtocolException(BANK, step, "the callback query is longer than 8192 characters");
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    q.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new BankProtocolException(BANK, step, "the callback query is not validly percent-encoded");
                }
            }
        }
        if (q.containsKey("error")) {
            throw new BankRejectedException(BANK, step, 400, Optional.of(q.get("error")), Optional.ofNullable(q.get("error_description")));
        }
        if (!expectedState.equals(q.get("state"))) {
            throw new BankProtocolException(BANK, step, "the callback's state is not the one sent: the redirect may be forged");
        }
        String code = q.get("code");
        if (code == null || code.isEmpty()) {
            throw new BankProtocolException(BANK, step, "the callback has no code");
        }
        return code;
    }

    /** Exchanges an authorization code (valid 10 minutes) for a customer token ({@code Signature:}, keyId = client id). */
    public AccessToken customerToken(String authorizationCode, Optional<URI> redirectUri) {
        String form = "grant_type=authorization_code&code=" + enc(authorizationCode)
                + redirectUri.map(u -> "&redirect_uri=" + enc(u.toString())).orElse("");
        return clientSignedToken("customer token", form);
    }

    /** Renews a customer token with its refresh token. */
    public AccessToken refresh(AccessToken customerToken) {
        String refresh = customerToken.refreshToken().orElseThrow(
                () -> new BadInputException("this ING token has no refresh token: only customer tokens can be refreshed"));
        return clientSignedToken("refresh", "grant_type=refresh_token&refresh_token=" + enc(refresh));
    }

    private AccessToken clientSignedToken(String step, String form) {
        IngApplicationToken app = applicationToken();
        HttpRequest r = HttpRequest.builder("POST", "/oauth2/token")
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + app.token().value())
                .body(form.getBytes(StandardCharsets.US_ASCII)).build();
        return readToken(http, step, send(step, tpp.mutualTlsClient(), clientSeal(app).seal(r)), true, options.clock().instant());
    }

    private Seals.Seal clientSeal(IngApplicationToken app) {
        return Seals.of("ing-client", tpp.sealKey(), Optional.of(app.clientId()), options.clock());
    }

    // ---- PSD2 APIs

    /** {@code GET /v3/accounts} with the customer token, HTTP-signed (empty-body digest). */
    public List<PaymentAccount> accounts(AccessToken customerToken) {
        String step = "accounts (AIS)";
        IngApplicationToken app = applicationToken();
        HttpRequest r = HttpRequest.builder("GET", "/v3/accounts")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + customerToken.value()).build();
        return readAccounts(http, step, send(step, tpp.mutualTlsClient(), clientSeal(app).seal(r)));
    }

    /** {@code POST /v1/payments/sepa-credit-transfers} with the application token, sealed with {@code X-JWS-Signature}. */
    public IngPayment initiatePayment(String creditorName, String creditorIban, String amount, String currency) {
        String step = "payment initiation (PIS)";
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode amt = body.putObject("instructedAmount");
        amt.put("amount", amount);
        amt.put("currency", currency);
        body.putObject("creditorAccount").put("iban", creditorIban);
        body.put("creditorName", creditorName);
        HttpRequest r = jsonRequest("POST", "/v1/payments/sepa-credit-transfers", body)
                .header("Authorization", "Bearer " + applicationToken().token().value())
                .header("X-Request-ID", UUID.randomUUID().toString())
                .build();
        return readPayment(http, step, send(step, tpp.mutualTlsClient(), jwsSeal.seal(r)));
    }

    // ---- helpers

    private BankHttp.Response send(String step, java.net.http.HttpClient client, HttpRequest r) {
        return http.send(step, client, api, r, Optional.empty());
    }

    private static HttpRequest.Builder jsonRequest(String method, String target, ObjectNode body) {
        try {
            return HttpRequest.builder(method, target)
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/json")
                    .body(Json.MAPPER.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode applicationBody(String contact, List<URI> redirectUris) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("contact", contact);
        ArrayNode uris = body.putArray("redirect_uris");
        redirectUris.forEach(u -> uris.add(u.toString()));
        return body;
    }

    // ---- ING's answers, read (each a typed result or a Bank*Exception, whatever the bank sent)

    /** An onboarding or update answer: {@code {"application": {...}, "contact": ...}}. */
    static IngApplication readApplication(BankHttp http, String step, BankHttp.Response r, int... expected) {
        JsonNode n = http.expectJson(step, r, expected);
        return application(n.path("application"), Json.text(n, "contact", BANK, step), step);
    }

    /** The application metadata answer: {@code {"applications": [{...}], "contact": ...}}. */
    static IngApplication readApplications(BankHttp http, String step, BankHttp.Response r) {
        JsonNode n = http.expectJson(step, r, 200);
        JsonNode apps = n.path("applications");
        if (!apps.isArray() || apps.isEmpty()) {
            throw new BankProtocolException(BANK, step, "the answer has no \"applications\"");
        }
        return application(apps.get(0), Json.text(n, "contact", BANK, step), step);
    }

    /** The application token answer, which also names the application's client id. */
    static IngApplicationToken readApplicationToken(BankHttp http, String step, BankHttp.Response r, Instant at) {
        JsonNode n = http.expectJson(step, r, 200);
        String id = Json.text(n, "client_id", BANK, step);
        return new IngApplicationToken(token(step, n, false, at), id);
    }

    /** A token answer (mTLS-only, customer or refreshed token), issued at {@code at}. */
    static AccessToken readToken(BankHttp http, String step, BankHttp.Response r, boolean customer, Instant at) {
        return token(step, http.expectJson(step, r, 200), customer, at);
    }

    /** The accounts answer: {@code {"accounts": [{resourceId, iban, name, currency}]}}. */
    static List<PaymentAccount> readAccounts(BankHttp http, String step, BankHttp.Response r) {
        return Json.accounts(http.expectJson(step, r, 200), account -> account, BANK, step);
    }

    /** The payment initiation answer (201). */
    static IngPayment readPayment(BankHttp http, String step, BankHttp.Response r) {
        JsonNode n = http.expectJson(step, r, 201);
        return new IngPayment(Json.text(n, "paymentId", BANK, step), Json.text(n, "transactionStatus", BANK, step),
                n.path("_links").path("scaRedirect").asText(""));
    }

    private static IngApplication application(JsonNode a, String contact, String step) {
        if (!a.isObject()) {
            throw new BankProtocolException(BANK, step, "the answer has no application object");
        }
        List<String> uris = new ArrayList<>();
        a.path("redirect_uris").forEach(u -> uris.add(u.asText()));
        return new IngApplication(Json.text(a, "client_id", BANK, step), contact, uris);
    }

    private static AccessToken token(String step, JsonNode n, boolean customer, Instant at) {
        String value = Json.text(n, "access_token", BANK, step);
        long expires = Json.positive(n, "expires_in", MAX_TOKEN_LIFETIME.toSeconds(), BANK, step);
        if (!"bearer".equalsIgnoreCase(n.path("token_type").asText("Bearer"))) {
            throw new BankProtocolException(BANK, step, "token_type is not Bearer");
        }
        Optional<String> refresh = customer ? Optional.of(Json.text(n, "refresh_token", BANK, step)) : Optional.empty();
        return new AccessToken(value, at.plusSeconds(expires), n.path("scope").asText(""), refresh);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "IngClient[" + api + "]";
    }
}
