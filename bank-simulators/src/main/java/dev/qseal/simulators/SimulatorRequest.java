package dev.qseal.simulators;

import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One request as a simulator received it: the request line exactly as sent, the headers in
 * arrival order, the body (bounded), the client certificate of the TLS session if any, and the
 * endpoint it came in on. A handler notes each rule it checks with {@link #checked(String)}.
 */
public final class SimulatorRequest {
    private final String endpoint;
    private final HttpRequest view;
    private final X509Certificate clientCertificate;
    private final List<String> checks = new ArrayList<>();
    private String shownTarget;

    SimulatorRequest(String endpoint, HttpRequest view, X509Certificate clientCertificate) {
        this.endpoint = endpoint;
        this.view = view;
        this.clientCertificate = clientCertificate;
        this.shownTarget = view.target();
    }

    /** The endpoint name given to {@link BankSimulator#addEndpoint}; {@code "api"} for the main one. */
    public String endpoint() {
        return endpoint;
    }

    /** The request as qseal's verifiers see it (method, target as sent, headers, body). */
    public HttpRequest view() {
        return view;
    }

    public String method() {
        return view.method();
    }

    public String target() {
        return view.target();
    }

    /** The path part of the target, undecoded. */
    public String path() {
        String t = view.target();
        int q = t.indexOf('?');
        return q < 0 ? t : t.substring(0, q);
    }

    /** The raw query (after {@code ?}), or empty. */
    public String rawQuery() {
        String t = view.target();
        int q = t.indexOf('?');
        return q < 0 ? "" : t.substring(q + 1);
    }

    public Headers headers() {
        return view.headers();
    }

    public Optional<String> header(String name) {
        return view.headers().first(name);
    }

    public byte[] body() {
        return view.bodyBytesUnsafe().clone();
    }

    public String bodyText() {
        return new String(view.bodyBytesUnsafe(), StandardCharsets.UTF_8);
    }

    /** The QWAC the client authenticated with, when the endpoint asks for one. */
    public Optional<X509Certificate> clientCertificate() {
        return Optional.ofNullable(clientCertificate);
    }

    /** Notes a rule this request was checked against (words only: never a secret value). */
    public void checked(String rule) {
        checks.add(rule);
    }

    /** Shows another target in observations (e.g. with a one-time code left out). */
    public void showTargetAs(String target) {
        this.shownTarget = target;
    }

    List<String> checks() {
        return checks;
    }

    String shownTarget() {
        return shownTarget;
    }
}
