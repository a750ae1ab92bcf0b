package dev.qseal.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutual TLS with {@code java.net.http.HttpClient} and OkHttp: a loopback HTTPS server that requires
 * a client certificate answers with the subject it saw; the client's key managers are the JDK's {@code PKIX}
 * over the QSEAL key store (a PEM file key, a SoftHSM key), with QSeal at the end of the provider
 * list and installed first.
 */
@ExtendWith(SoftHsmExtension.class)
class HttpClientMutualTlsTest {

    /** What a client does against the server: GETs the URL, returns the response body. */
    interface Client {
        String get(String keyRef, URI uri) throws Exception;
    }

    static final Client JAVA_HTTP_CLIENT = (keyRef, uri) -> {
        HttpClient client = HttpClient.newBuilder().sslContext(MutualTlsTest.clientContext(keyRef + "\n", "PKIX"))
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    };

    static final Client OKHTTP = (keyRef, uri) -> {
        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient.Builder()
                .sslSocketFactory(MutualTlsTest.clientContext(keyRef + "\n", "PKIX").getSocketFactory(),
                        MutualTlsTest.clientTrustManager())
                .callTimeout(Duration.ofSeconds(60)).build();
        try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder().url(uri.toURL()).build()).execute()) {
            assertEquals(200, r.code());
            return r.body().string();
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    };

    /** GETs /whoami with the QSeal key managers; returns what the server says the client certificate was. */
    static String whoami(String keyRef, X509Certificate clientCert) throws Exception {
        return whoami(JAVA_HTTP_CLIENT, keyRef, clientCert);
    }

    static String whoami(Client client, String keyRef, X509Certificate clientCert) throws Exception {
        SSLContext serverCtx = MutualTlsTest.serverContext(List.of(clientCert));
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverCtx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = serverCtx.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/whoami", exchange -> {
            X509Certificate peer = (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
            byte[] body = peer.getSubjectX500Principal().getName().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            return client.get(keyRef, URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/whoami"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void httpClientAuthenticatesWithAQsealFileKey() throws Exception {
        Fixtures f = Fixtures.get();
        X509Certificate cert = Fixtures.readCertificate(f.rsaCert);
        assertEquals(cert.getSubjectX500Principal().getName(), whoami(f.rsaRef(), cert));
        X509Certificate ec = Fixtures.readCertificate(f.ecCert);
        assertEquals(ec.getSubjectX500Principal().getName(), whoami(f.ecRef(), ec));
    }

    @Test
    void httpClientAuthenticatesWithASoftHsmKey(SoftHsmToken t) throws Exception {
        Fixtures.get();
        X509Certificate cert = Fixtures.readCertificate(t.certFile(SoftHsmToken.RSA));
        assertEquals(cert.getSubjectX500Principal().getName(), whoami(t.uri(SoftHsmToken.RSA), cert));
    }

    @Test
    void okHttpAuthenticatesWithAQsealFileKeyAndASoftHsmKey(SoftHsmToken t) throws Exception {
        Fixtures f = Fixtures.get();
        X509Certificate cert = Fixtures.readCertificate(f.ecCert);
        assertEquals(cert.getSubjectX500Principal().getName(), whoami(OKHTTP, f.ecRef(), cert));
        X509Certificate hsm = Fixtures.readCertificate(t.certFile(SoftHsmToken.RSA));
        assertEquals(hsm.getSubjectX500Principal().getName(), whoami(OKHTTP, t.uri(SoftHsmToken.RSA), hsm));
    }

    @Test
    void httpClientAuthenticatesWithQsealInstalledFirst(SoftHsmToken t) throws Exception {
        Fixtures f = Fixtures.get();
        QsealProvider.installFirst();
        try {
            X509Certificate cert = Fixtures.readCertificate(f.rsaCert);
            assertEquals(cert.getSubjectX500Principal().getName(), whoami(f.rsaRef(), cert));
            X509Certificate ec = Fixtures.readCertificate(t.certFile(SoftHsmToken.EC));
            assertEquals(ec.getSubjectX500Principal().getName(), whoami(t.uri(SoftHsmToken.EC), ec));
        } finally {
            Security.removeProvider(QsealProvider.NAME);
            Security.addProvider(new QsealProvider());
        }
    }
}
