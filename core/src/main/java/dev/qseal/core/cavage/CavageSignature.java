package dev.qseal.core.cavage;

/** A computed Cavage signature: the header to add, and the signing string it covers (for debugging). */
public final class CavageSignature {
    private final Carrier carrier;
    private final SignatureParameters parameters;
    private final String signingString;

    CavageSignature(Carrier carrier, SignatureParameters parameters, String signingString) {
        this.carrier = carrier;
        this.parameters = parameters;
        this.signingString = signingString;
    }

    public Carrier carrier() {
        return carrier;
    }

    public SignatureParameters parameters() {
        return parameters;
    }

    /** {@code Signature} or {@code Authorization}. */
    public String headerName() {
        return carrier.headerName();
    }

    /** The header value, e.g. {@code Signature keyId="..",...} for the Authorization carrier. */
    public String headerValue() {
        return carrier.headerValue(parameters.format());
    }

    /** The exact bytes that were signed (UTF-8), LF-joined, no trailing LF. */
    public String signingString() {
        return signingString;
    }

    @Override
    public String toString() {
        return headerName() + ": " + headerValue();
    }
}
