package dev.qseal.kms.testing;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;

/**
 * A stand-in's JDK HTTP(S) server on loopback, on a free port, its exchanges run by
 * {@link StandInExchanges} (so with the stand-in's injected latency); the one home of what every
 * stand-in does the same way: start, answer with a body, stop.
 */
final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final StandInExchanges exchanges;

    private LoopbackServer(HttpServer server, String name, LongSupplier latencyMillis) {
        this.server = server;
        this.exchanges = new StandInExchanges(name, latencyMillis);
        server.setExecutor(exchanges);
    }

    /** A started plain-HTTP server answering {@code context} with {@code handler}. */
    static LoopbackServer http(String name, LongSupplier latencyMillis, String context, HttpHandler handler) throws IOException {
        LoopbackServer s = new LoopbackServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
                name, latencyMillis);
        s.createContext(context, handler);
        s.server.start();
        return s;
    }

    /** A started HTTPS server with {@code tls}'s key and certificate answering {@code context} with {@code handler}. */
    static LoopbackServer https(String name, SSLContext tls, LongSupplier latencyMillis, String context, HttpHandler handler)
            throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        LoopbackServer s = new LoopbackServer(https, name, latencyMillis);
        s.createContext(context, handler);
        s.server.start();
        return s;
    }

    /** Answers {@code path} and below with {@code handler} too (a server may gain contexts while it runs). */
    HttpContext createContext(String path, HttpHandler handler) {
        return server.createContext(path, handler);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Sends {@code body} (UTF-8) with status {@code status} and {@code contentType}, and ends the exchange. */
    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        send(ex, status, contentType, body, 0);
    }

    /** As {@link #send(HttpExchange, int, String, String)}, after {@code padding} leading spaces (an oversized answer). */
    static void send(HttpExchange ex, int status, String contentType, String body, int padding) throws IOException {
        send(ex, status, contentType, padded(body, padding), padding > 0);
    }

    /** {@code body} (UTF-8) after {@code padding} leading spaces: still valid JSON, but as large as asked. */
    static byte[] padded(String body, int padding) {
        return (" ".repeat(Math.max(0, padding)) + body).getBytes(StandardCharsets.UTF_8);
    }

    /** Sends {@code b}; chunked (no Content-Length) when asked, so a client cannot refuse it by its length. */
    static void send(HttpExchange ex, int status, String contentType, byte[] b, boolean chunked) throws IOException {
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(status, chunked ? 0 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        exchanges.close();
    }
}
