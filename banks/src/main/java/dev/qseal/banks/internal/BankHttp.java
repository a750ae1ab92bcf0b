package dev.qseal.banks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qseal.banks.BankConnectionException;
import dev.qseal.banks.BankProtocolException;
import dev.qseal.banks.BankRejectedException;
import dev.qseal.banks.Exchange;
import dev.qseal.banks.ExchangeRecorder;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a sealed {@link HttpRequest} view over {@code java.net.http} exactly as signed (target as
 * sent, headers in order), reads at most {@link #MAX_RESPONSE} bytes back, and hands a redacted
 * copy of the exchange to the recorder. Maps failures to the typed {@code Bank*Exception}s.
 */
public final class BankHttp {
    /** Largest response body a flow reads. */
    public static final int MAX_RESPONSE = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(BankHttp.class);
    /** Headers java.net.http sets itself (Host is set from the URI, with the same value a flow signs). */
    private static final Set<String> CLIENT_SET = Set.of("host", "content-length", "connection");

    private final String bank;
    private final ExchangeRecorder recorder;
    private final Duration timeout;

    public BankHttp(String bank, ExchangeRecorder recorder, Duration timeout) {
        this.bank = bank;
        this.recorder = recorder;
        this.timeout = timeout;
    }

    /**
     * The base a flow puts request targets after: {@code https://host[:port]} with no trailing
     * slash (a path prefix is kept). Only https is accepted: every bank call carries a QWAC or secrets.
     */
    public static URI base(URI uri) {
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null || uri.getRawQuery() != null) {
            throw new dev.qseal.core.BadInputException("a bank API base must be an https URL without query, not " + Redactor.url(uri.toString()));
        }
        String s = uri.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    public String bank() {
        return bank;
    }

    /** A response: status, headers, body (bounded). */
    public static final class Response {
        private final int status;
        private final java.net.http.HttpHeaders headers;
        private final byte[] body;

        Response(int status, java.net.http.HttpHeaders headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        /** An answer as received: what a flow reads it from (tests and fuzz targets feed answers in here). */
        public static Response of(int status, Map<String, List<String>> headers, byte[] body) {
            return new Response(status, java.net.http.HttpHeaders.of(headers, (n, v) -> true), body.clone());
        }

        public int status() {
            return status;
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public List<String> headers(String name) {
            return headers.allValues(name);
        }

        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * Sends {@code request} to {@code origin} (scheme://host:port) with {@code client}.
     * {@code recordedRequestBody}, when present, is recorded instead of the body (a flow whose body
     * holds a secret gives a rendering without it).
     */
    public Response send(String step, HttpClient client, URI origin, HttpRequest request, Optional<String> recordedRequestBody) {
        String url = origin.toString() + request.target();
        java.net.http.HttpRequest.Builder b;
        try {
            b = java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        } catch (IllegalArgumentException e) {
            throw new BankProtocolException(bank, step, "not a valid URL: " + Redactor.url(url));
        }
        for (Headers.Field f : request.headers().fields()) {
            if (!CLIENT_SET.contains(f.name().toLowerCase(Locale.ROOT))) {
                b.header(f.name(), f.value());
            }
        }
        byte[] body = request.bodyBytesUnsafe();
        b.method(request.method(), body.length == 0 ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        LOG.debug("{} {}: {} {}", bank, step, request.method(), Redactor.url(url));
        HttpResponse<InputStream> r;
        byte[] responseBody;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                responseBody = in.readNBytes(MAX_RESPONSE + 1);
            }
        } catch (IOException e) {
            throw connectionFailure(step, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BankConnectionException(bank, step, "interrupted while waiting for the bank", e);
        }
        List<Map.Entry<String, String>> sent = new ArrayList<>();
        for (Headers.Field f : request.headers().fields()) {
            sent.add(Map.entry(f.name(), Redactor.header(f.name(), f.value())));
        }
        List<Map.Entry<String, String>> received = new ArrayList<>();
        r.headers().map().forEach((name, values) -> {
            if (!name.equals(":status")) {
                values.forEach(v -> received.add(Map.entry(name, Redactor.header(name, v))));
            }
        });
        String recordedResponse = responseBody.length > MAX_RESPONSE ? "[more than " + MAX_RESPONSE + " bytes]"
                : Redactor.body(r.headers().firstValue("Content-Type").orElse(""), responseBody);
        String shownRequest = recordedRequestBody.orElseGet(
                () -> Redactor.body(request.headers().first("Content-Type").orElse(""), body));
        recorder.record(new Exchange(bank, step, request.method(), Redactor.url(url), sent, shownRequest, r.statusCode(),
                received, recordedResponse));
        LOG.debug("{} {}: answered {}", bank, step, r.statusCode());
        if (responseBody.length > MAX_RESPONSE) {
            throw new BankProtocolException(bank, step, "the answer is larger than " + MAX_RESPONSE + " bytes");
        }
        return new Response(r.statusCode(), r.headers(), responseBody);
    }

    private BankConnectionException connectionFailure(String step, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new BankConnectionException(bank, step, "the TLS handshake failed (" + t.getMessage()
                        + "): the bank refused the client certificate (QWAC), or its server certificate is not trusted", e);
            }
        }
        String m = e.getMessage();
        if (m != null && (m.toLowerCase(Locale.ROOT).contains("closed") || m.contains("received no bytes"))) {
            return new BankConnectionException(bank, step, "the bank closed the connection (" + m
                    + "); a bank that refuses the client certificate (QWAC) does this after the handshake", e);
        }
        return new BankConnectionException(bank, step, "cannot reach the bank: " + (m == null ? e.getClass().getSimpleName() : m), e);
    }

    /** The JSON object of a {@code expected}-status answer; a typed error otherwise. */
    public JsonNode expectJson(String step, Response r, int... expected) {
        expectStatus(step, r, expected);
        String ct = r.header("Content-Type").orElse("");
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(r.body);
        } catch (IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            throw new BankProtocolException(bank, step, "expected a JSON object, got " + (ct.isEmpty() ? "no Content-Type" : ct)
                    + " (" + r.body.length + " bytes) that is not one");
        }
        return n;
    }

    /** Throws a typed error unless the status is one of {@code expected}. */
    public void expectStatus(String step, Response r, int... expected) {
        for (int s : expected) {
            if (r.status == s) {
                return;
            }
        }
        if (r.status >= 400) {
            throw rejected(step, r);
        }
        throw new BankProtocolException(bank, step, "unexpected status " + r.status + " (expected " + java.util.Arrays.toString(expected) + ")");
    }

    /** The bank's refusal, with its error code and description when its body is JSON. */
    public BankRejectedException rejected(String step, Response r) {
        String code = null;
        String description = null;
        try {
            JsonNode n = Json.MAPPER.readTree(r.body);
            if (n != null && n.isObject() && n.path("errors").isArray() && n.path("errors").size() > 0) {
                n = n.path("errors").get(0);   // JSON:API (Belfius) and Berlin Group error lists
            }
            if (n != null && n.isObject()) {
                code = firstText(n, "error", "code");
                description = firstText(n, "error_description", "message", "detail", "text", "title");
            }
        } catch (IOException e) {
            description = "(the body is not JSON)";
        }
        if (description != null && description.length() > 300) {
            description = description.substring(0, 300) + "...";
        }
        return new BankRejectedException(bank, step, r.status, Optional.ofNullable(code), Optional.ofNullable(description));
    }

    private static String firstText(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && v.isValueNode()) {
                return v.asText();
            }
        }
        return null;
    }
}
