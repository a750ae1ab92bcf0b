package dev.qseal.psd2;

/** Why a signer's certificate was refused: a typed reason a gateway can branch on and report. */
public enum CertificateFailure {
    /** No certificate could be found for the request (no header, no {@code x5c}, unknown keyId). */
    CERTIFICATE_MISSING,
    /** The certificate given cannot be parsed. */
    CERTIFICATE_MALFORMED,
    /** The certificate is not valid at the signing time (not yet valid, or expired). */
    CERTIFICATE_EXPIRED,
    /** The certificate does not chain to a configured trust anchor. */
    CERTIFICATE_UNTRUSTED,
    /** The certificate is not a qualified PSD2 certificate of the required kind (QSealC / QWAC, PSD2 statement, organizationIdentifier). */
    CERTIFICATE_INVALID,
    /** The key usage does not allow signing. */
    KEY_USAGE_INVALID,
    /** The certificate lacks the PSD2 role the endpoint requires (e.g. a PIS-only TPP on an AIS endpoint). */
    ROLE_INVALID
}
