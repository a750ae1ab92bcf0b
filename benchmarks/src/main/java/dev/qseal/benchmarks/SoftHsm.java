package dev.qseal.benchmarks;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway SoftHSM2 token for the PKCS#11 suite, made by the project's {@code scripts/softhsm-token.sh}
 * (the copy shipped in the qseal-pkcs11-testing jar). Unlike the test extension it never installs anything: when
 * SoftHSM2, OpenSC or OpenSSL is missing, {@link #create} fails with a message saying the suite is skipped.
 */
final class SoftHsm {
    static final String LABEL = "qsealbench";
    static final String PIN = "1234";
    private static final List<String> MODULES = List.of("/usr/lib/softhsm/libsofthsm2.so",
            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/local/lib/softhsm/libsofthsm2.so", "/usr/lib64/pkcs11/libsofthsm2.so", "/opt/homebrew/lib/softhsm/libsofthsm2.so");

    final String module;
    final Path conf;
    final String slot;
    final Path dir;

    private SoftHsm(String module, Path conf, String slot, Path dir) {
        this.module = module;
        this.conf = conf;
        this.slot = slot;
        this.dir = dir;
    }

    /** Why SoftHSM cannot be used here, or null when it can. */
    static String missing() {
        StringBuilder why = new StringBuilder();
        for (String tool : List.of("softhsm2-util", "pkcs11-tool", "openssl")) {
            if (!onPath(tool)) {
                why.append(why.length() == 0 ? "" : ", ").append(tool);
            }
        }
        if (MODULES.stream().noneMatch(m -> new File(m).isFile())) {
            why.append(why.length() == 0 ? "" : ", ").append("libsofthsm2.so");
        }
        return why.length() == 0 ? null : why.toString();
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (new File(d, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** (Re-)creates the token and points this process's {@code SOFTHSM2_CONF} at it. */
    static SoftHsm create() {
        String missing = missing();
        if (missing != null) {
            throw new IllegalStateException("SKIPPED PKCS#11 suite: SoftHSM2 is not available (missing " + missing
                    + "); install it with 'apt-get install softhsm2 opensc openssl' to measure PKCS#11 signing");
        }
        Path dir = Paths.get(System.getProperty("qseal.bench.softhsm.dir",
                Paths.get(System.getProperty("java.io.tmpdir"), "qseal-bench-softhsm-" + System.getProperty("user.name")).toString()))
                .toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Path script = dir.resolve("softhsm-token.sh");
            try (InputStream in = SoftHsm.class.getResourceAsStream("/dev/qseal/pkcs11/testing/softhsm-token.sh")) {
                if (in == null) {
                    throw new IllegalStateException("softhsm-token.sh is missing from the qseal-pkcs11-testing jar");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Path log = dir.resolve("softhsm-token.log");
            Process p = new ProcessBuilder("bash", script.toString(), dir.toString(), LABEL, PIN)
                    .redirectError(log.toFile()).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("softhsm-token.sh failed; see " + log + ":\n" + Files.readString(log));
            }
            Map<String, String> kv = new HashMap<>();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            SoftHsm hsm = new SoftHsm(kv.get("module"), Paths.get(kv.get("conf")), kv.get("slot"), dir);
            setenv("SOFTHSM2_CONF", hsm.conf.toString());
            return hsm;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the SoftHSM token: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A qseal {@code pkcs11:} reference to an object on the token. */
    String uri(String object) {
        return "pkcs11:token=" + LABEL + ";object=" + object + ";type=private?module-path=" + module + "&pin-value=" + PIN;
    }

    /** A SunPKCS11 configuration file for the token's slot. */
    Path sunPkcs11Config() throws IOException {
        Path cfg = dir.resolve("sunpkcs11.cfg");
        Files.writeString(cfg, "name = qsealbench\nlibrary = " + module + "\nslot = " + slot + "\n");
        return cfg;
    }

    /** SoftHSM reads SOFTHSM2_CONF from the C environment when the module initialises. */
    private static void setenv(String name, String value) {
        int rc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("setenv").invokeInt(new Object[] {name, value, 1});
        if (rc != 0) {
            throw new IllegalStateException("setenv(" + name + ") failed");
        }
    }
}
