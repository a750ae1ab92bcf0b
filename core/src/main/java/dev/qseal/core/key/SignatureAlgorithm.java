package dev.qseal.core.key;

import dev.qseal.core.key.internal.RsaSignatures;
import dev.qseal.core.key.internal.EcdsaVerification;
import dev.qseal.core.QsealException;
import dev.qseal.core.UnsupportedAlgorithmException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A signature algorithm as a typed value: padding, hash and key type, with the names each format
 * gives it (JCA, JOSE, Cavage, RFC 9421). Use the constants; {@link #rsaPss(HashAlgorithm, int)}
 * makes an RSA-PSS variant with a non-default salt length.
 */
public final class SignatureAlgorithm {

    /** How the signature is formed. */
    public enum Scheme {
        /** RSASSA-PKCS1-v1_5. */
        RSA_PKCS1,
        /** RSASSA-PSS, MGF1 with the same hash. */
        RSA_PSS,
        /** ECDSA, signature as ASN.1 DER {@code SEQUENCE {r, s}} (JCA's and X.509's form). */
        ECDSA_DER,
        /** ECDSA, signature as fixed-length r‖s (IEEE P1363; the form JOSE and RFC 9421 use). */
        ECDSA_RAW,
        /** Pure EdDSA (RFC 8032): the key hashes internally, so there is no digest-only signing. */
        EDDSA
    }

    public static final SignatureAlgorithm RSA_PKCS1_SHA256 =
            new SignatureAlgorithm("RSA_PKCS1_SHA256", Scheme.RSA_PKCS1, HashAlgorithm.SHA_256, KeyType.RSA, 0,
                    "SHA256withRSA", "RS256", "rsa-sha256", "rsa-v1_5-sha256");
    public static final SignatureAlgorithm RSA_PKCS1_SHA384 =
            new SignatureAlgorithm("RSA_PKCS1_SHA384", Scheme.RSA_PKCS1, HashAlgorithm.SHA_384, KeyType.RSA, 0,
                    "SHA384withRSA", "RS384", null, null);
    public static final SignatureAlgorithm RSA_PKCS1_SHA512 =
            new SignatureAlgorithm("RSA_PKCS1_SHA512", Scheme.RSA_PKCS1, HashAlgorithm.SHA_512, KeyType.RSA, 0,
                    "SHA512withRSA", "RS512", "rsa-sha512", null);
    public static final SignatureAlgorithm RSA_PSS_SHA256 =
            new SignatureAlgorithm("RSA_PSS_SHA256", Scheme.RSA_PSS, HashAlgorithm.SHA_256, KeyType.RSA, 32,
                    "RSASSA-PSS", "PS256", null, null);
    public static final SignatureAlgorithm RSA_PSS_SHA384 =
            new SignatureAlgorithm("RSA_PSS_SHA384", Scheme.RSA_PSS, HashAlgorithm.SHA_384, KeyType.RSA, 48,
                    "RSASSA-PSS", "PS384", null, null);
    public static final SignatureAlgorithm RSA_PSS_SHA512 =
            new SignatureAlgorithm("RSA_PSS_SHA512", Scheme.RSA_PSS, HashAlgorithm.SHA_512, KeyType.RSA, 64,
                    "RSASSA-PSS", "PS512", null, "rsa-pss-sha512");
    public static final SignatureAlgorithm ECDSA_P256_SHA256 =
            new SignatureAlgorithm("ECDSA_P256_SHA256", Scheme.ECDSA_DER, HashAlgorithm.SHA_256, KeyType.EC_P256, 0,
                    "SHA256withECDSA", null, "ecdsa-sha256", null);
    /**
     * ECDSA on P-256 over SHA-512, DER: what draft-cavage-12 §7.1 lists for {@code hs2019} with a P-256 key
     * ("ECDSA P-256 DSS and SHA-512"), and what some Java signers emit.
     */
    public static final SignatureAlgorithm ECDSA_P256_SHA512 =
            new SignatureAlgorithm("ECDSA_P256_SHA512", Scheme.ECDSA_DER, HashAlgorithm.SHA_512, KeyType.EC_P256, 0,
                    "SHA512withECDSA", null, null, null);
    public static final SignatureAlgorithm ECDSA_P384_SHA384 =
            new SignatureAlgorithm("ECDSA_P384_SHA384", Scheme.ECDSA_DER, HashAlgorithm.SHA_384, KeyType.EC_P384, 0,
                    "SHA384withECDSA", null, null, null);
    public static final SignatureAlgorithm ECDSA_P521_SHA512 =
            new SignatureAlgorithm("ECDSA_P521_SHA512", Scheme.ECDSA_DER, HashAlgorithm.SHA_512, KeyType.EC_P521, 0,
                    "SHA512withECDSA", null, null, null);
    public static final SignatureAlgorithm ECDSA_P256_SHA256_RAW =
            new SignatureAlgorithm("ECDSA_P256_SHA256_RAW", Scheme.ECDSA_RAW, HashAlgorithm.SHA_256, KeyType.EC_P256, 0,
                    "SHA256withECDSAinP1363Format", "ES256", null, "ecdsa-p256-sha256");
    public static final SignatureAlgorithm ECDSA_P384_SHA384_RAW =
            new SignatureAlgorithm("ECDSA_P384_SHA384_RAW", Scheme.ECDSA_RAW, HashAlgorithm.SHA_384, KeyType.EC_P384, 0,
                    "SHA384withECDSAinP1363Format", "ES384", null, "ecdsa-p384-sha384");
    public static final SignatureAlgorithm ECDSA_P521_SHA512_RAW =
            new SignatureAlgorithm("ECDSA_P521_SHA512_RAW", Scheme.ECDSA_RAW, HashAlgorithm.SHA_512, KeyType.EC_P521, 0,
                    "SHA512withECDSAinP1363Format", "ES512", null, null);
    /**
     * Ed25519 (RFC 8032, pure): 64-byte deterministic signatures. {@link #hash()} is SHA-512, the hash
     * Ed25519 uses internally; it cannot sign a precomputed digest. No JOSE name is mapped: qseal's
     * JWS formats do not offer EdDSA.
     */
    public static final SignatureAlgorithm ED25519 =
            new SignatureAlgorithm("ED25519", Scheme.EDDSA, HashAlgorithm.SHA_512, KeyType.ED25519, 0,
                    "Ed25519", null, null, "ed25519");

    private static final List<SignatureAlgorithm> VALUES = List.of(
            RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512,
            RSA_PSS_SHA256, RSA_PSS_SHA384, RSA_PSS_SHA512,
            ECDSA_P256_SHA256, ECDSA_P256_SHA512, ECDSA_P384_SHA384, ECDSA_P521_SHA512,
            ECDSA_P256_SHA256_RAW, ECDSA_P384_SHA384_RAW, ECDSA_P521_SHA512_RAW,
            ED25519);

    private final String name;
    private final Scheme scheme;
    private final HashAlgorithm hash;
    private final KeyType keyType;
    private final int saltLength;
    private final String jcaName;
    private final String joseName;
    private final String cavageName;
    private final String rfc9421Name;

    private SignatureAlgorithm(String name, Scheme scheme, HashAlgorithm hash, KeyType keyType, int saltLength,
            String jcaName, String joseName, String cavageName, String rfc9421Name) {
        this.name = name;
        this.scheme = scheme;
        this.hash = hash;
        this.keyType = keyType;
        this.saltLength = saltLength;
        this.jcaName = jcaName;
        this.joseName = joseName;
        this.cavageName = cavageName;
        this.rfc9421Name = rfc9421Name;
    }

    /** Every named constant. */
    public static List<SignatureAlgorithm> values() {
        return VALUES;
    }

    /**
     * RSA-PSS with the given hash and an explicit salt length (MGF1 with the same hash). JOSE's PS*
     * use salt = hash length; OpenSSL's default when signing is the maximum salt.
     */
    public static SignatureAlgorithm rsaPss(HashAlgorithm hash, int saltLength) {
        if (saltLength < 0) {
            throw new IllegalArgumentException("salt length must not be negative");
        }
        for (SignatureAlgorithm a : VALUES) {
            if (a.scheme == Scheme.RSA_PSS && a.hash == hash && a.saltLength == saltLength) {
                return a;
            }
        }
        return new SignatureAlgorithm("RSA_PSS_" + hash.name().replace("_", "") + "_SALT" + saltLength,
                Scheme.RSA_PSS, hash, KeyType.RSA, saltLength, "RSASSA-PSS", null, null, null);
    }

    /** Our constant name, e.g. {@code RSA_PKCS1_SHA256}. */
    public String name() {
        return name;
    }

    public Scheme scheme() {
        return scheme;
    }

    public HashAlgorithm hash() {
        return hash;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** RSA-PSS salt length in bytes; 0 for the other schemes. */
    public int saltLength() {
        return saltLength;
    }

    /** The JCA {@link Signature} algorithm name ({@code SHA256withRSA}, {@code RSASSA-PSS}, ...). */
    public String jcaName() {
        return jcaName;
    }

    /** JOSE {@code alg} ({@code RS256}, {@code PS256}, {@code ES256}...), where JOSE defines one. */
    public Optional<String> joseName() {
        return Optional.ofNullable(joseName);
    }

    /** draft-cavage {@code algorithm} ({@code rsa-sha256}, {@code rsa-sha512}, {@code ecdsa-sha256}), where defined. */
    public Optional<String> cavageName() {
        return Optional.ofNullable(cavageName);
    }

    /** RFC 9421 {@code alg} ({@code rsa-v1_5-sha256}, {@code rsa-pss-sha512}, ...), where defined. */
    public Optional<String> rfc9421Name() {
        return Optional.ofNullable(rfc9421Name);
    }

    /** Every named algorithm a key of this type can sign with. */
    public static Set<SignatureAlgorithm> forKeyType(KeyType type) {
        Set<SignatureAlgorithm> out = new java.util.LinkedHashSet<>();
        for (SignatureAlgorithm a : VALUES) {
            if (a.fits(type)) {
                out.add(a);
            }
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    /** Whether a key of this JCA type can make or check signatures of this algorithm. */
    public boolean fits(KeyType type) {
        return keyType == type;
    }

    /** The algorithm with this JOSE name. */
    public static Optional<SignatureAlgorithm> fromJose(String alg) {
        return named(alg, a -> a.joseName);
    }

    /** The constant whose name of one kind is {@code value}: a loop, not a stream, as every verification asks. */
    private static Optional<SignatureAlgorithm> named(String value, java.util.function.Function<SignatureAlgorithm, String> kind) {
        for (SignatureAlgorithm a : VALUES) {
            if (value.equals(kind.apply(a))) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The algorithm with this Cavage name (case-insensitive). {@code hs2019} has none: the key decides. */
    public static Optional<SignatureAlgorithm> fromCavage(String algorithm) {
        return named(algorithm.toLowerCase(Locale.ROOT), a -> a.cavageName);
    }

    /** The algorithm with this RFC 9421 name. */
    public static Optional<SignatureAlgorithm> fromRfc9421(String alg) {
        return named(alg, a -> a.rfc9421Name);
    }

    /** The algorithm with this constant name ({@code RSA_PKCS1_SHA256}), case-insensitive. */
    public static Optional<SignatureAlgorithm> fromName(String name) {
        String upper = name.toUpperCase(Locale.ROOT).replace('-', '_');
        return VALUES.stream().filter(a -> upper.equals(a.name)).findFirst();
    }

    /**
     * A fresh, parameterised JCA {@link Signature} for this algorithm from the provider qseal prefers
     * ({@link CryptoProviders}: ACCP when available, else the JDK's providers).
     * {@link Signature} objects are not thread-safe; callers keep one per thread or per call.
     */
    public Signature newJcaSignature() {
        return newJcaSignature(CryptoProviders.preferred());
    }

    /** As {@link #newJcaSignature()}, from {@code provider} when it offers the algorithm (the JDK's providers otherwise). */
    Signature newJcaSignature(Optional<java.security.Provider> provider) {
        try {
            return parameterised(CryptoProviders.signature(provider, jcaName));
        } catch (GeneralSecurityException e) {
            throw new QsealException((CryptoProviders.fips() ? "Bouncy Castle FIPS (FIPS mode) does not offer " : "this JDK cannot do ")
                    + name + " (" + jcaName + ")", e);
        }
    }

    /** As {@link #newJcaSignature()}, from {@code provider} and no other (e.g. SunPKCS11 for its own token keys). */
    public Signature newJcaSignature(java.security.Provider provider) {
        try {
            return parameterised(Signature.getInstance(jcaName, provider));
        } catch (GeneralSecurityException e) {
            throw new QsealException(provider.getName() + " cannot do " + name + " (" + jcaName + ")", e);
        }
    }

    private Signature parameterised(Signature s) throws GeneralSecurityException {
        if (scheme == Scheme.RSA_PSS) {
            s.setParameter(pssParameters());
        }
        return s;
    }

    /** The {@link PSSParameterSpec} of an RSA-PSS algorithm. */
    public PSSParameterSpec pssParameters() {
        if (scheme != Scheme.RSA_PSS) {
            throw new IllegalStateException(name + " is not RSA-PSS");
        }
        return new PSSParameterSpec(hash.jcaName(), "MGF1", new MGF1ParameterSpec(hash.jcaName()), saltLength, 1);
    }

    /**
     * Verifies {@code signature} over {@code data} with {@code key}. Returns false for a signature
     * that does not verify, including one that is malformed; throws only if the key does not fit.
     */
    public boolean verify(PublicKey key, byte[] data, byte[] signature) {
        KeyType type = KeyType.of(key);
        if (!fits(type)) {
            throw new UnsupportedAlgorithmException(name + " needs a " + keyType + " key, not " + type);
        }
        if (scheme == Scheme.ECDSA_DER || scheme == Scheme.ECDSA_RAW) {
            // the JDK's ECDSA verifiers accept some malformed signatures and reject some valid ones
            return EcdsaVerification.verify(this, key, data, signature);
        }
        try {
            Signature s = newJcaSignature(CryptoProviders.forVerifying(this));
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (java.security.SignatureException | IllegalArgumentException e) {
            return false; // malformed signature bytes: a failed verification, not an error
        } catch (java.security.InvalidKeyException e) {
            throw new UnsupportedAlgorithmException("the key cannot be used for " + name + ": " + e.getMessage());
        }
    }

    /**
     * As {@link #verify}, but an RSA-PSS signature may use any salt length (recovered from the signature),
     * as real signers differ: JOSE's PS* use the hash length, OpenSSL's default is the maximum. Every
     * other scheme verifies exactly as {@link #verify}.
     */
    public boolean verifyAnySaltLength(PublicKey key, byte[] data, byte[] signature) {
        if (scheme == Scheme.RSA_PSS) {
            KeyType type = KeyType.of(key);
            if (!fits(type)) {
                throw new UnsupportedAlgorithmException(name + " needs a " + keyType + " key, not " + type);
            }
            java.util.OptionalInt salt = RsaSignatures.verifyPss(key, hash, data, signature, java.util.OptionalInt.empty());
            // FIPS mode: the salt length is recovered here, the verdict is Bouncy Castle FIPS's (verify uses BCFIPS)
            return salt.isPresent() && (!CryptoProviders.fips() || rsaPss(hash, salt.getAsInt()).verify(key, data, signature));
        }
        return verify(key, data, signature);
    }

    /**
     * Verifies {@code signature} over a digest computed elsewhere (what {@link SigningKey#signDigest}
     * signs). Returns false for a signature that does not verify, including a malformed one.
     *
     * @throws UnsupportedAlgorithmException if the key does not fit, or for EdDSA (which signs messages, not digests)
     */
    public boolean verifyDigest(PublicKey key, byte[] digest, byte[] signature) {
        KeyType type = KeyType.of(key);
        if (!fits(type)) {
            throw new UnsupportedAlgorithmException(name + " needs a " + keyType + " key, not " + type);
        }
        switch (scheme) {
            case RSA_PKCS1:
                return RsaSignatures.verifyPkcs1Digest(key, hash, digest, signature)
                        && (!CryptoProviders.fips() || fipsVerifiesDigestInfo(key, digest, signature));
            case RSA_PSS:
                // also in FIPS mode checked here only: Bouncy Castle FIPS has no PSS verification of a bare digest
                return RsaSignatures.verifyPssDigest(key, hash, digest, signature, java.util.OptionalInt.of(saltLength)).isPresent();
            case ECDSA_DER:
            case ECDSA_RAW:
                return EcdsaVerification.verifyDigest(this, key, digest, signature);
            default:
                throw new UnsupportedAlgorithmException(name + " signs whole messages; a digest cannot be verified");
        }
    }

    /** FIPS mode: Bouncy Castle FIPS's own verdict on a PKCS#1 v1.5 signature over {@code digest}. */
    private boolean fipsVerifiesDigestInfo(PublicKey key, byte[] digest, byte[] signature) {
        try {
            Signature s = CryptoProviders.signature(CryptoProviders.preferred(), "NONEwithRSA");
            s.initVerify(key);
            s.update(hash.digestInfo(digest));
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new UnsupportedAlgorithmException("the key cannot be used for " + name + ": " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SignatureAlgorithm)) {
            return false;
        }
        SignatureAlgorithm that = (SignatureAlgorithm) o;
        return scheme == that.scheme && hash == that.hash && keyType == that.keyType && saltLength == that.saltLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, hash, keyType, saltLength);
    }

    @Override
    public String toString() {
        return name;
    }
}
