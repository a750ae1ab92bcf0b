package dev.qseal.core.key;

import static dev.qseal.core.key.Tools.openssl;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificatesTest {
    @TempDir
    static Path d;
    static byte[] rsaSpki;
    static byte[] ecSpki;

    @BeforeAll
    static void generate() throws IOException {
        openssl(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa.key", "-subj", "/CN=rsa",
                "-days", "30", "-out", "rsa.pem");
        openssl(d, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes", "-keyout", "ec.key",
                "-subj", "/CN=ec", "-days", "30", "-out", "ec.pem");
        openssl(d, "x509", "-in", "rsa.pem", "-outform", "DER", "-out", "rsa.der");
        openssl(d, "x509", "-in", "ec.pem", "-outform", "DER", "-out", "ec.der");
        openssl(d, "x509", "-in", "rsa.pem", "-addtrust", "clientAuth", "-out", "rsa-trusted.pem");
        openssl(d, "pkey", "-in", "rsa.key", "-pubout", "-out", "rsa-spki.pem");
        openssl(d, "pkey", "-in", "rsa.key", "-pubout", "-outform", "DER", "-out", "rsa-spki.der");
        openssl(d, "rsa", "-in", "rsa.key", "-RSAPublicKey_out", "-out", "rsa-pkcs1-pub.pem");
        openssl(d, "rsa", "-in", "rsa.key", "-RSAPublicKey_out", "-outform", "DER", "-out", "rsa-pkcs1-pub.der");
        openssl(d, "pkey", "-in", "ec.key", "-pubout", "-out", "ec-spki.pem");
        Tools.cat(d.resolve("bundle.pem"), d.resolve("rsa.pem"), d.resolve("ec.pem"));
        // OpenSSL's pkcs12 -nokeys output puts "Bag Attributes" text before each block.
        Files.writeString(d.resolve("with-text.pem"), "Bag Attributes\n    friendlyName: seal\nsubject=/CN=rsa\n"
                + Files.readString(d.resolve("rsa.pem")));
        rsaSpki = Files.readAllBytes(d.resolve("rsa-spki.der"));
        openssl(d, "pkey", "-in", "ec.key", "-pubout", "-outform", "DER", "-out", "ec-spki.der");
        ecSpki = Files.readAllBytes(d.resolve("ec-spki.der"));
    }

    @Test
    void loadsPemBundleInFileOrder() {
        List<X509Certificate> certs = Certificates.load(d.resolve("bundle.pem"));
        assertEquals(2, certs.size());
        assertEquals("CN=rsa", certs.get(0).getSubjectX500Principal().getName());
        assertEquals("CN=ec", certs.get(1).getSubjectX500Principal().getName());
        assertArrayEquals(rsaSpki, certs.get(0).getPublicKey().getEncoded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa.der", "rsa.pem", "with-text.pem", "rsa-trusted.pem"})
    void loadsASingleCertificate(String file) throws Exception {
        List<X509Certificate> certs = Certificates.load(d.resolve(file));
        assertEquals(1, certs.size());
        assertArrayEquals(Files.readAllBytes(d.resolve("rsa.der")), certs.get(0).getEncoded());
    }

    @Test
    void keyFileWithoutCertificateIsBadInputNamingIt() {
        BadInputException e = assertThrows(BadInputException.class, () -> Certificates.load(d.resolve("rsa.key")));
        assertTrue(e.getMessage().contains(d.resolve("rsa.key").toString()), e.getMessage());
    }

    @Test
    void garbageIsBadInputNamingIt() throws IOException {
        Path p = Files.write(d.resolve("garbage.bin"), new byte[] {0x30, 0x03, 0x01, 0x02});
        BadInputException e = assertThrows(BadInputException.class, () -> Certificates.load(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void missingFileIsKeyNotFoundNamingIt() {
        Path p = d.resolve("absent.pem");
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class, () -> Certificates.load(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertThrows(KeyNotFoundException.class, () -> Certificates.loadPublicKey(p));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-spki.pem", "rsa-spki.der", "rsa-pkcs1-pub.pem", "rsa-pkcs1-pub.der", "rsa.pem", "rsa.der"})
    void loadsRsaPublicKeyFromEveryForm(String file) {
        PublicKey key = Certificates.loadPublicKey(d.resolve(file));
        assertEquals("RSA", key.getAlgorithm());
        assertArrayEquals(rsaSpki, key.getEncoded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec-spki.pem", "ec.pem", "ec.der"})
    void loadsEcPublicKey(String file) {
        PublicKey key = Certificates.loadPublicKey(d.resolve(file));
        assertEquals(KeyType.EC_P384, KeyType.of(key));
        assertArrayEquals(ecSpki, key.getEncoded());
    }

    @Test
    void privateKeyIsNotAPublicKey() {
        BadInputException e = assertThrows(BadInputException.class, () -> Certificates.loadPublicKey(d.resolve("rsa.key")));
        assertTrue(e.getMessage().contains(d.resolve("rsa.key").toString()), e.getMessage());
    }
}
