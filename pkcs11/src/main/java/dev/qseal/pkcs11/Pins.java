package dev.qseal.pkcs11;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * PIN handling in one place: PINs live in {@code char[]}/{@code byte[]} that are zeroed after use,
 * never in a {@code String}, and are compared by a salted hash (the salt is random per process, so
 * the hash is worthless outside it).
 */
final class Pins {
    private static final byte[] SALT = new SecureRandom().generateSeed(16);

    private Pins() {
    }

    /** The PIN as UTF-8 in a fresh array the caller zeroes; no intermediate copy survives. */
    static byte[] utf8(char[] pin) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        if (bb.hasArray()) {
            Arrays.fill(bb.array(), (byte) 0);
        }
        return out;
    }

    /**
     * A PIN read from a file's bytes (UTF-8, trailing CR/LF dropped) in a fresh array the caller
     * zeroes; {@code bytes} is zeroed too.
     */
    static char[] fromFileBytes(byte[] bytes) {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            int end = cb.limit();
            while (end > 0 && (cb.get(end - 1) == '\n' || cb.get(end - 1) == '\r')) {
                end--;
            }
            char[] out = new char[end];
            cb.get(out, 0, end);
            if (cb.hasArray()) {
                Arrays.fill(cb.array(), '\0');
            }
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A salted SHA-256 of the PIN, to tell whether two PINs are the same without keeping either. */
    static byte[] hash(char[] pin) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md.update(SALT);
        byte[] b = utf8(pin);
        md.update(b);
        Arrays.fill(b, (byte) 0);
        return md.digest();
    }

    static boolean same(byte[] hashA, byte[] hashB) {
        if (hashA == null || hashB == null) {
            return hashA == hashB;
        }
        return MessageDigest.isEqual(hashA, hashB);
    }

    static void wipe(char[] pin) {
        if (pin != null) {
            Arrays.fill(pin, '\0');
        }
    }
}
