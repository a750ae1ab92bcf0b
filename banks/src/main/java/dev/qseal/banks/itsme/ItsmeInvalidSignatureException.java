package dev.qseal.banks.itsme;

import dev.qseal.banks.BankProtocolException;

/**
 * A signature value itsme returned does not verify against the user's certificate over the hash
 * that was sent (or is not a signature at all). Nothing of the batch is used: no value, no CAdES
 * signature is handed out.
 */
public class ItsmeInvalidSignatureException extends BankProtocolException {
    private final String item;

    ItsmeInvalidSignatureException(String step, String item, String message) {
        super(ItsmeClient.BANK, step, message);
        this.item = item;
    }

    /** The id of the hash (document) whose value failed. */
    public String item() {
        return item;
    }
}
