package dev.qseal.jca;

import dev.qseal.core.key.SigningKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;

/**
 * An EC {@link QsealPrivateKey}: {@link #getParams()} is the curve of the public key (JSSE matches it
 * against {@code ecdsa_secp256r1_sha256} and friends); nothing private is exposed. For Nimbus use
 * {@code new ECDSASigner(key, Curve.P_256)} (its {@code ECPrivateKey} constructor wants the scalar).
 */
public final class QsealEcPrivateKey extends QsealPrivateKey implements ECKey {
    private static final long serialVersionUID = 1L;

    QsealEcPrivateKey(SigningKey signingKey) {
        super(signingKey);
        if (!(signingKey.publicKey() instanceof ECPublicKey)) {
            throw new IllegalArgumentException("not an EC key: " + signingKey.description());
        }
    }

    @Override
    public ECParameterSpec getParams() {
        return ((ECPublicKey) publicKey()).getParams();
    }
}
