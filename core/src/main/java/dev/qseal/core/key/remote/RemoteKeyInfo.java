package dev.qseal.core.key.remote;

import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a remote key backend says about its key, fetched once when the key is opened: the public key
 * (every signature is verified with it before it is handed out) and the algorithms the key may sign
 * with (a Cloud KMS key version has exactly one; an AWS key lists several), and the certificate chain
 * the service keeps for the key, where it has a certificate store (Azure Key Vault).
 */
public final class RemoteKeyInfo {
    private final PublicKey publicKey;
    private final KeyType keyType;
    private final Set<SignatureAlgorithm> algorithms;
    private final List<X509Certificate> certificateChain;

    private RemoteKeyInfo(PublicKey publicKey, Set<SignatureAlgorithm> algorithms, List<X509Certificate> certificateChain) {
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.certificateChain = List.copyOf(certificateChain);
        this.keyType = KeyType.of(publicKey);
        Set<SignatureAlgorithm> fit = new LinkedHashSet<>();
        for (SignatureAlgorithm a : algorithms) {
            if (a.fits(keyType) && a.scheme() != SignatureAlgorithm.Scheme.EDDSA) {
                fit.add(a);
            }
        }
        this.algorithms = Set.copyOf(fit);
    }

    /** A key that may sign with {@code algorithms} (those that do not fit the key are dropped). */
    public static RemoteKeyInfo of(PublicKey publicKey, Set<SignatureAlgorithm> algorithms) {
        return new RemoteKeyInfo(publicKey, algorithms, List.of());
    }

    /** A key that may sign with every digest-signing algorithm of its type. */
    public static RemoteKeyInfo of(PublicKey publicKey) {
        return new RemoteKeyInfo(publicKey, SignatureAlgorithm.forKeyType(KeyType.of(publicKey)), List.of());
    }

    /**
     * The same key with the certificate chain (leaf first) the service keeps for it. The engine uses
     * it when the key reference gives none and refuses it if the leaf certifies another key.
     */
    public RemoteKeyInfo withCertificateChain(List<X509Certificate> chain) {
        return new RemoteKeyInfo(publicKey, algorithms, chain);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The algorithms the key may sign with; never empty for a usable key. */
    public Set<SignatureAlgorithm> algorithms() {
        return algorithms;
    }

    /** The chain from the service's certificate store, leaf first; empty when it has none for the key. */
    public List<X509Certificate> certificateChain() {
        return certificateChain;
    }
}
