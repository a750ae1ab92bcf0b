package dev.qseal.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutual TLS on loopback: a JDK server that requires client authentication and trusts the client
 * certificates; a client whose key managers come from the QSEAL key store (file keys and SoftHSM
 * keys), over TLS 1.3 and TLS 1.2, with the SunX509 and PKIX key manager factories.
 */
@ExtendWith(SoftHsmExtension.class)
class MutualTlsTest {
    static Fixtures f;
    static ExecutorService pool;

    @BeforeAll
    static void setUp() {
        f = Fixtures.get();
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    /** A server context that requires client authentication and trusts exactly these client certificates. */
    static SSLContext serverContext(List<X509Certificate> trustedClients) throws Exception {
        Fixtures f = Fixtures.get();
        KeyStore serverKs = KeyStore.getInstance("PKCS12");
        serverKs.load(null, null);
        serverKs.setKeyEntry("server", f.serverKeys.getPrivate(), "pw".toCharArray(), new Certificate[] {f.serverCert});
        KeyManagerFactory serverKmf = KeyManagerFactory.getInstance("PKIX");
        serverKmf.init(serverKs, "pw".toCharArray());
        KeyStore serverTrust = KeyStore.getInstance("PKCS12");
        serverTrust.load(null, null);
        for (int i = 0; i < trustedClients.size(); i++) {
            serverTrust.setCertificateEntry("client" + i, trustedClients.get(i));
        }
        TrustManagerFactory serverTmf = TrustManagerFactory.getInstance("PKIX");
        serverTmf.init(serverTrust);
        SSLContext serverCtx = SSLContext.getInstance("TLS");
        serverCtx.init(serverKmf.getKeyManagers(), serverTmf.getTrustManagers(), null);
        return serverCtx;
    }

    /** A client context whose key managers come from the QSEAL key store (one KeyRef per line) and that trusts the server. */
    static SSLContext clientContext(String keyRefs, String kmfAlgorithm) throws Exception {
        KeyStore qseal = KeyStore.getInstance("QSEAL");
        qseal.load(new ByteArrayInputStream(keyRefs.getBytes(StandardCharsets.UTF_8)), null);
        KeyManagerFactory clientKmf = KeyManagerFactory.getInstance(kmfAlgorithm);
        clientKmf.init(qseal, null);
        SSLContext clientCtx = SSLContext.getInstance("TLS");
        clientCtx.init(clientKmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {clientTrustManager()}, null);
        return clientCtx;
    }

    /** The client's trust manager: trusts the test server's certificate only. */
    static javax.net.ssl.X509TrustManager clientTrustManager() throws Exception {
        KeyStore clientTrust = KeyStore.getInstance("PKCS12");
        clientTrust.load(null, null);
        clientTrust.setCertificateEntry("server", Fixtures.get().serverCert);
        TrustManagerFactory clientTmf = TrustManagerFactory.getInstance("PKIX");
        clientTmf.init(clientTrust);
        return (javax.net.ssl.X509TrustManager) clientTmf.getTrustManagers()[0];
    }

    /** Runs one handshake and line exchange; returns the client certificate the server saw. */
    static X509Certificate exchange(String keyRefs, List<X509Certificate> trustedClients, String protocol, String kmfAlgorithm)
            throws Exception {
        SSLContext serverCtx = serverContext(trustedClients);
        // the client: key managers from the QSEAL key store, one KeyRef per line
        SSLContext clientCtx = clientContext(keyRefs, kmfAlgorithm);

        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (SSLServerSocket server = (SSLServerSocket) serverCtx.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
            server.setNeedClientAuth(true);
            server.setEnabledProtocols(new String[] {protocol});
            server.setSoTimeout(30_000);
            Future<X509Certificate> seen = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(30_000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter out = new PrintWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8), true);
                    String line = in.readLine();
                    X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
                    out.println("hello " + peer.getSubjectX500Principal().getName() + " you said " + line
                            + " over " + s.getSession().getProtocol());
                    return peer;
                }
            });
            try (SSLSocket client = (SSLSocket) clientCtx.getSocketFactory().createSocket(loopback, server.getLocalPort())) {
                client.setSoTimeout(30_000);
                client.setEnabledProtocols(new String[] {protocol});
                client.startHandshake();
                PrintWriter out = new PrintWriter(new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8), true);
                out.println("ping");
                String reply = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8)).readLine();
                assertTrue(reply.startsWith("hello ") && reply.endsWith("you said ping over " + protocol), reply);
            }
            return seen.get(60, TimeUnit.SECONDS);
        }
    }

    private static void handshakes(String keyRef, X509Certificate expected) throws Exception {
        String refs = "# the client key for mutual TLS\n\n" + keyRef + "\n";
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            for (String kmf : new String[] {"SunX509", "PKIX"}) {
                assertEquals(expected, exchange(refs, List.of(expected), protocol, kmf), protocol + " " + kmf);
            }
        }
    }

    @Test
    void fileRsaKeyAuthenticatesTheClient() throws Exception {
        handshakes(f.rsaRef(), Fixtures.readCertificate(f.rsaCert));
    }

    @Test
    void fileEcKeyAuthenticatesTheClient() throws Exception {
        handshakes(f.ecRef(), Fixtures.readCertificate(f.ecCert));
    }

    @Test
    void softHsmRsaKeyAuthenticatesTheClient(SoftHsmToken t) throws Exception {
        handshakes(t.uri(SoftHsmToken.RSA), Fixtures.readCertificate(t.certFile(SoftHsmToken.RSA)));
    }

    @Test
    void softHsmEcKeyAuthenticatesTheClient(SoftHsmToken t) throws Exception {
        handshakes(t.uri(SoftHsmToken.EC), Fixtures.readCertificate(t.certFile(SoftHsmToken.EC)));
    }

    @Test
    void softHsmRsaKeyWithItsCertificateOutsideTheToken(SoftHsmToken t) throws Exception {
        handshakes(t.uri(SoftHsmToken.RSA_NO_CERT, "cert=" + t.certFile(SoftHsmToken.RSA_NO_CERT)),
                Fixtures.readCertificate(t.certFile(SoftHsmToken.RSA_NO_CERT)));
    }

    @Test
    void theServerPicksTheTrustedOneAmongSeveralListedKeys(SoftHsmToken t) throws Exception {
        X509Certificate hsmEc = Fixtures.readCertificate(t.certFile(SoftHsmToken.EC));
        String refs = f.rsaRef() + "\n# the HSM key\n" + t.uri(SoftHsmToken.EC) + "\n";
        // the server only trusts (and names as acceptable issuer) the HSM's EC certificate
        assertEquals(hsmEc, exchange(refs, List.of(hsmEc), "TLSv1.3", "PKIX"));
        assertEquals(hsmEc, exchange(refs, List.of(hsmEc), "TLSv1.2", "SunX509"));
    }
}
