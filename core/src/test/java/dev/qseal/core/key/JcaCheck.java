package dev.qseal.core.key;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Verifies with plain JCA, choosing the JCA algorithm here rather than asking
 * {@link SignatureAlgorithm}, so a wrong mapping in the production code cannot hide itself.
 */
final class JcaCheck {
    private JcaCheck() {
    }

    static boolean verify(PublicKey key, SignatureAlgorithm alg, byte[] data, byte[] signature) {
        String hash = alg.hash().jcaName();           // SHA-256
        String compact = hash.replace("-", "");        // SHA256
        try {
            Signature s;
            switch (alg.scheme()) {
                case RSA_PKCS1:
                    s = Signature.getInstance(compact + "withRSA");
                    break;
                case RSA_PSS:
                    s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), alg.saltLength(), 1));
                    break;
                case ECDSA_DER:
                    s = Signature.getInstance(compact + "withECDSA");
                    break;
                case ECDSA_RAW:
                    s = Signature.getInstance(compact + "withECDSAinP1363Format");
                    break;
                default:
                    throw new AssertionError(alg.scheme());
            }
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
