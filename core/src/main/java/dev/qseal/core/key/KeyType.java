package dev.qseal.core.key;

/**
 * The kind of key an algorithm needs. EC keys are told apart by curve. {@link #ED25519} is the
 * Edwards-curve key of RFC 8032 (used by RFC 9421's {@code ed25519}); it signs whole messages only.
 */
public enum KeyType {
    RSA("RSA", 0),
    EC_P256("EC", 256),
    EC_P384("EC", 384),
    EC_P521("EC", 521),
    /** Ed25519 (RFC 8032); JCA reports such keys as {@code EdDSA}. */
    ED25519("EdDSA", 255);

    private final String jcaAlgorithm;
    private final int fieldBits;

    KeyType(String jcaAlgorithm, int fieldBits) {
        this.jcaAlgorithm = jcaAlgorithm;
        this.fieldBits = fieldBits;
    }

    /** {@code RSA}, {@code EC} or {@code EdDSA}, as {@link java.security.Key#getAlgorithm()} reports it. */
    public String jcaAlgorithm() {
        return jcaAlgorithm;
    }

    /** For EC keys, the field size in bits (256, 384, 521); 255 for Ed25519; 0 for RSA. */
    public int fieldBits() {
        return fieldBits;
    }

    /** Size in bytes of one ECDSA coordinate (r or s) in the raw r‖s form. */
    public int coordinateLength() {
        return (fieldBits + 7) / 8;
    }

    /** The key type of a JCA public or private key. */
    public static KeyType of(java.security.Key key) {
        if (key instanceof java.security.interfaces.RSAKey) {
            return RSA;
        }
        if (key instanceof java.security.interfaces.ECKey) {
            int bits = ((java.security.interfaces.ECKey) key).getParams().getCurve().getField().getFieldSize();
            switch (bits) {
                case 256: return EC_P256;
                case 384: return EC_P384;
                case 521: return EC_P521;
                default:
                    throw new dev.qseal.core.UnsupportedAlgorithmException(
                            "EC keys on a " + bits + "-bit curve are not supported: use P-256, P-384 or P-521");
            }
        }
        if (key instanceof java.security.interfaces.EdECKey) {
            String curve = ((java.security.interfaces.EdECKey) key).getParams().getName();
            if ("Ed25519".equalsIgnoreCase(curve)) {
                return ED25519;
            }
            throw new dev.qseal.core.UnsupportedAlgorithmException(
                    "EdDSA keys on " + curve + " are not supported: use an Ed25519 key");
        }
        if ("Ed25519".equalsIgnoreCase(key.getAlgorithm())) {
            return ED25519;
        }
        if ("RSA".equalsIgnoreCase(key.getAlgorithm()) || "RSASSA-PSS".equalsIgnoreCase(key.getAlgorithm())) {
            return RSA;
        }
        throw new dev.qseal.core.UnsupportedAlgorithmException(
                "keys of type " + key.getAlgorithm() + " are not supported: use an RSA, EC (P-256/384/521) or Ed25519 key");
    }
}
