package dev.qseal.banks.itsme;

import dev.qseal.banks.BankException;

/**
 * The user did not finish at itsme within the polling bound (number of polls or total time): the
 * session is still pending. Nothing was signed on qseal's side; poll again later or start afresh.
 */
public class ItsmeTimeoutException extends BankException {
    private final int polls;

    ItsmeTimeoutException(String step, int polls, String message) {
        super(ItsmeClient.BANK, step, message);
        this.polls = polls;
    }

    /** How many times the status was asked. */
    public int polls() {
        return polls;
    }
}
