package dev.qseal.core;

/** A signature did not verify. {@link #diagnosis()} says why, in words a person can act on. */
public class VerificationException extends QsealException {
    private final String diagnosis;

    public VerificationException(String diagnosis) {
        super(diagnosis);
        this.diagnosis = diagnosis;
    }

    public String diagnosis() {
        return diagnosis;
    }
}
