package dev.qseal.core;

/**
 * Whether this test run is the FIPS one ({@code mvn -Pfips}): Bouncy Castle FIPS is on the class path, so qseal runs on
 * BCFIPS in approved-only mode. Told from the class path, not from qseal's own answer, so that a test can check
 * that answer. Tests of something FIPS refuses assert the refusal when this is true.
 */
public final class Fips {
    private Fips() {
    }

    public static boolean enabled() {
        try {
            Class.forName("org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider", false, Fips.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Asserts that {@code action} is refused as FIPS approved-only mode refuses things: an
     * {@link UnsupportedAlgorithmException} that says so and names what to use instead.
     */
    public static UnsupportedAlgorithmException assertRefused(org.junit.jupiter.api.function.Executable action) {
        UnsupportedAlgorithmException e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedAlgorithmException.class, action);
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("FIPS approved-only mode (Bouncy Castle FIPS) refuses "),
                e.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().matches("(?s).*: (use|sign|re-encrypt|convert) .*"), e.getMessage());
        return e;
    }

    /**
     * In a FIPS run, asserts that {@code action} is refused ({@link #assertRefused}) and returns true, so the test
     * stops there; otherwise returns false and does nothing, and the test goes on to check the result.
     */
    public static boolean refused(org.junit.jupiter.api.function.Executable action) {
        if (!enabled()) {
            return false;
        }
        assertRefused(action);
        return true;
    }
}
