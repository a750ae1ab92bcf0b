package dev.qseal.banks.itsme;

import java.util.Optional;

/**
 * The {@code statusReason} values of itsme's error table (seed 003, appendix "Handling Error
 * Response"), with the HTTP status itsme answers them with and what the caller should do.
 * {@link #NO_PAYLOAD} stands for the table's "409 No payload" row (e.g. a status request with an
 * {@code asyncRespID} itsme does not know, or the identification's instead of the sign session's).
 */
public enum ItsmeStatusReason {
    NOT_ALLOWED_TO_SIGN(400, "the user's account is not eligible for itsme hash signing (most often: blocked); "
            + "the user must act on their side and may need to contact itsme support"),
    NO_REQUEST(400, "the request had no body"),
    MISSING_PARTNER_CODE(400, "the request has no partnerCode (the Partner Code/Client ID of the onboarding file)"),
    MISSING_SERVICE_CODE(400, "the request has no serviceCode (the Service Code of the onboarding file)"),
    INVALID_URL(400, "the redirectUrl is missing or not a valid URL"),
    INVALID_REQUESTOR(400, "the partnerCode and/or serviceCode name no partner or SIGN service known to itsme"),
    UNAUTHORIZED_URL(400, "the redirectUrl is not the Redirect URL registered for this partner and service"),
    INVALID_LANG(400, "the language is not one itsme supports (see its /.well-known/configuration)"),
    UNEXPECTED_ERROR(400, "itsme failed while validating the request or during the identification: try again later, "
            + "and contact itsme support if it persists"),
    UNKNOWN(400, "an unknown error occurred at itsme: contact itsme support"),
    ONLY_SINGLE_HASH_SUPPORTED(400, "several hashes were sent but the contract allows one hash per signature: "
            + "send one hash at a time, or ask itsme to enable batch signing"),
    BATCH_TOO_LARGE(400, "more hashes were sent than itsme signs in one action (70)"),
    PENDING(409, "the user identification is still in progress at itsme"),
    REJECTED(409, "the user rejected the certificate creation (CREATE_CERT) in the itsme app: "
            + "start a new user identification, in which the user confirms it"),
    EXPIRED(409, "the user did not confirm the certificate creation (CREATE_CERT) within 3 minutes: "
            + "start a new user identification, in which the user confirms it in time"),
    NO_PAYLOAD(409, "itsme answered 409 without a body: most often the asyncRespID is not known "
            + "(for a sign status it must be the respID of the sign session, not the identification's asyncRespID)");

    private final int httpStatus;
    private final String advice;

    ItsmeStatusReason(int httpStatus, String advice) {
        this.httpStatus = httpStatus;
        this.advice = advice;
    }

    /** The HTTP status itsme's table gives this reason with (UNEXPECTED_ERROR comes with 400 and 409). */
    public int httpStatus() {
        return httpStatus;
    }

    /** What it means and what to do, in words. */
    public String advice() {
        return advice;
    }

    /** Whether the identification session is over and a new one must be started. */
    public boolean needsNewIdentification() {
        return this == REJECTED || this == EXPIRED;
    }

    /** The reason named {@code value} on the wire, if it is one of the table's. */
    public static Optional<ItsmeStatusReason> fromWire(String value) {
        for (ItsmeStatusReason r : values()) {
            if (r != NO_PAYLOAD && r.name().equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
