package dev.qseal.jca;

import dev.qseal.core.key.SigningKey;
import java.math.BigInteger;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;

/**
 * An RSA {@link QsealPrivateKey}: {@link #getModulus()} is the public modulus (JSSE and Nimbus read
 * it to check the key size); nothing private is exposed.
 */
public final class QsealRsaPrivateKey extends QsealPrivateKey implements RSAKey {
    private static final long serialVersionUID = 1L;

    QsealRsaPrivateKey(SigningKey signingKey) {
        super(signingKey);
        if (!(signingKey.publicKey() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("not an RSA key: " + signingKey.description());
        }
    }

    @Override
    public BigInteger getModulus() {
        return ((RSAPublicKey) publicKey()).getModulus();
    }

    /** The parameters of the public key ({@code null} for plain RSA). */
    @Override
    public AlgorithmParameterSpec getParams() {
        return ((RSAPublicKey) publicKey()).getParams();
    }
}
