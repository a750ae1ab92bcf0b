package dev.qseal.core.verify;

import dev.qseal.core.VerificationException;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a verification. A failure carries a {@link Failure} reason and a diagnosis in
 * words (which header is missing, which component differs, by how many seconds the clock is off).
 */
public final class VerificationResult {
    private static final VerificationResult VALID = new VerificationResult(null, "signature is valid");
    private static final VerificationResult VALID_DIGEST_NOT_CHECKED = new VerificationResult(null,
            "signature is valid; digest not checked (the body was not at hand)");

    private final Failure failure;
    private final String message;

    private VerificationResult(Failure failure, String message) {
        this.failure = failure;
        this.message = message;
    }

    public static VerificationResult valid() {
        return VALID;
    }

    /** Valid, for a request whose body was not at hand: the signature verified, the body's digest was not checked. */
    public static VerificationResult validDigestNotChecked() {
        return VALID_DIGEST_NOT_CHECKED;
    }

    /** Whether the body's digest was left unchecked (a valid result of a verifier told the body is not at hand). */
    public boolean digestNotChecked() {
        return this == VALID_DIGEST_NOT_CHECKED;
    }

    /**
     * {@link Failure#BODY_TOO_LARGE} when a body of {@code length} bytes exceeds {@code max} (negative: no limit),
     * else valid: the one body-size check every verifier applies before it hashes anything.
     */
    /**
     * A verifier's maximum body size as given to its builder: refused when negative (the builders keep
     * -1 for "no limit"; {@link #checkBodySize} applies it).
     */
    public static long requireMaxBodySize(long bytes) {
        if (bytes < 0) {
            throw new dev.qseal.core.BadInputException("the maximum body size must not be negative");
        }
        return bytes;
    }

    public static VerificationResult checkBodySize(long length, long max) {
        if (max >= 0 && length > max) {
            return invalid(Failure.BODY_TOO_LARGE, "the body has " + length + " bytes; this verifier accepts at most " + max);
        }
        return VALID;
    }

    public static VerificationResult invalid(Failure failure, String diagnosis) {
        return new VerificationResult(Objects.requireNonNull(failure, "failure"), Objects.requireNonNull(diagnosis, "diagnosis"));
    }

    public boolean isValid() {
        return failure == null;
    }

    /** The reason, when invalid. */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /** "signature is valid", or the diagnosis. */
    public String message() {
        return message;
    }

    /** Throws {@link VerificationException} unless valid; its diagnosis is {@code REASON: message}. */
    public void orThrow() {
        if (failure != null) {
            throw new VerificationException(failure, message);
        }
    }

    @Override
    public String toString() {
        return failure == null ? "VALID" : failure + ": " + message;
    }
}
