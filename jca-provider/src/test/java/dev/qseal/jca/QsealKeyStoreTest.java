package dev.qseal.jca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Provider;
import java.security.Security;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QsealKeyStoreTest {
    static Fixtures f;

    @BeforeAll
    static void setUp() {
        f = Fixtures.get();
    }

    private static KeyStore empty() throws Exception {
        KeyStore ks = KeyStore.getInstance("QSEAL");
        ks.load(null, null);
        return ks;
    }

    private static KeyStore listing(String text) throws Exception {
        KeyStore ks = KeyStore.getInstance("QSEAL");
        ks.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
        return ks;
    }

    @Test
    void providerIsFoundByServiceLoaderAndByNameOnceAdded() throws Exception {
        boolean found = false;
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p instanceof QsealProvider && "QSeal".equals(p.getName())) {
                found = true;
            }
        }
        assertTrue(found, "META-INF/services/java.security.Provider names QsealProvider");
        Provider p = Security.getProvider("QSeal");
        assertInstanceOf(QsealProvider.class, p);
        Provider[] all = Security.getProviders();
        assertSame(p, all[all.length - 1], "added at the end of the list");
        assertEquals("QSeal", KeyStore.getInstance("QSEAL", "QSeal").getProvider().getName());
        assertEquals("QSeal", KeyStore.getInstance("QSEAL", new QsealProvider()).getProvider().getName());
        assertEquals("QSeal", KeyStore.getInstance("qseal").getProvider().getName());
    }

    @Test
    void anyKeyRefIsAnAliasAfterLoadingNothing() throws Exception {
        KeyStore ks = empty();
        assertEquals(0, ks.size());
        assertFalse(ks.aliases().hasMoreElements());

        Key key = ks.getKey(f.rsaRef(), null);
        QsealRsaPrivateKey rsa = assertInstanceOf(QsealRsaPrivateKey.class, key);
        assertEquals("RSA", rsa.getAlgorithm());
        assertNull(rsa.getEncoded(), "no key material");
        assertNull(rsa.getFormat());
        X509Certificate cert = Fixtures.readCertificate(f.rsaCert);
        assertEquals(((RSAPublicKey) cert.getPublicKey()).getModulus(), rsa.getModulus());
        assertSame(key, ks.getKey(f.rsaRef(), null), "resolved once, then cached");

        Certificate[] chain = ks.getCertificateChain(f.rsaRef());
        assertEquals(1, chain.length);
        assertEquals(cert, chain[0]);
        assertEquals(cert, ks.getCertificate(f.rsaRef()));
        assertTrue(ks.isKeyEntry(f.rsaRef()));
        assertFalse(ks.isCertificateEntry(f.rsaRef()));
        assertTrue(ks.containsAlias(f.rsaRef()));
        assertEquals(f.rsaRef(), ks.getCertificateAlias(cert));
        assertNotNull(ks.getCreationDate(f.rsaRef()));

        QsealEcPrivateKey ec = assertInstanceOf(QsealEcPrivateKey.class, ks.getKey(f.ecRef(), null));
        assertEquals("EC", ec.getAlgorithm());
        assertEquals(((ECPublicKey) Fixtures.readCertificate(f.ecCert).getPublicKey()).getParams().getOrder(),
                ec.getParams().getOrder());
        // certificate chain without getKey first (resolved on demand)
        assertEquals(Fixtures.readCertificate(f.ecCert), empty().getCertificateChain(f.ecRef())[0]);
    }

    @Test
    void unknownAliasesAreAbsentNotErrors() throws Exception {
        KeyStore ks = empty();
        assertNull(ks.getKey("seal", null), "not a key reference: no such alias");
        assertNull(ks.getCertificateChain("seal"));
        assertNull(ks.getCertificate("file:/no/such/key.pem"));
        assertFalse(ks.containsAlias("file:/no/such/key.pem"));
        assertFalse(ks.isKeyEntry("seal"));
        assertNull(ks.getCertificateChain(f.edRef()), "a key without certificate has no chain");
        assertTrue(ks.isKeyEntry(f.edRef()));
    }

    @Test
    void aStreamListsOneKeyRefPerLineIgnoringBlanksAndComments() throws Exception {
        String text = "# client keys for mutual TLS\n\n  " + f.rsaRef() + "  \n# the EC one\n" + f.ecRef() + "\r\n\n";
        KeyStore ks = listing(text);
        assertEquals(List.of(f.rsaRef(), f.ecRef()), Collections.list(ks.aliases()));
        assertEquals(2, ks.size());
        assertInstanceOf(QsealRsaPrivateKey.class, ks.getKey(f.rsaRef(), null));
        KeyStore.PrivateKeyEntry e = (KeyStore.PrivateKeyEntry) ks.getEntry(f.ecRef(), new KeyStore.PasswordProtection(null));
        assertEquals(Fixtures.readCertificate(f.ecCert), e.getCertificate());
        assertInstanceOf(QsealEcPrivateKey.class, e.getPrivateKey());
        assertTrue(ks.entryInstanceOf(f.ecRef(), KeyStore.PrivateKeyEntry.class));
        // a KeyRef that is not listed still resolves
        assertNotNull(ks.getKey(f.edRef(), null));
    }

    @Test
    void aLineThatIsNotAKeyRefFailsTheLoadWithItsLineNumberAndNoSecret() throws Exception {
        KeyStore ks = KeyStore.getInstance("QSEAL");
        IOException e = assertThrows(IOException.class, () -> ks.load(new ByteArrayInputStream(
                ("# ok\n" + f.rsaRef() + "\nnot-a-ref-s3cr3t-pin\n").getBytes(StandardCharsets.UTF_8)), null));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertFalse(Fixtures.allMessages(e).contains("s3cr3t"), Fixtures.allMessages(e));
        IOException unknown = assertThrows(IOException.class, () -> ks.load(new ByteArrayInputStream(
                "nosuchscheme:/x?pin-value=s3cr3t".getBytes(StandardCharsets.UTF_8)), null));
        assertTrue(unknown.getMessage().contains("nosuchscheme"), unknown.getMessage());
        assertFalse(Fixtures.allMessages(unknown).contains("s3cr3t"));
    }

    @Test
    void theKeyStoreIsReadOnly() throws Exception {
        KeyStore ks = empty();
        Key key = ks.getKey(f.rsaRef(), null);
        Certificate[] chain = ks.getCertificateChain(f.rsaRef());
        KeyStoreException e = assertThrows(KeyStoreException.class, () -> ks.setKeyEntry("x", key, null, chain));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertThrows(KeyStoreException.class, () -> ks.setKeyEntry("x", new byte[16], chain));
        assertThrows(KeyStoreException.class, () -> ks.setCertificateEntry("x", chain[0]));
        assertThrows(KeyStoreException.class, () -> ks.deleteEntry(f.rsaRef()));
        assertThrows(KeyStoreException.class, () -> ks.setEntry("x", new KeyStore.TrustedCertificateEntry(chain[0]), null));
        assertThrows(IOException.class, () -> ks.store(new ByteArrayOutputStream(), null));
    }

    @Test
    void aFailingAliasWithASecretNeverShowsTheSecret() throws Exception {
        KeyStore ks = empty();
        String alias = "file:" + f.dir.resolve("missing.pem") + "?pin-value=s3cr3t-1234&password=hunter2";
        UnrecoverableKeyException e = assertThrows(UnrecoverableKeyException.class, () -> ks.getKey(alias, null));
        String all = Fixtures.allMessages(e);
        assertFalse(all.contains("s3cr3t-1234"), all);
        assertFalse(all.contains("hunter2"), all);
        assertTrue(all.contains("***"), "the reference is shown redacted: " + all);
        assertNull(ks.getCertificateChain(alias));
        assertFalse(ks.isKeyEntry(alias));
    }

    @Test
    void theGetKeyPasswordIsTheSecretOfAReferenceThatNamesNone() throws Exception {
        KeyStore ks = empty();
        String alias = "file:" + f.rsaEncryptedKey;
        char[] right = Fixtures.ENCRYPTED_KEY_PASSWORD.toCharArray();
        UnrecoverableKeyException none = assertThrows(UnrecoverableKeyException.class, () -> ks.getKey(alias, null));
        assertTrue(none.getMessage().contains("encrypted"), none.getMessage());
        UnrecoverableKeyException wrong = assertThrows(UnrecoverableKeyException.class, () -> ks.getKey(alias, "wrong-pw".toCharArray()));
        assertFalse(Fixtures.allMessages(wrong).contains("wrong-pw"));
        QsealRsaPrivateKey key = assertInstanceOf(QsealRsaPrivateKey.class, ks.getKey(alias, right));
        assertArrayEquals(Fixtures.ENCRYPTED_KEY_PASSWORD.toCharArray(), right, "the caller's array is not zeroed");
        assertSame(key, ks.getKey(alias, Fixtures.ENCRYPTED_KEY_PASSWORD.toCharArray()), "same password: cached key");
        assertThrows(UnrecoverableKeyException.class, () -> ks.getKey(alias, "wrong-pw".toCharArray()),
                "a key opened with a password is not handed out for another one");
        assertThrows(UnrecoverableKeyException.class, () -> ks.getKey(alias, null));
    }
}
