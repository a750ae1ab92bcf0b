package dev.qseal.pkcs11;

import dev.qseal.core.key.CryptoProviders;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.internal.RsaSignatures;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check every token signature passes before a key returns it: does it verify with the key's public key?
 *
 * <p>PKCS#1 v1.5 is checked by the whole encoding: the RSA public operation on the signature must give exactly
 * {@code 00 01 FF.. 00 DigestInfo}; PSS by EMSA-PSS-VERIFY of that result with the algorithm's salt length. In the
 * JDK that public operation is {@code BigInteger.modPow}: about 27 us and 6 KB of garbage per RSA-2048 signature
 * (measured, see {@code benchmarks/profiles/pkcs11.md}), 5% of a SoftHSM signature. When the preferred native
 * provider (ACCP, {@link CryptoProviders#preferred()}) is there, it does the public operation instead (about
 * 13 us): raw RSA ({@code RSA/ECB/NoPadding}) with <b>one {@link Cipher} per thread and key, each with its own copy
 * of the public key, initialised once and never again</b>. ACCP 2.5 destroys the key a cipher was initialised with
 * when that cipher is initialised with another key (measured), so neither a cipher nor a translated key is ever
 * shared. Any failure of that path (an exception, an answer of the wrong length) falls back to the JDK for this
 * signature and drops the thread's cipher; after three, the key's check stays with the JDK. The fast path can make
 * the check slower, never wrong, and never fails a good signature. ECDSA is checked by
 * {@link SignatureAlgorithm#verifyDigest} (already with the preferred provider).
 */
final class SignatureCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SignatureCheck.class);
    private static final String RAW_RSA = "RSA/ECB/NoPadding";

    private final PublicKey publicKey;
    /** RSA modulus length in bytes (0 for EC keys). */
    private final int modulusLength;
    /** The modulus as exactly {@link #modulusLength} unsigned big-endian bytes (null for EC keys). */
    private final byte[] modulusBytes;
    /** The provider for the raw RSA public operation, or null for the JDK's BigInteger arithmetic. */
    private final Provider rawRsaProvider;
    private final ThreadLocal<Cipher> rawRsa = new ThreadLocal<>();
    /** Failures of the native path; after {@link #MAX_NATIVE_FAILURES} this check uses the JDK only. */
    private final AtomicInteger nativeFailures = new AtomicInteger();
    private static final int MAX_NATIVE_FAILURES = 3;

    SignatureCheck(PublicKey publicKey) {
        this(publicKey, CryptoProviders.preferred());
    }

    SignatureCheck(PublicKey publicKey, Optional<Provider> fast) {
        this.publicKey = publicKey;
        if (publicKey instanceof RSAPublicKey) {
            BigInteger n = ((RSAPublicKey) publicKey).getModulus();
            modulusLength = (n.bitLength() + 7) / 8;
            byte[] signed = n.toByteArray(); // may carry one leading sign byte
            modulusBytes = Arrays.copyOfRange(signed, signed.length - modulusLength, signed.length);
        } else {
            modulusBytes = null;
            modulusLength = 0;
        }
        this.rawRsaProvider = modulusBytes != null && fast.isPresent() && fast.get().getService("Cipher", RAW_RSA) != null
                && fast.get().getService("KeyFactory", "RSA") != null ? fast.get() : null;
    }

    /** Whether the native raw-RSA path is in use (for tests and the profile notes). */
    boolean usesNativeRsa() {
        return rawRsaProvider != null;
    }

    /** Whether {@code signature} (as the caller gets it: DER for ECDSA_DER) verifies over {@code digest}. */
    boolean verifies(SignatureAlgorithm algorithm, byte[] digest, byte[] signature) {
        SignatureAlgorithm.Scheme scheme = algorithm.scheme();
        boolean rsa = scheme == SignatureAlgorithm.Scheme.RSA_PKCS1 || scheme == SignatureAlgorithm.Scheme.RSA_PSS;
        if (rsa && rawRsaProvider != null && nativeFailures.get() < MAX_NATIVE_FAILURES) {
            if (signature.length != modulusLength || digest.length != algorithm.hash().length()
                    || Arrays.compareUnsigned(signature, modulusBytes) >= 0) {
                return false; // RFC 8017 §8.1.2 / §8.2.2 step 1 and RSAVP1's range check
            }
            byte[] m = rawPublicOperation(signature);
            if (m != null) {
                if (scheme == SignatureAlgorithm.Scheme.RSA_PSS) {
                    return RsaSignatures.verifyPssEncoded((RSAPublicKey) publicKey, algorithm.hash(), digest, m,
                            OptionalInt.of(algorithm.saltLength())).isPresent();
                }
                Optional<byte[]> expected = RsaSignatures.pkcs1Encoding(algorithm.hash(), digest, modulusLength);
                return expected.isPresent() && MessageDigest.isEqual(m, expected.get());
            }
        }
        return algorithm.verifyDigest(publicKey, digest, signature);
    }

    /** {@code signature^e mod n}, modulus-length bytes, by the native provider; null when that path cannot answer. */
    private byte[] rawPublicOperation(byte[] signature) {
        try {
            Cipher c = rawRsa.get();
            if (c == null) {
                c = Cipher.getInstance(RAW_RSA, rawRsaProvider);
                // this thread's own copy of the key, given to this cipher only (see the class comment)
                c.init(Cipher.ENCRYPT_MODE, KeyFactory.getInstance("RSA", rawRsaProvider).translateKey(publicKey));
                rawRsa.set(c);
            }
            byte[] m = c.doFinal(signature); // leaves the cipher initialised with the same key for the next call
            if (m.length != modulusLength) {
                return nativeFailed(rawRsaProvider.getName() + " answered " + m.length + " bytes for a " + modulusLength
                        + "-byte modulus");
            }
            return m;
        } catch (GeneralSecurityException | RuntimeException e) {
            return nativeFailed("raw RSA with " + rawRsaProvider.getName() + " failed: " + e);
        }
    }

    /** Drops this thread's cipher; after a few failures the native path is left for good. Answers null (use the JDK). */
    private byte[] nativeFailed(String why) {
        rawRsa.remove();
        if (nativeFailures.incrementAndGet() == MAX_NATIVE_FAILURES) {
            LOG.warn("{}; the signature check of this key uses the JDK's RSA from now on", why);
        } else {
            LOG.debug("{}; checking this signature with the JDK", why);
        }
        return null;
    }
}
