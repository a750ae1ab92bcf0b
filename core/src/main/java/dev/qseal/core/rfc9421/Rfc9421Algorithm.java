package dev.qseal.core.rfc9421;

import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The six algorithms of the RFC 9421 registry (§6.2), with the qseal {@link SignatureAlgorithm}
 * each asymmetric one maps to. {@code hmac-sha256} has none: it uses an {@link HmacKey}.
 */
public enum Rfc9421Algorithm {
    RSA_PSS_SHA512("rsa-pss-sha512", SignatureAlgorithm.RSA_PSS_SHA512),
    RSA_V1_5_SHA256("rsa-v1_5-sha256", SignatureAlgorithm.RSA_PKCS1_SHA256),
    HMAC_SHA256("hmac-sha256", null),
    ECDSA_P256_SHA256("ecdsa-p256-sha256", SignatureAlgorithm.ECDSA_P256_SHA256_RAW),
    ECDSA_P384_SHA384("ecdsa-p384-sha384", SignatureAlgorithm.ECDSA_P384_SHA384_RAW),
    ED25519("ed25519", SignatureAlgorithm.ED25519);

    private final String id;
    private final SignatureAlgorithm signatureAlgorithm;

    Rfc9421Algorithm(String id, SignatureAlgorithm signatureAlgorithm) {
        this.id = id;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The registered name, as written in the {@code alg} parameter: {@code rsa-pss-sha512}. */
    public String id() {
        return id;
    }

    /** The asymmetric algorithm; empty for {@code hmac-sha256}. */
    public Optional<SignatureAlgorithm> signatureAlgorithm() {
        return Optional.ofNullable(signatureAlgorithm);
    }

    /** The algorithm with this registered name (exact, case-sensitive as RFC 9421 registers them). */
    public static Optional<Rfc9421Algorithm> fromId(String id) {
        for (Rfc9421Algorithm a : values()) {
            if (a.id.equals(id)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The RFC 9421 algorithm for a qseal {@link SignatureAlgorithm}, if RFC 9421 registers one. */
    public static Optional<Rfc9421Algorithm> of(SignatureAlgorithm algorithm) {
        for (Rfc9421Algorithm a : values()) {
            if (algorithm.equals(a.signatureAlgorithm)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Whether this algorithm can be used with a key of this type. */
    public boolean fits(KeyType type) {
        return signatureAlgorithm != null && signatureAlgorithm.fits(type);
    }

    /**
     * The algorithms a public or private key can be used with. A key encoded with the RSASSA-PSS OID
     * (algorithm {@code RSASSA-PSS}) is restricted to PSS, as its encoding says.
     */
    public static List<Rfc9421Algorithm> fitting(Key key) {
        KeyType type = KeyType.of(key);
        boolean pssOnly = "RSASSA-PSS".equalsIgnoreCase(key.getAlgorithm());
        List<Rfc9421Algorithm> out = new ArrayList<>();
        for (Rfc9421Algorithm a : values()) {
            if (a.fits(type) && !(pssOnly && a == RSA_V1_5_SHA256)) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * The algorithm to sign with when the caller does not choose: rsa-pss-sha512 for RSA keys, the
     * curve's ECDSA for P-256/P-384, ed25519 for Ed25519. P-521 has no RFC 9421 algorithm.
     */
    public static Optional<Rfc9421Algorithm> defaultFor(KeyType type) {
        switch (type) {
            case RSA: return Optional.of(RSA_PSS_SHA512);
            case EC_P256: return Optional.of(ECDSA_P256_SHA256);
            case EC_P384: return Optional.of(ECDSA_P384_SHA384);
            case ED25519: return Optional.of(ED25519);
            default: return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
