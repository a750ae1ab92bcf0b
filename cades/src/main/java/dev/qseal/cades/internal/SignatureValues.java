package dev.qseal.cades.internal;

import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.key.internal.EcdsaSignatures;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.internal.RsaSignatures;
import dev.qseal.core.key.SignatureAlgorithm;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * Raw signature values as a remote signer returns them: their form checked (an RSA value has the
 * modulus length; an ECDSA value is DER or r‖s) and, when one does not verify, the reason found.
 */
public final class SignatureValues {
    private SignatureValues() {
    }

    /**
     * The value in the form CMS carries (RSA as is, ECDSA as DER).
     *
     * @throws MalformedSignatureException if it cannot be a signature of this key at all
     */
    public static byte[] normalise(SignatureAlgorithm algorithm, PublicKey key, byte[] raw) {
        if (algorithm.scheme() == SignatureAlgorithm.Scheme.RSA_PKCS1) {
            int k = (((RSAPublicKey) key).getModulus().bitLength() + 7) / 8;
            if (raw.length != k) {
                throw new MalformedSignatureException("the signature value is " + raw.length + " bytes; a signature by this "
                        + ((RSAPublicKey) key).getModulus().bitLength() + "-bit RSA key is exactly " + k
                        + " bytes (was it decoded from base64 correctly?)");
            }
            return raw.clone();
        }
        KeyType type = algorithm.keyType();
        int n = type.coordinateLength();
        if (raw.length == 2 * n) {
            return EcdsaSignatures.rawToDer(raw);
        }
        try {
            EcdsaSignatures.derToRaw(raw, n); // checks the DER structure and the value sizes
            return raw.clone();
        } catch (IllegalArgumentException e) {
            throw new MalformedSignatureException("the signature value is neither a DER ECDSA signature nor " + (2 * n)
                    + " bytes of r||s for " + type + ": " + e.getMessage());
        }
    }

    /**
     * Why {@code signature} (normalised) does not verify over {@code hash}, for a message that a
     * person can act on. For RSA the public operation tells a signature by another key from one by
     * this key over another hash.
     */
    public static String whyNot(SignatureAlgorithm algorithm, PublicKey key, byte[] signature, String signer) {
        if (algorithm.scheme() == SignatureAlgorithm.Scheme.RSA_PKCS1) {
            RsaSignatures.Inspection inspection = RsaSignatures.inspect(key, signature);
            if (!inspection.madeWithThisKey()) {
                return "the signature was not made with the key of the certificate '" + signer
                        + "' (another key, or a corrupted value)";
            }
            if (inspection.algorithm().filter(algorithm::equals).isEmpty()) {
                return "the signature was made with the key of '" + signer + "' but as " + inspection.algorithm().map(Object::toString)
                        .orElse("another scheme") + ", not " + algorithm;
            }
            return "the signature was made with the key of '" + signer + "' but over another hash than this document's "
                    + "signed attributes (the signature of another document or batch item?)";
        }
        return "the signature does not verify over this document's signed attributes with the key of '" + signer
                + "' (another key, or the signature of another hash)";
    }
}
