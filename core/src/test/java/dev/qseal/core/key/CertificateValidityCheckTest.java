package dev.qseal.core.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.KeyAccessException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signing refuses an expired or not yet valid certificate unless allowed, and warns once a day from 30 days before expiry. */
class CertificateValidityCheckTest {
    static final byte[] DATA = "GET /accounts".getBytes(StandardCharsets.UTF_8);
    static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2027-01-01T00:00:00Z");
    static SoftwareSigningKey key;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @BeforeAll
    static void makeKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair pair = g.generateKeyPair();
        X500Name name = new X500Name("CN=QSeal validity test");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(0xC0FFEE), dev.qseal.core.TestKeys.asn1Time(NOT_BEFORE), dev.qseal.core.TestKeys.asn1Time(NOT_AFTER), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        key = new SoftwareSigningKey("test EC key", pair.getPrivate(), pair.getPublic(), List.of(cert));
    }

    @Test
    void aValidCertificateFarFromExpirySignsWithoutWarning() {
        List<String> warnings = new ArrayList<>();
        SigningKey k = CertificateValidityCheck.builder(key).clock(new MovableClock(NOT_AFTER.minus(31, ChronoUnit.DAYS)))
                .onWarning(warnings::add).build();
        byte[] sig = k.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA);
        assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(key.publicKey(), DATA, sig));
        assertEquals(List.of(), warnings);
    }

    @Test
    void withinThirtyDaysOfExpiryItWarnsOnceADayAndSigns() {
        List<String> warnings = new ArrayList<>();
        MovableClock clock = new MovableClock(NOT_AFTER.minus(29, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS));
        SigningKey k = CertificateValidityCheck.builder(key).clock(clock).onWarning(warnings::add).build();
        k.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA);
        k.signDigest(SignatureAlgorithm.ECDSA_P256_SHA256, new byte[32]);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("expires in 28 day(s), on " + NOT_AFTER) && warnings.get(0).contains("c0ffee"),
                warnings.get(0));
        clock.now.set(clock.now.get().plus(1, ChronoUnit.DAYS));
        k.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA);
        assertEquals(2, warnings.size(), "a new day, a new warning");
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefusedUnlessAllowedByName() {
        MovableClock clock = new MovableClock(NOT_AFTER.plusSeconds(1));
        SigningKey k = CertificateValidityCheck.builder(key).clock(clock).onWarning(w -> { }).build();
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> k.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA));
        assertTrue(e.getMessage().contains("expired on " + NOT_AFTER), e.getMessage());
        CompletionException async = assertThrows(CompletionException.class,
                () -> k.signAsync(SignatureAlgorithm.ECDSA_P256_SHA256, DATA).join());
        assertTrue(async.getCause() instanceof KeyAccessException);
        assertThrows(KeyAccessException.class, () -> k.signDigestBatch(SignatureAlgorithm.ECDSA_P256_SHA256, List.of(new byte[32])));

        clock.now.set(NOT_BEFORE.minusSeconds(1));
        KeyAccessException early = assertThrows(KeyAccessException.class, () -> k.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA));
        assertTrue(early.getMessage().contains("not valid before " + NOT_BEFORE), early.getMessage());

        List<String> warnings = new ArrayList<>();
        SigningKey allowed = CertificateValidityCheck.builder(key).clock(new MovableClock(NOT_AFTER.plusSeconds(1)))
                .allowInvalidCertificate().onWarning(warnings::add).build();
        byte[] sig = allowed.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA);
        assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(key.publicKey(), DATA, sig));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("signing anyway"), warnings.get(0));
    }

    @Test
    void aKeyWithoutCertificateSignsUnchecked() {
        SigningKey bare = CertificateValidityCheck.builder(key.withCertificateChain(List.of()))
                .clock(new MovableClock(Instant.parse("2100-01-01T00:00:00Z"))).build();
        assertTrue(bare.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA).length > 0);
    }
}
