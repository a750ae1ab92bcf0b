package dev.qseal.cades;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code openssl cms -verify} of a detached {@code .p7s}, as a peer check. A missing openssl skips
 * the test visibly, except on CI ({@code CI=true}), where it fails (scripts/test.sh installs it).
 */
final class OpenSslCms {
    /** Exit code and stderr of one openssl run. */
    static final class Outcome {
        final int exit;
        final String stderr;

        Outcome(int exit, String stderr) {
            this.exit = exit;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return "openssl exit " + exit + ": " + stderr;
        }
    }

    private OpenSslCms() {
    }

    /** Verifies {@code p7s} over {@code document}, against {@code caFile} (or, when null, without a chain check). */
    static Outcome verify(Path p7s, Path document, Path caFile) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "cms", "-verify", "-binary", "-inform", "DER",
                "-in", p7s.toString(), "-content", document.toString(), "-out", "/dev/null"));
        if (caFile == null) {
            cmd.add("-noverify");
        } else {
            cmd.addAll(List.of("-CAfile", caFile.toString()));
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException notInstalled) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("openssl cannot be started, and CI=true: install openssl (scripts/test.sh does)", notInstalled);
            }
            Assumptions.abort("openssl cannot be started; skipping the OpenSSL cross-check (it would fail on CI)");
            throw notInstalled;
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("openssl cms -verify did not finish");
        }
        return new Outcome(p.exitValue(), err);
    }
}
