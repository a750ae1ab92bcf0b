package dev.qseal.pkcs11;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.KeyType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Finds a private key on a token by label and/or CKA_ID, and what belongs to it: a certificate or
 * public-key object with the same CKA_ID (or, when the key has none, the same label), or the
 * public attributes of the private key itself (RSA modulus and exponent).
 */
final class KeyObjects {
    private static final byte[] OID_P256 = HexFormat.of().parseHex("06082a8648ce3d030107");
    private static final byte[] OID_P384 = HexFormat.of().parseHex("06052b81040022");
    private static final byte[] OID_P521 = HexFormat.of().parseHex("06052b81040023");
    private static final byte[] OID_EC_PUBLIC_KEY = HexFormat.of().parseHex("06072a8648ce3d0201");

    private KeyObjects() {
    }

    static final class Found {
        final long handle;
        final long epoch;
        final KeyType keyType;
        final PublicKey publicKey;
        final X509Certificate certificate;

        Found(long handle, long epoch, KeyType keyType, PublicKey publicKey, X509Certificate certificate) {
            this.handle = handle;
            this.epoch = epoch;
            this.keyType = keyType;
            this.publicKey = publicKey;
            this.certificate = certificate;
        }
    }

    static Found find(Pkcs11Token token, Pkcs11Uri uri) {
        for (int attempt = 0; ; attempt++) {
            try {
                return token.withSession((ck, session, epoch) -> find(ck, session, epoch, uri, token));
            } catch (Pkcs11Token.NeedsHealing e) {
                if (attempt > 0) {
                    throw new BackendUnavailableException("pkcs11: " + token.description + " is not usable: " + e.getMessage(), e.cause);
                }
                token.heal(e.epoch, e.getMessage());
            } catch (Cryptoki.CkException e) {
                throw new BackendUnavailableException("pkcs11: looking for " + uri.objectSelector() + " on "
                        + token.description + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static Found find(Cryptoki ck, long session, long epoch, Pkcs11Uri uri, Pkcs11Token token)
            throws Cryptoki.CkException {
        long handle = findPrivateKey(ck, session, uri, token);
        Long kt = ck.attributeLong(session, handle, Cryptoki.CKA_KEY_TYPE);
        byte[] id = ck.attribute(session, handle, Cryptoki.CKA_ID, Cryptoki.MAX_ID);
        byte[] label = ck.attribute(session, handle, Cryptoki.CKA_LABEL, Cryptoki.MAX_LABEL);
        List<Cryptoki.Attr> match = new ArrayList<>();
        if (id != null && id.length > 0) {
            match.add(Cryptoki.Attr.ofBytes(Cryptoki.CKA_ID, id));
        } else if (label != null && label.length > 0) {
            match.add(Cryptoki.Attr.ofBytes(Cryptoki.CKA_LABEL, label));
        }
        X509Certificate cert = null;
        PublicKey pub = null;
        if (!match.isEmpty()) {
            cert = certificate(ck, session, match);
            pub = publicKeyObject(ck, session, match, kt);
        }
        KeyType type;
        if (kt != null && kt == Cryptoki.CKK_RSA) {
            if (pub == null) {
                pub = rsa(ck.attribute(session, handle, Cryptoki.CKA_MODULUS, Cryptoki.MAX_RSA_INTEGER),
                        ck.attribute(session, handle, Cryptoki.CKA_PUBLIC_EXPONENT, Cryptoki.MAX_RSA_INTEGER));
            }
            type = KeyType.RSA;
        } else if (kt != null && kt == Cryptoki.CKK_EC) {
            type = curve(ck.attribute(session, handle, Cryptoki.CKA_EC_PARAMS, Cryptoki.MAX_EC_PARAMS));
        } else {
            throw new UnsupportedAlgorithmException("pkcs11: " + uri.objectSelector() + " on " + token.description
                    + " is neither an RSA nor an EC key: qseal signs with RSA and EC (P-256/384/521) keys");
        }
        return new Found(handle, epoch, type, pub, cert);
    }

    /** The one private key the URI names. */
    static long findPrivateKey(Cryptoki ck, long session, Pkcs11Uri uri, Pkcs11Token token) throws Cryptoki.CkException {
        List<Cryptoki.Attr> t = new ArrayList<>();
        t.add(Cryptoki.Attr.ofLong(Cryptoki.CKA_CLASS, Cryptoki.CKO_PRIVATE_KEY));
        if (uri.object != null) {
            t.add(Cryptoki.Attr.ofBytes(Cryptoki.CKA_LABEL, uri.object.getBytes(StandardCharsets.UTF_8)));
        }
        if (uri.id != null) {
            t.add(Cryptoki.Attr.ofBytes(Cryptoki.CKA_ID, uri.id));
        }
        List<Long> found = ck.findObjects(session, t, 3);
        if (found.isEmpty() && token.notLoggedInButNeeded()) {
            // private keys are invisible before C_Login: "no such key" would send the user looking in the wrong place
            throw new KeyAccessException("pkcs11: not logged in to " + token.description + ": no PIN was given, and the "
                    + "token shows private keys only after a login; give the PIN (pin-source or pin-value in the "
                    + "reference, or through the secret provider)");
        }
        if (found.isEmpty()) {
            throw new KeyNotFoundException("pkcs11: no private key " + uri.objectSelector() + " on " + token.description
                    + ": check object= and id= in the reference against the token's objects");
        }
        if (found.size() > 1) {
            throw new BadInputException("pkcs11: " + found.size() + " private keys match " + uri.objectSelector() + " on "
                    + token.description + ": add id= (or object=) to choose one");
        }
        return found.get(0);
    }

    private static X509Certificate certificate(Cryptoki ck, long session, List<Cryptoki.Attr> match) throws Cryptoki.CkException {
        List<Cryptoki.Attr> t = new ArrayList<>(match);
        t.add(0, Cryptoki.Attr.ofLong(Cryptoki.CKA_CLASS, Cryptoki.CKO_CERTIFICATE));
        for (long h : ck.findObjects(session, t, 4)) {
            byte[] der = ck.attribute(session, h, Cryptoki.CKA_VALUE, Cryptoki.MAX_CERTIFICATE);
            if (der == null) {
                continue;
            }
            try {
                return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            } catch (GeneralSecurityException | ClassCastException e) {
                // not an X.509 certificate we can read: keep looking
            }
        }
        return null;
    }

    private static PublicKey publicKeyObject(Cryptoki ck, long session, List<Cryptoki.Attr> match, Long kt)
            throws Cryptoki.CkException {
        List<Cryptoki.Attr> t = new ArrayList<>(match);
        t.add(0, Cryptoki.Attr.ofLong(Cryptoki.CKA_CLASS, Cryptoki.CKO_PUBLIC_KEY));
        for (long h : ck.findObjects(session, t, 4)) {
            if (kt != null && kt == Cryptoki.CKK_RSA) {
                PublicKey p = rsa(ck.attribute(session, h, Cryptoki.CKA_MODULUS, Cryptoki.MAX_RSA_INTEGER),
                        ck.attribute(session, h, Cryptoki.CKA_PUBLIC_EXPONENT, Cryptoki.MAX_RSA_INTEGER));
                if (p != null) {
                    return p;
                }
            } else if (kt != null && kt == Cryptoki.CKK_EC) {
                PublicKey p = ec(ck.attribute(session, h, Cryptoki.CKA_EC_PARAMS, Cryptoki.MAX_EC_PARAMS),
                        ck.attribute(session, h, Cryptoki.CKA_EC_POINT, Cryptoki.MAX_EC_POINT));
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static PublicKey rsa(byte[] modulus, byte[] exponent) {
        if (modulus == null || exponent == null || modulus.length == 0 || exponent.length == 0) {
            return null;
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(new BigInteger(1, modulus), new BigInteger(1, exponent)));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    static KeyType curve(byte[] params) {
        if (Arrays.equals(params, OID_P256)) {
            return KeyType.EC_P256;
        }
        if (Arrays.equals(params, OID_P384)) {
            return KeyType.EC_P384;
        }
        if (Arrays.equals(params, OID_P521)) {
            return KeyType.EC_P521;
        }
        throw new UnsupportedAlgorithmException("pkcs11: EC keys on this curve are not supported: use P-256, P-384 or P-521");
    }

    /** An EC public key from CKA_EC_PARAMS (a named-curve OID) and CKA_EC_POINT (DER OCTET STRING or raw). */
    static PublicKey ec(byte[] params, byte[] point) {
        if (params == null || point == null || point.length < 3) {
            return null;
        }
        KeyType type = curve(params);
        int rawLen = 1 + 2 * type.coordinateLength();
        byte[] raw;
        if (point.length == rawLen && point[0] == 0x04) {
            raw = point;
        } else if (point[0] == 0x04 && point.length > 2) {
            int len = point[1] & 0xff;
            int off = 2;
            if (len == 0x81) {
                len = point[2] & 0xff;
                off = 3;
            }
            if (off + len != point.length) {
                return null;
            }
            raw = Arrays.copyOfRange(point, off, point.length);
        } else {
            return null;
        }
        byte[] algId = tlv(0x30, concat(OID_EC_PUBLIC_KEY, params));
        byte[] bits = tlv(0x03, concat(new byte[] {0}, raw));
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(tlv(0x30, concat(algId, bits))));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else if (value.length < 0x100) {
            out.write(0x81);
            out.write(value.length);
        } else {
            out.write(0x82);
            out.write(value.length >> 8);
            out.write(value.length & 0xff);
        }
        out.write(value, 0, value.length);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
