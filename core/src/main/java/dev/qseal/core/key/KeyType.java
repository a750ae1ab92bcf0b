package dev.qseal.core.key;

/** The kind of key an algorithm needs. EC keys are told apart by curve. */
public enum KeyType {
    RSA("RSA", 0),
    EC_P256("EC", 256),
    EC_P384("EC", 384),
    EC_P521("EC", 521);

    private final String jcaAlgorithm;
    private final int fieldBits;

    KeyType(String jcaAlgorithm, int fieldBits) {
        this.jcaAlgorithm = jcaAlgorithm;
        this.fieldBits = fieldBits;
    }

    /** {@code RSA} or {@code EC}, as {@link java.security.Key#getAlgorithm()} reports it. */
    public String jcaAlgorithm() {
        return jcaAlgorithm;
    }

    /** For EC keys, the field size in bits (256, 384, 521); 0 for RSA. */
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
        if ("RSA".equalsIgnoreCase(key.getAlgorithm()) || "RSASSA-PSS".equalsIgnoreCase(key.getAlgorithm())) {
            return RSA;
        }
        throw new dev.qseal.core.UnsupportedAlgorithmException(
                "keys of type " + key.getAlgorithm() + " are not supported: use an RSA or EC (P-256/384/521) key");
    }
}
