package dev.qseal.core.key.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.remote.ScriptedBackend.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class RemoteSigningKeyTest {
    private static final byte[] DATA = "GET /accounts".getBytes(StandardCharsets.UTF_8);
    private static final RemoteKeyPolicy FAST = RemoteKeyPolicy.builder()
            .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).deadline(Duration.ofSeconds(5)).build();

    private static SigningKey open(ScriptedBackend backend, RemoteKeyPolicy policy) {
        return RemoteSigningKeys.open(backend, policy, List.of());
    }

    @Test
    void ecdsaSignaturesComeBackInTheRequestedFormWhateverTheBackendSends() {
        for (SignatureAlgorithm.Scheme vendor : List.of(SignatureAlgorithm.Scheme.ECDSA_DER, SignatureAlgorithm.Scheme.ECDSA_RAW)) {
            ScriptedBackend b = new ScriptedBackend(ScriptedBackend.ecKey(), vendor, 100, n -> Answer.SIGN);
            try (SigningKey key = open(b, FAST)) {
                byte[] der = key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA);
                byte[] raw = key.sign(SignatureAlgorithm.ECDSA_P256_SHA256_RAW, DATA);
                assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(b.key.publicKey(), DATA, der), vendor.name());
                assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256_RAW.verify(b.key.publicKey(), DATA, raw), vendor.name());
                assertEquals(64, raw.length);
            }
        }
    }

    @Test
    void rsaPkcs1AndPssSignaturesVerify() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.rsaKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 100, n -> Answer.SIGN);
        try (SigningKey key = open(b, FAST)) {
            for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.RSA_PKCS1_SHA256, SignatureAlgorithm.RSA_PSS_SHA256,
                    SignatureAlgorithm.RSA_PSS_SHA512)) {
                assertTrue(alg.verify(b.key.publicKey(), DATA, key.sign(alg, DATA)), alg.name());
            }
        }
    }

    @Test
    void throttledAndFaultyCallsAreRetriedUntilOneSucceeds() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.ecKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 100,
                n -> n == 1 ? Answer.THROTTLE : n == 2 ? Answer.FAULT : Answer.SIGN);
        try (SigningKey key = open(b, FAST)) {
            byte[] sig = key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA);
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(b.key.publicKey(), DATA, sig));
            assertEquals(3, b.calls.get());
        }
    }

    @Test
    void aBackendThrottlingPastTheDeadlineGivesBackendUnavailableNamingTheKey() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.ecKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 100, n -> Answer.THROTTLE);
        RemoteKeyPolicy policy = FAST.toBuilder().deadline(Duration.ofMillis(1000)).maxAttempts(1000).build();
        try (SigningKey key = open(b, policy)) {
            BackendUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(BackendUnavailableException.class, () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertTrue(e.getMessage().contains("scripted:test-key"), e.getMessage());
            assertTrue(e.getMessage().contains("ThrottlingException"), e.getMessage());
            assertTrue(b.calls.get() > 1, "retried before giving up");
        }
    }

    @Test
    void retriesStopAfterMaxAttempts() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.ecKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 100, n -> Answer.FAULT);
        try (SigningKey key = open(b, FAST.toBuilder().maxAttempts(3).build())) {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA));
            assertEquals(3, b.calls.get());
            assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
        }
    }

    @Test
    void aBackendThatNeverAnswersIsTimedOut() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.ecKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 100, n -> Answer.SILENCE);
        RemoteKeyPolicy policy = FAST.toBuilder().attemptTimeout(Duration.ofMillis(50)).deadline(Duration.ofMillis(400)).build();
        try (SigningKey key = open(b, policy)) {
            BackendUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(BackendUnavailableException.class, () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertTrue(e.getMessage().contains("no answer within"), e.getMessage());
        }
    }

    @Test
    void aFinalErrorIsNotRetried() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.ecKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 100, n -> Answer.NOT_FOUND);
        try (SigningKey key = open(b, FAST)) {
            assertThrows(KeyNotFoundException.class, () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA));
            assertEquals(1, b.calls.get());
        }
    }

    @Test
    void aSignatureThatDoesNotVerifyIsNeverHandedOut() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.rsaKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 100, n -> Answer.WRONG_SIGNATURE);
        try (SigningKey key = open(b, FAST)) {
            KeyAccessException e = assertThrows(KeyAccessException.class, () -> key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA));
            assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
        }
    }

    @Test
    void anAlgorithmThatDoesNotFitTheKeyIsRefusedWithoutACall() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.ecKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 100, n -> Answer.SIGN);
        try (SigningKey key = open(b, FAST)) {
            assertThrows(UnsupportedAlgorithmException.class, () -> key.sign(SignatureAlgorithm.RSA_PSS_SHA256, DATA));
            assertThrows(BadInputException.class, () -> key.signDigest(SignatureAlgorithm.ECDSA_P256_SHA256, new byte[20]));
            assertEquals(0, b.calls.get());
        }
    }

    @Test
    void neverMoreThanMaxInFlightCallsRunAndEveryRequestGetsAVerifiedSignatureOrAnError() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.ecKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 500, n -> {
            int r = ThreadLocalRandom.current().nextInt(10);
            return r == 0 ? Answer.THROTTLE : r == 1 ? Answer.FAULT : Answer.SIGN;
        });
        // a deadline long enough for the queue on a loaded machine: the test is about bounds and outcomes, not speed
        RemoteKeyPolicy policy = FAST.toBuilder().maxInFlight(8).deadline(Duration.ofSeconds(120)).build();
        try (SigningKey key = open(b, policy)) {
            List<byte[]> digests = new ArrayList<>();
            List<CompletableFuture<byte[]>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                byte[] d = HashAlgorithm.SHA_256.hash(("request " + i).getBytes(StandardCharsets.UTF_8));
                digests.add(d);
                futures.add(key.signDigestAsync(SignatureAlgorithm.ECDSA_P256_SHA256_RAW, d));
            }
            int signed = 0;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    byte[] sig = futures.get(i).join();
                    assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256_RAW.verifyDigest(b.key.publicKey(), digests.get(i), sig));
                    signed++;
                } catch (CompletionException e) {
                    assertTrue(e.getCause() instanceof BackendUnavailableException, e.toString());
                }
            }
            assertTrue(b.maxRunning.get() <= 8, "at most 8 in flight, saw " + b.maxRunning.get());
            assertTrue(signed >= 295, "with 8 attempts each, (almost) every request is signed: " + signed);
        }
    }

    @Test
    void batchesKeepResultsInOrder() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.ecKey(), SignatureAlgorithm.Scheme.ECDSA_RAW, 200, n -> Answer.SIGN);
        try (SigningKey key = open(b, FAST)) {
            List<byte[]> digests = new ArrayList<>();
            for (int i = 0; i < 70; i++) {
                digests.add(HashAlgorithm.SHA_256.hash(new byte[] {(byte) i}));
            }
            List<byte[]> sigs = key.signDigestBatch(SignatureAlgorithm.ECDSA_P256_SHA256, digests);
            for (int i = 0; i < digests.size(); i++) {
                assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verifyDigest(b.key.publicKey(), digests.get(i), sigs.get(i)));
            }
        }
    }

    @Test
    void aFullQueueRefusesAtOnce() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.ecKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 100, n -> Answer.SILENCE);
        RemoteKeyPolicy policy = FAST.toBuilder().maxInFlight(1).maxQueued(2).attemptTimeout(Duration.ofMillis(100))
                .deadline(Duration.ofMillis(300)).build();
        try (SigningKey key = open(b, policy)) {
            byte[] d = new byte[32];
            List<CompletableFuture<byte[]>> f = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                f.add(key.signDigestAsync(SignatureAlgorithm.ECDSA_P256_SHA256, d));
            }
            CompletionException e = assertThrows(CompletionException.class, () -> f.get(3).join());
            assertTrue(e.getCause().getMessage().contains("already waiting"), e.getCause().getMessage());
            for (CompletableFuture<byte[]> x : f) {
                assertThrows(CompletionException.class, x::join); // every one ends, none hangs
            }
        }
    }

    @Test
    void closingEndsWaitingRequestsAndClosesTheBackend() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.ecKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 100, n -> Answer.SILENCE);
        SigningKey key = open(b, FAST.toBuilder().maxInFlight(1).attemptTimeout(Duration.ofMillis(100)).deadline(Duration.ofMillis(200)).build());
        CompletableFuture<byte[]> running = key.signDigestAsync(SignatureAlgorithm.ECDSA_P256_SHA256, new byte[32]);
        CompletableFuture<byte[]> waiting = key.signDigestAsync(SignatureAlgorithm.ECDSA_P256_SHA256, new byte[32]);
        key.close();
        assertTrue(b.closed);
        assertThrows(CompletionException.class, waiting::join);
        assertThrows(CompletionException.class, running::join);
        assertThrows(BackendUnavailableException.class, () -> key.signDigest(SignatureAlgorithm.ECDSA_P256_SHA256, new byte[32]));
    }

    @Test
    void aCertificateOfAnotherKeyIsRefusedAtOpen() throws Exception {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.ecKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 100, n -> Answer.SIGN);
        assertFalse(b.closed);
        java.security.cert.X509Certificate other = dev.qseal.core.TestKeys.certificate(dev.qseal.core.TestKeys.generateEcP256(), java.math.BigInteger.TEN, "CN=another key");
        assertThrows(BadInputException.class, () -> RemoteSigningKeys.open(b, FAST, List.of(other)));
        assertTrue(b.closed, "the backend is closed when open fails");
    }

    @Test
    void policyAttributesInAKeyRefAreReadAndCheckedAndUnknownOnesRefused() {
        RemoteKeyPolicy p = RemoteKeyPolicy.fromKeyRef(KeyRef.parse("vault:seal?max-in-flight=16&rate=200&deadline-ms=2500&timeout-ms=800"));
        assertEquals(16, p.maxInFlight());
        assertEquals(200.0, p.rate().getAsDouble());
        assertEquals(Duration.ofMillis(2500), p.deadline());
        assertEquals(Duration.ofMillis(800), p.attemptTimeout());
        assertThrows(BadInputException.class, () -> RemoteKeyPolicy.fromKeyRef(KeyRef.parse("vault:seal?rate=-3")));
        assertThrows(BadInputException.class, () -> RemoteKeyPolicy.fromKeyRef(KeyRef.parse("vault:seal?max-in-flight=lots")));
        assertThrows(BadInputException.class, () -> RemoteKeyRefs.checkAttributes(KeyRef.parse("vault:seal?rat=3"), java.util.Set.of("mount")));
        RemoteKeyRefs.checkAttributes(KeyRef.parse("vault:seal?rate=3&mount=x&cert=/c.pem"), java.util.Set.of("mount"));
    }

    @Test
    void theSameDigestSignedTwiceWithPkcs1GivesTheSameSignature() {
        ScriptedBackend b = new ScriptedBackend(ScriptedBackend.rsaKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 100, n -> Answer.SIGN);
        try (SigningKey key = open(b, FAST)) {
            assertArrayEquals(key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA), b.key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA));
        }
    }

    @Test
    void aBackendThatFailsAtOnceCannotDeepenTheStackThroughALongQueue() {
        RemoteKeyBackend failing = new ScriptedBackend(ScriptedBackend.ecKey(), SignatureAlgorithm.Scheme.ECDSA_DER, 0, n -> Answer.SIGN) {
            @Override
            public CompletableFuture<byte[]> signDigest(SignatureAlgorithm algorithm, byte[] digest) {
                return CompletableFuture.failedFuture(new KeyNotFoundException("gone"));
            }
        };
        try (SigningKey key = RemoteSigningKeys.open(failing, FAST.toBuilder().maxInFlight(1).maxQueued(100_000).build(), List.of())) {
            List<CompletableFuture<byte[]>> fs = new ArrayList<>();
            for (int i = 0; i < 50_000; i++) {
                fs.add(key.signDigestAsync(SignatureAlgorithm.ECDSA_P256_SHA256, new byte[32]));
            }
            for (CompletableFuture<byte[]> f : fs) {
                CompletionException e = assertThrows(CompletionException.class, f::join);
                assertTrue(e.getCause() instanceof KeyNotFoundException, e.toString());
            }
        }
    }

    @Test
    void theCertificateFromTheServiceStoreIsAttachedUnlessTheReferenceGivesOneAndMustCertifyTheKey() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair kp = g.generateKeyPair();
        java.security.KeyPair other = g.generateKeyPair();
        java.security.cert.X509Certificate stored = dev.qseal.core.TestKeys.certificate(kp, java.math.BigInteger.ONE, "CN=in the store");
        java.security.cert.X509Certificate given = dev.qseal.core.TestKeys.certificate(kp, java.math.BigInteger.TWO, "CN=given");
        java.util.function.Function<java.security.cert.X509Certificate, RemoteKeyBackend> withStore = cert ->
                new ScriptedBackend(new dev.qseal.core.key.SoftwareSigningKey("k", kp.getPrivate(), kp.getPublic(), List.of()),
                        SignatureAlgorithm.Scheme.ECDSA_DER, 0, n -> Answer.SIGN) {
                    @Override
                    public CompletableFuture<RemoteKeyInfo> fetchKeyInfo() {
                        return super.fetchKeyInfo().thenApply(i -> i.withCertificateChain(List.of(cert)));
                    }
                };
        try (SigningKey key = RemoteSigningKeys.open(withStore.apply(stored), FAST, List.of())) {
            assertEquals(List.of(stored), key.certificateChain());
        }
        try (SigningKey key = RemoteSigningKeys.open(withStore.apply(stored), FAST, List.of(given))) {
            assertEquals(List.of(given), key.certificateChain(), "a certificate the reference names wins");
        }
        java.security.cert.X509Certificate foreign = dev.qseal.core.TestKeys.certificate(other, java.math.BigInteger.TEN, "CN=another key");
        BadInputException e = assertThrows(BadInputException.class, () -> RemoteSigningKeys.open(withStore.apply(foreign), FAST, List.of()));
        assertTrue(e.getMessage().contains("CN=another key"), e.getMessage());
    }

    @Test
    void anAnswerPastTheResponseBoundFailsTheReadAndIsReportedAsAFinalError() throws Exception {
        java.io.InputStream in = RemoteResponses.bounded(new java.io.ByteArrayInputStream(new byte[RemoteResponses.MAX_BYTES + 1]));
        java.io.IOException io = assertThrows(java.io.IOException.class, in::readAllBytes);
        assertTrue(io instanceof RemoteResponses.TooLargeException, io.toString());
        assertEquals(RemoteResponses.MAX_BYTES, RemoteResponses.bounded(
                new java.io.ByteArrayInputStream(new byte[RemoteResponses.MAX_BYTES])).readAllBytes().length);
        assertThrows(RemoteResponses.TooLargeException.class, () -> RemoteResponses.checkLength(RemoteResponses.MAX_BYTES + 1L));
        BackendUnavailableException e = RemoteResponses.tooLarge(new RuntimeException("sdk", new java.io.UncheckedIOException(io)),
                "awskms:alias/x").orElseThrow();
        assertFalse(e instanceof RemoteCallException, "not retried");
        assertTrue(e.getMessage().startsWith("awskms:alias/x: the answer is larger than 256 KiB"), e.getMessage());
        assertTrue(RemoteResponses.tooLarge(new java.io.IOException("reset"), "k").isEmpty());
    }
}
