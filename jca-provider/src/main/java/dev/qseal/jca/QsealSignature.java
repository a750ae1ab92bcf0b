package dev.qseal.jca;

import dev.qseal.core.QsealException;
import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code QSeal} provider's {@link SignatureSpi}s. Signing accepts only {@link QsealPrivateKey}s
 * and ends in {@link dev.qseal.core.key.SigningKey#signDigest} (or {@code sign} for Ed25519): the data
 * is hashed here, incrementally, so a large input never sits in memory and only the digest travels
 * to the HSM or KMS. Verification, and signing with an ordinary (non-QSeal) private key, are handed
 * to the first other installed provider that accepts the key: an explicitly chosen {@code QSeal}
 * signature also verifies, and a {@code QSeal} provider installed <em>first</em> (which the JDK picks
 * when {@code setParameter} comes before {@code initSign}) leaves ordinary keys to the JDK.
 */
abstract class QsealSignature extends SignatureSpi {
    private static final Logger LOG = LoggerFactory.getLogger(QsealSignature.class);

    /** The JCA name this SPI is registered under, for the verification delegate and messages. */
    private final String jcaName;
    /** The key type family this SPI signs with. */
    private final Class<? extends QsealPrivateKey> keyClass;

    QsealPrivateKey key;
    /** Another provider's signature, for verification and for ordinary private keys; null when signing with {@link #key}. */
    private Signature delegate;
    AlgorithmParameterSpec params;

    QsealSignature(String jcaName, Class<? extends QsealPrivateKey> keyClass) {
        this.jcaName = jcaName;
        this.keyClass = keyClass;
    }

    // ---- signing ---------------------------------------------------------------------------

    @Override
    protected final void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        if (privateKey == null) {
            throw new InvalidKeyException(jcaName + ": the private key is null");
        }
        if (!(privateKey instanceof QsealPrivateKey)) {
            // an ordinary key reached QSeal (installed first, or chosen before the key was known): the JDK signs
            key = null;
            delegate = delegateFor(privateKey, true);
            return;
        }
        if (!keyClass.isInstance(privateKey)) {
            throw new InvalidKeyException(jcaName + " cannot sign with a " + ((QsealPrivateKey) privateKey).keyType() + " key");
        }
        key = (QsealPrivateKey) privateKey;
        delegate = null;
        reset();
    }

    /** Clears what was fed since the last init or sign. */
    abstract void reset();

    /** Signs what was fed with {@link #key}. */
    abstract byte[] signWithKey() throws SignatureException;

    @Override
    protected final byte[] engineSign() throws SignatureException {
        if (delegate != null) {
            return delegate.sign();
        }
        if (key == null) {
            throw new SignatureException(jcaName + ": not initialised for signing");
        }
        try {
            return signWithKey();
        } catch (QsealException e) {
            throw new SignatureException(jcaName + " with " + key.signingKey().description() + " failed: " + e.getMessage(), e);
        } finally {
            reset();
        }
    }

    /** Signs a digest with the key's backend, logging the operation (never data or key material). */
    final byte[] signDigest(SignatureAlgorithm alg, byte[] digest) {
        LOG.debug("{}: signing a {}-byte digest as {} with {}", jcaName, digest.length, alg, key.signingKey().description());
        return key.signingKey().signDigest(alg, digest);
    }

    @Override
    protected final void engineUpdate(byte b) throws SignatureException {
        engineUpdate(new byte[] {b}, 0, 1);
    }

    @Override
    protected final void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        if (delegate != null) {
            delegate.update(b, off, len);
        } else if (key != null) {
            update(b, off, len);
        } else {
            throw new SignatureException(jcaName + ": not initialised");
        }
    }

    abstract void update(byte[] b, int off, int len) throws SignatureException;

    // ---- verification and ordinary keys: another provider's implementation ------------------

    @Override
    protected final void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        key = null;
        delegate = delegateFor(publicKey, false);
    }

    /**
     * This signature from the first installed provider other than QSeal that accepts the key (a
     * {@link PrivateKey} to sign, a {@link PublicKey} to verify), with the parameters set so far.
     */
    private Signature delegateFor(java.security.Key k, boolean sign) throws InvalidKeyException {
        InvalidKeyException last = null;
        for (Provider p : Security.getProviders()) {
            if (p instanceof QsealProvider || p.getService("Signature", jcaName) == null) {
                continue;
            }
            try {
                Signature s = Signature.getInstance(jcaName, p);
                if (sign) {
                    if (params != null) {
                        s.setParameter(params);
                    }
                    if (appRandom != null) {
                        s.initSign((PrivateKey) k, appRandom);
                    } else {
                        s.initSign((PrivateKey) k);
                    }
                } else {
                    s.initVerify((PublicKey) k);
                    if (params != null) {
                        s.setParameter(params);
                    }
                }
                LOG.trace("{}: {} with a {} is handed to {}", jcaName, sign ? "signing" : "verification",
                        k.getClass().getName(), p.getName());
                return s;
            } catch (InvalidKeyException e) {
                last = e;
            } catch (GeneralSecurityException | RuntimeException e) {
                last = new InvalidKeyException(p.getName() + " cannot " + (sign ? "sign" : "verify") + " " + jcaName
                        + " with this key: " + e.getMessage(), e);
            }
        }
        throw last != null ? last : new InvalidKeyException("no installed provider besides QSeal "
                + (sign ? "signs " : "verifies ") + jcaName + " with a " + k.getClass().getName());
    }

    @Override
    protected final boolean engineVerify(byte[] sigBytes) throws SignatureException {
        if (delegate == null || key != null) {
            throw new SignatureException(jcaName + ": not initialised for verification");
        }
        return delegate.verify(sigBytes);
    }

    // ---- parameters ------------------------------------------------------------------------

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec spec) throws InvalidAlgorithmParameterException {
        if (spec != null) {
            throw new InvalidAlgorithmParameterException(jcaName + " takes no parameters");
        }
    }

    /** Forwards parameters to the delegate when there is one. */
    final void forwardToDelegate(AlgorithmParameterSpec spec) throws InvalidAlgorithmParameterException {
        if (delegate != null) {
            delegate.setParameter(spec);
        }
    }

    /** The delegate's parameters when there is one. */
    final AlgorithmParameters delegateParameters() {
        return delegate == null ? null : delegate.getParameters();
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        return delegateParameters();
    }

    @Override
    @Deprecated
    protected final void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("string parameters are not supported: use setParameter(AlgorithmParameterSpec)");
    }

    @Override
    @Deprecated
    protected final Object engineGetParameter(String param) {
        throw new InvalidParameterException("string parameters are not supported: use getParameters()");
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** The ECDSA algorithm of the key's curve, DER or raw. */
    static SignatureAlgorithm ecdsaFor(KeyType type, boolean raw) {
        switch (type) {
            case EC_P256: return raw ? SignatureAlgorithm.ECDSA_P256_SHA256_RAW : SignatureAlgorithm.ECDSA_P256_SHA256;
            case EC_P384: return raw ? SignatureAlgorithm.ECDSA_P384_SHA384_RAW : SignatureAlgorithm.ECDSA_P384_SHA384;
            case EC_P521: return raw ? SignatureAlgorithm.ECDSA_P521_SHA512_RAW : SignatureAlgorithm.ECDSA_P521_SHA512;
            default: throw new IllegalArgumentException("not an EC key type: " + type);
        }
    }

    /**
     * Re-expresses any hash as the digest length the key's ECDSA algorithm takes, without changing
     * what is signed: ECDSA uses the leftmost {@code qlen} bits of a hash as an integer (SEC 1
     * §4.1.3, "bits2int"), so that integer, written on the algorithm's digest length, gives the same
     * signature. SHA-384 with a P-256 key, or a 20-byte hash given to NONEwithECDSA, work this way.
     */
    static byte[] ecdsaDigest(byte[] hash, KeyType type, SignatureAlgorithm alg) throws SignatureException {
        int qlen = type == KeyType.EC_P521 ? 521 : type.fieldBits();
        BigInteger e = new BigInteger(1, hash);
        if (hash.length * 8 > qlen) {
            e = e.shiftRight(hash.length * 8 - qlen);
        }
        int len = alg.hash().length();
        if (e.bitLength() > len * 8) {
            throw new SignatureException("a " + hash.length + "-byte hash is too long for ECDSA on " + type
                    + " through this key's backend (at most " + len + " bytes)");
        }
        byte[] mag = e.toByteArray();
        byte[] out = new byte[len];
        int n = Math.min(mag.length, len);
        System.arraycopy(mag, mag.length - n, out, len - n, n);
        return out;
    }

    static HashAlgorithm hashNamed(String name) {
        String n = name.toUpperCase(Locale.ROOT).replace("-", "");
        switch (n) {
            case "SHA256": return HashAlgorithm.SHA_256;
            case "SHA384": return HashAlgorithm.SHA_384;
            case "SHA512": return HashAlgorithm.SHA_512;
            default: return null;
        }
    }

    // ---- the algorithms --------------------------------------------------------------------

    /** Hash here, sign the digest there: PKCS#1 v1.5 and ECDSA with a named hash. */
    abstract static class Hashing extends QsealSignature {
        final HashAlgorithm hash;
        private final MessageDigest md;

        Hashing(String jcaName, Class<? extends QsealPrivateKey> keyClass, HashAlgorithm hash) {
            super(jcaName, keyClass);
            this.hash = hash;
            this.md = hash.newDigest();
        }

        @Override
        void reset() {
            md.reset();
        }

        @Override
        void update(byte[] b, int off, int len) {
            md.update(b, off, len);
        }

        byte[] digest() {
            return md.digest();
        }
    }

    /** {@code SHA256withRSA}, {@code SHA384withRSA}, {@code SHA512withRSA}. */
    static final class RsaPkcs1 extends Hashing {
        private final SignatureAlgorithm alg;

        RsaPkcs1(String jcaName, SignatureAlgorithm alg) {
            super(jcaName, QsealRsaPrivateKey.class, alg.hash());
            this.alg = alg;
        }

        @Override
        byte[] signWithKey() {
            return signDigest(alg, digest());
        }
    }

    /** {@code SHAxxxwithECDSA} (DER) and {@code SHAxxxwithECDSAinP1363Format} (r‖s), any supported curve. */
    static final class Ecdsa extends Hashing {
        private final boolean raw;

        Ecdsa(String jcaName, HashAlgorithm hash, boolean raw) {
            super(jcaName, QsealEcPrivateKey.class, hash);
            this.raw = raw;
        }

        @Override
        byte[] signWithKey() throws SignatureException {
            SignatureAlgorithm alg = ecdsaFor(key.keyType(), raw);
            return signDigest(alg, ecdsaDigest(digest(), key.keyType(), alg));
        }
    }

    /** {@code RSASSA-PSS}: hash, MGF1 hash and salt length from the {@link PSSParameterSpec}. */
    static final class RsaPss extends QsealSignature {
        private MessageDigest md;
        private SignatureAlgorithm alg;

        RsaPss() {
            super("RSASSA-PSS", QsealRsaPrivateKey.class);
        }

        @Override
        protected void engineSetParameter(AlgorithmParameterSpec spec) throws InvalidAlgorithmParameterException {
            if (!(spec instanceof PSSParameterSpec)) {
                throw new InvalidAlgorithmParameterException("RSASSA-PSS needs a PSSParameterSpec, not "
                        + (spec == null ? "null" : spec.getClass().getName()));
            }
            PSSParameterSpec pss = (PSSParameterSpec) spec;
            HashAlgorithm h = hashNamed(pss.getDigestAlgorithm());
            if (h == null) {
                throw new InvalidAlgorithmParameterException("RSASSA-PSS with " + pss.getDigestAlgorithm()
                        + " is not supported: use SHA-256, SHA-384 or SHA-512");
            }
            if (!"MGF1".equalsIgnoreCase(pss.getMGFAlgorithm()) || !(pss.getMGFParameters() instanceof MGF1ParameterSpec)
                    || hashNamed(((MGF1ParameterSpec) pss.getMGFParameters()).getDigestAlgorithm()) != h) {
                throw new InvalidAlgorithmParameterException("RSASSA-PSS here needs MGF1 with the same hash as the message ("
                        + h.jcaName() + ")");
            }
            if (pss.getTrailerField() != PSSParameterSpec.TRAILER_FIELD_BC) {
                throw new InvalidAlgorithmParameterException("RSASSA-PSS trailer field must be 1");
            }
            if (pss.getSaltLength() < 0) {
                throw new InvalidAlgorithmParameterException("RSASSA-PSS salt length must not be negative");
            }
            alg = SignatureAlgorithm.rsaPss(h, pss.getSaltLength());
            md = h.newDigest();
            params = pss;
            forwardToDelegate(pss);
        }

        @Override
        protected AlgorithmParameters engineGetParameters() {
            if (params == null) {
                return delegateParameters();
            }
            try {
                AlgorithmParameters ap = AlgorithmParameters.getInstance("RSASSA-PSS");
                ap.init(params);
                return ap;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK cannot encode RSASSA-PSS parameters", e);
            }
        }

        @Override
        void reset() {
            if (md != null) {
                md.reset();
            }
        }

        @Override
        void update(byte[] b, int off, int len) throws SignatureException {
            if (md == null) {
                throw new SignatureException("RSASSA-PSS: set a PSSParameterSpec (hash, MGF1, salt length) before the data");
            }
            md.update(b, off, len);
        }

        @Override
        byte[] signWithKey() throws SignatureException {
            if (md == null) {
                throw new SignatureException("RSASSA-PSS: set a PSSParameterSpec (hash, MGF1, salt length) before signing");
            }
            return signDigest(alg, md.digest());
        }
    }

    /** Buffers the (short) input: the NONEwith* signatures and Ed25519. */
    abstract static class Buffering extends QsealSignature {
        private final int limit;
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Buffering(String jcaName, Class<? extends QsealPrivateKey> keyClass, int limit) {
            super(jcaName, keyClass);
            this.limit = limit;
        }

        @Override
        void reset() {
            buffer.reset();
        }

        @Override
        void update(byte[] b, int off, int len) throws SignatureException {
            if (buffer.size() + len > limit) {
                buffer.reset();
                throw new SignatureException(limitMessage(limit));
            }
            buffer.write(b, off, len);
        }

        abstract String limitMessage(int limit);
    }

    /**
     * {@code NONEwithRSA}: the input is a DER {@code DigestInfo} (what PKCS#1 v1.5 signs), which is
     * recognised for SHA-256/384/512 (with or without the NULL parameters) and signed as hash signing
     * of that digest. Other raw inputs (TLS 1.0/1.1's MD5‖SHA-1) cannot be expressed through a
     * {@link dev.qseal.core.key.SigningKey} and are refused with a clear message.
     */
    static final class NoneWithRsa extends Buffering {
        private static final byte[][] PREFIXES_NO_NULL = new byte[HashAlgorithm.values().length][];

        static {
            HexFormat hex = HexFormat.of();
            for (HashAlgorithm h : HashAlgorithm.values()) {
                // SEQUENCE { SEQUENCE { OID }, OCTET STRING }: the same, with the absent-parameters form
                byte[] withNull = h.digestInfo(new byte[h.length()]);
                byte[] oid = Arrays.copyOfRange(withNull, 4, 4 + 2 + withNull[5]);
                byte[] p = hex.parseHex(String.format(Locale.ROOT, "30%02x30%02x", 2 + oid.length + 2 + h.length(), oid.length));
                byte[] prefix = new byte[p.length + oid.length + 2];
                System.arraycopy(p, 0, prefix, 0, p.length);
                System.arraycopy(oid, 0, prefix, p.length, oid.length);
                prefix[prefix.length - 2] = 0x04;
                prefix[prefix.length - 1] = (byte) h.length();
                PREFIXES_NO_NULL[h.ordinal()] = prefix;
            }
        }

        NoneWithRsa() {
            super("NONEwithRSA", QsealRsaPrivateKey.class, 1024);
        }

        @Override
        String limitMessage(int limit) {
            return "NONEwithRSA input must be a DigestInfo (at most " + limit + " bytes)";
        }

        @Override
        byte[] signWithKey() throws SignatureException {
            byte[] in = buffer.toByteArray();
            for (HashAlgorithm h : HashAlgorithm.values()) {
                byte[] withNull = h.digestInfo(new byte[h.length()]);
                int prefixLen = withNull.length - h.length();
                byte[] noNull = PREFIXES_NO_NULL[h.ordinal()];
                if (in.length == withNull.length && Arrays.equals(in, 0, prefixLen, withNull, 0, prefixLen)) {
                    return signDigest(pkcs1(h), Arrays.copyOfRange(in, prefixLen, in.length));
                }
                if (in.length == noNull.length + h.length() && Arrays.equals(in, 0, noNull.length, noNull, 0, noNull.length)) {
                    return signDigest(pkcs1(h), Arrays.copyOfRange(in, noNull.length, in.length));
                }
            }
            throw new SignatureException("NONEwithRSA through a QSeal key signs a DigestInfo of a SHA-256, SHA-384 or "
                    + "SHA-512 hash; this " + in.length + "-byte input is not one (raw RSA of arbitrary data, as in "
                    + "TLS 1.0/1.1, is not offered by key backends): use SHA256withRSA or RSASSA-PSS");
        }

        private static SignatureAlgorithm pkcs1(HashAlgorithm h) {
            switch (h) {
                case SHA_256: return SignatureAlgorithm.RSA_PKCS1_SHA256;
                case SHA_384: return SignatureAlgorithm.RSA_PKCS1_SHA384;
                default: return SignatureAlgorithm.RSA_PKCS1_SHA512;
            }
        }
    }

    /** {@code NONEwithECDSA} / {@code NONEwithECDSAinP1363Format}: the input is the hash. */
    static final class NoneWithEcdsa extends Buffering {
        private final boolean raw;

        NoneWithEcdsa(String jcaName, boolean raw) {
            super(jcaName, QsealEcPrivateKey.class, 256);
            this.raw = raw;
        }

        @Override
        String limitMessage(int limit) {
            return "NONEwithECDSA input is a hash (at most " + limit + " bytes)";
        }

        @Override
        byte[] signWithKey() throws SignatureException {
            byte[] hash = buffer.toByteArray();
            if (hash.length == 0) {
                throw new SignatureException("NONEwithECDSA needs the hash to sign; none was given");
            }
            SignatureAlgorithm alg = ecdsaFor(key.keyType(), raw);
            return signDigest(alg, ecdsaDigest(hash, key.keyType(), alg));
        }
    }

    /** {@code Ed25519} (pure EdDSA: the backend hashes, so the message is buffered). */
    static final class Ed25519 extends Buffering {
        Ed25519() {
            super("Ed25519", QsealEdPrivateKey.class, 64 * 1024 * 1024);
        }

        @Override
        String limitMessage(int limit) {
            return "Ed25519 through a QSeal key buffers the message; it is limited to " + limit + " bytes";
        }

        @Override
        byte[] signWithKey() {
            byte[] data = buffer.toByteArray();
            LOG.debug("Ed25519: signing {} bytes with {}", data.length, key.signingKey().description());
            return key.signingKey().sign(SignatureAlgorithm.ED25519, data);
        }
    }
}
