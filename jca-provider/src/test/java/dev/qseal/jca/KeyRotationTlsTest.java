package dev.qseal.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QSealC rotation under a running client: one {@code SSLContext} (JDK {@code PKIX} key managers over the
 * QSEAL key store) does a mutual-TLS handshake, the key and certificate files are replaced, and the next
 * handshake of the same context presents the new certificate.
 */
class KeyRotationTlsTest {
    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    @Test
    void theSameSslContextPresentsTheNewCertificateAfterTheFilesAreReplaced() throws Exception {
        Fixtures.get();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair first = rsa.generateKeyPair();
        KeyPair second = rsa.generateKeyPair();
        X509Certificate firstCert = Fixtures.certificate(first, "CN=QSeal rotation before", "SHA256withRSA");
        X509Certificate secondCert = Fixtures.certificate(second, "CN=QSeal rotation after", "SHA256withRSA");
        Path key = dir.resolve("seal.key.pem");
        Path cert = dir.resolve("seal.cert.pem");
        write(key, cert, first, firstCert);
        List<X509Certificate> trusted = List.of(firstCert, secondCert);

        String previous = System.setProperty(QsealKeyStore.RELOAD_CHECK_PROPERTY, "PT0S");
        SSLContext client;
        try {
            client = MutualTlsTest.clientContext("file:" + key + "?cert=" + cert + "\n", "PKIX");
        } finally {
            if (previous == null) {
                System.clearProperty(QsealKeyStore.RELOAD_CHECK_PROPERTY);
            } else {
                System.setProperty(QsealKeyStore.RELOAD_CHECK_PROPERTY, previous);
            }
        }
        assertEquals(firstCert, handshake(client, trusted));

        write(key, cert, second, secondCert);
        assertEquals(secondCert, handshake(client, trusted));
        assertEquals(secondCert, handshake(client, trusted));
    }

    private static void write(Path key, Path cert, KeyPair pair, X509Certificate c) throws Exception {
        Path tmpKey = Fixtures.writePem(key.resolveSibling("next.key"), "PRIVATE KEY", pair.getPrivate().getEncoded());
        Path tmpCert = Fixtures.writePem(cert.resolveSibling("next.cert"), "CERTIFICATE", c.getEncoded());
        Files.move(tmpKey, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpCert, cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** One full handshake against a fresh server (no session to resume); the client certificate the server saw. */
    private static X509Certificate handshake(SSLContext client, List<X509Certificate> trusted) throws Exception {
        SSLContext serverCtx = MutualTlsTest.serverContext(trusted);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (SSLServerSocket server = (SSLServerSocket) serverCtx.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
            server.setNeedClientAuth(true);
            server.setSoTimeout(30_000);
            Future<X509Certificate> seen = POOL.submit(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(30_000);
                    s.startHandshake();
                    X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
                    s.getOutputStream().write('k');
                    s.getOutputStream().flush();
                    return peer;
                }
            });
            try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket(loopback, server.getLocalPort())) {
                c.setSoTimeout(30_000);
                c.startHandshake();
                InputStream in = c.getInputStream();
                assertEquals('k', in.read());
            }
            return seen.get(60, TimeUnit.SECONDS);
        }
    }
}
