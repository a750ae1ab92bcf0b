package dev.qseal.core;

import dev.qseal.core.verify.Failure;
import java.util.Objects;

/**
 * A signature did not verify. {@link #failure()} is the typed reason a program can branch on;
 * {@link #diagnosis()} says why, in words a person can act on. Not retryable: the same request
 * fails the same way.
 */
public class VerificationException extends QsealException {
    private final Failure failure;
    private final String diagnosis;

    public VerificationException(Failure failure, String diagnosis) {
        super(Objects.requireNonNull(failure, "failure") + ": " + diagnosis);
        this.failure = failure;
        this.diagnosis = diagnosis;
    }

    /** Why: missing header, digest mismatch, clock skew, wrong key... */
    public Failure failure() {
        return failure;
    }

    /** The diagnosis without the reason prefix. */
    public String diagnosis() {
        return diagnosis;
    }
}
