package dev.qseal.core.jws.internal;

import dev.qseal.core.MalformedSignatureException;
import java.util.Base64;

/** Unpadded base64url (RFC 7515 §2), decoded strictly: only the URL alphabet, no padding, canonical trailing bits. */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Base64Url() {
    }

    public static String encode(byte[] data) {
        return ENCODER.encodeToString(data);
    }

    /**
     * Decodes {@code value}, naming {@code what} in the error. Rejects padding, characters outside
     * {@code A-Z a-z 0-9 - _} and non-canonical encodings (unused trailing bits set), so that every
     * signature and header has exactly one textual form.
     */
    public static byte[] decode(String value, String what) {
        if (value.indexOf('=') < 0) {
            // the JDK's decoder refuses every character outside the alphabet, and a length of 4k+1, itself: when it
            // accepts a value without padding, so would the checks below; only when it refuses do they name the fault
            byte[] out;
            try {
                out = Base64.getUrlDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                out = null;
            }
            if (out != null && canonical(value)) {
                return out;
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new MalformedSignatureException(what + " is not unpadded base64url: character "
                        + (c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format(java.util.Locale.ROOT, "U+%04X", (int) c))
                        + " at position " + i);
            }
        }
        if (value.length() % 4 == 1) {
            throw new MalformedSignatureException(what + " is not valid base64url: its length " + value.length() + " is impossible");
        }
        byte[] out = Base64.getUrlDecoder().decode(value);
        if (!canonical(value)) {
            throw new MalformedSignatureException(what + " is not canonical base64url (its last character has unused bits set)");
        }
        return out;
    }

    /**
     * Whether the last character of valid unpadded base64url leaves no unused bit set: with 2 characters in the
     * last group it carries 4 unused bits, with 3 it carries 2 (what re-encoding the decoded bytes would show).
     */
    private static boolean canonical(String value) {
        int rest = value.length() % 4;
        if (rest == 0) {
            return true;
        }
        char c = value.charAt(value.length() - 1);
        int sextet = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 : c >= '0' && c <= '9' ? c - '0' + 52
                : c == '-' ? 62 : 63;
        return (sextet & (rest == 2 ? 0x0f : 0x03)) == 0;
    }
}
