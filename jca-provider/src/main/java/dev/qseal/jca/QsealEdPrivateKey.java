package dev.qseal.jca;

import dev.qseal.core.key.SigningKey;
import java.security.interfaces.EdECKey;
import java.security.spec.NamedParameterSpec;

/** An Ed25519 {@link QsealPrivateKey} ({@code EdDSA}); signs with the {@code Ed25519} signature. */
public final class QsealEdPrivateKey extends QsealPrivateKey implements EdECKey {
    private static final long serialVersionUID = 1L;

    QsealEdPrivateKey(SigningKey signingKey) {
        super(signingKey);
    }

    @Override
    public NamedParameterSpec getParams() {
        return NamedParameterSpec.ED25519;
    }
}
