package dev.qseal.banks;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request/response a flow exchanged with a bank, as recorded: secrets (tokens, codes,
 * passwords, cookies) already replaced by {@value #REDACTED}. Immutable.
 */
public final class Exchange {
    /** What stands in for a secret value. */
    public static final String REDACTED = "[redacted]";

    private final String bank;
    private final String step;
    private final String method;
    private final String url;
    private final List<Map.Entry<String, String>> requestHeaders;
    private final String requestBody;
    private final int status;
    private final List<Map.Entry<String, String>> responseHeaders;
    private final String responseBody;

    public Exchange(String bank, String step, String method, String url, List<Map.Entry<String, String>> requestHeaders,
            String requestBody, int status, List<Map.Entry<String, String>> responseHeaders, String responseBody) {
        this.bank = Objects.requireNonNull(bank);
        this.step = Objects.requireNonNull(step);
        this.method = Objects.requireNonNull(method);
        this.url = Objects.requireNonNull(url);
        this.requestHeaders = List.copyOf(requestHeaders);
        this.requestBody = Objects.requireNonNull(requestBody);
        this.status = status;
        this.responseHeaders = List.copyOf(responseHeaders);
        this.responseBody = Objects.requireNonNull(responseBody);
    }

    public String bank() {
        return bank;
    }

    public String step() {
        return step;
    }

    public String method() {
        return method;
    }

    /** The full URL called, with secret query values redacted. */
    public String url() {
        return url;
    }

    public List<Map.Entry<String, String>> requestHeaders() {
        return requestHeaders;
    }

    public String requestBody() {
        return requestBody;
    }

    /** The status the bank answered. */
    public int status() {
        return status;
    }

    public List<Map.Entry<String, String>> responseHeaders() {
        return responseHeaders;
    }

    public String responseBody() {
        return responseBody;
    }

    /** The exchange as HTTP-like text: request line, headers, body; a blank line; status, headers, body. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(url).append('\n');
        for (Map.Entry<String, String> h : requestHeaders) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append('\n');
        }
        if (!requestBody.isEmpty()) {
            sb.append('\n').append(requestBody).append('\n');
        }
        sb.append("\nHTTP ").append(status).append('\n');
        for (Map.Entry<String, String> h : responseHeaders) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append('\n');
        }
        if (!responseBody.isEmpty()) {
            sb.append('\n').append(responseBody).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return bank + " " + step + ": " + method + " " + url + " -> " + status;
    }
}
