package dev.qseal.core.key.internal;

import java.math.BigInteger;
import java.util.Arrays;

/** Conversion between the two ECDSA signature encodings: ASN.1 DER and fixed-length r‖s (P1363). */
public final class EcdsaSignatures {
    private EcdsaSignatures() {
    }

    /**
     * DER {@code SEQUENCE { INTEGER r, INTEGER s }} to r‖s, each left-padded to {@code coordinateLength}.
     *
     * @throws IllegalArgumentException if {@code der} is not such a structure
     */
    public static byte[] derToRaw(byte[] der, int coordinateLength) {
        int[] pos = {0};
        expect(der, pos, 0x30);
        int seqLen = readLength(der, pos);
        if (pos[0] + seqLen != der.length) {
            throw new IllegalArgumentException("ECDSA DER signature has trailing or missing bytes");
        }
        BigInteger r = readInteger(der, pos);
        BigInteger s = readInteger(der, pos);
        if (pos[0] != der.length) {
            throw new IllegalArgumentException("ECDSA DER signature has extra content");
        }
        byte[] out = new byte[2 * coordinateLength];
        put(r, out, 0, coordinateLength);
        put(s, out, coordinateLength, coordinateLength);
        return out;
    }

    /** r‖s to DER, with minimal INTEGER encodings. */
    public static byte[] rawToDer(byte[] raw) {
        if (raw.length == 0 || raw.length % 2 != 0) {
            throw new IllegalArgumentException("raw ECDSA signature must have an even, non-zero length");
        }
        int n = raw.length / 2;
        byte[] r = new BigInteger(1, Arrays.copyOfRange(raw, 0, n)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(raw, n, raw.length)).toByteArray();
        byte[] body = concat(tlv(0x02, r), tlv(0x02, s));
        return tlv(0x30, body);
    }

    private static void put(BigInteger v, byte[] out, int off, int len) {
        if (v.signum() < 0) {
            throw new IllegalArgumentException("ECDSA signature value is negative");
        }
        byte[] b = v.toByteArray();
        int start = b.length > len ? b.length - len : 0;
        for (int i = 0; i < start; i++) {
            if (b[i] != 0) {
                throw new IllegalArgumentException("ECDSA signature value is longer than the curve allows");
            }
        }
        int n = b.length - start;
        System.arraycopy(b, start, out, off + len - n, n);
    }

    private static void expect(byte[] d, int[] pos, int tag) {
        if (pos[0] >= d.length || (d[pos[0]] & 0xff) != tag) {
            throw new IllegalArgumentException("ECDSA DER signature: expected tag " + tag);
        }
        pos[0]++;
    }

    private static int readLength(byte[] d, int[] pos) {
        if (pos[0] >= d.length) {
            throw new IllegalArgumentException("ECDSA DER signature truncated");
        }
        int b = d[pos[0]++] & 0xff;
        if (b < 0x80) {
            return b;
        }
        int n = b & 0x7f;
        if (n == 0 || n > 2 || pos[0] + n > d.length) {
            throw new IllegalArgumentException("ECDSA DER signature: bad length");
        }
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (d[pos[0]++] & 0xff);
        }
        if (len < 0x80) {
            throw new IllegalArgumentException("ECDSA DER signature: non-minimal length");
        }
        return len;
    }

    private static BigInteger readInteger(byte[] d, int[] pos) {
        expect(d, pos, 0x02);
        int len = readLength(d, pos);
        if (len == 0 || pos[0] + len > d.length) {
            throw new IllegalArgumentException("ECDSA DER signature: bad INTEGER");
        }
        byte[] v = Arrays.copyOfRange(d, pos[0], pos[0] + len);
        pos[0] += len;
        return new BigInteger(v);
    }

    private static byte[] tlv(int tag, byte[] value) {
        byte[] len;
        if (value.length < 0x80) {
            len = new byte[] {(byte) value.length};
        } else if (value.length < 0x100) {
            len = new byte[] {(byte) 0x81, (byte) value.length};
        } else {
            len = new byte[] {(byte) 0x82, (byte) (value.length >> 8), (byte) value.length};
        }
        return concat(new byte[] {(byte) tag}, concat(len, value));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
