package dev.qseal.pkcs11;

import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.SignatureAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/**
 * Verifies a signature over a bare digest with the public key, for every algorithm qseal signs
 * with: PKCS#1 v1.5 (EMSA-PKCS1-v1_5 compared as a whole), PSS (EMSA-PSS-VERIFY, RFC 8017 §9.1.2,
 * MGF1 with the signature's hash and salt length) and ECDSA (the JDK's NONEwithECDSA).
 */
final class SignatureChecks {
    private SignatureChecks() {
    }

    static boolean verifyDigest(SignatureAlgorithm alg, PublicKey key, byte[] digest, byte[] signature) {
        try {
            switch (alg.scheme()) {
                case RSA_PKCS1:
                    return pkcs1(alg.hash(), (RSAPublicKey) key, digest, signature);
                case RSA_PSS:
                    return pss(alg.hash(), alg.saltLength(), (RSAPublicKey) key, digest, signature);
                case ECDSA_DER:
                    return ecdsa(key, digest, signature);
                default:
                    return ecdsa(key, digest, dev.qseal.core.key.EcdsaSignatures.rawToDer(signature));
            }
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
    }

    private static byte[] rsaPublic(RSAPublicKey key, byte[] signature, int length) {
        BigInteger n = key.getModulus();
        BigInteger s = new BigInteger(1, signature);
        if (signature.length != (n.bitLength() + 7) / 8 || s.compareTo(n) >= 0) {
            return null;
        }
        byte[] m = s.modPow(key.getPublicExponent(), n).toByteArray();
        if (m.length > length) {
            int extra = m.length - length;
            for (int i = 0; i < extra; i++) {
                if (m[i] != 0) {
                    return null;
                }
            }
            return Arrays.copyOfRange(m, extra, m.length);
        }
        byte[] out = new byte[length];
        System.arraycopy(m, 0, out, length - m.length, m.length);
        return out;
    }

    private static boolean pkcs1(HashAlgorithm hash, RSAPublicKey key, byte[] digest, byte[] signature) {
        int k = (key.getModulus().bitLength() + 7) / 8;
        byte[] em = rsaPublic(key, signature, k);
        if (em == null) {
            return false;
        }
        byte[] t = hash.digestInfo(digest);
        if (k < t.length + 11) {
            return false;
        }
        byte[] expected = new byte[k];
        expected[1] = 0x01;
        Arrays.fill(expected, 2, k - t.length - 1, (byte) 0xff);
        System.arraycopy(t, 0, expected, k - t.length, t.length);
        return MessageDigest.isEqual(em, expected);
    }

    private static boolean pss(HashAlgorithm hash, int sLen, RSAPublicKey key, byte[] mHash, byte[] signature) {
        int modBits = key.getModulus().bitLength();
        int emBits = modBits - 1;
        int emLen = (emBits + 7) / 8;
        int hLen = hash.length();
        byte[] em = rsaPublic(key, signature, emLen);
        if (em == null || emLen < hLen + sLen + 2 || (em[emLen - 1] & 0xff) != 0xbc) {
            return false;
        }
        byte[] maskedDb = Arrays.copyOfRange(em, 0, emLen - hLen - 1);
        byte[] h = Arrays.copyOfRange(em, emLen - hLen - 1, emLen - 1);
        int topBits = 8 * emLen - emBits;
        if ((maskedDb[0] & 0xff & ~(0xff >>> topBits)) != 0) {
            return false;
        }
        byte[] dbMask = mgf1(h, maskedDb.length, hash);
        byte[] db = new byte[maskedDb.length];
        for (int i = 0; i < db.length; i++) {
            db[i] = (byte) (maskedDb[i] ^ dbMask[i]);
        }
        db[0] &= (byte) (0xff >>> topBits);
        int psLen = emLen - hLen - sLen - 2;
        for (int i = 0; i < psLen; i++) {
            if (db[i] != 0) {
                return false;
            }
        }
        if (db[psLen] != 0x01) {
            return false;
        }
        byte[] salt = Arrays.copyOfRange(db, db.length - sLen, db.length);
        MessageDigest md = hash.newDigest();
        md.update(new byte[8]);
        md.update(mHash);
        md.update(salt);
        return MessageDigest.isEqual(h, md.digest());
    }

    private static byte[] mgf1(byte[] seed, int length, HashAlgorithm hash) {
        MessageDigest md = hash.newDigest();
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

    private static boolean ecdsa(PublicKey key, byte[] digest, byte[] der) throws GeneralSecurityException {
        Signature s = Signature.getInstance("NONEwithECDSA");
        s.initVerify(key);
        s.update(digest);
        return s.verify(der);
    }
}
