package dev.qseal.psd2;

import java.util.Optional;

/** A PSD2 role of a payment service provider, as ETSI TS 119 495 §5.1 names it in the {@code PSD2QcType} statement. */
public enum Psd2Role {
    /** Account servicing (the bank itself): {@code 0.4.0.19495.1.1}. */
    PSP_AS("0.4.0.19495.1.1"),
    /** Payment initiation: {@code 0.4.0.19495.1.2}. */
    PSP_PI("0.4.0.19495.1.2"),
    /** Account information: {@code 0.4.0.19495.1.3}. */
    PSP_AI("0.4.0.19495.1.3"),
    /** Issuing of card-based payment instruments (confirmation of funds): {@code 0.4.0.19495.1.4}. */
    PSP_IC("0.4.0.19495.1.4");

    private final String oid;

    Psd2Role(String oid) {
        this.oid = oid;
    }

    /** The role's object identifier ({@code roleOfPspOid}). */
    public String oid() {
        return oid;
    }

    /** The role with this OID, if it is one of the four. */
    public static Optional<Psd2Role> ofOid(String oid) {
        for (Psd2Role r : values()) {
            if (r.oid.equals(oid)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
