package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.io.FileOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code qseal keys describe KEYREF}: the same facts for every key source, the serial as OpenSSL prints it. */
@ExtendWith(SoftHsmExtension.class)
class CliKeysDescribeTest {
    static final Instant NOT_AFTER = Instant.parse("2031-01-02T03:04:05Z");

    @TempDir
    static Path dir;
    static TestCertificates rsa;
    static TestCertificates ec;

    @BeforeAll
    static void keys() throws Exception {
        rsa = TestCertificates.write(dir, "describe-rsa", TestCertificates.rsa(), new BigInteger("00F1E2D3C4B5A69788", 16),
                Instant.parse("2025-01-01T00:00:00Z"), NOT_AFTER);
        ec = TestCertificates.write(dir, "describe-ec", TestCertificates.ec(), BigInteger.valueOf(0xABC),
                Instant.parse("2025-01-01T00:00:00Z"), NOT_AFTER);
    }

    static String line(CliRun r, String name) {
        return r.out.lines().filter(l -> l.startsWith(name + ": ")).findFirst().orElseThrow(() -> new AssertionError(name + "\n" + r))
                .substring(name.length() + 2);
    }

    static String opensslSerial(Path cert) throws Exception {
        Process p = new ProcessBuilder("openssl", "x509", "-noout", "-serial", "-in", cert.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, p.waitFor());
        assertTrue(out.startsWith("serial="), out);
        return out.substring("serial=".length());
    }

    @Test
    void aFileRsaKeyWithItsCertificate() throws Exception {
        CliRun r = CliRun.of("keys", "describe", rsa.ref());
        assertEquals(0, r.code, r.toString());
        assertEquals("RSA", line(r, "Key-Type"));
        assertEquals("2048", line(r, "Key-Size"));
        assertTrue(r.out.contains("Algorithm: RSA_PSS_SHA256 jca=RSASSA-PSS jose=PS256 "), r.out);
        assertTrue(r.out.contains("Algorithm: RSA_PKCS1_SHA256 jca=SHA256withRSA jose=RS256 cavage=rsa-sha256 rfc9421=rsa-v1_5-sha256"), r.out);
        assertEquals("CN=describe-rsa,O=QSeal Test TPP,C=BE", line(r, "Certificate-Subject"));
        assertEquals(opensslSerial(rsa.certFile), line(r, "Certificate-Serial"), "as openssl x509 -serial prints it");
        assertEquals("F1E2D3C4B5A69788", line(r, "Certificate-Serial"));
        assertEquals(NOT_AFTER.toString(), line(r, "Certificate-Not-After"));
        assertEquals("", r.err);
    }

    @Test
    void anEcKeyWithTheCertificateFromTheCommandLineAndWithout() throws Exception {
        CliRun r = CliRun.of("keys", "describe", "file:" + ec.keyFile, "--cert", ec.certFile.toString());
        assertEquals(0, r.code, r.toString());
        assertEquals("EC", line(r, "Key-Type"));
        assertEquals("P-256", line(r, "Curve"));
        assertTrue(r.out.contains("jose=ES256"), r.out);
        assertEquals(opensslSerial(ec.certFile), line(r, "Certificate-Serial"));
        assertEquals("0ABC", line(r, "Certificate-Serial"));

        CliRun bare = CliRun.of("keys", "describe", "file:" + ec.keyFile);
        assertEquals(0, bare.code, bare.toString());
        assertEquals("none", line(bare, "Certificate"));
    }

    @Test
    void aPkcs12KeyWithItsPasswordInAFile() throws Exception {
        char[] pw = "p12-secret-for-describe".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("seal", rsa.keys.getPrivate(), pw, new java.security.cert.Certificate[] {rsa.certificate});
        Path p12 = dir.resolve("describe.p12");
        try (FileOutputStream out = new FileOutputStream(p12.toFile())) {
            ks.store(out, pw);
        }
        Path pwFile = dir.resolve("p12.pw");
        Files.writeString(pwFile, new String(pw) + "\n");
        CliRun r = CliRun.of("keys", "describe", "pkcs12:" + p12 + "?alias=seal&password-file=" + pwFile);
        assertEquals(0, r.code, r.toString());
        assertEquals("F1E2D3C4B5A69788", line(r, "Certificate-Serial"));
        assertFalse(r.out.contains(new String(pw)) || r.err.contains(new String(pw)), r.toString());
        CliRun doctor = CliRun.of("doctor", "pkcs12:" + p12 + "?alias=seal&password-file=" + pwFile);
        assertEquals(0, doctor.code, doctor.toString());
    }

    @Test
    void aSoftHsmKeyDescribesLikeTheSameKeyInAFile(SoftHsmToken t) throws Exception {
        CliRun token = CliRun.of("keys", "describe", t.uri(SoftHsmToken.RSA));
        assertEquals(0, token.code, token.toString());
        assertEquals("RSA", line(token, "Key-Type"));
        assertEquals(opensslSerial(t.certFile(SoftHsmToken.RSA)), line(token, "Certificate-Serial"));
        assertFalse(token.out.contains(t.userPin()), token.out);

        CliRun missing = CliRun.of("keys", "describe", t.uri("no-such-key"));
        assertEquals(2, missing.code, missing.toString());
        assertEquals(2, CliRun.of("keys", "describe", "nonsense").code);
    }
}
