package dev.qseal.psd2;

import java.util.Optional;

/**
 * What a qualified certificate is for, from its {@code QcType} statement (ETSI EN 319 412-5 §4.2.3):
 * a QSealC is {@link #ESEAL}, a QWAC is {@link #WEB}.
 */
public enum QcType {
    /** Electronic signature (a natural person): {@code 0.4.0.1862.1.6.1}. */
    ESIGN("0.4.0.1862.1.6.1"),
    /** Electronic seal (a legal person; the QSealC that seals PSD2 requests): {@code 0.4.0.1862.1.6.2}. */
    ESEAL("0.4.0.1862.1.6.2"),
    /** Website authentication (the QWAC used for mutual TLS): {@code 0.4.0.1862.1.6.3}. */
    WEB("0.4.0.1862.1.6.3");

    private final String oid;

    QcType(String oid) {
        this.oid = oid;
    }

    public String oid() {
        return oid;
    }

    public static Optional<QcType> ofOid(String oid) {
        for (QcType t : values()) {
            if (t.oid.equals(oid)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
