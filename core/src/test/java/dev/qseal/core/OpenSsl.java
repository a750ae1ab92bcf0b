package dev.qseal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the {@code openssl} command for cross-checks. Skips when it is missing, except on CI ({@code CI=true}), where that fails. */
public final class OpenSsl {
    private OpenSsl() {
    }

    public static String executable() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "openssl");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("openssl is not on the PATH, and CI=true: install openssl (scripts/test.sh does)");
        }
        Assumptions.abort("openssl is not on the PATH; skipping the OpenSSL cross-check (it would fail on CI)");
        return null;
    }

    /** Runs openssl with {@code args}; returns stdout bytes; fails with stderr if it exits non-zero. */
    public static byte[] run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("openssl " + args[0] + " timed out");
        }
        assertEquals(0, p.exitValue(), "openssl " + String.join(" ", args) + " failed: " + err);
        return out;
    }
}
