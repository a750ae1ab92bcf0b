package dev.qseal.core.key.internal;

import dev.qseal.core.QsealException;
import java.security.Provider;

/**
 * The one home that reaches a Bouncy Castle JCA provider: {@code BouncyCastleFipsProvider} (bc-fips, "BCFIPS") when
 * it is on the class path, else {@code BouncyCastleProvider} (bcprov, "BC"). Found by class name, so core compiles
 * and runs against either jar set. The instance is private to qseal, never installed into
 * {@link java.security.Security}.
 *
 * <p>With bc-fips, qseal runs in <em>approved-only mode</em>: unless the application already decided by setting the
 * system property {@value #APPROVED_ONLY_PROPERTY}, qseal sets it to {@code true} before the first bc-fips class
 * loads, which puts every thread of the JVM in approved-only mode (bc-fips reads it once, as the default of each
 * thread). An application that loads bc-fips before qseal and wants approved-only mode sets the property itself
 * ({@code -Dorg.bouncycastle.fips.approved_only=true}); {@link #approvedOnly()} tells what is in force.
 */
public final class BouncyCastle {
    /** bc-fips' switch for approved-only mode, read once per JVM when bc-fips starts. */
    public static final String APPROVED_ONLY_PROPERTY = "org.bouncycastle.fips.approved_only";
    private static final String FIPS_CLASS = "org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider";
    private static final String BC_CLASS = "org.bouncycastle.jce.provider.BouncyCastleProvider";
    private static final String REGISTRAR_CLASS = "org.bouncycastle.crypto.CryptoServicesRegistrar";

    private BouncyCastle() {
    }

    /** Whether bc-fips is on the class path (without loading it). */
    public static boolean fipsOnClassPath() {
        return present(FIPS_CLASS);
    }

    /**
     * The provider: BCFIPS when bc-fips is on the class path, else BC.
     *
     * @throws QsealException when neither is on the class path, or bc-fips' self-test fails
     */
    public static Provider provider() {
        return Holder.PROVIDER;
    }

    /** Whether the provider is BCFIPS and the current thread is in approved-only mode. */
    public static boolean approvedOnly() {
        if (!fipsOnClassPath()) {
            return false;
        }
        provider(); // bc-fips is started with qseal's default for the mode
        try {
            return (Boolean) Class.forName(REGISTRAR_CLASS).getMethod("isInApprovedOnlyMode").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static final class Holder {
        static final Provider PROVIDER = load();

        private static Provider load() {
            boolean fips = fipsOnClassPath();
            if (fips && System.getProperty(APPROVED_ONLY_PROPERTY) == null) {
                System.setProperty(APPROVED_ONLY_PROPERTY, "true");
            }
            String name = fips ? FIPS_CLASS : BC_CLASS;
            try {
                return (Provider) Class.forName(name).getConstructor().newInstance();
            } catch (ClassNotFoundException e) {
                throw new QsealException("neither Bouncy Castle (bcprov) nor Bouncy Castle FIPS (bc-fips) is on the class path:"
                        + " add org.bouncycastle:bcpkix-jdk18on, or bc-fips with bcpkix-fips", e);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null ? e.getCause() : e;
                throw new QsealException("the Bouncy Castle provider " + name + " cannot start here (" + cause + ")", cause);
            }
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, BouncyCastle.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
