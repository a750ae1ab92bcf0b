package dev.qseal.core.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs openssl and keytool for test fixtures; fails the test with the tool's output when a command fails. */
final class Tools {
    private Tools() {
    }

    static String openssl(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(Arrays.asList(args));
        return run(dir, cmd);
    }

    static String keytool(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(Arrays.asList(args));
        return run(dir, cmd);
    }

    static String run(Path dir, List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), () -> "command failed: " + cmd + "\n" + text);
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Concatenates files (PEM bundles). */
    static Path cat(Path out, Path... parts) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path p : parts) {
            sb.append(Files.readString(p, StandardCharsets.US_ASCII));
        }
        Files.writeString(out, sb.toString(), StandardCharsets.US_ASCII);
        return out;
    }

    /** All messages in an exception's cause chain, for "never contains the secret" checks. */
    static String allMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
            for (Throwable s : c.getSuppressed()) {
                sb.append(allMessages(s));
            }
        }
        return sb.toString();
    }
}
