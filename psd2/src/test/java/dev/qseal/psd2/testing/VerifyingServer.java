package dev.qseal.psd2.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.qseal.core.RequestVerifier;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.verify.VerificationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A plain HTTP server on loopback (the JDK's) that verifies every request it receives with a
 * {@link RequestVerifier} and answers 200 {@code VALID} or 401 with the failure. Each request is
 * recorded (the qseal view, with the body as received) for the test to inspect.
 */
public final class VerifyingServer implements AutoCloseable {
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private final HttpServer server;
    private final RequestVerifier verifier;
    private final List<HttpRequest> received = new CopyOnWriteArrayList<>();
    private final List<VerificationResult> results = new CopyOnWriteArrayList<>();

    private VerifyingServer(RequestVerifier verifier) throws IOException {
        this.verifier = verifier;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    public static VerifyingServer start(RequestVerifier verifier) throws IOException {
        return new VerifyingServer(verifier);
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    public List<HttpRequest> received() {
        return received;
    }

    public List<VerificationResult> results() {
        return results;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            HttpRequest.Builder b = HttpRequest.builder(ex.getRequestMethod(), ex.getRequestURI().toString());
            for (Map.Entry<String, List<String>> e : ex.getRequestHeaders().entrySet()) {
                for (String v : e.getValue()) {
                    b.header(e.getKey(), v);
                }
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(MAX_BODY);
            }
            b.body(body);
            HttpRequest request = b.build();
            VerificationResult r = verifier.verify(request);
            received.add(request);
            results.add(r);
            byte[] answer = r.toString().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(r.isValid() ? 200 : 401, answer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
