package dev.qseal.banks.becm;

import dev.qseal.banks.PaymentAccount;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qseal.banks.AccessToken;
import dev.qseal.banks.FlowOptions;
import dev.qseal.banks.TppCredentials;
import dev.qseal.banks.internal.BankHttp;
import dev.qseal.banks.internal.Json;
import dev.qseal.banks.internal.Seals;
import dev.qseal.core.BadInputException;
import dev.qseal.core.http.HttpRequest;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Banque Européenne Crédit Mutuel's STET AIS (seed 002) with the {@code becm} profile: Bearer token
 * (not signed), {@code Host}, {@code Date}, {@code X-Request-ID} signed, {@code Content-Type} and
 * {@code Digest} too with a body, every {@code PSU-*} header given is signed; keyId = the
 * registered JWK {@code kid} or {@code x5u}. Thread-safe.
 */
public final class BecmClient {
    static final String BANK = "Banque Europeenne Credit Mutuel";
    static final String USER_AGENT = "qseal-banks/0.1";

    private final TppCredentials tpp;
    private final URI api;
    private final String host;
    private final BankHttp http;
    private final Seals.Seal seal;

    private BecmClient(TppCredentials tpp, URI api, String keyId, FlowOptions options) {
        this.tpp = Objects.requireNonNull(tpp);
        this.api = BankHttp.base(api);
        this.host = this.api.getPort() == -1 || this.api.getPort() == 443 ? this.api.getHost() : this.api.getHost() + ":" + this.api.getPort();
        this.http = new BankHttp(BANK, options.recorder(), options.timeout());
        this.seal = Seals.of("becm", tpp.sealKey(), Optional.of(Objects.requireNonNull(keyId)), options.clock());
    }

    /** A client for the API at {@code api}; {@code keyId} is the registered JWK's {@code kid} or {@code x5u}. */
    public static BecmClient create(TppCredentials tpp, URI api, String keyId, FlowOptions options) {
        return new BecmClient(tpp, api, keyId, options);
    }

    /** {@code GET /stet/psd2/v1/accounts}; {@code psuHeaders} ({@code PSU-IP-Address}, ...) are sent and signed. */
    public List<PaymentAccount> accounts(AccessToken token, Map<String, String> psuHeaders) {
        String step = "accounts (STET AIS)";
        HttpRequest r = request("GET", "/stet/psd2/v1/accounts", token, psuHeaders).build();
        return readAccounts(http, step, http.send(step, tpp.mutualTlsClient(), api, seal.seal(r), Optional.empty()));
    }

    /** The STET accounts answer: {@code {"accounts": [{resourceId, accountId: {iban}, name, currency}]}}; a typed error otherwise. */
    static List<PaymentAccount> readAccounts(BankHttp http, String step, BankHttp.Response r) {
        return Json.accounts(http.expectJson(step, r, 200), account -> account.path("accountId"), BANK, step);
    }

    /** {@code PUT /stet/psd2/v1/consents}: the PSU's consent for balances and transactions of these IBANs. */
    public void consents(AccessToken token, List<String> ibans, Map<String, String> psuHeaders) {
        String step = "consents (STET AIS)";
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode balances = body.putArray("balances");
        ArrayNode transactions = body.putArray("transactions");
        for (String iban : ibans) {
            balances.addObject().put("iban", iban);
            transactions.addObject().put("iban", iban);
        }
        body.put("psuIdentity", true);
        HttpRequest r;
        try {
            r = request("PUT", "/stet/psd2/v1/consents", token, psuHeaders)
                    .header("Content-Type", "application/json")
                    .body(Json.MAPPER.writeValueAsBytes(body)).build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        http.expectStatus(step, http.send(step, tpp.mutualTlsClient(), api, seal.seal(r), Optional.empty()), 204);
    }

    private HttpRequest.Builder request(String method, String target, AccessToken token, Map<String, String> psuHeaders) {
        HttpRequest.Builder b = HttpRequest.builder(method, target)
                .header("Host", host)
                .header("Accept", "application/hal+json; charset=utf-8")
                .header("User-Agent", USER_AGENT)
                .header("Authorization", "Bearer " + token.value());
        for (Map.Entry<String, String> e : psuHeaders.entrySet()) {
            if (!e.getKey().toLowerCase(Locale.ROOT).startsWith("psu-")) {
                throw new BadInputException("only PSU-* headers may be passed as PSU context, not " + e.getKey());
            }
            b.header(e.getKey(), e.getValue());
        }
        return b;
    }

    @Override
    public String toString() {
        return "BecmClient[" + api + "]";
    }
}
