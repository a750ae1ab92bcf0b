package dev.qseal.banks.itsme;

import dev.qseal.banks.BankRejectedException;
import java.util.Optional;

/**
 * itsme refused a request: an error status with a {@code statusReason} of its table (or none), or a
 * sign status whose OASIS DSS result is {@code RequesterError}/{@code ResponderError}.
 */
public class ItsmeRejectedException extends BankRejectedException {
    private final ItsmeStatusReason reason;
    private final String resultMajor;
    private final String resultMinor;

    ItsmeRejectedException(String step, int status, String wireReason, ItsmeStatusReason reason, String description,
            String resultMajor, String resultMinor) {
        super(ItsmeClient.BANK, step, status, Optional.ofNullable(wireReason), Optional.ofNullable(description));
        this.reason = reason;
        this.resultMajor = resultMajor;
        this.resultMinor = resultMinor;
    }

    /** The table's reason, when itsme gave one of them (or answered 409 without a body). */
    public Optional<ItsmeStatusReason> reason() {
        return Optional.ofNullable(reason);
    }

    /** The OASIS DSS {@code result.maj} URN of a refused sign session. */
    public Optional<String> resultMajor() {
        return Optional.ofNullable(resultMajor);
    }

    /** The OASIS DSS {@code result.min} URN, when itsme gave one. */
    public Optional<String> resultMinor() {
        return Optional.ofNullable(resultMinor);
    }
}
