package dev.qseal.core.key;

import dev.qseal.core.key.internal.EcdsaSignatures;
import dev.qseal.core.key.internal.DigestSigning;
import dev.qseal.core.QsealException;
import dev.qseal.core.UnsupportedAlgorithmException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;

/**
 * A key held in this JVM's memory (from a PEM file or a keystore), signing with the provider {@link CryptoProviders}
 * chooses (ACCP, BCFIPS in FIPS mode, or the JDK's).
 * The private key never leaves this object; {@link #toString()} names only where it came from.
 */
public final class SoftwareSigningKey implements SigningKey {
    private final String description;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final KeyType keyType;
    private final List<X509Certificate> chain;
    private final Set<SignatureAlgorithm> algorithms;
    /** The provider signing with {@link #signingForm} (see {@link CryptoProviders}); empty = the JDK's. */
    private final Optional<Provider> provider;
    private final PrivateKey signingForm;

    /**
     * @param description where the key came from (a path or alias), shown in messages
     * @param chain       leaf first, possibly empty; the leaf must belong to {@code publicKey}
     */
    public SoftwareSigningKey(String description, PrivateKey privateKey, PublicKey publicKey, List<X509Certificate> chain) {
        this(description, privateKey, publicKey, chain, CryptoProviders.forSigning(privateKey));
    }

    private SoftwareSigningKey(String description, PrivateKey privateKey, PublicKey publicKey, List<X509Certificate> chain,
                               Optional<Provider> provider) {
        this.description = Objects.requireNonNull(description, "description");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.keyType = KeyType.of(publicKey);
        this.chain = List.copyOf(chain);
        SigningKeys.requireCertifies(this.chain, publicKey, description);
        this.algorithms = SignatureAlgorithm.forKeyType(keyType);
        this.provider = provider;
        this.signingForm = CryptoProviders.translate(provider, privateKey);
    }

    /** The same key signing with the JDK's providers only, whatever {@link CryptoProviders} prefers. */
    public SoftwareSigningKey withJdkProvider() {
        return new SoftwareSigningKey(description, privateKey, publicKey, chain, Optional.empty());
    }

    /** The name of the provider this key signs with (for diagnostics). */
    public String providerName() {
        return provider.map(Provider::getName).orElse("JDK");
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public KeyType keyType() {
        return keyType;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public Set<SignatureAlgorithm> algorithms() {
        return algorithms;
    }

    /** The same key with another certificate chain (e.g. a QSealC kept apart from the key). */
    public SoftwareSigningKey withCertificateChain(List<X509Certificate> newChain) {
        return new SoftwareSigningKey(description, privateKey, publicKey, newChain, provider);
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        checkFits(algorithm);
        checkApproved(algorithm);
        try {
            if (algorithm.scheme() == SignatureAlgorithm.Scheme.ECDSA_RAW && fips()) {
                // BCFIPS has no P1363 (r||s) names: sign DER with the same hash and re-encode
                Signature s = CryptoProviders.signature(provider, algorithm.hash().jcaName().replace("-", "") + "withECDSA");
                s.initSign(signingForm);
                s.update(data);
                return EcdsaSignatures.derToRaw(s.sign(), keyType.coordinateLength());
            }
            Signature s = algorithm.newJcaSignature(provider);
            s.initSign(formFor(s));
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new QsealException("signing with " + description + " (" + algorithm + ") failed: " + e.getMessage(), e);
        } catch (Error e) {
            throw CryptoProviders.refusedInFips(e, "signing with " + description + " (" + algorithm + ")");
        }
    }

    @Override
    public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        checkFits(algorithm);
        if (algorithm.scheme() == SignatureAlgorithm.Scheme.EDDSA) {
            throw new UnsupportedAlgorithmException(algorithm + " signs the whole message (pure EdDSA) and cannot sign a"
                    + " precomputed digest: use sign() with the data");
        }
        if (digest.length != algorithm.hash().length()) {
            throw new dev.qseal.core.BadInputException(algorithm + " needs a " + algorithm.hash().jcaName() + " digest of "
                    + algorithm.hash().length() + " bytes, got " + digest.length);
        }
        checkApproved(algorithm);
        // the JDK's raw signatures, as before, except in FIPS mode where nothing leaves BCFIPS
        Optional<Provider> raw = fips() ? provider : Optional.empty();
        try {
            switch (algorithm.scheme()) {
                case RSA_PKCS1: {
                    Signature s = CryptoProviders.signature(raw, "NONEwithRSA");
                    s.initSign(formFor(s));
                    s.update(algorithm.hash().digestInfo(digest));
                    return s.sign();
                }
                case RSA_PSS: {
                    if (fips()) {
                        throw CryptoProviders.refusedInFips("signing a precomputed digest with " + algorithm
                                + " (it needs the raw RSA operation, which Bouncy Castle FIPS does not offer)",
                                "sign the data itself, or use RSA PKCS#1 v1.5 or ECDSA for hash signing");
                    }
                    int bits = ((RSAPublicKey) publicKey).getModulus().bitLength();
                    byte[] em = DigestSigning.emsaPssEncode(digest, algorithm.hash(), algorithm.saltLength(), bits);
                    Cipher rsa = Cipher.getInstance("RSA/ECB/NoPadding");
                    rsa.init(Cipher.ENCRYPT_MODE, privateKey);
                    return leftPad(rsa.doFinal(em), (bits + 7) / 8);
                }
                default: {
                    Signature s = CryptoProviders.signature(raw, "NONEwithECDSA");
                    s.initSign(formFor(s));
                    s.update(digest);
                    byte[] der = s.sign();
                    return algorithm.scheme() == SignatureAlgorithm.Scheme.ECDSA_RAW
                            ? EcdsaSignatures.derToRaw(der, keyType.coordinateLength())
                            : der;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new QsealException("signing a digest with " + description + " (" + algorithm + ") failed: " + e.getMessage(), e);
        } catch (Error e) {
            throw CryptoProviders.refusedInFips(e, "signing a digest with " + description + " (" + algorithm + ")");
        }
    }

    /** The key in the form {@code s}'s provider holds it: translated for the chosen provider, the JDK's otherwise. */
    private PrivateKey formFor(Signature s) {
        return provider.isPresent() && s.getProvider() == provider.get() ? signingForm : privateKey;
    }

    /** Whether this key signs with BCFIPS (FIPS mode). */
    private boolean fips() {
        return provider.isPresent() && CryptoProviders.isFips(provider.get());
    }

    /** FIPS approved-only mode signs with RSA keys of at least 2048 bits only: said before Bouncy Castle FIPS says it. */
    private void checkApproved(SignatureAlgorithm algorithm) {
        if (keyType == KeyType.RSA && fips() && CryptoProviders.approvedOnly()) {
            int bits = ((RSAPublicKey) publicKey).getModulus().bitLength();
            if (bits < CryptoProviders.FIPS_MIN_RSA_SIGNING_BITS) {
                throw CryptoProviders.refusedInFips("signing with the " + bits + "-bit RSA key " + description + " (" + algorithm + ")",
                        "use an RSA key of at least " + CryptoProviders.FIPS_MIN_RSA_SIGNING_BITS + " bits, or an EC P-256/384/521 key");
            }
        }
    }

    private static byte[] leftPad(byte[] b, int len) {
        if (b.length >= len) {
            return b;
        }
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, len - b.length, b.length);
        return out;
    }

    private void checkFits(SignatureAlgorithm algorithm) {
        if (!algorithm.fits(keyType)) {
            throw new UnsupportedAlgorithmException(algorithm + " needs a " + algorithm.keyType() + " key but "
                    + description + " is " + keyType + ": choose an algorithm for this key");
        }
    }

    @Override
    public String toString() {
        return "SoftwareSigningKey[" + description + ", " + keyType + "]";
    }
}
