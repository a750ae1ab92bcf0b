package dev.qseal.core.verify;

/** Why a signature did not verify: a typed reason a program can branch on. */
public enum Failure {
    /** The signature header (or parameter) is missing or cannot be parsed. */
    MALFORMED_SIGNATURE,
    /** A component the signature covers, or that policy requires to be covered, is not in the request. */
    MISSING_HEADER,
    /** A header the policy requires to be signed is present but not covered by the signature. */
    HEADER_NOT_SIGNED,
    /** The body does not match its {@code Digest} / {@code Content-Digest}. */
    DIGEST_MISMATCH,
    /** The signature value does not match the signed content for this key. */
    SIGNATURE_MISMATCH,
    /** The {@code algorithm}/{@code alg} named does not fit the key, or is not allowed. */
    ALGORITHM_MISMATCH,
    /** The signature names another key (keyId, {@code x5t#S256}) than the one verifying it. */
    WRONG_KEY,
    /** {@code Date}, {@code (created)} or {@code sigT} is too far from now. */
    CLOCK_SKEW,
    /** The signature's {@code (expires)} is in the past. */
    EXPIRED,
    /** The body is larger than the verifier accepts (its optional maximum body size). */
    BODY_TOO_LARGE
}
