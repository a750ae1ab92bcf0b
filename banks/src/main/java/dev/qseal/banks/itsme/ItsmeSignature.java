package dev.qseal.banks.itsme;

import java.util.Objects;
import java.util.Optional;

/**
 * One signed item of a finished sign session: its id, the hash that was signed, the raw PKCS#1
 * v1.5 SHA-256 value itsme returned (already verified against the user's certificate) and, for a
 * document session, the detached CAdES-B signature (a {@code .p7s}). Immutable.
 */
public final class ItsmeSignature {
    private final String id;
    private final byte[] hash;
    private final byte[] value;
    private final byte[] cades;

    ItsmeSignature(String id, byte[] hash, byte[] value, byte[] cades) {
        this.id = Objects.requireNonNull(id);
        this.hash = hash.clone();
        this.value = value.clone();
        this.cades = cades == null ? null : cades.clone();
    }

    /** The id sent with the hash ({@code docHash.id}; for documents, the document's name). */
    public String id() {
        return id;
    }

    /** The SHA-256 hash that was signed. */
    public byte[] hash() {
        return hash.clone();
    }

    /** The raw signature value, verified against the user's certificate. */
    public byte[] signatureValue() {
        return value.clone();
    }

    /** The DER CMS of the detached CAdES-B signature, for items signed with {@link ItsmeClient#signDocuments}. */
    public Optional<byte[]> cades() {
        return Optional.ofNullable(cades).map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "ItsmeSignature[" + id + (cades != null ? ", CAdES" : "") + "]";
    }
}
