package dev.qseal.pkcs11.testing;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * JUnit 5 extension that hands tests a ready SoftHSM2 token:
 *
 * <pre>{@code
 * @ExtendWith(SoftHsmExtension.class)
 * class MyHsmTest {
 *     @Test
 *     void signs(SoftHsmToken token) {
 *         SigningKey key = KeySources.open(token.uri(SoftHsmToken.RSA));
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The token is made once per JVM by {@code scripts/softhsm-token.sh} (which installs softhsm2
 * and opensc with apt-get when missing) in the directory named by the system property
 * {@code qseal.softhsm.dir} (default: a directory under {@code java.io.tmpdir}), label
 * {@code qseal} (and {@code qseal-aux}), user PIN {@code 1234}. The extension points
 * {@code SOFTHSM2_CONF} of this process at that directory's configuration before SoftHSM is loaded.
 *
 * <p>If SoftHSM cannot be set up, tests <b>fail</b> when the environment variable {@code CI} is
 * {@code true}, and are skipped with a message on stderr otherwise.
 */
public final class SoftHsmExtension implements ParameterResolver {
    private static SoftHsmToken token;
    private static RuntimeException failure;

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == SoftHsmToken.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) throws ParameterResolutionException {
        return token();
    }

    /** The JVM-wide token, made on first use. Fails or aborts the calling test if SoftHSM is unavailable. */
    public static synchronized SoftHsmToken token() {
        if (token == null && failure == null) {
            try {
                String dirProp = System.getProperty("qseal.softhsm.dir");
                Path dir = dirProp != null ? Paths.get(dirProp)
                        : Paths.get(System.getProperty("java.io.tmpdir"), "qseal-softhsm-" + ProcessHandle.current().pid());
                SoftHsmToken t = new SoftHsmToken(dir.toAbsolutePath(), "qseal", "1234", "12345678");
                t.create();
                setenv("SOFTHSM2_CONF", t.confFile().toString());
                token = t;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            String msg = "SoftHSM2 token unavailable: " + failure.getMessage();
            String ci = System.getenv("CI");
            if (ci != null && "true".equals(ci.toLowerCase(Locale.ROOT).trim())) {
                throw new IllegalStateException(msg + " (CI=true: PKCS#11 tests must run, so this fails)", failure);
            }
            System.err.println("SKIPPED PKCS#11 test: " + msg);
            throw new TestAbortedException(msg, failure);
        }
        return token;
    }

    private static void setenv(String name, String value) {
        if (Platform.isWindows()) {
            NativeLibrary.getInstance("msvcrt").getFunction("_putenv_s").invokeInt(new Object[] {name, value});
        } else {
            int rc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("setenv").invokeInt(new Object[] {name, value, 1});
            if (rc != 0) {
                throw new IllegalStateException("setenv(" + name + ") failed");
            }
        }
    }
}
