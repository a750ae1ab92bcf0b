package dev.qseal.core.key.remote.internal;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.QsealException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.internal.EcdsaSignatures;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.SigningKeys;
import dev.qseal.core.key.remote.RemoteKeyBackend;
import dev.qseal.core.key.remote.RemoteKeyInfo;
import dev.qseal.core.key.remote.RemoteKeyPolicy;
import dev.qseal.core.key.remote.RemoteKeyStats;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SigningKey} over a {@link RemoteKeyBackend}: hashes locally, keeps at most
 * {@code maxInFlight} operations running (the rest wait in a bounded queue), runs each through the
 * {@link Retrier}, normalises ECDSA to the requested form and verifies every signature with the
 * public key fetched at open before handing it out. Every request ends in a verified signature or an
 * exception. Thread-safe; uses no thread of its own (the shared timer and the backend's completions).
 */
public final class RemoteSigningKey implements SigningKey, RemoteKeyStats {
    private final RemoteKeyBackend backend;
    private final RemoteKeyPolicy policy;
    private final RemoteKeyInfo info;
    private final List<X509Certificate> chain;
    private final Retrier retrier;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger drainRequests = new AtomicInteger();
    private volatile boolean closed;

    private RemoteSigningKey(RemoteKeyBackend backend, RemoteKeyPolicy policy, RemoteKeyInfo info,
            List<X509Certificate> chain, Retrier retrier) {
        this.backend = backend;
        this.policy = policy;
        this.info = info;
        this.chain = List.copyOf(chain);
        this.retrier = retrier;
    }

    /**
     * Fetches the key's public key (under the policy's deadline and retries) and returns the key, with
     * {@code chain} or, when that is empty, the chain from the service's certificate store. Closes
     * {@code backend} if that fails.
     */
    public static RemoteSigningKey open(RemoteKeyBackend backend, RemoteKeyPolicy policy, List<X509Certificate> chain) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(policy, "policy");
        try {
            RateLimiter keyLimiter = policy.rate().isPresent() ? new RateLimiter(policy.rate().getAsDouble()) : null;
            RateLimiter backendLimiter = policy.backendRate().isPresent()
                    ? RateLimiter.forBackend(backend.backendName(), policy.backendRate().getAsDouble()) : null;
            Retrier retrier = new Retrier(backend.description(), policy, keyLimiter, backendLimiter);
            long deadline = System.nanoTime() + policy.deadline().toNanos();
            RemoteKeyInfo info = join(retrier.run("fetching the public key", deadline, backend::fetchKeyInfo, i -> {
                if (i.algorithms().isEmpty()) {
                    throw new UnsupportedAlgorithmException(backend.description() + " is a " + i.keyType()
                            + " key that signs with no algorithm qseal offers: use an RSA or EC (P-256/384/521) signing key");
                }
                return i;
            }));
            List<X509Certificate> certificates = chain.isEmpty() ? info.certificateChain() : chain;
            SigningKeys.requireCertifies(certificates, info.publicKey(), backend.description());
            return new RemoteSigningKey(backend, policy, info, certificates, retrier);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public int queued() {
        return Math.max(0, queued.get());
    }

    @Override
    public String description() {
        return backend.description();
    }

    @Override
    public KeyType keyType() {
        return info.keyType();
    }

    @Override
    public PublicKey publicKey() {
        return info.publicKey();
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public Set<SignatureAlgorithm> algorithms() {
        return info.algorithms();
    }

    @Override
    public SignatureAlgorithm defaultAlgorithm() {
        SignatureAlgorithm preferred = SigningKey.super.defaultAlgorithm();
        if (info.algorithms().contains(preferred)) {
            return preferred;
        }
        return info.algorithms().stream().filter(a -> a.scheme() != SignatureAlgorithm.Scheme.ECDSA_RAW)
                .findFirst().orElse(preferred);
    }

    /** The policy this key runs under. */
    public RemoteKeyPolicy policy() {
        return policy;
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        return join(signAsync(algorithm, data));
    }

    @Override
    public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        return join(signDigestAsync(algorithm, digest));
    }

    @Override
    public CompletableFuture<byte[]> signAsync(SignatureAlgorithm algorithm, byte[] data) {
        try {
            check(algorithm);
            return signDigestAsync(algorithm, algorithm.hash().hash(data));
        } catch (QsealException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<byte[]> signDigestAsync(SignatureAlgorithm algorithm, byte[] digest) {
        try {
            check(algorithm);
            if (digest.length != algorithm.hash().length()) {
                throw new BadInputException(algorithm + " needs a " + algorithm.hash().jcaName() + " digest of "
                        + algorithm.hash().length() + " bytes, got " + digest.length);
            }
            if (closed) {
                throw new BackendUnavailableException(description() + " is closed");
            }
        } catch (QsealException e) {
            return CompletableFuture.failedFuture(e);
        }
        Pending p = new Pending(algorithm, digest.clone(), System.nanoTime() + policy.deadline().toNanos());
        if (queued.incrementAndGet() > policy.maxQueued()) {
            queued.decrementAndGet();
            return CompletableFuture.failedFuture(new BackendUnavailableException(description() + ": "
                    + policy.maxQueued() + " requests are already waiting for this key; slow down or raise the queue size"));
        }
        queue.add(p);
        drain();
        return p.result;
    }

    private void check(SignatureAlgorithm algorithm) {
        if (!info.algorithms().contains(algorithm)) {
            throw new UnsupportedAlgorithmException(algorithm + " does not fit " + description() + " (a " + info.keyType()
                    + " key that signs with " + info.algorithms().stream().map(SignatureAlgorithm::name).sorted()
                    .reduce((a, b) -> a + ", " + b).orElse("nothing") + "): choose an algorithm for this key");
        }
    }

    /**
     * Starts waiting requests while fewer than {@code maxInFlight} are running. Not re-entrant: a
     * request that ends at once (a synchronous backend, a closed key) asks for another pass instead of
     * recursing, so a long queue never deepens the stack.
     */
    private void drain() {
        if (drainRequests.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (!queue.isEmpty()) {
                int n = inFlight.get();
                if (n >= policy.maxInFlight()) {
                    break;
                }
                if (!inFlight.compareAndSet(n, n + 1)) {
                    continue;
                }
                Pending p = queue.poll();
                if (p == null) {
                    inFlight.decrementAndGet();
                    continue;
                }
                queued.decrementAndGet();
                start(p);
            }
            missed = drainRequests.addAndGet(-missed);
        } while (missed != 0);
    }

    private void start(Pending p) {
        CompletableFuture<byte[]> done;
        if (closed) {
            done = CompletableFuture.failedFuture(new BackendUnavailableException(description() + " was closed before the request ran"));
        } else {
            done = retrier.run("signing with " + p.algorithm, p.deadline,
                    () -> backend.signDigest(p.algorithm, p.digest), raw -> accept(p, raw));
        }
        done.whenComplete((sig, e) -> {
            inFlight.decrementAndGet();
            if (e == null) {
                p.result.complete(sig);
            } else {
                p.result.completeExceptionally(Retrier.unwrap(e));
            }
            drain();
        });
    }

    /** Puts a backend's signature into the requested form and verifies it; throws a final error if it does not verify. */
    private byte[] accept(Pending p, byte[] raw) {
        byte[] sig = normalise(p.algorithm, raw);
        if (!p.algorithm.verifyDigest(info.publicKey(), p.digest, sig)) {
            throw new KeyAccessException(description() + " returned a " + p.algorithm + " signature that does not verify"
                    + " with the key's public key: the key may have been replaced or the backend is faulty");
        }
        return sig;
    }

    private byte[] normalise(SignatureAlgorithm algorithm, byte[] raw) {
        SignatureAlgorithm.Scheme scheme = algorithm.scheme();
        if (scheme == SignatureAlgorithm.Scheme.ECDSA_DER || scheme == SignatureAlgorithm.Scheme.ECDSA_RAW) {
            int len = info.keyType().coordinateLength();
            byte[] rs;
            try {
                rs = backend.ecdsaEncoding() == SignatureAlgorithm.Scheme.ECDSA_RAW ? raw : EcdsaSignatures.derToRaw(raw, len);
            } catch (IllegalArgumentException e) {
                throw new KeyAccessException(description() + " returned a malformed ECDSA signature: " + e.getMessage());
            }
            if (rs.length != 2 * len) {
                throw new KeyAccessException(description() + " returned an ECDSA signature of " + rs.length
                        + " bytes; a " + info.keyType() + " signature has " + 2 * len);
            }
            return scheme == SignatureAlgorithm.Scheme.ECDSA_RAW ? rs : EcdsaSignatures.rawToDer(rs);
        }
        if (info.publicKey() instanceof RSAPublicKey) {
            int len = (((RSAPublicKey) info.publicKey()).getModulus().bitLength() + 7) / 8;
            if (raw.length < len) {
                byte[] out = new byte[len];
                System.arraycopy(raw, 0, out, len - raw.length, raw.length);
                return out;
            }
        }
        return raw;
    }

    /** Stops accepting requests; those already waiting or running still end (with their result or an error). */
    @Override
    public void close() {
        closed = true;
        for (Pending p; (p = queue.poll()) != null; ) {
            queued.decrementAndGet();
            p.result.completeExceptionally(new BackendUnavailableException(description() + " was closed before the request ran"));
        }
        backend.close();
    }

    @Override
    public String toString() {
        return "RemoteSigningKey[" + description() + ", " + info.keyType() + "]";
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = Retrier.unwrap(e);
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new QsealException("remote key operation failed: " + c, c);
        }
    }

    private static final class Pending {
        final SignatureAlgorithm algorithm;
        final byte[] digest;
        final long deadline;
        final CompletableFuture<byte[]> result = new CompletableFuture<>();

        Pending(SignatureAlgorithm algorithm, byte[] digest, long deadline) {
            this.algorithm = algorithm;
            this.digest = digest;
            this.deadline = deadline;
        }
    }
}
