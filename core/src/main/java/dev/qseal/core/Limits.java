package dev.qseal.core;

/**
 * Every size limit qseal applies to what it reads, in one place. Input beyond a limit is refused with
 * a {@link BadInputException} (or, inside a verifier, an invalid result) that names the limit; nothing
 * is read whole without one. {@code SECURITY.md} lists the same numbers.
 */
public final class Limits {
    private Limits() {
    }

    // ---- files ------------------------------------------------------------------------------

    /** A private key, certificate (chain), public key or keystore file: 1 MiB. */
    public static final int KEY_FILE_BYTES = 1024 * 1024;
    /** A file holding a password or PIN ({@code password-file=}, {@code pin-source=}): 4 KiB. */
    public static final int SECRET_FILE_BYTES = 4 * 1024;
    /** A key reference URI: 8 KiB characters. */
    public static final int KEY_REF_CHARS = 8 * 1024;

    // ---- inbound signatures and headers --------------------------------------------------------

    /** A Cavage {@code Signature} / {@code Authorization: Signature} parameter list: 16 KiB characters. */
    public static final int CAVAGE_PARAMETERS_CHARS = 16 * 1024;
    /** Names in a Cavage {@code headers} parameter or RFC 9421 component list: 64. */
    public static final int SIGNED_COMPONENTS = 64;
    /** A compact detached JWS: 64 KiB characters. */
    public static final int JWS_CHARS = 64 * 1024;
    /** The decoded JSON of a JWS protected header: 16 KiB characters. */
    public static final int JWS_HEADER_JSON_CHARS = 16 * 1024;
    /** Nesting of that JSON: 16 levels. */
    public static final int JSON_DEPTH = 16;
    /** Entries in a JWS {@code sigD.pars} list (ING signs 3 to 5): 64. */
    public static final int JWS_PARS = 64;
    /** An RFC 8941 structured field ({@code Signature-Input}, {@code Signature}, {@code Content-Digest}): 64 KiB characters. */
    public static final int STRUCTURED_FIELD_CHARS = 64 * 1024;
    /** Signatures (labels) in one RFC 9421 {@code Signature-Input}: 16. */
    public static final int SIGNATURE_LABELS = 16;
    /** A {@code Digest} header: 8 KiB characters. */
    public static final int DIGEST_HEADER_CHARS = 8 * 1024;

    // ---- diagnosis of a failed verification ----------------------------------------------------

    /** Alternative signing inputs the "classic mistakes" diagnosis of one failure may try: 32. */
    public static final int DIAGNOSIS_CANDIDATES = 32;
    /** Bytes those alternatives may add up to (what the diagnosis hashes): 1 MiB. */
    public static final int DIAGNOSIS_BYTES = 1024 * 1024;
    /** Bodies up to this size get the "whitespace collapsed" digest hint; larger ones do not: 64 KiB. */
    public static final int DIGEST_HINT_BODY_BYTES = 64 * 1024;

    // ---- messages ------------------------------------------------------------------------------

    /** Untrusted text (a keyId, a header name or value) echoed in a message: 200 characters, then "…". */
    public static final int ECHO_CHARS = 200;

    // ---- remote key services -------------------------------------------------------------------

    /**
     * One answer from a remote key service (KMS, Key Vault, Vault: a public key, a certificate, a
     * signature or an error), as received, and again after decompression: 256 KiB.
     */
    public static final int REMOTE_KEY_RESPONSE_BYTES = 256 * 1024;

    // ---- command line --------------------------------------------------------------------------

    /** A request body read by the command line ({@code --body-file}, stdin): 64 MiB. */
    public static final int BODY_BYTES = 64 * 1024 * 1024;
    /** One {@code -H} header line given to the command line: 64 KiB characters. */
    public static final int HEADER_CHARS = 64 * 1024;
    /** {@code -H} headers given to one command: 256. */
    public static final int HEADER_COUNT = 256;
}
