package dev.qseal.jca;

import dev.qseal.core.key.SigningKey;
import java.math.BigInteger;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;

/**
 * An EC {@link QsealPrivateKey}: {@link #getParams()} is the curve of the public key (JSSE matches it
 * against {@code ecdsa_secp256r1_sha256}); nothing private is exposed.
 *
 * <p>When it is safe, the key is also an {@link ECPrivateKey} whose {@code getS()} throws, so that
 * APIs typed on {@code ECPrivateKey} take it (Nimbus's {@code new ECDSASigner(ECPrivateKey)}, which
 * reads the curve from it). Safe means: every provider that JCA's delayed provider selection tries
 * before {@code QSeal} lets go of the key at {@code initSign}. That is probed, with the key itself,
 * when the key is made ({@link QsealPrivateKey#of}): JDK 25's {@code SunEC} reads the scalar while it
 * initialises, fails and moves on to QSeal; JDK 17's {@code SunEC} accepts any {@code ECPrivateKey} at
 * {@code initSign} and only reads the scalar at {@code sign()}, too late for JCA to try QSeal, so on
 * JDK 17 with QSeal at the end of the list the key is an {@link ECKey} only (pass the curve to Nimbus,
 * or install QSeal first with {@link QsealProvider#installFirst()}, which makes it safe everywhere).
 */
public sealed class QsealEcPrivateKey extends QsealPrivateKey implements ECKey permits QsealEcPrivateKey.Scalarless {
    private static final long serialVersionUID = 1L;

    QsealEcPrivateKey(SigningKey signingKey) {
        super(signingKey);
        if (!(signingKey.publicKey() instanceof ECPublicKey)) {
            throw new IllegalArgumentException("not an EC key: " + signingKey.description());
        }
    }

    /** The {@link ECPrivateKey} form when the installed providers let go of it at init, else the {@link ECKey} form. */
    static QsealEcPrivateKey forKey(SigningKey signingKey) {
        Scalarless full = new Scalarless(signingKey);
        return othersLetGo(full) ? full : new QsealEcPrivateKey(signingKey);
    }

    /** Whether every provider ahead of QSeal that supports this key refuses it at {@code initSign}. */
    static boolean othersLetGo(Scalarless key) {
        for (Provider p : Security.getProviders()) {
            if (p instanceof QsealProvider) {
                return true;
            }
            Provider.Service s = p.getService("Signature", "SHA256withECDSA");
            if (s == null || !s.supportsParameter(key)) {
                continue;
            }
            try {
                Signature.getInstance("SHA256withECDSA", p).initSign(key);
                return false; // it took the key: it would call getS() when signing
            } catch (Exception refused) {
                // it let go at init: delayed selection moves on
            }
        }
        return false; // QSeal is not installed: whoever takes the key would need the scalar
    }

    @Override
    public ECParameterSpec getParams() {
        return ((ECPublicKey) publicKey()).getParams();
    }

    /** The {@link ECPrivateKey} form: the curve, and a {@link #getS()} that throws. */
    static final class Scalarless extends QsealEcPrivateKey implements ECPrivateKey {
        private static final long serialVersionUID = 1L;

        Scalarless(SigningKey signingKey) {
            super(signingKey);
        }

        /**
         * Always throws {@link UnsupportedOperationException}: the private scalar is not available.
         * Sign through {@code java.security.Signature}, which hands QSeal keys to the QSeal provider.
         */
        @Override
        public BigInteger getS() {
            throw new UnsupportedOperationException("the private scalar of a QSeal key never leaves its backend ("
                    + signingKey().description() + "); sign through java.security.Signature, which hands QSeal keys "
                    + "to the QSeal provider");
        }
    }
}
