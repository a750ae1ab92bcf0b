package dev.qseal.core;

/**
 * An operation needs the signer's certificate (a certificate header, a keyId derived from its serial,
 * a JWS {@code x5t#S256}) and the key has none. {@link #key()} describes the key (never its material).
 */
public class MissingCertificateException extends BadInputException {
    private final String key;

    public MissingCertificateException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key's description, e.g. {@code file:/etc/qseal/key.pem}. */
    public String key() {
        return key;
    }
}
