package dev.qseal.banks.belfius;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qseal.banks.BankProtocolException;
import dev.qseal.banks.FlowOptions;
import dev.qseal.banks.TppCredentials;
import dev.qseal.banks.internal.BankHttp;
import dev.qseal.banks.internal.Json;
import dev.qseal.banks.internal.Seals;
import dev.qseal.core.http.HttpRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Belfius' regulatory fallback (seed 000): the first call signed with the {@code belfius} profile
 * (keyId = TPP-ID, ISO-8601 {@code Date}, {@code Request-ID}, {@code Client-Id}, {@code Digest}),
 * then the session endpoint it returns, called without a signature. Thread-safe.
 */
public final class BelfiusClient {
    static final String BANK = "Belfius";
    static final String SESSIONS = "/regulatory-fallback/v1/sessions";

    private final TppCredentials tpp;
    private final URI api;
    private final String clientId;
    private final FlowOptions options;
    private final BankHttp http;
    private final Seals.Seal seal;

    private BelfiusClient(TppCredentials tpp, URI api, String tppId, String clientId, FlowOptions options) {
        this.tpp = Objects.requireNonNull(tpp);
        this.api = BankHttp.base(api);
        this.clientId = Objects.requireNonNull(clientId);
        this.options = Objects.requireNonNull(options);
        this.http = new BankHttp(BANK, options.recorder(), options.timeout());
        this.seal = Seals.of("belfius", tpp.sealKey(), Optional.of(Objects.requireNonNull(tppId)), options.clock());
    }

    /** A client for Belfius at {@code api}; {@code tppId} is the keyId, {@code clientId} the onboarding Client-Id. */
    public static BelfiusClient create(TppCredentials tpp, URI api, String tppId, String clientId, FlowOptions options) {
        return new BelfiusClient(tpp, api, tppId, clientId, options);
    }

    /** The first, signed call: opens a fallback session. */
    public BelfiusSession openSession(String appReference) {
        String step = "signed first call";
        String body = "{\"data\":{\"type\":\"fallback-session\",\"attributes\":{\"appReference\":"
                + Json.MAPPER.getNodeFactory().textNode(appReference) + "}}}";
        HttpRequest r = HttpRequest.builder("POST", SESSIONS)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("Client-Id", clientId)
                .body(body.getBytes(StandardCharsets.UTF_8)).build();
        return readSession(http, step, http.send(step, tpp.mutualTlsClient(), api, seal.seal(r), Optional.empty()));
    }

    /** The fallback session answer (201, JSON:API): its id and customer interface link; a typed error otherwise. */
    static BelfiusSession readSession(BankHttp http, String step, BankHttp.Response r) {
        JsonNode n = http.expectJson(step, r, 201);
        JsonNode data = n.path("data");
        String id = Json.text(data, "id", BANK, step);
        String link = Json.text(data.path("links"), "customerInterface", BANK, step);
        if (!link.startsWith("/") || link.startsWith("//")) {
            throw new BankProtocolException(BANK, step, "the session link is not a path on the same host");
        }
        return new BelfiusSession(id, link);
    }

    /** The session endpoint, unsigned (Request-ID, Client-Id, Date, Digest only): the customer interface page. */
    public String customerInterface(BelfiusSession session) {
        String step = "session endpoint (unsigned)";
        HttpRequest r = Seals.unsigned("belfius", HttpRequest.builder("GET", session.link())
                .header("Accept", "text/html")
                .header("Client-Id", clientId).build(), options.clock());
        BankHttp.Response resp = http.send(step, tpp.mutualTlsClient(), api, r, Optional.empty());
        http.expectStatus(step, resp, 200);
        if (!resp.header("Content-Type").orElse("").startsWith("text/html")) {
            throw new BankProtocolException(BANK, step, "expected the customer interface as HTML, got "
                    + resp.header("Content-Type").orElse("no Content-Type"));
        }
        return new String(resp.body(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "BelfiusClient[" + api + "]";
    }
}
