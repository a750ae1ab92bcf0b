package dev.qseal.core;

/** The three ways qseal seals a request. */
public enum SignatureFormat {
    /** draft-cavage HTTP signatures: {@code Signature:} or {@code Authorization: Signature ...}. */
    CAVAGE,
    /** A detached JWS over HTTP headers (JAdES {@code sigD} HttpHeaders), e.g. ING's {@code x-jws-signature}. */
    DETACHED_JWS,
    /** RFC 9421 HTTP Message Signatures: {@code Signature-Input} + {@code Signature}. */
    RFC_9421
}
