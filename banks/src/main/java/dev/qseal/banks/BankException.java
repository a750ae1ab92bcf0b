package dev.qseal.banks;

import dev.qseal.core.QsealException;

/**
 * A bank flow step failed. Names the bank (e.g. {@code ING}) and the step (e.g.
 * {@code application token}); subtypes say whether the bank refused, answered something unusable,
 * or could not be reached. Messages never contain a token, password or other secret.
 */
public class BankException extends QsealException {
    private final String bank;
    private final String step;

    public BankException(String bank, String step, String message) {
        super(bank + ", " + step + ": " + message);
        this.bank = bank;
        this.step = step;
    }

    public BankException(String bank, String step, String message, Throwable cause) {
        super(bank + ", " + step + ": " + message, cause);
        this.bank = bank;
        this.step = step;
    }

    /** The bank, as the flow names it. */
    public String bank() {
        return bank;
    }

    /** The step of the flow that failed. */
    public String step() {
        return step;
    }
}
