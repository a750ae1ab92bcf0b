package dev.qseal.core.key;

import dev.qseal.core.BadInputException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Helpers over any {@link SigningKey}. */
public final class SigningKeys {
    private SigningKeys() {
    }

    /**
     * Checks that the leaf of {@code chain} (if any) certifies {@code publicKey}.
     *
     * @throws BadInputException naming the certificate and the key otherwise
     */
    public static void requireCertifies(List<X509Certificate> chain, PublicKey publicKey, String keyDescription) {
        if (!chain.isEmpty() && !Arrays.equals(chain.get(0).getPublicKey().getEncoded(), publicKey.getEncoded())) {
            throw new BadInputException("the certificate '" + chain.get(0).getSubjectX500Principal().getName()
                    + "' does not belong to the key " + keyDescription + ": give the certificate issued for this key");
        }
    }

    /**
     * The same key with a certificate chain given separately (a QSealC kept outside the HSM or
     * keystore is common). The leaf must certify the key's public key.
     *
     * @throws BadInputException if the leaf certificate belongs to another key
     */
    public static SigningKey withCertificateChain(SigningKey key, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return key;
        }
        requireCertifies(chain, key.publicKey(), key.description());
        List<X509Certificate> copy = List.copyOf(chain);
        return new SigningKey() {
            @Override
            public String description() {
                return key.description();
            }

            @Override
            public KeyType keyType() {
                return key.keyType();
            }

            @Override
            public PublicKey publicKey() {
                return key.publicKey();
            }

            @Override
            public List<X509Certificate> certificateChain() {
                return copy;
            }

            @Override
            public Set<SignatureAlgorithm> algorithms() {
                return key.algorithms();
            }

            @Override
            public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
                return key.sign(algorithm, data);
            }

            @Override
            public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) {
                return key.signDigest(algorithm, digest);
            }

            @Override
            public CompletableFuture<byte[]> signAsync(SignatureAlgorithm algorithm, byte[] data) {
                return key.signAsync(algorithm, data);
            }

            @Override
            public CompletableFuture<byte[]> signDigestAsync(SignatureAlgorithm algorithm, byte[] digest) {
                return key.signDigestAsync(algorithm, digest);
            }

            @Override
            public void close() {
                key.close();
            }

            @Override
            public String toString() {
                return key + " with certificate " + copy.get(0).getSubjectX500Principal().getName();
            }
        };
    }
}
