package dev.qseal.core.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.TestKeys;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingSigningKeyTest {
    private static final byte[] DATA = "rotate me".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void replacingTheKeyAndCertificateFilesSwitchesToTheNewKey() throws Exception {
        KeyPair first = TestKeys.generateRsa(2048);
        KeyPair second = TestKeys.generateRsa(2048);
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        write(key, cert, first, 1);
        KeyRef ref = KeyRef.parse("file:" + key + "?cert=" + cert);
        try (ReloadingSigningKey k = ReloadingSigningKey.builder(ref, SecretProvider.NONE).checkEvery(Duration.ZERO).build()) {
            assertEquals(2, k.watchedFiles().size(), k.watchedFiles().toString());
            assertTrue(verifies(first.getPublic(), k.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA)));
            assertEquals(BigInteger.ONE, k.certificate().orElseThrow().getSerialNumber());

            write(key, cert, second, 2);
            byte[] sig = k.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA);
            assertTrue(verifies(second.getPublic(), sig));
            assertFalse(verifies(first.getPublic(), sig));
            assertEquals(BigInteger.TWO, k.certificate().orElseThrow().getSerialNumber());
            assertEquals(second.getPublic(), k.publicKey());
            assertEquals(2, k.generation());

            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nhalf written\n");
            assertTrue(verifies(second.getPublic(), k.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA)),
                    "a key that cannot be opened leaves the old one in use");
            assertEquals(2, k.generation());
        }
    }

    @Test
    void unchangedFilesAreNotReopened() throws Exception {
        KeyPair first = TestKeys.generateRsa(2048);
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        write(key, cert, first, 1);
        AtomicInteger opened = new AtomicInteger();
        KeyRef ref = KeyRef.parse("file:" + key + "?cert=" + cert);
        try (ReloadingSigningKey k = ReloadingSigningKey.builder(ref, () -> {
            opened.incrementAndGet();
            return KeySources.open(ref, SecretProvider.NONE);
        }).checkEvery(Duration.ZERO).build()) {
            for (int i = 0; i < 5; i++) {
                k.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA);
            }
            assertEquals(1, opened.get());
        }
    }

    @Test
    void inFlightOperationsFinishOnTheOldKeyWhichIsClosedAfterThem() throws Exception {
        KeyPair first = TestKeys.generateRsa(2048);
        KeyPair second = TestKeys.generateRsa(2048);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger closedFirst = new AtomicInteger();
        SigningKey slow = new ForwardingSigningKey(TestKeys.signingKey("first", first)) {
            @Override
            public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
                started.countDown();
                try {
                    assertTrue(release.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return super.sign(algorithm, data);
            }

            @Override
            public void close() {
                closedFirst.incrementAndGet();
            }
        };
        SigningKey[] keys = {slow, TestKeys.signingKey("second", second)};
        AtomicInteger next = new AtomicInteger();
        try (ReloadingSigningKey k = ReloadingSigningKey.builder(KeyRef.parse("pkcs11:object=seal"),
                () -> keys[next.getAndIncrement()]).build()) {
            assertTrue(k.watchedFiles().isEmpty());
            CompletableFuture<byte[]> inFlight = CompletableFuture.supplyAsync(() -> k.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA));
            assertTrue(started.await(30, TimeUnit.SECONDS));
            assertTrue(k.reload());
            assertEquals(0, closedFirst.get(), "the old key stays open while an operation uses it");
            assertTrue(verifies(second.getPublic(), k.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA)));
            release.countDown();
            assertTrue(verifies(first.getPublic(), inFlight.get(30, TimeUnit.SECONDS)));
            assertEquals(1, closedFirst.get(), "closed once its last operation finished");
        }
    }

    private static boolean verifies(PublicKey key, byte[] sig) throws Exception {
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(key);
        v.update(DATA);
        return v.verify(sig);
    }

    static void write(Path key, Path cert, KeyPair kp, long serial) throws Exception {
        X509Certificate c = TestKeys.certificate(kp, BigInteger.valueOf(serial), "CN=rotated " + serial);
        Files.writeString(key, pem(new JcaPKCS8Generator(kp.getPrivate(), null)));
        Files.writeString(cert, pem(c));
    }

    private static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }
}
