package dev.qseal.core.key.internal;

import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.UnsupportedAlgorithmException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * RSA signature checks the JCA cannot do: RSASSA-PSS verification with the salt length recovered
 * from the signature (RFC 8017 §9.1.2 EMSA-PSS-VERIFY, which determines the salt from the position
 * of the {@code 0x01} separator), and inspection of what a signature's RSA public operation reveals
 * (whether it was made with this key at all, with which padding and hash).
 *
 * <p>Why: OpenSSL's {@code openssl dgst -sigopt rsa_padding_mode:pss} signs with the maximum salt
 * ({@code emLen - hLen - 2}, 222 bytes for RSA-2048 with SHA-256), as ING's own scripts do; JOSE
 * libraries insist on salt = hash length and reject those signatures.
 */
public final class RsaSignatures {
    private RsaSignatures() {
    }

    /**
     * RSASSA-PSS-VERIFY with MGF1 over {@code hash}. With {@code saltLength} empty, any salt length
     * is accepted (and recovered); otherwise the salt must have exactly that length.
     *
     * @return the salt length when the signature is valid, else empty; never throws for a bad signature
     * @throws UnsupportedAlgorithmException if {@code key} is not an RSA key
     */
    public static OptionalInt verifyPss(PublicKey key, HashAlgorithm hash, byte[] data, byte[] signature, OptionalInt saltLength) {
        RSAPublicKey rsa = rsa(key);
        Optional<byte[]> em = publicOperation(rsa, signature);
        if (em.isEmpty()) {
            return OptionalInt.empty();
        }
        MessageDigest md = hash.newDigest(); // one digest for the message, MGF1 and H': each use leaves it reset
        return emsaPssVerify(md.digest(data), em.get(), rsa.getModulus().bitLength() - 1, hash, saltLength, md);
    }

    /** As {@link #verifyPss}, over a digest computed elsewhere (hash signing). */
    public static OptionalInt verifyPssDigest(PublicKey key, HashAlgorithm hash, byte[] mHash, byte[] signature, OptionalInt saltLength) {
        RSAPublicKey rsa = rsa(key);
        if (mHash.length != hash.length()) {
            return OptionalInt.empty();
        }
        Optional<byte[]> em = publicOperation(rsa, signature);
        if (em.isEmpty()) {
            return OptionalInt.empty();
        }
        return emsaPssVerify(mHash, em.get(), rsa.getModulus().bitLength() - 1, hash, saltLength);
    }

    /**
     * As {@link #verifyPssDigest}, given the result of the RSA public operation already done elsewhere (e.g. by a
     * native provider): {@code m} is {@code s^e mod n} as big-endian bytes, at least as long as the encoded message
     * ({@code ceil((modBits - 1) / 8)} bytes; leading bytes beyond that must be zero).
     */
    public static OptionalInt verifyPssEncoded(RSAPublicKey key, HashAlgorithm hash, byte[] mHash, byte[] m, OptionalInt saltLength) {
        int modBits = key.getModulus().bitLength();
        int emLen = (modBits - 1 + 7) / 8;
        if (mHash.length != hash.length() || m.length < emLen) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < m.length - emLen; i++) {
            if (m[i] != 0) {
                return OptionalInt.empty();
            }
        }
        byte[] em = m.length == emLen ? m : Arrays.copyOfRange(m, m.length - emLen, m.length);
        return emsaPssVerify(mHash, em, modBits - 1, hash, saltLength);
    }

    /**
     * RSASSA-PKCS1-v1_5-VERIFY over a digest computed elsewhere: the whole encoded message
     * {@code 00 01 FF.. 00 DigestInfo} is rebuilt and compared, so no lax parsing is involved.
     */
    public static boolean verifyPkcs1Digest(PublicKey key, HashAlgorithm hash, byte[] digest, byte[] signature) {
        RSAPublicKey rsa = rsa(key);
        if (digest.length != hash.length()) {
            return false;
        }
        int k = (rsa.getModulus().bitLength() + 7) / 8;
        Optional<byte[]> em = publicOperation(rsa, signature);
        Optional<byte[]> expected = pkcs1Encoding(hash, digest, k);
        if (em.isEmpty() || expected.isEmpty()) {
            return false;
        }
        // EM is one byte shorter than k when modBits - 1 is a multiple of 8: then the leading 00 is not part of it
        byte[] e = em.get();
        return MessageDigest.isEqual(e, e.length == k ? expected.get() : Arrays.copyOfRange(expected.get(), k - e.length, k));
    }

    /**
     * EMSA-PKCS1-v1_5 (RFC 8017 §9.2) of a digest, {@code 00 01 FF.. 00 DigestInfo}, {@code k} bytes long (the
     * modulus length): what the RSA public operation on a valid signature must give. Empty if {@code k} is too short
     * for it (less than the DigestInfo plus 11 bytes).
     */
    public static Optional<byte[]> pkcs1Encoding(HashAlgorithm hash, byte[] digest, int k) {
        byte[] t = hash.digestInfo(digest);
        if (k < t.length + 11) {
            return Optional.empty();
        }
        byte[] expected = new byte[k];
        expected[1] = 0x01;
        Arrays.fill(expected, 2, k - t.length - 1, (byte) 0xff);
        System.arraycopy(t, 0, expected, k - t.length, t.length);
        return Optional.of(expected);
    }

    /**
     * RSAVP1 (RFC 8017 §5.2.2) with the length checks of §8.1.2 step 1 and 2: the signature must have
     * exactly the modulus length and be less than the modulus. Returns {@code EM} of
     * {@code ceil((modBits - 1) / 8)} bytes, or empty if the signature or its result does not fit.
     */
    static Optional<byte[]> publicOperation(RSAPublicKey key, byte[] signature) {
        BigInteger n = key.getModulus();
        int k = (n.bitLength() + 7) / 8;
        if (signature.length != k) {
            return Optional.empty();
        }
        BigInteger s = new BigInteger(1, signature);
        if (s.compareTo(n) >= 0) {
            return Optional.empty();
        }
        BigInteger m = s.modPow(key.getPublicExponent(), n);
        int emLen = (n.bitLength() - 1 + 7) / 8;
        byte[] raw = m.toByteArray();
        // strip the sign byte(s); the value must fit in emLen bytes (RFC 8017 §8.1.2 step 2c)
        int start = 0;
        while (start < raw.length - 1 && raw[start] == 0 && raw.length - start > emLen) {
            start++;
        }
        int len = raw.length - start;
        if (len > emLen) {
            return Optional.empty();
        }
        byte[] em = new byte[emLen];
        System.arraycopy(raw, start, em, emLen - len, len);
        return Optional.of(em);
    }

    /** EMSA-PSS-VERIFY (RFC 8017 §9.1.2); returns the salt length if consistent. */
    static OptionalInt emsaPssVerify(byte[] mHash, byte[] em, int emBits, HashAlgorithm hash, OptionalInt saltLength) {
        return emsaPssVerify(mHash, em, emBits, hash, saltLength, hash.newDigest());
    }

    /** As {@link #emsaPssVerify(byte[], byte[], int, HashAlgorithm, OptionalInt)} with {@code md}, a fresh or reset digest of {@code hash}. */
    private static OptionalInt emsaPssVerify(byte[] mHash, byte[] em, int emBits, HashAlgorithm hash, OptionalInt saltLength,
                                             MessageDigest md) {
        Optional<byte[]> db = pssDataBlock(em, emBits, hash, md);
        if (db.isEmpty()) {
            return OptionalInt.empty();
        }
        int hLen = hash.length();
        int emLen = em.length;
        byte[] d = db.get();
        int sep = 0;
        while (sep < d.length && d[sep] == 0) {
            sep++;
        }
        if (sep >= d.length || d[sep] != 0x01) {
            return OptionalInt.empty();
        }
        int sLen = d.length - sep - 1;
        if (saltLength.isPresent() && saltLength.getAsInt() != sLen) {
            return OptionalInt.empty();
        }
        byte[] h = Arrays.copyOfRange(em, emLen - hLen - 1, emLen - 1);
        md.update(new byte[8]);
        md.update(mHash);
        md.update(d, d.length - sLen, sLen);
        return MessageDigest.isEqual(md.digest(), h) ? OptionalInt.of(sLen) : OptionalInt.empty();
    }

    /** Steps 3-9 of EMSA-PSS-VERIFY: the unmasked DB, if the encoding's frame (trailer, top bits) is right. */
    private static Optional<byte[]> pssDataBlock(byte[] em, int emBits, HashAlgorithm hash) {
        return pssDataBlock(em, emBits, hash, hash.newDigest());
    }

    private static Optional<byte[]> pssDataBlock(byte[] em, int emBits, HashAlgorithm hash, MessageDigest md) {
        int hLen = hash.length();
        int emLen = em.length;
        if (emLen < hLen + 2 || (em[emLen - 1] & 0xff) != 0xbc) {
            return Optional.empty();
        }
        int topBits = 8 * emLen - emBits;
        int topMask = topBits == 0 ? 0 : (0xff << (8 - topBits)) & 0xff;
        if ((em[0] & topMask) != 0) {
            return Optional.empty();
        }
        byte[] db = Arrays.copyOf(em, emLen - hLen - 1);
        byte[] h = Arrays.copyOfRange(em, emLen - hLen - 1, emLen - 1);
        byte[] mask = DigestSigning.mgf1(h, db.length, md);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xff >>> topBits);
        return Optional.of(db);
    }

    /**
     * What the RSA public operation reveals about a signature: made with this key using PKCS#1 v1.5
     * (then the hash and digest are known), with PSS (then the MGF1 hash and salt length are known),
     * or neither, which means it was made with another key or is corrupt.
     */
    public static Inspection inspect(PublicKey key, byte[] signature) {
        RSAPublicKey rsa = rsa(key);
        Optional<byte[]> em = publicOperation(rsa, signature);
        if (em.isEmpty()) {
            return new Inspection(null, null, null, null, 0, 0);
        }
        byte[] e = em.get();
        int emBits = rsa.getModulus().bitLength() - 1;
        // PKCS#1 v1.5 EM has k bytes (00 01 FF.. 00 T); EM here has emLen bytes, which is k or k - 1
        int k = (rsa.getModulus().bitLength() + 7) / 8;
        byte[] full = e.length == k ? e : concat(new byte[k - e.length], e);
        for (HashAlgorithm hash : HashAlgorithm.values()) {
            byte[] prefix = hash.digestInfo(new byte[hash.length()]);
            int tLen = prefix.length;
            int psLen = k - tLen - 3;
            if (psLen < 8 || full[0] != 0 || full[1] != 1 || full[2 + psLen] != 0) {
                continue;
            }
            boolean ok = true;
            for (int i = 2; i < 2 + psLen; i++) {
                if (full[i] != (byte) 0xff) {
                    ok = false;
                    break;
                }
            }
            int off = 3 + psLen;
            for (int i = 0; ok && i < tLen - hash.length(); i++) {
                if (full[off + i] != prefix[i]) {
                    ok = false;
                }
            }
            if (ok) {
                return new Inspection(SignatureAlgorithm.Scheme.RSA_PKCS1, hash,
                        Arrays.copyOfRange(full, off + tLen - hash.length(), k), null, 0, emBits);
            }
        }
        for (HashAlgorithm hash : HashAlgorithm.values()) {
            Optional<byte[]> db = pssDataBlock(e, emBits, hash);
            if (db.isEmpty()) {
                continue;
            }
            byte[] d = db.get();
            int sep = 0;
            while (sep < d.length && d[sep] == 0) {
                sep++;
            }
            // the zero padding must be all there is before 0x01; with the maximum salt there is none,
            // so require the frame to be at least as telling as the trailer byte plus one separator
            if (sep < d.length && d[sep] == 0x01) {
                return new Inspection(SignatureAlgorithm.Scheme.RSA_PSS, hash, null, e, d.length - sep - 1, emBits);
            }
        }
        return new Inspection(null, null, null, null, 0, emBits);
    }

    private static RSAPublicKey rsa(PublicKey key) {
        if (!(key instanceof RSAPublicKey)) {
            throw new UnsupportedAlgorithmException("an RSA key is needed, not " + key.getAlgorithm());
        }
        return (RSAPublicKey) key;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The outcome of {@link #inspect}: lets a verifier test many candidate inputs by hashing alone. */
    public static final class Inspection {
        private final SignatureAlgorithm.Scheme scheme;
        private final HashAlgorithm hash;
        private final byte[] pkcs1Digest;
        private final byte[] pssEncoded;
        private final int saltLength;
        private final int emBits;

        Inspection(SignatureAlgorithm.Scheme scheme, HashAlgorithm hash, byte[] pkcs1Digest, byte[] pssEncoded, int saltLength, int emBits) {
            this.scheme = scheme;
            this.hash = hash;
            this.pkcs1Digest = pkcs1Digest;
            this.pssEncoded = pssEncoded;
            this.saltLength = saltLength;
            this.emBits = emBits;
        }

        /**
         * Whether the signature was made with the private half of the key: its public operation gives
         * a PKCS#1 v1.5 or PSS encoding. False means another key (or corrupted signature bytes). For
         * PSS with the maximum salt the frame is only the trailer byte and one separator, so a
         * random value passes with a probability of about 2<sup>-16</sup>: "probably this key".
         */
        public boolean madeWithThisKey() {
            return scheme != null;
        }

        /** {@link SignatureAlgorithm.Scheme#RSA_PKCS1} or {@link SignatureAlgorithm.Scheme#RSA_PSS}, when made with this key. */
        public Optional<SignatureAlgorithm.Scheme> scheme() {
            return Optional.ofNullable(scheme);
        }

        /** The hash: the DigestInfo's (PKCS#1 v1.5) or the MGF1 hash that unmasks the PSS block. */
        public Optional<HashAlgorithm> hash() {
            return Optional.ofNullable(hash);
        }

        /** The PSS salt length, when the scheme is PSS. */
        public OptionalInt saltLength() {
            return scheme == SignatureAlgorithm.Scheme.RSA_PSS ? OptionalInt.of(saltLength) : OptionalInt.empty();
        }

        /** The algorithm the signer used, as far as the signature tells (PSS with its recovered salt). */
        public Optional<SignatureAlgorithm> algorithm() {
            if (scheme == null) {
                return Optional.empty();
            }
            if (scheme == SignatureAlgorithm.Scheme.RSA_PSS) {
                return Optional.of(SignatureAlgorithm.rsaPss(hash, saltLength));
            }
            switch (hash) {
                case SHA_256: return Optional.of(SignatureAlgorithm.RSA_PKCS1_SHA256);
                case SHA_384: return Optional.of(SignatureAlgorithm.RSA_PKCS1_SHA384);
                default: return Optional.of(SignatureAlgorithm.RSA_PKCS1_SHA512);
            }
        }

        /** Whether the signature covers exactly {@code data} (costs one or two hashes, no RSA operation). */
        public boolean covers(byte[] data) {
            if (scheme == null) {
                return false;
            }
            if (scheme == SignatureAlgorithm.Scheme.RSA_PKCS1) {
                return MessageDigest.isEqual(hash.hash(data), pkcs1Digest);
            }
            return emsaPssVerify(hash.hash(data), pssEncoded, emBits, hash, OptionalInt.of(saltLength)).isPresent();
        }
    }
}
