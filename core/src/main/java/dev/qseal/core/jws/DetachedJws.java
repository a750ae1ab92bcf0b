package dev.qseal.core.jws;

import dev.qseal.core.jws.internal.Base64Url;
import dev.qseal.core.Limits;
import dev.qseal.core.MalformedSignatureException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A JWS in compact serialisation with a detached, unencoded payload: {@code <header>..<signature>}
 * (RFC 7515 Appendix F, RFC 7797). For HTTP the payload is the header lines named in
 * {@code sigD.pars}; the compact form travels in the {@code x-jws-signature} header.
 */
public final class DetachedJws {
    /** The header that carries the JWS at ING (and in the JAdES HTTP-headers profile). */
    public static final String HEADER = "x-jws-signature";
    /** The longest compact form {@link #parse} accepts. */
    public static final int MAX_LENGTH = Limits.JWS_CHARS;

    private final JwsHeader header;
    private final String encodedSignature;
    private final byte[] signature;

    DetachedJws(JwsHeader header, byte[] signature) {
        this(header, signature.clone(), Base64Url.encode(signature));
    }

    /** {@code encodedSignature} must be the canonical unpadded base64url of {@code signature}, which is not copied. */
    private DetachedJws(JwsHeader header, byte[] signature, String encodedSignature) {
        this.header = Objects.requireNonNull(header);
        this.signature = signature;
        this.encodedSignature = encodedSignature;
    }

    /**
     * Parses {@code <header>..<signature>}.
     *
     * @throws MalformedSignatureException if there are not exactly three parts, the payload part is
     *                                     not empty, a part is not base64url, or the header is not a JSON object
     */
    public static DetachedJws parse(String compact) {
        String c = compact.strip();
        if (c.length() > MAX_LENGTH) {
            throw new MalformedSignatureException("the JWS is " + c.length() + " characters long; qseal accepts at most " + MAX_LENGTH);
        }
        int first = c.indexOf('.');
        int second = first < 0 ? -1 : c.indexOf('.', first + 1);
        if (first < 0 || second < 0 || c.indexOf('.', second + 1) >= 0) {
            int parts = c.isEmpty() ? 0 : c.split("\\.", -1).length;
            throw new MalformedSignatureException("a compact JWS has 3 parts separated by '.', this one has " + parts
                    + ": expected <header>..<signature>");
        }
        if (second != first + 1) {
            throw new MalformedSignatureException("the JWS has a payload part; a detached JWS has an empty one: <header>..<signature>");
        }
        if (first == 0) {
            throw new MalformedSignatureException("the JWS has an empty protected header part");
        }
        JwsHeader header = JwsHeader.parse(c.substring(0, first));
        String sig = c.substring(second + 1);
        if (sig.isEmpty()) {
            throw new MalformedSignatureException("the JWS has an empty signature part");
        }
        // Base64Url.decode accepts only the canonical form, so sig is exactly what encoding the bytes gives
        return new DetachedJws(header, Base64Url.decode(sig, "the JWS signature"), sig);
    }

    public JwsHeader header() {
        return header;
    }

    /** The signature value (a copy). */
    public byte[] signature() {
        return signature.clone();
    }

    /** The signature value itself, not a copy: for this package's readers, which do not change it. */
    byte[] signatureUnsafe() {
        return signature;
    }

    /** The signature value as unpadded base64url. */
    public String encodedSignature() {
        return encodedSignature;
    }

    /** {@code <header>..<signature>}: the value of the {@code x-jws-signature} header. */
    public String compact() {
        return header.encoded() + ".." + encodedSignature;
    }

    /** The JWS Signing Input for an unencoded payload: {@code <header> "." payload} (RFC 7797 §3). */
    public static String signingInput(String encodedHeader, String payload) {
        return encodedHeader + "." + payload;
    }

    /**
     * The UTF-8 bytes of {@link #signingInput}, made without the intermediate string when {@code encodedHeader} is
     * ASCII (base64url, as every header this package parses or writes).
     */
    static byte[] signingInputBytes(String encodedHeader, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        int n = encodedHeader.length();
        byte[] out = new byte[n + 1 + p.length];
        for (int i = 0; i < n; i++) {
            char c = encodedHeader.charAt(i);
            if (c >= 0x80) {
                return signingInput(encodedHeader, payload).getBytes(StandardCharsets.UTF_8);
            }
            out[i] = (byte) c;
        }
        out[n] = '.';
        System.arraycopy(p, 0, out, n + 1, p.length);
        return out;
    }

    @Override
    public String toString() {
        return compact();
    }
}
