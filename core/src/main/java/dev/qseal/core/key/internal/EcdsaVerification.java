package dev.qseal.core.key.internal;

import dev.qseal.core.key.CryptoProviders;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.UnsupportedAlgorithmException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Arrays;

/**
 * Strict ECDSA verification, independent of the JDK provider's leniencies and bugs. A raw r‖s
 * signature must have exactly twice the coordinate length; a DER one must be the canonical DER
 * encoding ({@code SEQUENCE {INTEGER r, INTEGER s}}, minimal lengths and integers); r and s must be
 * in [1, n-1]. The arithmetic is AWS-LC's when the Amazon Corretto Crypto Provider is in use, Bouncy Castle FIPS's in
 * FIPS mode ({@link CryptoProviders}), otherwise the JDK's {@link BigInteger} (SEC 1 §4.1.4, Jacobian coordinates, no
 * provider and no Bouncy Castle, so it is the same with Bouncy Castle FIPS). Verification handles public data
 * only, so the non-constant-time arithmetic leaks nothing secret.
 *
 * <p>Why not the JCA: on JDK 17, {@code SHA256withECDSAinP1363Format} accepts r‖s of the wrong size
 * and {@code SHA256withECDSA} accepts a DER integer without its leading zero (Wycheproof "invalid"),
 * and both reject valid signatures whose k·G has an x-coordinate of at least n (Wycheproof
 * "valid"). {@link SignatureAlgorithm#verify} uses this for every ECDSA algorithm, so all of
 * qseal's verifiers are exact.
 */
public final class EcdsaVerification {
    private EcdsaVerification() {
    }

    /**
     * Verifies an ECDSA signature of {@code algorithm}'s form (raw for {@code ECDSA_*_RAW}, DER otherwise).
     *
     * @return false for any signature that is not valid, including malformed ones
     * @throws UnsupportedAlgorithmException if the algorithm is not ECDSA or does not fit the key
     */
    public static boolean verify(SignatureAlgorithm algorithm, PublicKey key, byte[] data, byte[] signature) {
        return verifyDigest(algorithm, key, algorithm.hash().hash(data), signature);
    }

    /** As {@link #verify}, over a digest computed elsewhere (hash signing). */
    public static boolean verifyDigest(SignatureAlgorithm algorithm, PublicKey key, byte[] digest, byte[] signature) {
        SignatureAlgorithm.Scheme scheme = algorithm.scheme();
        if (scheme != SignatureAlgorithm.Scheme.ECDSA_RAW && scheme != SignatureAlgorithm.Scheme.ECDSA_DER) {
            throw new UnsupportedAlgorithmException(algorithm + " is not ECDSA");
        }
        KeyType type = KeyType.of(key);
        if (!algorithm.fits(type) || !(key instanceof ECPublicKey)) {
            throw new UnsupportedAlgorithmException(algorithm + " needs a " + algorithm.keyType() + " key, not " + type);
        }
        int len = type.coordinateLength();
        byte[] raw;
        if (scheme == SignatureAlgorithm.Scheme.ECDSA_RAW) {
            if (signature.length != 2 * len) {
                return false;
            }
            raw = signature;
        } else {
            try {
                raw = EcdsaSignatures.derToRaw(signature, len);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (!Arrays.equals(EcdsaSignatures.rawToDer(raw), signature)) {
                return false; // not the canonical DER encoding
            }
        }
        if (CryptoProviders.preferred().isPresent()) {
            // the encoding is checked above; AWS-LC's and BCFIPS's arithmetic is exact (both accept x(kG) >= n), so it decides
            return nativeVerify(CryptoProviders.preferred().get(), key, digest, raw, len);
        }
        ECParameterSpec spec = ((ECPublicKey) key).getParams();
        if (!(spec.getCurve().getField() instanceof ECFieldFp)) {
            throw new UnsupportedAlgorithmException("the EC key cannot be used for " + algorithm + ": not a prime-field curve");
        }
        BigInteger n = spec.getOrder();
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, len));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, len, 2 * len));
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        // SEC 1 §4.1.4 with the JDK's BigInteger (no provider, no bcprov: the same in FIPS mode)
        BigInteger e = new BigInteger(1, digest);
        int excess = digest.length * 8 - n.bitLength();
        if (excess > 0) {
            e = e.shiftRight(excess);
        }
        BigInteger w = s.modInverse(n);
        BigInteger u1 = e.multiply(w).mod(n);
        BigInteger u2 = r.multiply(w).mod(n);
        Curve c = new Curve(spec);
        BigInteger[] point = c.sumOfProducts(u1, c.jacobian(spec.getGenerator()), u2, c.jacobian(((ECPublicKey) key).getW()));
        if (point[2].signum() == 0) {
            return false; // the point at infinity
        }
        BigInteger zInv = point[2].modInverse(c.p);
        BigInteger x = point[0].multiply(zInv).multiply(zInv).mod(c.p);
        return x.mod(n).equals(r);
    }

    /** Short Weierstrass curve y^2 = x^3 + ax + b over F_p in Jacobian coordinates {X, Y, Z}; Z = 0 is infinity. */
    private static final class Curve {
        private static final BigInteger TWO = BigInteger.TWO;
        private static final BigInteger THREE = BigInteger.valueOf(3);
        final BigInteger p;
        final BigInteger a;

        Curve(ECParameterSpec spec) {
            this.p = ((ECFieldFp) spec.getCurve().getField()).getP();
            this.a = spec.getCurve().getA();
        }

        BigInteger[] jacobian(ECPoint q) {
            if (q.equals(ECPoint.POINT_INFINITY)) {
                return new BigInteger[] {BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO};
            }
            return new BigInteger[] {q.getAffineX(), q.getAffineY(), BigInteger.ONE};
        }

        BigInteger[] twice(BigInteger[] q) {
            if (q[2].signum() == 0 || q[1].signum() == 0) {
                return new BigInteger[] {BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO};
            }
            BigInteger yy = q[1].multiply(q[1]).mod(p);
            BigInteger sx = q[0].multiply(yy).shiftLeft(2).mod(p);
            BigInteger zz = q[2].multiply(q[2]).mod(p);
            BigInteger m = THREE.multiply(q[0]).multiply(q[0]).add(a.multiply(zz).multiply(zz)).mod(p);
            BigInteger x3 = m.multiply(m).subtract(sx.shiftLeft(1)).mod(p);
            BigInteger y3 = m.multiply(sx.subtract(x3)).subtract(yy.multiply(yy).shiftLeft(3)).mod(p);
            BigInteger z3 = TWO.multiply(q[1]).multiply(q[2]).mod(p);
            return new BigInteger[] {x3, y3, z3};
        }

        BigInteger[] add(BigInteger[] q1, BigInteger[] q2) {
            if (q1[2].signum() == 0) {
                return q2;
            }
            if (q2[2].signum() == 0) {
                return q1;
            }
            BigInteger z1z1 = q1[2].multiply(q1[2]).mod(p);
            BigInteger z2z2 = q2[2].multiply(q2[2]).mod(p);
            BigInteger u1 = q1[0].multiply(z2z2).mod(p);
            BigInteger u2 = q2[0].multiply(z1z1).mod(p);
            BigInteger s1 = q1[1].multiply(q2[2]).multiply(z2z2).mod(p);
            BigInteger s2 = q2[1].multiply(q1[2]).multiply(z1z1).mod(p);
            if (u1.equals(u2)) {
                return s1.equals(s2) ? twice(q1) : new BigInteger[] {BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO};
            }
            BigInteger h = u2.subtract(u1).mod(p);
            BigInteger rr = s2.subtract(s1).mod(p);
            BigInteger hh = h.multiply(h).mod(p);
            BigInteger hhh = hh.multiply(h).mod(p);
            BigInteger v = u1.multiply(hh).mod(p);
            BigInteger x3 = rr.multiply(rr).subtract(hhh).subtract(v.shiftLeft(1)).mod(p);
            BigInteger y3 = rr.multiply(v.subtract(x3)).subtract(s1.multiply(hhh)).mod(p);
            BigInteger z3 = h.multiply(q1[2]).multiply(q2[2]).mod(p);
            return new BigInteger[] {x3, y3, z3};
        }

        /** k1·P1 + k2·P2 (Shamir's trick: one doubling chain for both). */
        BigInteger[] sumOfProducts(BigInteger k1, BigInteger[] p1, BigInteger k2, BigInteger[] p2) {
            BigInteger[] both = add(p1, p2);
            BigInteger[] acc = {BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO};
            for (int i = Math.max(k1.bitLength(), k2.bitLength()) - 1; i >= 0; i--) {
                acc = twice(acc);
                boolean b1 = k1.testBit(i);
                boolean b2 = k2.testBit(i);
                if (b1 && b2) {
                    acc = add(acc, both);
                } else if (b1) {
                    acc = add(acc, p1);
                } else if (b2) {
                    acc = add(acc, p2);
                }
            }
            return acc;
        }
    }

    private static boolean nativeVerify(java.security.Provider provider, PublicKey key, byte[] digest, byte[] raw, int len) {
        BigInteger n = ((ECPublicKey) key).getParams().getOrder();
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, len));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, len, 2 * len));
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        try {
            java.security.Signature v = CryptoProviders.signature(java.util.Optional.of(provider), "NONEwithECDSA");
            v.initVerify(key);
            v.update(digest);
            return v.verify(EcdsaSignatures.rawToDer(raw));
        } catch (java.security.SignatureException e) {
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new UnsupportedAlgorithmException("the EC key cannot be used for ECDSA: " + e.getMessage());
        }
    }
}
