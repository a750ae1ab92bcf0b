package dev.qseal.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.QsealException;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The metrics with a {@link SimpleMeterRegistry} and real keys (a PEM file key, a SoftHSM2 key). */
@ExtendWith(SoftHsmExtension.class)
class QsealMetricsTest {
    static final byte[] DATA = "POST /v1/payments".getBytes(StandardCharsets.UTF_8);
    static final Instant NOT_AFTER = Instant.parse("2027-03-01T00:00:00Z");

    @TempDir
    static Path dir;
    static String keyRef;
    static String bareKeyRef;

    @BeforeAll
    static void writeKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        Path key = pem(dir.resolve("metrics.key.pem"), "PRIVATE KEY", pair.getPrivate().getEncoded());
        X500Name name = new X500Name("CN=QSeal metrics test");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger("1A2B3C", 16),
                Date.from(NOT_AFTER.minus(365, ChronoUnit.DAYS)), Date.from(NOT_AFTER), name, pair.getPublic());
        byte[] cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()))).getEncoded();
        Path certFile = pem(dir.resolve("metrics.cert.pem"), "CERTIFICATE", cert);
        keyRef = "file:" + key + "?cert=" + certFile;
        bareKeyRef = "file:" + key;
    }

    static Path pem(Path file, String type, byte[] der) throws Exception {
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + "-----\n", StandardCharsets.US_ASCII);
        return file;
    }

    static Timer timer(SimpleMeterRegistry r, String algorithm, String operation, String outcome) {
        return r.find(QsealMetrics.SIGN).tag("algorithm", algorithm).tag("operation", operation).tag("outcome", outcome).timer();
    }

    @Test
    void signOperationsAreTimedPerAlgorithmAndOperationAndStillVerify() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SigningKey key = QsealMetrics.timed(KeySources.open(keyRef), registry)) {
            byte[] sig = key.sign(SignatureAlgorithm.RSA_PSS_SHA256, DATA);
            key.sign(SignatureAlgorithm.RSA_PSS_SHA256, DATA);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(DATA);
            byte[] pkcs1 = key.signDigest(SignatureAlgorithm.RSA_PKCS1_SHA256, digest);
            assertTrue(SignatureAlgorithm.RSA_PSS_SHA256.verify(key.publicKey(), DATA, sig));
            assertTrue(SignatureAlgorithm.RSA_PKCS1_SHA256.verify(key.publicKey(), DATA, pkcs1));

            Timer pss = timer(registry, "RSA_PSS_SHA256", "sign", "success");
            assertEquals(2, pss.count());
            assertEquals("none", pss.getId().getTag("exception"));
            assertEquals("file:" + dir.resolve("metrics.key.pem"), pss.getId().getTag("key"), "the description without its query");
            assertEquals(1, timer(registry, "RSA_PKCS1_SHA256", "sign-digest", "success").count());

            key.signAsync(SignatureAlgorithm.RSA_PKCS1_SHA512, DATA).join();
            assertEquals(1, timer(registry, "RSA_PKCS1_SHA512", "sign", "success").count(), "timed when the future completes");
            key.signDigestBatch(SignatureAlgorithm.RSA_PKCS1_SHA256, List.of(digest, digest));
            assertEquals(1, timer(registry, "RSA_PKCS1_SHA256", "sign-digest-batch", "success").count());
        }
    }

    @Test
    void aFailedSignIsTimedAsAFailureWithItsExceptionAndRethrown() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SigningKey key = QsealMetrics.timed(KeySources.open(keyRef), registry);
        QsealException e = assertThrows(QsealException.class, () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA));
        Timer failed = timer(registry, "ECDSA_P256_SHA256", "sign", "failure");
        assertEquals(1, failed.count());
        assertEquals(e.getClass().getSimpleName(), failed.getId().getTag("exception"));
        assertEquals(null, timer(registry, "ECDSA_P256_SHA256", "sign", "success"));
    }

    @Test
    void theKeyTagOfAPkcs11KeyCarriesNoPinNorAnyQueryAttribute(SoftHsmToken t) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SigningKey key = QsealMetrics.timed(KeySources.open(t.uri(SoftHsmToken.EC)), registry)) {
            key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA);
            QsealMetrics.certificateExpiry(registry, key);
        }
        assertFalse(registry.getMeters().isEmpty());
        for (Meter m : registry.getMeters()) {
            String tags = m.getId().getTags().toString();
            assertFalse(tags.contains(t.userPin()) || tags.contains("pin-value") || tags.contains("module-path"), tags);
        }
    }

    @Test
    void aPkcs11KeyReportsItsSessionPoolAsInFlightAndQueued(SoftHsmToken t) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SigningKey key = KeySources.open(t.uri(SoftHsmToken.RSA))) {
            assertTrue(QsealMetrics.remoteKeyGauges(registry, key), "a pkcs11: key exposes its session pool");
            key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA);
            // idle again after the call: no session in use, nobody waiting
            assertEquals(0.0, registry.get(QsealMetrics.REMOTE_IN_FLIGHT).gauge().value());
            assertEquals(0.0, registry.get(QsealMetrics.REMOTE_QUEUED).gauge().value());
        }
    }

    @Test
    void verificationResultsAreCountedPerFormatAndFailure() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        VerificationResult ok = VerificationResult.valid();
        assertEquals(ok, QsealMetrics.recordVerification(registry, "cavage", ok));
        QsealMetrics.recordVerification(registry, "cavage", VerificationResult.invalid(Failure.DIGEST_MISMATCH, "the body changed"));
        QsealMetrics.recordVerification(registry, "cavage", VerificationResult.invalid(Failure.DIGEST_MISMATCH, "again"));
        QsealMetrics.recordVerification(registry, "jws", VerificationResult.invalid(Failure.CLOCK_SKEW, "sigT 400 s off"));

        assertEquals(1, registry.get(QsealMetrics.VERIFICATIONS).tags("format", "cavage", "outcome", "valid", "failure", "none")
                .counter().count());
        assertEquals(2, registry.get(QsealMetrics.VERIFICATIONS).tags("format", "cavage", "failure", "DIGEST_MISMATCH")
                .counter().count());
        assertEquals(1, registry.get(QsealMetrics.VERIFICATIONS).tags("format", "jws", "outcome", "invalid", "failure", "CLOCK_SKEW")
                .counter().count());
    }

    @Test
    void theExpiryGaugeFollowsTheClockAndIsAbsentWithoutACertificate() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<Instant> now = new AtomicReference<>(NOT_AFTER.minus(10, ChronoUnit.DAYS));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        SigningKey key = KeySources.open(keyRef);
        Gauge g = QsealMetrics.certificateExpiry(registry, key, clock).orElseThrow();
        assertEquals(10.0, g.value(), 1e-9);
        assertEquals(null, g.getId().getTag("serial"), "no serial tag: a reloading key changes certificates under one gauge");
        now.set(NOT_AFTER.plus(12, ChronoUnit.HOURS));
        assertEquals(-0.5, registry.get(QsealMetrics.CERTIFICATE_EXPIRY).gauge().value(), 1e-9, "negative once expired");
        assertNotEquals(Optional.empty(), QsealMetrics.certificateExpiry(registry, key));

        assertEquals(Optional.empty(), QsealMetrics.certificateExpiry(new SimpleMeterRegistry(), KeySources.open(bareKeyRef)));
    }
}
