package dev.qseal.jca;

import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SigningKey;
import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A JCA {@link PrivateKey} that is only a handle on a qseal {@link SigningKey}: it signs through
 * the {@code QSeal} provider's {@link java.security.Signature} implementations and never exposes
 * private material ({@link #getEncoded()} and {@link #getFormat()} return {@code null}, like an
 * unextractable PKCS#11 key).
 *
 * <p>The subclasses carry what JCA consumers read from a private key without touching its secret:
 * {@link QsealRsaPrivateKey} is an {@link java.security.interfaces.RSAKey} (the modulus, for key-size
 * checks in JSSE and Nimbus), {@link QsealEcPrivateKey} an {@link java.security.interfaces.ECKey}
 * (the curve, which JSSE matches against TLS 1.3 signature schemes) and, when the installed
 * providers make it safe, an {@link java.security.interfaces.ECPrivateKey} whose {@code getS()}
 * throws (for Nimbus's {@code ECDSASigner}), {@link QsealEdPrivateKey} an
 * {@link java.security.interfaces.EdECKey}. The RSA key deliberately does <em>not</em> implement
 * {@code RSAPrivateKey}: the JDK's {@code RSASSA-PSS} accepts any {@code RSAPrivateKey} at
 * {@code initSign} after looking at its modulus only, so delayed provider selection would hand a
 * QSeal key to {@code SunRsaSign}, which would then fail at {@code sign()} (see the module README).
 *
 * <p>Get one from the {@code QSEAL} {@link java.security.KeyStore}, or wrap a {@link SigningKey}
 * with {@link #of(SigningKey)}. Closing the key is the business of whoever opened the
 * {@link SigningKey} (the key store keeps its keys open while it lives).
 */
public abstract sealed class QsealPrivateKey implements PrivateKey
        permits QsealRsaPrivateKey, QsealEcPrivateKey, QsealEdPrivateKey {
    private static final long serialVersionUID = 1L;

    private final transient SigningKey signingKey;

    QsealPrivateKey(SigningKey signingKey) {
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
    }

    /** The JCA view of a signing key: an RSA, EC or Ed25519 {@code QsealPrivateKey} after its key type. */
    public static QsealPrivateKey of(SigningKey signingKey) {
        KeyType type = signingKey.keyType();
        switch (type) {
            case RSA:
                return new QsealRsaPrivateKey(signingKey);
            case EC_P256:
            case EC_P384:
            case EC_P521:
                return QsealEcPrivateKey.forKey(signingKey);
            case ED25519:
                return new QsealEdPrivateKey(signingKey);
            default:
                throw new IllegalArgumentException("no JCA key type for " + type);
        }
    }

    /** The signing key this handle signs with. */
    public SigningKey signingKey() {
        return signingKey;
    }

    /** The key type (RSA, EC with its curve, Ed25519). */
    public KeyType keyType() {
        return signingKey.keyType();
    }

    /** The public half. */
    public PublicKey publicKey() {
        return signingKey.publicKey();
    }

    /** The certificate chain the key source knows, leaf first; possibly empty. */
    public List<X509Certificate> certificateChain() {
        return signingKey.certificateChain();
    }

    /** {@code RSA}, {@code EC} or {@code EdDSA}, as for the JDK's keys of the same type. */
    @Override
    public String getAlgorithm() {
        return signingKey.keyType().jcaAlgorithm();
    }

    /** Always {@code null}: the key material is not available (and never leaves its backend). */
    @Override
    public final String getFormat() {
        return null;
    }

    /** Always {@code null}: the key material is not available (and never leaves its backend). */
    @Override
    public final byte[] getEncoded() {
        return null;
    }

    /** A handle is bound to an open backend; serialising it would lose the key (or worse, pretend not to). */
    protected final Object writeReplace() throws ObjectStreamException {
        throw new NotSerializableException("a QSeal private key is a handle on a key in "
                + signingKey.description() + " and cannot be serialised: serialise its KeyRef instead");
    }

    @Override
    public String toString() {
        return "QSeal " + signingKey.keyType() + " private key [" + signingKey.description() + "]";
    }
}
