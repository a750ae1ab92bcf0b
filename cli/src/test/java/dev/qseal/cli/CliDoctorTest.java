package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code qseal doctor KEYREF}: end-to-end checks of file and SoftHSM keys, certificate validity and PSD2 roles. */
@ExtendWith(SoftHsmExtension.class)
class CliDoctorTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    static Path dir;
    static TestCertificates psd2Rsa;
    static TestCertificates plainEc;

    @BeforeAll
    static void keys() throws Exception {
        psd2Rsa = TestCertificates.write(dir, "psd2-rsa", TestCertificates.rsa(), new BigInteger("8123456789ABCDEF01", 16),
                NOW.minus(10, ChronoUnit.DAYS), NOW.plus(400, ChronoUnit.DAYS), "PSP_AI", "PSP_PI");
        plainEc = TestCertificates.write(dir, "plain-ec", TestCertificates.ec(), BigInteger.valueOf(0x123),
                NOW.minus(10, ChronoUnit.DAYS), NOW.plus(20, ChronoUnit.DAYS));
    }

    static CliRun doctor(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "doctor";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(all);
    }

    static boolean hasLine(CliRun r, String prefix) {
        return r.out.lines().anyMatch(l -> l.startsWith(prefix));
    }

    @Test
    void aHealthyFileKeyPassesEveryCheckAndShowsItsPsd2Roles() {
        CliRun r = doctor(psd2Rsa.ref(), "--now", NOW.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(hasLine(r, "Check: open ok"), r.out);
        assertTrue(r.out.contains("Crypto-Provider: AmazonCorrettoCryptoProvider") || r.out.contains("Crypto-Provider: JDK providers"), r.out);
        for (String alg : new String[] {"RSA_PKCS1_SHA256", "RSA_PSS_SHA256", "RSA_PSS_SHA512"}) {
            String provider = SignatureAlgorithm.RSA_PKCS1_SHA256.newJcaSignature().getProvider().getName(); // ACCP or SunRsaSign
            assertTrue(hasLine(r, "Check: sign-verify " + alg + " ok - verified with " + provider), alg + "\n" + r.out);
        }
        assertTrue(hasLine(r, "Check: jca SHA256withRSA ok - Signature.getInstance(\"SHA256withRSA\") chose provider QSeal"), r.out);
        assertTrue(hasLine(r, "Backend: SoftwareSigningKey (file:)"), r.out);
        assertTrue(hasLine(r, "Certificate-Serial: 8123456789ABCDEF01"), r.out);
        assertTrue(hasLine(r, "Certificate-Days-Left: 400"), r.out);
        assertTrue(hasLine(r, "Check: certificate-key ok"), r.out);
        assertTrue(hasLine(r, "Check: certificate-validity ok"), r.out);
        assertTrue(hasLine(r, "PSD2-Roles: PSP_AI, PSP_PI"), r.out);
        assertTrue(hasLine(r, "PSD2-NCA: National Bank of Belgium (BE-NBB)"), r.out);
        assertTrue(r.out.endsWith("Result: ok\n"), r.out);
        assertEquals("", r.err);
    }

    @Test
    void versionNamesTheCryptoProviderInUse() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("Crypto-Provider: " + dev.qseal.core.key.CryptoProviders.describe()), r.out);
    }

    @Test
    void aCertificateExpiringWithinThirtyDaysWarnsButPasses() {
        CliRun r = doctor(plainEc.ref(), "--now", NOW.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(hasLine(r, "Check: certificate-validity warning - expires in 20 days"), r.out);
        assertTrue(hasLine(r, "PSD2-Roles: none"), r.out);
        assertTrue(hasLine(r, "Curve: P-256"), r.out);
        assertTrue(hasLine(r, "Check: jca SHA256withECDSA ok"), r.out);
        assertTrue(r.err.contains("qseal: warning: certificate-validity: expires in 20 days"), r.err);
        // with a lower threshold there is nothing to warn about
        CliRun quiet = doctor(plainEc.ref(), "--now", NOW.toString(), "--warn-days", "7");
        assertEquals(0, quiet.code, quiet.toString());
        assertEquals("", quiet.err);
    }

    @Test
    void anExpiredOrNotYetValidCertificateFails() {
        CliRun expired = doctor(plainEc.ref(), "--now", NOW.plus(21, ChronoUnit.DAYS).toString());
        assertEquals(1, expired.code, expired.toString());
        assertTrue(hasLine(expired, "Check: certificate-validity FAILED - expired on"), expired.out);
        assertTrue(hasLine(expired, "Result: failed (certificate-validity)"), expired.out);
        assertTrue(expired.err.contains("1 check(s) failed: certificate-validity"), expired.err);

        CliRun early = doctor(plainEc.ref(), "--now", NOW.minus(11, ChronoUnit.DAYS).toString());
        assertEquals(1, early.code, early.toString());
        assertTrue(hasLine(early, "Check: certificate-validity FAILED - not valid before"), early.out);
    }

    @Test
    void aKeyThatCannotBeOpenedFailsTheOpenCheck() {
        CliRun r = doctor("file:" + dir.resolve("missing.pem"));
        assertEquals(1, r.code, r.toString());
        assertTrue(hasLine(r, "Check: open FAILED - ") && r.out.contains("missing.pem"), r.out);
        CliRun wrongCert = doctor("file:" + psd2Rsa.keyFile, "--cert", plainEc.certFile.toString());
        assertEquals(1, wrongCert.code, wrongCert.toString());
        assertTrue(hasLine(wrongCert, "Check: open FAILED"), wrongCert.out);
    }

    @Test
    void badInputExitsTwo() {
        assertEquals(2, doctor("not a key reference").code);
        CliRun badNow = doctor(psd2Rsa.ref(), "--now", "yesterday");
        assertEquals(2, badNow.code, badNow.toString());
        assertTrue(badNow.err.contains("--now"), badNow.err);
        CliRun badCert = doctor("file:" + psd2Rsa.keyFile, "--cert", dir.resolve("nope.pem").toString());
        assertEquals(2, badCert.code, badCert.toString());
    }

    @Test
    void aSoftHsmKeyShowsItsBackendAndSessions(SoftHsmToken t) {
        CliRun r = doctor(t.uri(SoftHsmToken.EC));
        assertEquals(0, r.code, r.toString());
        assertTrue(hasLine(r, "Backend: Pkcs11SigningKey (pkcs11:)"), r.out);
        assertTrue(hasLine(r, "Pkcs11-Module: " + t.modulePath()), r.out);
        assertTrue(r.out.lines().anyMatch(l -> l.matches("Pkcs11-Sessions: \\d+ open, at most \\d+")), r.out);
        assertTrue(hasLine(r, "Check: sign-verify ECDSA_P256_SHA256 ok"), r.out);
        assertTrue(hasLine(r, "Check: jca SHA256withECDSA ok"), r.out);
        assertFalse(r.out.contains("pin-value=" + t.userPin()) || r.err.contains(t.userPin()), r.toString());

        CliRun bare = doctor(t.uri(SoftHsmToken.RSA_BARE), "--cert", t.certFile(SoftHsmToken.RSA_BARE).toString());
        assertEquals(0, bare.code, bare.toString());
        assertTrue(hasLine(bare, "Check: certificate-key ok"), bare.out);
    }
}
