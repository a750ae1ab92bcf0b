package dev.qseal.core.key;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link SigningKey} that forwards every call to another one: the base of decorators (metrics,
 * certificate validity checks, ...), which override only what they add to.
 */
public abstract class ForwardingSigningKey implements SigningKey {
    private final SigningKey delegate;

    protected ForwardingSigningKey(SigningKey delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * The key this one forwards to; every forwarding method calls it, so a subclass may return another
     * key over time (see {@link ReloadingSigningKey}).
     */
    protected SigningKey delegate() {
        return delegate;
    }

    @Override
    public String description() {
        return delegate().description();
    }

    @Override
    public KeyType keyType() {
        return delegate().keyType();
    }

    @Override
    public PublicKey publicKey() {
        return delegate().publicKey();
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return delegate().certificateChain();
    }

    @Override
    public Optional<X509Certificate> certificate() {
        return delegate().certificate();
    }

    @Override
    public Set<SignatureAlgorithm> algorithms() {
        return delegate().algorithms();
    }

    @Override
    public SignatureAlgorithm defaultAlgorithm() {
        return delegate().defaultAlgorithm();
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        return delegate().sign(algorithm, data);
    }

    @Override
    public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        return delegate().signDigest(algorithm, digest);
    }

    @Override
    public CompletableFuture<byte[]> signAsync(SignatureAlgorithm algorithm, byte[] data) {
        return delegate().signAsync(algorithm, data);
    }

    @Override
    public CompletableFuture<byte[]> signDigestAsync(SignatureAlgorithm algorithm, byte[] digest) {
        return delegate().signDigestAsync(algorithm, digest);
    }

    @Override
    public List<byte[]> signDigestBatch(SignatureAlgorithm algorithm, List<byte[]> digests) {
        return delegate().signDigestBatch(algorithm, digests);
    }

    @Override
    public List<byte[]> signBatch(SignatureAlgorithm algorithm, List<byte[]> messages) {
        return delegate().signBatch(algorithm, messages);
    }

    @Override
    public void close() {
        delegate().close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate() + "]";
    }
}
