package dev.qseal.banks;

/**
 * The bank's answer cannot be used: HTML where JSON was expected, a missing field, an unexpected
 * status, a redirect loop, a body over the size limit. Nothing from such an answer is kept.
 */
public class BankProtocolException extends BankException {
    public BankProtocolException(String bank, String step, String message) {
        super(bank, step, message);
    }

    public BankProtocolException(String bank, String step, String message, Throwable cause) {
        super(bank, step, message, cause);
    }
}
