package dev.qseal.benchmarks;

import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.key.remote.RemoteKeyBackend;
import dev.qseal.core.key.remote.RemoteKeyInfo;
import dev.qseal.core.key.remote.RemoteKeyPolicy;
import dev.qseal.core.key.remote.RemoteSigningKeys;
import java.nio.ByteBuffer;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The remote-key engine against an in-process remote key that answers after {@value #LATENCY_MS} ms
 * (no HTTP: the machine measures qseal, not a server). The key holds an RSA-2048 key and has signed
 * the benchmark's {@value #IN_FLIGHT} digests once at set-up, so a call costs the remote nothing but its
 * latency; qseal still hashes nothing here but queues, paces, times out, normalises and verifies every
 * signature with the public key (an RSA verification per operation). One benchmark thread keeps
 * {@value #IN_FLIGHT} operations in flight; the engine's timer thread and the stand-in's
 * {@value #ANSWER_THREADS} answer threads (where the engine verifies, as it would on an SDK's I/O
 * threads) are the only other threads at work: 4 platform threads in all.
 *
 * <ul>
 *   <li>{@code unlimited}: the bound is {@value #IN_FLIGHT} / {@value #LATENCY_MS} ms = 6,400 signatures/s;
 *       ratio {@code remote_key_vs_bound} = measured / 6,400 (goal >= 0.90).
 *   <li>{@code rateLimited}: the key is limited to {@value #RATE} calls/s; ratio
 *       {@code remote_key_rate_limit_accuracy} = measured / {@value #RATE} (goal 0.95..1.05).
 *   <li>{@code rawBackend}: the same key and verification without the engine, the machine's ceiling in
 *       this run; ratio {@code remote_key_vs_raw_backend} = {@code unlimited} / {@code rawBackend}.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class RemoteKeyBenchmark {
    static final int IN_FLIGHT = 64;
    static final int LATENCY_MS = 10;
    static final int RATE = 2000;
    static final int WARM_UP = 10_000;
    static final int ANSWER_THREADS = 2;
    static final SignatureAlgorithm ALG = SignatureAlgorithm.RSA_PKCS1_SHA256;

    LatentKey remote;
    SigningKey unlimitedKey;
    SigningKey rateLimitedKey;
    byte[][] digests;
    final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    final AtomicLong failures = new AtomicLong();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.KeyPair kp = g.generateKeyPair();
        SoftwareSigningKey key = new SoftwareSigningKey("in-process remote key", kp.getPrivate(), kp.getPublic(), List.of());
        digests = new byte[IN_FLIGHT][];
        for (int i = 0; i < IN_FLIGHT; i++) {
            digests[i] = HashAlgorithm.SHA_256.hash(("request " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        remote = new LatentKey(key, digests);
        RemoteKeyPolicy policy = RemoteKeyPolicy.builder().maxInFlight(IN_FLIGHT).build();
        unlimitedKey = RemoteSigningKeys.open(remote, policy, List.of());
        rateLimitedKey = RemoteSigningKeys.open(remote, policy.toBuilder().rate(RATE).build(), List.of());
        // untimed warm-up of the engine's path (the JIT), so that even a quick run measures steady state
        for (int i = 0; i < WARM_UP; i++) {
            submit(unlimitedKey);
        }
        inFlight.acquire(IN_FLIGHT);
        inFlight.release(IN_FLIGHT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        inFlight.acquire(IN_FLIGHT); // let the last operations end
        inFlight.release(IN_FLIGHT);
        long platform = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("qseal-") || t.getName().startsWith("in-process-remote-key")).count();
        System.out.println("RemoteKeyBenchmark: " + failures.get() + " failed operations; qseal + stand-in threads: " + platform
                + " (plus the one benchmark thread)");
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " remote signatures failed");
        }
        remote.shutdown();
    }

    @Benchmark
    public void unlimited() throws InterruptedException {
        submit(unlimitedKey);
    }

    @Benchmark
    public void rateLimited() throws InterruptedException {
        submit(rateLimitedKey);
    }

    /**
     * The same remote key and the same verification without the engine (no queue, pacing, timeout or
     * retry): what this machine allows at this moment, to tell qseal's cost from a loaded machine's.
     */
    @Benchmark
    public void rawBackend() throws InterruptedException {
        inFlight.acquire();
        byte[] d = digests[next++ & (IN_FLIGHT - 1)];
        remote.signDigest(ALG, d).whenComplete((sig, e) -> {
            if (e != null || !ALG.verifyDigest(remote.key.publicKey(), d, sig)) {
                failures.incrementAndGet();
            }
            inFlight.release();
        });
    }

    /** Starts one signature once fewer than {@value #IN_FLIGHT} are running; its completion frees the slot. */
    void submit(SigningKey key) throws InterruptedException {
        inFlight.acquire();
        byte[] d = digests[next++ & (IN_FLIGHT - 1)];
        key.signDigestAsync(ALG, d).whenComplete((sig, e) -> {
            if (e != null || sig.length != 256) {
                failures.incrementAndGet();
            }
            inFlight.release();
        });
    }

    /** An in-process "remote" key: answers each call after {@value #LATENCY_MS} ms with the precomputed signature. */
    static final class LatentKey implements RemoteKeyBackend {
        final SoftwareSigningKey key;
        private final Map<ByteBuffer, byte[]> signatures = new ConcurrentHashMap<>();
        // two threads deliver the answers, as an SDK's I/O threads would; the engine verifies each
        // signature on the thread that delivers it, so answers due together are checked two at a time
        private final AtomicLong threadNumber = new AtomicLong();
        private final ScheduledExecutorService latency = Executors.newScheduledThreadPool(ANSWER_THREADS, r -> {
            Thread t = new Thread(r, "in-process-remote-key-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });

        LatentKey(SoftwareSigningKey key, byte[][] digests) {
            this.key = key;
            for (byte[] d : digests) {
                signatures.put(ByteBuffer.wrap(d), key.signDigest(ALG, d));
            }
        }

        @Override
        public String description() {
            return "in-process remote key";
        }

        @Override
        public String backendName() {
            return "in-process";
        }

        @Override
        public SignatureAlgorithm.Scheme ecdsaEncoding() {
            return SignatureAlgorithm.Scheme.ECDSA_DER;
        }

        @Override
        public CompletableFuture<RemoteKeyInfo> fetchKeyInfo() {
            return CompletableFuture.completedFuture(RemoteKeyInfo.of(key.publicKey()));
        }

        @Override
        public CompletableFuture<byte[]> signDigest(SignatureAlgorithm algorithm, byte[] digest) {
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            byte[] sig = signatures.computeIfAbsent(ByteBuffer.wrap(digest.clone()), b -> key.signDigest(algorithm, digest));
            latency.schedule(() -> f.complete(sig), LATENCY_MS, TimeUnit.MILLISECONDS);
            return f;
        }

        @Override
        public void close() {
            // shared by both benchmark keys: shut down in tearDown
        }

        void shutdown() {
            latency.shutdownNow();
        }
    }
}
