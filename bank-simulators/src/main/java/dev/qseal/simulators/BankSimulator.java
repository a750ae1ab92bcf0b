package dev.qseal.simulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.qseal.core.QsealException;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of every bank simulator: HTTPS on loopback ({@code 127.0.0.1}, ephemeral port) with the
 * JDK's {@code HttpsServer}, client authentication required on the main endpoint (only QWACs from
 * the trusted CAs pass the handshake), bounded request bodies, one {@link Observation} per request,
 * 404 for any path the bank does not serve and 500 (never a stack trace) when a handler fails.
 *
 * <p>A bank adds itself by extending this class and implementing {@link #handle}; extra endpoints
 * (another host, with or without client authentication) come from {@link #addEndpoint}. Close it to
 * free the ports.
 */
public abstract class BankSimulator implements AutoCloseable {
    /** Largest request body a simulator reads. */
    public static final int MAX_BODY = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(BankSimulator.class);

    private final String bank;
    private final SimulatorSetup setup;
    private final SSLContext tls;
    private final ExecutorService executor;
    private final Map<String, HttpsServer> servers = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Observation> observations = new ConcurrentLinkedQueue<>();

    /** Starts the main endpoint ({@code "api"}, client authentication required). */
    protected BankSimulator(String bank, SimulatorSetup setup) {
        this.bank = bank;
        this.setup = setup;
        this.tls = serverContext(setup);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "simulator-" + bank + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        addEndpoint("api", true);
    }

    /** The bank's name as it appears in observations and error bodies. */
    public final String bank() {
        return bank;
    }

    /** {@code https://127.0.0.1:PORT} of the main endpoint. */
    public final URI baseUri() {
        return endpointUri("api");
    }

    public final int port() {
        return servers.get("api").getAddress().getPort();
    }

    /** {@code https://127.0.0.1:PORT} of a named endpoint. */
    public final URI endpointUri(String name) {
        HttpsServer s = servers.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no endpoint named " + name);
        }
        return URI.create("https://127.0.0.1:" + s.getAddress().getPort());
    }

    /** The clock the simulator checks time against. */
    protected final Clock clock() {
        return setup.clock();
    }

    protected final SimulatorSetup setup() {
        return setup;
    }

    /** Every observation since the last call, oldest first. */
    public final List<Observation> drainObservations() {
        List<Observation> out = new ArrayList<>();
        Observation o;
        while ((o = observations.poll()) != null) {
            out.add(o);
        }
        return out;
    }

    /**
     * Starts another HTTPS endpoint on its own port (e.g. a web-banking host that needs no client
     * certificate). Call from the constructor of a subclass.
     */
    protected final URI addEndpoint(String name, boolean clientAuthentication) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    p.setNeedClientAuth(clientAuthentication);
                    params.setSSLParameters(p);
                }
            });
            server.createContext("/", exchange -> serve(name, exchange));
            server.setExecutor(executor);
            server.start();
            servers.put(name, server);
            return endpointUri(name);
        } catch (IOException e) {
            throw new QsealException("cannot start the " + bank + " simulator on loopback: " + e.getMessage(), e);
        }
    }

    /**
     * Answers one request. Unknown paths: return {@link #notFound(SimulatorRequest)}. Note each
     * rule checked with {@link SimulatorRequest#checked(String)}.
     */
    protected abstract SimulatorResponse handle(SimulatorRequest request);

    /** The bank's answer for a path it does not serve. */
    protected SimulatorResponse notFound(SimulatorRequest request) {
        request.checked("no such endpoint");
        return SimulatorResponse.json(404, "{\"message\":\"Not Found\"}");
    }

    private void serve(String endpoint, HttpExchange exchange) throws IOException {
        try (exchange) {
            X509Certificate peer = null;
            if (exchange instanceof HttpsExchange) {
                try {
                    Certificate[] certs = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
                    peer = certs.length > 0 ? (X509Certificate) certs[0] : null;
                } catch (SSLPeerUnverifiedException e) {
                    peer = null;
                }
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            SimulatorResponse response;
            SimulatorRequest request = null;
            if (body.length > MAX_BODY) {
                response = SimulatorResponse.json(413, "{\"message\":\"request body larger than " + MAX_BODY + " bytes\"}");
            } else {
                Headers headers = Headers.empty();
                for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
                    for (String v : e.getValue()) {
                        headers = headers.with(e.getKey(), v);
                    }
                }
                HttpRequest.Builder view = HttpRequest.builder(exchange.getRequestMethod(), target).headers(headers);
                if (body.length > 0) {
                    view.body(body);
                }
                request = new SimulatorRequest(endpoint, view.build(), peer);
                try {
                    response = handle(request);
                } catch (RuntimeException e) {
                    LOG.debug("{} simulator failed on {} {}: {}", bank, exchange.getRequestMethod(), request.shownTarget(), e.toString());
                    response = SimulatorResponse.json(500, "{\"message\":\"Internal Server Error\"}");
                }
            }
            observations.add(new Observation(bank, exchange.getRequestMethod(),
                    request == null ? exchange.getRequestURI().getRawPath() : request.shownTarget(), response.status(),
                    request == null ? List.of("body too large") : request.checks()));
            for (Map.Entry<String, String> h : response.headers()) {
                exchange.getResponseHeaders().add(h.getKey(), h.getValue());
            }
            byte[] out = response.body();
            exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    private static SSLContext serverContext(SimulatorSetup setup) {
        try {
            char[] pw = "simulator".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", setup.serverKey(), pw, setup.serverChain().toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, pw);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate ca : setup.trustedClientCas()) {
                trust.setCertificateEntry("ca" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new QsealException("cannot set up the simulator's TLS: " + e.getMessage(), e);
        }
    }

    /** Stops every endpoint now. */
    @Override
    public void close() {
        for (HttpsServer s : servers.values()) {
            s.stop(0);
        }
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return bank + " simulator at " + baseUri();
    }
}
