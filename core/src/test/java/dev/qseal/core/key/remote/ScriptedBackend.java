package dev.qseal.core.key.remote;

import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.key.internal.EcdsaSignatures;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * An in-process remote key for the engine's tests: signs for real with a software key after a
 * delay, and answers call number n (from 1) as {@code script} says.
 */
class ScriptedBackend implements RemoteKeyBackend {
    enum Answer { SIGN, THROTTLE, FAULT, NOT_FOUND, WRONG_SIGNATURE, SILENCE }

    private static final ScheduledExecutorService DELAY = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scripted-backend");
        t.setDaemon(true);
        return t;
    });

    final SoftwareSigningKey key;
    final SignatureAlgorithm.Scheme ecdsaEncoding;
    final IntFunction<Answer> script;
    final long latencyMicros;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    volatile boolean closed;

    ScriptedBackend(SoftwareSigningKey key, SignatureAlgorithm.Scheme ecdsaEncoding, long latencyMicros, IntFunction<Answer> script) {
        this.key = key;
        this.ecdsaEncoding = ecdsaEncoding;
        this.latencyMicros = latencyMicros;
        this.script = script;
    }

    static SoftwareSigningKey ecKey() {
        return key("EC", new ECGenParameterSpec("secp256r1"));
    }

    static SoftwareSigningKey rsaKey() {
        return key("RSA", null);
    }

    private static SoftwareSigningKey key(String alg, java.security.spec.AlgorithmParameterSpec spec) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if (spec != null) {
                g.initialize(spec);
            } else {
                g.initialize(2048);
            }
            KeyPair kp = g.generateKeyPair();
            // the JDK's providers: the stand-in plays the KMS, whose own crypto is outside qseal's FIPS mode
            // (RSA-PSS over a bare digest needs raw RSA, which Bouncy Castle FIPS does not offer)
            return new SoftwareSigningKey("scripted " + alg, kp.getPrivate(), kp.getPublic(), List.of()).withJdkProvider();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String description() {
        return "scripted:test-key";
    }

    @Override
    public String backendName() {
        return "scripted";
    }

    @Override
    public SignatureAlgorithm.Scheme ecdsaEncoding() {
        return ecdsaEncoding;
    }

    @Override
    public CompletableFuture<RemoteKeyInfo> fetchKeyInfo() {
        return CompletableFuture.completedFuture(RemoteKeyInfo.of(key.publicKey()));
    }

    @Override
    public CompletableFuture<byte[]> signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        int n = calls.incrementAndGet();
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        Answer answer = script.apply(n);
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        if (answer == Answer.SILENCE) {
            running.decrementAndGet();
            return f; // never completes: the engine's timeout must end it
        }
        DELAY.schedule(() -> {
            running.decrementAndGet();
            try {
                switch (answer) {
                    case THROTTLE:
                        f.completeExceptionally(RemoteCallException.throttled("ThrottlingException: rate exceeded", Optional.empty()));
                        break;
                    case FAULT:
                        f.completeExceptionally(RemoteCallException.transientFault("HTTP 503", null));
                        break;
                    case NOT_FOUND:
                        f.completeExceptionally(new KeyNotFoundException("scripted:test-key does not exist"));
                        break;
                    case WRONG_SIGNATURE: {
                        byte[] other = digest.clone();
                        other[0] ^= 1;
                        f.complete(vendorForm(algorithm, key.signDigest(algorithm, other)));
                        break;
                    }
                    default:
                        f.complete(vendorForm(algorithm, key.signDigest(algorithm, digest)));
                }
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, latencyMicros, TimeUnit.MICROSECONDS);
        return f;
    }

    /** What a vendor sends back: ECDSA always in the backend's own encoding, whatever was asked for. */
    private byte[] vendorForm(SignatureAlgorithm algorithm, byte[] sig) {
        if (algorithm.scheme() == SignatureAlgorithm.Scheme.ECDSA_RAW && ecdsaEncoding == SignatureAlgorithm.Scheme.ECDSA_DER) {
            return EcdsaSignatures.rawToDer(sig);
        }
        if (algorithm.scheme() == SignatureAlgorithm.Scheme.ECDSA_DER && ecdsaEncoding == SignatureAlgorithm.Scheme.ECDSA_RAW) {
            return EcdsaSignatures.derToRaw(sig, 32);
        }
        return sig;
    }

    @Override
    public void close() {
        closed = true;
    }
}
