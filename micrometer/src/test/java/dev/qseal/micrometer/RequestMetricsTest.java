package dev.qseal.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.RequestSigner;
import dev.qseal.core.RequestVerifier;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.remote.RemoteKeyBackend;
import dev.qseal.core.key.remote.RemoteKeyInfo;
import dev.qseal.core.key.remote.RemoteKeyPolicy;
import dev.qseal.core.key.remote.RemoteSigningKeys;
import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timers per profile and format for sealing and verifying, counters per Failure, remote key gauges. */
class RequestMetricsTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void key() throws Exception {
        QsealMetricsTest.dir = dir;
        QsealMetricsTest.writeKey();
    }

    private static HttpRequest request() {
        return HttpRequest.builder("POST", "/v1/payments")
                .header("Host", "api.bank.example")
                .header("Content-Type", "application/json")
                .header("X-Request-ID", "99391c7e-ad88-49ec-a2ad-99ddcb1f7721")
                .body("{\"amount\":1}".getBytes(StandardCharsets.UTF_8))
                .build();
    }

    @Test
    void sealingAndVerifyingAreTimedPerProfileAndFormatAndFailuresCountedPerFailure() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SigningKey key = KeySources.open(QsealMetricsTest.keyRef);
        for (BankProfile profile : List.of(BankProfiles.BERLIN_GROUP, BankProfiles.ING_JWS, BankProfiles.RFC9421_DEFAULT)) {
            RequestSigner signer = QsealMetrics.timed(profile.signer(key).build(), profile, registry);
            RequestVerifier verifier = QsealMetrics.timed(profile.verifier(key.certificate().orElseThrow()).build(), profile, registry);
            SignedRequest signed = signer.sign(request());
            assertTrue(verifier.verify(signed.request()).isValid(), profile.name());
            HttpRequest tampered = signed.request().toBuilder().body("{\"amount\":1000}".getBytes(StandardCharsets.UTF_8)).build();
            assertFalse(verifier.verify(tampered).isValid(), profile.name());

            String format = QsealMetrics.formatTag(profile.format());
            assertEquals(1, registry.get(QsealMetrics.REQUEST_SIGN).tags("profile", profile.name(), "format", format,
                    "outcome", "success").timer().count(), profile.name());
            assertEquals(1, registry.get(QsealMetrics.REQUEST_VERIFY).tags("profile", profile.name(), "format", format,
                    "outcome", "valid").timer().count(), profile.name());
            assertEquals(1, registry.get(QsealMetrics.REQUEST_VERIFY).tags("profile", profile.name(), "format", format,
                    "outcome", "invalid").timer().count(), profile.name());
            assertEquals(1.0, registry.get(QsealMetrics.VERIFICATION_FAILURES).tags("profile", profile.name(), "format", format,
                    "failure", "DIGEST_MISMATCH").counter().count(), profile.name());
        }
        assertEquals(List.of("cavage", "jws", "rfc9421"), registry.get(QsealMetrics.REQUEST_SIGN).timers().stream()
                .map(t -> t.getId().getTag("format")).sorted().toList());
    }

    @Test
    void remoteKeyGaugesShowOperationsInFlightAndQueued() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        List<CompletableFuture<byte[]>> held = new CopyOnWriteArrayList<>();
        RemoteKeyBackend backend = new RemoteKeyBackend() {
            @Override
            public String description() {
                return "held:metrics-test";
            }

            @Override
            public String backendName() {
                return "held";
            }

            @Override
            public SignatureAlgorithm.Scheme ecdsaEncoding() {
                return SignatureAlgorithm.Scheme.ECDSA_DER;
            }

            @Override
            public CompletableFuture<RemoteKeyInfo> fetchKeyInfo() {
                return CompletableFuture.completedFuture(RemoteKeyInfo.of(pair.getPublic()));
            }

            @Override
            public CompletableFuture<byte[]> signDigest(SignatureAlgorithm algorithm, byte[] digest) {
                CompletableFuture<byte[]> f = new CompletableFuture<>();
                held.add(f);
                return f;
            }

            @Override
            public void close() {
            }
        };
        RemoteKeyPolicy policy = RemoteKeyPolicy.builder().maxInFlight(1).maxQueued(4).deadline(Duration.ofMinutes(5))
                .attemptTimeout(Duration.ofMinutes(5)).build();
        SigningKey key = RemoteSigningKeys.open(backend, policy, List.of());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertTrue(QsealMetrics.remoteKeyGauges(registry, key));
        assertFalse(QsealMetrics.remoteKeyGauges(registry, KeySources.open(QsealMetricsTest.keyRef)), "not a remote key");
        assertEquals(0.0, registry.get(QsealMetrics.REMOTE_IN_FLIGHT).gauge().value());

        CompletableFuture<byte[]> first = key.signAsync(SignatureAlgorithm.ECDSA_P256_SHA256, new byte[] {1});
        CompletableFuture<byte[]> second = key.signAsync(SignatureAlgorithm.ECDSA_P256_SHA256, new byte[] {2});
        for (long end = System.nanoTime() + 10_000_000_000L; held.isEmpty() && System.nanoTime() < end; ) {
            Thread.sleep(5); // the engine may hand the first call to the backend on another thread
        }
        assertEquals(1, held.size(), "one call at the backend, the other waits: maxInFlight 1");
        assertEquals(1.0, registry.get(QsealMetrics.REMOTE_IN_FLIGHT).gauge().value());
        assertEquals(1.0, registry.get(QsealMetrics.REMOTE_QUEUED).gauge().value());
        assertFalse(first.isDone() || second.isDone());
        key.close();
    }
}
