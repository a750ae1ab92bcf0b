package dev.qseal.core.digest;

/**
 * How the algorithm is spelled in an RFC 3230 {@code Digest} header. RFC 3230 tokens are
 * case-insensitive, yet banks compare them as strings, so a profile picks the spelling its bank wants.
 */
public enum DigestLabel {
    /** {@code SHA-256=} — RFC 3230 / RFC 5843 as registered; ING, Berlin Group, STET. */
    STANDARD,
    /** {@code SHA256=} — without the hyphen, as in one formula of the Belfius documentation. */
    NO_HYPHEN,
    /** {@code sha-256=} — lower case, as Rabobank and iCard document it. */
    LOWER_CASE;

    /** The label for {@code algorithm}, without the {@code =}. */
    public String format(DigestAlgorithm algorithm) {
        switch (this) {
            case NO_HYPHEN: return algorithm.token().toUpperCase(java.util.Locale.ROOT).replace("-", "");
            case LOWER_CASE: return algorithm.token();
            default: return algorithm.token().toUpperCase(java.util.Locale.ROOT);
        }
    }
}
