package dev.qseal.micrometer.internal;

import dev.qseal.core.key.ForwardingSigningKey;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.micrometer.QsealMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** A {@link SigningKey} that times each signing operation of the key it wraps ({@link QsealMetrics#SIGN}). */
public final class TimedSigningKey extends ForwardingSigningKey {
    private final MeterRegistry registry;
    private final String keyTag;

    public TimedSigningKey(SigningKey key, MeterRegistry registry, String keyTag) {
        super(key);
        this.registry = registry;
        this.keyTag = keyTag;
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        return time("sign", algorithm, () -> super.sign(algorithm, data));
    }

    @Override
    public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        return time("sign-digest", algorithm, () -> super.signDigest(algorithm, digest));
    }

    @Override
    public CompletableFuture<byte[]> signAsync(SignatureAlgorithm algorithm, byte[] data) {
        return timeAsync("sign", algorithm, () -> super.signAsync(algorithm, data));
    }

    @Override
    public CompletableFuture<byte[]> signDigestAsync(SignatureAlgorithm algorithm, byte[] digest) {
        return timeAsync("sign-digest", algorithm, () -> super.signDigestAsync(algorithm, digest));
    }

    @Override
    public List<byte[]> signDigestBatch(SignatureAlgorithm algorithm, List<byte[]> digests) {
        return time("sign-digest-batch", algorithm, () -> super.signDigestBatch(algorithm, digests));
    }

    @Override
    public List<byte[]> signBatch(SignatureAlgorithm algorithm, List<byte[]> messages) {
        return time("sign-batch", algorithm, () -> super.signBatch(algorithm, messages));
    }
    private <T> T time(String operation, SignatureAlgorithm algorithm, Supplier<T> call) {
        Timer.Sample sample = Timer.start(registry);
        try {
            T result = call.get();
            sample.stop(timer(operation, algorithm, null));
            return result;
        } catch (RuntimeException e) {
            sample.stop(timer(operation, algorithm, e));
            throw e;
        }
    }

    private CompletableFuture<byte[]> timeAsync(String operation, SignatureAlgorithm algorithm,
            Supplier<CompletableFuture<byte[]>> call) {
        Timer.Sample sample = Timer.start(registry);
        CompletableFuture<byte[]> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            sample.stop(timer(operation, algorithm, e));
            throw e;
        }
        return f.whenComplete((sig, error) -> sample.stop(timer(operation, algorithm,
                error instanceof CompletionException && error.getCause() != null ? error.getCause() : error)));
    }

    private Timer timer(String operation, SignatureAlgorithm algorithm, Throwable error) {
        return Timer.builder(QsealMetrics.SIGN)
                .description("qseal signing operations")
                .tag("key", keyTag)
                .tag("algorithm", algorithm == null ? "none" : algorithm.name())
                .tag("operation", operation)
                .tag("outcome", error == null ? "success" : "failure")
                .tag("exception", error == null ? "none" : error.getClass().getSimpleName())
                .register(registry);
    }
}
