package dev.qseal.core.key.internal;

import dev.qseal.core.key.CryptoProviders;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.UnsupportedAlgorithmException;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * Strict ECDSA verification, independent of the JDK provider's leniencies and bugs. A raw r‖s
 * signature must have exactly twice the coordinate length; a DER one must be the canonical DER
 * encoding ({@code SEQUENCE {INTEGER r, INTEGER s}}, minimal lengths and integers); r and s must be
 * in [1, n-1]. The arithmetic is Bouncy Castle's.
 *
 * <p>Why not the JCA: on JDK 17, {@code SHA256withECDSAinP1363Format} accepts r‖s of the wrong size
 * and {@code SHA256withECDSA} accepts a DER integer without its leading zero (Wycheproof "invalid"),
 * and both reject valid signatures whose k·G has an x-coordinate of at least n (Wycheproof
 * "valid"). {@link SignatureAlgorithm#verify} uses this for every ECDSA algorithm, so all of
 * qseal's verifiers are exact.
 */
public final class EcdsaVerification {
    private EcdsaVerification() {
    }

    /**
     * Verifies an ECDSA signature of {@code algorithm}'s form (raw for {@code ECDSA_*_RAW}, DER otherwise).
     *
     * @return false for any signature that is not valid, including malformed ones
     * @throws UnsupportedAlgorithmException if the algorithm is not ECDSA or does not fit the key
     */
    public static boolean verify(SignatureAlgorithm algorithm, PublicKey key, byte[] data, byte[] signature) {
        return verifyDigest(algorithm, key, algorithm.hash().hash(data), signature);
    }

    /** As {@link #verify}, over a digest computed elsewhere (hash signing). */
    public static boolean verifyDigest(SignatureAlgorithm algorithm, PublicKey key, byte[] digest, byte[] signature) {
        SignatureAlgorithm.Scheme scheme = algorithm.scheme();
        if (scheme != SignatureAlgorithm.Scheme.ECDSA_RAW && scheme != SignatureAlgorithm.Scheme.ECDSA_DER) {
            throw new UnsupportedAlgorithmException(algorithm + " is not ECDSA");
        }
        KeyType type = KeyType.of(key);
        if (!algorithm.fits(type) || !(key instanceof ECPublicKey)) {
            throw new UnsupportedAlgorithmException(algorithm + " needs a " + algorithm.keyType() + " key, not " + type);
        }
        int len = type.coordinateLength();
        byte[] raw;
        if (scheme == SignatureAlgorithm.Scheme.ECDSA_RAW) {
            if (signature.length != 2 * len) {
                return false;
            }
            raw = signature;
        } else {
            try {
                raw = EcdsaSignatures.derToRaw(signature, len);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (!Arrays.equals(EcdsaSignatures.rawToDer(raw), signature)) {
                return false; // not the canonical DER encoding
            }
        }
        if (CryptoProviders.preferred().isPresent()) {
            // the encoding is checked above; AWS-LC's arithmetic is exact (it accepts x(kG) >= n), so it decides
            return nativeVerify(CryptoProviders.preferred().get(), key, digest, raw, len);
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, len));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, len, 2 * len));
        ECPublicKeyParameters params;
        try {
            AsymmetricKeyParameter p = ECUtil.generatePublicKeyParameter(key);
            params = (ECPublicKeyParameters) p;
        } catch (InvalidKeyException | ClassCastException e) {
            throw new UnsupportedAlgorithmException("the EC key cannot be used for " + algorithm + ": " + e.getMessage());
        }
        BigInteger n = params.getParameters().getN();
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, params);
        return verifier.verifySignature(digest, r, s);
    }

    private static boolean nativeVerify(java.security.Provider provider, PublicKey key, byte[] digest, byte[] raw, int len) {
        BigInteger n = ((ECPublicKey) key).getParams().getOrder();
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, len));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, len, 2 * len));
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        try {
            java.security.Signature v = CryptoProviders.signature(java.util.Optional.of(provider), "NONEwithECDSA");
            v.initVerify(key);
            v.update(digest);
            return v.verify(EcdsaSignatures.rawToDer(raw));
        } catch (java.security.SignatureException e) {
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new UnsupportedAlgorithmException("the EC key cannot be used for ECDSA: " + e.getMessage());
        }
    }
}
