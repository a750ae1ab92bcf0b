package dev.qseal.core.key;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A handle on a private key that signs: never the key material itself. Software, PKCS#11 and KMS
 * keys all implement it. Implementations are thread-safe.
 *
 * <p>The blocking methods are the simple path. Remote keys (KMS, network HSM) answer in tens of
 * milliseconds; they override {@link #signAsync} and {@link #signDigestAsync} to keep many
 * operations in flight, and the batch methods build on those, so a batch of 70 hashes costs about
 * one round trip rather than 70.
 */
public interface SigningKey extends AutoCloseable {

    /** A description for messages and logs: where the key lives, never a secret. */
    String description();

    /** The key's type (RSA, or EC with its curve). */
    KeyType keyType();

    /** The public half, for verification and for key ids. */
    PublicKey publicKey();

    /** The certificate chain, leaf first; empty when the source knows no certificate. */
    List<X509Certificate> certificateChain();

    /** The leaf certificate, if known. */
    default Optional<X509Certificate> certificate() {
        List<X509Certificate> chain = certificateChain();
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
    }

    /** The algorithms this key can sign with. */
    Set<SignatureAlgorithm> algorithms();

    /** The algorithm to use when the caller does not choose: PKCS#1 v1.5 SHA-256 for RSA, ECDSA for EC, Ed25519 for Ed25519. */
    default SignatureAlgorithm defaultAlgorithm() {
        switch (keyType()) {
            case RSA: return SignatureAlgorithm.RSA_PKCS1_SHA256;
            case EC_P256: return SignatureAlgorithm.ECDSA_P256_SHA256;
            case EC_P384: return SignatureAlgorithm.ECDSA_P384_SHA384;
            case ED25519: return SignatureAlgorithm.ED25519;
            default: return SignatureAlgorithm.ECDSA_P521_SHA512;
        }
    }

    /**
     * Signs {@code data} (the key hashes it).
     *
     * @throws dev.qseal.core.UnsupportedAlgorithmException if the algorithm does not fit the key
     * @throws dev.qseal.core.BackendUnavailableException if the backend cannot sign now
     */
    byte[] sign(SignatureAlgorithm algorithm, byte[] data);

    /**
     * Signs a digest computed elsewhere (hash signing): the result equals {@code sign(algorithm, m)}
     * for any {@code m} whose hash is {@code digest}. The digest length must match the algorithm's hash.
     */
    byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest);

    /** Non-blocking {@link #sign}. The default runs inline; remote keys override it. */
    default CompletableFuture<byte[]> signAsync(SignatureAlgorithm algorithm, byte[] data) {
        try {
            return CompletableFuture.completedFuture(sign(algorithm, data));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Non-blocking {@link #signDigest}. The default runs inline; remote keys override it. */
    default CompletableFuture<byte[]> signDigestAsync(SignatureAlgorithm algorithm, byte[] digest) {
        try {
            return CompletableFuture.completedFuture(signDigest(algorithm, digest));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Signs several digests, all in flight at once; results in input order. Fails as a whole if any
     * one fails (with that failure's exception), so a caller never gets a partial batch by accident.
     */
    default List<byte[]> signDigestBatch(SignatureAlgorithm algorithm, List<byte[]> digests) {
        List<CompletableFuture<byte[]>> futures = new ArrayList<>(digests.size());
        for (byte[] d : digests) {
            futures.add(signDigestAsync(algorithm, d));
        }
        return joinAll(futures);
    }

    /** Signs several messages, all in flight at once; results in input order. */
    default List<byte[]> signBatch(SignatureAlgorithm algorithm, List<byte[]> messages) {
        List<CompletableFuture<byte[]>> futures = new ArrayList<>(messages.size());
        for (byte[] m : messages) {
            futures.add(signAsync(algorithm, m));
        }
        return joinAll(futures);
    }

    /** Releases backend resources (sessions, clients). Software keys have none. */
    @Override
    default void close() {
    }

    private static List<byte[]> joinAll(List<CompletableFuture<byte[]>> futures) {
        List<byte[]> out = new ArrayList<>(futures.size());
        try {
            for (CompletableFuture<byte[]> f : futures) {
                out.add(f.join());
            }
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw e;
        }
        return out;
    }
}
