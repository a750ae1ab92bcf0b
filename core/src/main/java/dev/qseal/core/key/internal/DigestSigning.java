package dev.qseal.core.key.internal;

import dev.qseal.core.key.HashAlgorithm;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The encodings a key needs when it receives a bare digest instead of the message: EMSA-PSS
 * (RFC 8017 §9.1.1), applied before a raw RSA private-key operation. PKCS#1 v1.5 uses
 * {@link HashAlgorithm#digestInfo(byte[])}; ECDSA signs the digest directly.
 */
public final class DigestSigning {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DigestSigning() {
    }

    /**
     * EMSA-PSS-ENCODE of {@code mHash} for a modulus of {@code modulusBits} bits, MGF1 with the same
     * hash, a fresh random salt of {@code saltLength} bytes. The result has {@code ceil((modulusBits-1)/8)} bytes.
     */
    public static byte[] emsaPssEncode(byte[] mHash, HashAlgorithm hash, int saltLength, int modulusBits) {
        int hLen = hash.length();
        if (mHash.length != hLen) {
            throw new IllegalArgumentException(hash.jcaName() + " digest must be " + hLen + " bytes, got " + mHash.length);
        }
        int emBits = modulusBits - 1;
        int emLen = (emBits + 7) / 8;
        if (emLen < hLen + saltLength + 2) {
            throw new IllegalArgumentException("RSA key too small for PSS with " + hash.jcaName() + " and salt " + saltLength);
        }
        byte[] salt = new byte[saltLength];
        RANDOM.nextBytes(salt);
        MessageDigest md = hash.newDigest();
        md.update(new byte[8]);
        md.update(mHash);
        md.update(salt);
        byte[] h = md.digest();
        byte[] db = new byte[emLen - hLen - 1];
        db[db.length - saltLength - 1] = 0x01;
        System.arraycopy(salt, 0, db, db.length - saltLength, saltLength);
        byte[] mask = mgf1(h, db.length, hash);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xff >>> (8 * emLen - emBits));
        byte[] em = new byte[emLen];
        System.arraycopy(db, 0, em, 0, db.length);
        System.arraycopy(h, 0, em, db.length, hLen);
        em[emLen - 1] = (byte) 0xbc;
        return em;
    }

    static byte[] mgf1(byte[] seed, int length, HashAlgorithm hash) {
        return mgf1(seed, length, hash.newDigest());
    }

    /** As {@link #mgf1(byte[], int, HashAlgorithm)} with {@code md} (fresh or reset), left reset. */
    static byte[] mgf1(byte[] seed, int length, MessageDigest md) {
        byte[] out = new byte[length];
        int off = 0;
        for (int counter = 0; off < length; counter++) {
            md.update(seed);
            md.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter});
            byte[] block = md.digest();
            int n = Math.min(block.length, length - off);
            System.arraycopy(block, 0, out, off, n);
            off += n;
        }
        return out;
    }
}
