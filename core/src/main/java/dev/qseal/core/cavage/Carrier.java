package dev.qseal.core.cavage;

/** Which header carries a Cavage signature. */
public enum Carrier {
    /** {@code Signature: keyId="...",...} (draft-cavage §4). */
    SIGNATURE("Signature", ""),
    /** {@code Authorization: Signature keyId="...",...} (draft-cavage §3), as ING's token call wants. */
    AUTHORIZATION("Authorization", "Signature ");

    private final String headerName;
    private final String prefix;

    Carrier(String headerName, String prefix) {
        this.headerName = headerName;
        this.prefix = prefix;
    }

    public String headerName() {
        return headerName;
    }

    /** The header value for the given signature parameters. */
    public String headerValue(String parameters) {
        return prefix + parameters;
    }

    /** Parses a CLI-style name: {@code signature} or {@code authorization}. */
    public static Carrier parse(String name) {
        switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "signature": return SIGNATURE;
            case "authorization": return AUTHORIZATION;
            default:
                throw new dev.qseal.core.BadInputException("unknown carrier '" + name + "': use signature or authorization");
        }
    }
}
