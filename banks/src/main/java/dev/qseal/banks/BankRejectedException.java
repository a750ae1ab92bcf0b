package dev.qseal.banks;

import java.util.Optional;

/**
 * The bank answered with an error status (401 for a bad signature or token, 400, 403, 404, 5xx,
 * or a login page again): its status and, when it gave one, its error code and description.
 */
public class BankRejectedException extends BankException {
    private final int status;
    private final String errorCode;

    public BankRejectedException(String bank, String step, int status, Optional<String> errorCode, Optional<String> description) {
        super(bank, step, "the bank answered " + status + errorCode.map(c -> " " + c).orElse("")
                + description.filter(d -> !d.isBlank()).map(d -> ": " + d).orElse(""));
        this.status = status;
        this.errorCode = errorCode.orElse(null);
    }

    /** The HTTP status the bank answered. */
    public int status() {
        return status;
    }

    /** The bank's error code ({@code invalid_signature}, ...), when its body had one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }
}
