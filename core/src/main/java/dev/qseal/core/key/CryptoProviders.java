package dev.qseal.core.key;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.Locale;
import java.util.Optional;
import dev.qseal.core.key.internal.BouncyCastle;

/**
 * The one home of "which provider signs and verifies with software keys". By default that is the Amazon Corretto
 * Crypto Provider (ACCP, native AWS-LC: several times the JDK's RSA and ECDSA throughput) when its jar is on the
 * class path, its native library loads and its self-test passes; otherwise the JDK's own providers. ACCP is never
 * installed into {@link java.security.Security}: qseal asks it by object, the rest of the JVM is left alone.
 *
 * <p><b>FIPS mode</b>: when Bouncy Castle FIPS (bc-fips) is on the class path, or {@code fips} is asked for, every
 * signature, verification, digest and MAC of software keys is done by BCFIPS in approved-only mode (see
 * {@link dev.qseal.core.key.internal.BouncyCastle}), never by ACCP (not validated) and never silently by the JDK: an
 * algorithm BCFIPS does not offer, or refuses in approved-only mode, fails with an
 * {@link dev.qseal.core.UnsupportedAlgorithmException} that says so and what to use instead.
 *
 * <p>The switch: system property {@code qseal.provider} or, when that is not set, environment variable
 * {@code QSEAL_PROVIDER}: {@code jdk} (the JDK's providers only), {@code fips} (BCFIPS; fails when bc-fips is
 * missing) or {@code auto} (the default: BCFIPS when bc-fips is on the class path, else ACCP when usable, else the
 * JDK); per key, {@link SoftwareSigningKey#withJdkProvider()}. An algorithm ACCP does not offer is done by the JDK.
 */
public final class CryptoProviders {
    static final String PROPERTY = "qseal.provider";
    static final String ENV = "QSEAL_PROVIDER";
    private static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    /** Why ACCP is not used (empty when it is, or when it is not on the class path). */
    private static String whyNot = "";
    /** Set when {@code fips} was asked for but cannot be had: then every provider choice fails (fail closed). */
    private static String fipsMissing = "";
    /** Set by {@link #load()} when it chose BCFIPS. */
    private static boolean fipsChosen;
    /** BCFIPS in FIPS mode, ACCP when selected and healthy, else empty; decided once per JVM. */
    private static final Optional<Provider> FAST = load();
    /** Whether {@link #FAST} is BCFIPS. */
    private static final boolean FIPS = fipsChosen;

    private CryptoProviders() {
    }

    /** The provider software keys use by default, or empty for the JDK's providers. */
    public static Optional<Provider> preferred() {
        requireFipsIfAsked();
        return FAST;
    }

    /** Whether qseal runs in FIPS mode: software keys sign, verify and hash with Bouncy Castle FIPS (BCFIPS). */
    public static boolean fips() {
        requireFipsIfAsked();
        return FIPS;
    }

    /** Whether qseal runs in FIPS mode and bc-fips is in approved-only mode (on this thread). */
    public static boolean approvedOnly() {
        return fips() && BouncyCastle.approvedOnly();
    }

    private static void requireFipsIfAsked() {
        if (!fipsMissing.isEmpty()) {
            throw new dev.qseal.core.QsealException(fipsMissing);
        }
    }

    /** One line for {@code --version} and reports: the provider in use and why. */
    public static String describe() {
        if (!fipsMissing.isEmpty()) {
            return "none: " + fipsMissing;
        }
        if (FIPS) {
            Provider p = FAST.get();
            return p.getName() + " " + p.getVersionStr() + " (Bouncy Castle FIPS, approved-only mode "
                    + (BouncyCastle.approvedOnly() ? "on" : "OFF: " + BouncyCastle.APPROVED_ONLY_PROPERTY + " is "
                            + System.getProperty(BouncyCastle.APPROVED_ONLY_PROPERTY, "unset") + " or bc-fips started before qseal")
                    + ")";
        }
        return FAST.map(p -> p.getName() + " " + p.getVersionStr() + " (native; " + PROPERTY + "=jdk or " + ENV
                        + "=jdk for the JDK's providers)")
                .orElse("JDK providers (" + Signature.class.getSimpleName() + ": " + jdkNames() + ")" + whyNot);
    }

    private static String jdkNames() {
        try {
            return Signature.getInstance("SHA256withRSA").getProvider().getName() + ", "
                    + Signature.getInstance("SHA256withECDSA").getProvider().getName();
        } catch (NoSuchAlgorithmException e) {
            return "none for RSA/ECDSA";
        }
    }

    /**
     * The provider that signs with {@code key}: the preferred one for plain RSA and EC keys, the JDK's for the rest
     * (an {@code RSASSA-PSS}-typed key, which ACCP refuses, and EdDSA).
     */
    public static Optional<Provider> forSigning(PrivateKey key) {
        if (fips()) {
            return FAST; // every key type: nothing falls back to a provider outside the FIPS module
        }
        String alg = key.getAlgorithm();
        return alg.equals("RSA") || alg.equals("EC") ? FAST : Optional.empty();
    }

    /**
     * The provider that verifies {@code algorithm}: the preferred one for ECDSA and EdDSA, the JDK's for RSA. Measured
     * (benchmarks, JDK 17): ACCP re-encodes a JDK public key on every {@code initVerify}, which costs more than the
     * JDK's own RSA verification (public exponent 65537); for ECDSA the native arithmetic still wins several-fold.
     * In FIPS mode, BCFIPS for every algorithm.
     */
    public static Optional<Provider> forVerifying(SignatureAlgorithm algorithm) {
        if (fips()) {
            return FAST;
        }
        SignatureAlgorithm.Scheme s = algorithm.scheme();
        return s == SignatureAlgorithm.Scheme.RSA_PKCS1 || s == SignatureAlgorithm.Scheme.RSA_PSS ? Optional.empty() : FAST;
    }

    /**
     * A fresh {@link Signature} from {@code provider} when it offers the algorithm, else from the JDK's providers;
     * from BCFIPS and no other when {@code provider} is BCFIPS (FIPS mode never falls back to the JDK).
     */
    public static Signature signature(Optional<Provider> provider, String jcaName) throws NoSuchAlgorithmException {
        if (provider.isPresent() && (provider.get().getService("Signature", jcaName) != null || isFips(provider.get()))) {
            return Signature.getInstance(jcaName, provider.get());
        }
        return Signature.getInstance(jcaName);
    }

    /** A fresh {@link java.security.MessageDigest} from the preferred provider when it offers it (always in FIPS mode), else the JDK's. */
    static java.security.MessageDigest messageDigest(String jcaName) throws NoSuchAlgorithmException {
        if (preferred().isPresent() && (FIPS || FAST.get().getService("MessageDigest", jcaName) != null)) {
            return java.security.MessageDigest.getInstance(jcaName, FAST.get());
        }
        return java.security.MessageDigest.getInstance(jcaName);
    }

    /** A fresh {@link javax.crypto.Mac}: BCFIPS's in FIPS mode, otherwise the JDK's. */
    public static javax.crypto.Mac mac(String jcaName) throws NoSuchAlgorithmException {
        return fips() ? javax.crypto.Mac.getInstance(jcaName, FAST.get()) : javax.crypto.Mac.getInstance(jcaName);
    }

    /** The smallest RSA modulus FIPS 186-5 approves for signing. */
    static final int FIPS_MIN_RSA_SIGNING_BITS = 2048;

    /** The one form of "FIPS approved-only mode said no": what was refused and what to use instead. */
    static dev.qseal.core.UnsupportedAlgorithmException refusedInFips(String what, String instead) {
        return new dev.qseal.core.UnsupportedAlgorithmException("FIPS approved-only mode (Bouncy Castle FIPS) refuses " + what
                + ": " + instead);
    }

    /**
     * Bouncy Castle FIPS reports an unapproved operation with an {@link Error}; this turns it into
     * {@link #refusedInFips} and rethrows any other error.
     */
    static dev.qseal.core.UnsupportedAlgorithmException refusedInFips(Error e, String what) {
        return refusedInFips(e, what, "use RSA of at least " + FIPS_MIN_RSA_SIGNING_BITS
                + " bits, EC P-256/384/521 or Ed25519, with SHA-2");
    }

    /** As {@link #refusedInFips(Error, String)}, saying what to use instead. */
    static dev.qseal.core.UnsupportedAlgorithmException refusedInFips(Error e, String what, String instead) {
        if (!e.getClass().getName().equals("org.bouncycastle.crypto.fips.FipsUnapprovedOperationError")) {
            throw e;
        }
        return refusedInFips(what + " (" + e.getMessage() + ")", instead);
    }

    /** Whether {@code provider} is the BCFIPS instance qseal runs on in FIPS mode. */
    static boolean isFips(Provider provider) {
        return FIPS && provider == FAST.get();
    }

    /** The private key in {@code provider}'s own form (translated once, not on every signature), or as it is. */
    static PrivateKey translate(Optional<Provider> provider, PrivateKey key) {
        if (provider.isEmpty() || provider.get().getService("KeyFactory", key.getAlgorithm()) == null) {
            return key;
        }
        try {
            return (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), provider.get()).translateKey(key);
        } catch (GeneralSecurityException | RuntimeException e) {
            return key; // the provider cannot hold this key: it will still be handed the JDK's form
        }
    }

    /**
     * {@code key} in the form of the provider that verifies with it, for a verifier to translate once when it is built:
     * the preferred provider's own form for an EC key (measured: ACCP re-encodes a JDK EC key on every verification,
     * 1.4 kB and a native key parse per call), the key as it is otherwise (RSA is verified by the JDK's providers, see
     * {@link #forVerifying}) or when the provider cannot hold it. Null stays null (a verifier with an HMAC key has none).
     */
    public static java.security.PublicKey verifyingForm(java.security.PublicKey key) {
        if (key == null || FAST.isEmpty() || !key.getAlgorithm().equals("EC")
                || FAST.get().getService("KeyFactory", "EC") == null) {
            return key;
        }
        try {
            return (java.security.PublicKey) KeyFactory.getInstance("EC", FAST.get()).translateKey(key);
        } catch (GeneralSecurityException | RuntimeException e) {
            return key; // the provider cannot hold this key: it will still be handed the JDK's form
        }
    }

    private static Optional<Provider> load() {
        String choice = System.getProperty(PROPERTY);
        if (choice == null) {
            choice = System.getenv(ENV);
        }
        choice = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        if (choice.equals("jdk")) {
            whyNot = " (" + PROPERTY + "/" + ENV + " = jdk)";
            return Optional.empty();
        }
        if (choice.equals("fips") || BouncyCastle.fipsOnClassPath()) {
            if (!BouncyCastle.fipsOnClassPath()) {
                fipsMissing = PROPERTY + "/" + ENV + " = fips asks for Bouncy Castle FIPS, but bc-fips is not on the class"
                        + " path: add org.bouncycastle:bc-fips and bcpkix-fips (instead of bcprov/bcpkix), or unset it";
                return Optional.empty();
            }
            try {
                Optional<Provider> p = Optional.of(BouncyCastle.provider()); // ACCP is not FIPS-validated: never used here
                fipsChosen = true;
                return p;
            } catch (dev.qseal.core.QsealException e) {
                fipsMissing = "FIPS mode: " + e.getMessage();
                return Optional.empty();
            }
        }
        try {
            Class<?> c = Class.forName(ACCP_CLASS);
            Provider p = (Provider) c.getField("INSTANCE").get(null);
            c.getMethod("assertHealthy").invoke(p); // throws when the native library did not load or a self-test failed
            return Optional.of(p);
        } catch (ClassNotFoundException e) {
            whyNot = "";
            return Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            whyNot = " (Amazon Corretto Crypto Provider present but not usable here: " + cause.getClass().getSimpleName() + ")";
            return Optional.empty();
        }
    }
}
