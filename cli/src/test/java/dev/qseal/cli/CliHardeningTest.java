package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qseal.testvectors.TestVectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile or careless command lines: every file read is bounded (exit 2 with the limit named, never an
 * OutOfMemoryError), untrusted text is echoed escaped, an Error never becomes a stack trace.
 */
class CliHardeningTest {
    private static final String V = TestVectors.CAVAGE_DRAFT10;

    @TempDir
    static Path dir;
    static Path key;
    static Path publicKey;

    @BeforeAll
    static void files() throws IOException {
        key = dir.resolve("k.pem");
        Files.writeString(key, TestVectors.pemBlock(V, "RSA PRIVATE KEY"));
        publicKey = dir.resolve("pub.pem");
        Files.writeString(publicKey, TestVectors.pemBlock(V, "PUBLIC KEY"));
    }

    private static void assertBadInputNamingLimit(CliRun r, String limit) {
        assertEquals(Main.BAD_INPUT, r.code, r.toString());
        assertTrue(r.err.contains(limit), r.toString());
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r);
        assertFalse(r.err.contains("OutOfMemoryError"), r.toString());
        assertEquals(1, r.err.strip().lines().count(), "one line: " + r);
    }

    private static String devZero() {
        assumeTrue(Files.isReadable(Path.of("/dev/zero")), "no /dev/zero here");
        return "/dev/zero";
    }

    @Test
    void keyFromDevZeroIsRefusedWithTheLimit() {
        assertBadInputNamingLimit(CliRun.of("sign", "cavage", "--key", "file:" + devZero(), "--key-id", "k",
                "--method", "GET", "--target", "/", "--now", "2014-01-05T21:31:40Z"), "1 MiB");
    }

    @Test
    void certificateAndPublicKeyFromDevZeroAreRefused() {
        assertBadInputNamingLimit(CliRun.of("sign", "cavage", "--key", "file:" + key, "--cert", devZero(), "--key-id", "k",
                "--method", "GET", "--target", "/", "--now", "2014-01-05T21:31:40Z"), "1 MiB");
        assertBadInputNamingLimit(CliRun.of("verify", "cavage", "--public-key", devZero(), "--method", "GET", "--target", "/",
                "-H", "Signature: keyId=\"k\",signature=\"AAAA\""), "1 MiB");
        assertBadInputNamingLimit(CliRun.of("verify", "jws", "--cert", devZero(), "--method", "GET", "--target", "/",
                "-H", "x-jws-signature: a..b"), "1 MiB");
    }

    @Test
    void bodyFromDevZeroIsRefusedWithTheLimit() {
        assertBadInputNamingLimit(CliRun.of("sign", "cavage", "--key", "file:" + key, "--key-id", "k", "--method", "POST",
                "--target", "/", "--body-file", devZero(), "--now", "2014-01-05T21:31:40Z"), "64 MiB");
        assertBadInputNamingLimit(CliRun.of("digest", "--body-file", devZero()), "64 MiB");
    }

    @Test
    void passwordFileFromDevZeroIsRefusedWithTheLimit() {
        assertBadInputNamingLimit(CliRun.of("sign", "cavage", "--key", "pkcs12:" + key + "?password-file=" + devZero(), "--key-id", "k",
                "--method", "GET", "--target", "/", "--now", "2014-01-05T21:31:40Z"), "4 KiB");
    }

    @Test
    void tooManyOrTooLongHeadersAreRefused() {
        String[] args = new String[6 + 2 * 257];
        int i = 0;
        for (String a : new String[] {"verify", "cavage", "--public-key", publicKey.toString(), "--method", "GET"}) {
            args[i++] = a;
        }
        for (int h = 0; h < 257; h++) {
            args[i++] = "-H";
            args[i++] = "X-" + h + ": v";
        }
        String[] withTarget = java.util.Arrays.copyOf(args, args.length + 2);
        withTarget[args.length] = "--target";
        withTarget[args.length + 1] = "/";
        assertBadInputNamingLimit(CliRun.of(withTarget), "at most 256");
        assertBadInputNamingLimit(CliRun.of("verify", "cavage", "--public-key", publicKey.toString(), "--method", "GET", "--target", "/",
                "-H", "X-Big: " + "a".repeat(70_000)), "at most 65536");
    }

    @Test
    void attackerKeyIdWithTerminalEscapesIsEchoedEscapedAndCapped() {
        String keyId = "\u001b]0;owned\u0007\u001b[2J" + "K".repeat(40_000);
        CliRun r = CliRun.of("verify", "cavage", "--public-key", publicKey.toString(), "--method", "GET", "--target", "/",
                "-H", "Date: Sun, 05 Jan 2014 21:31:40 GMT",
                "-H", "Signature: keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\"date\",signature=\"AAAA\"",
                "--now", "2014-01-05T21:31:40Z", "--allow-weak-coverage");
        assertTrue(r.code == Main.VERIFICATION_FAILED || r.code == Main.BAD_INPUT, r.toString());
        assertFalse(r.err.chars().anyMatch(c -> c == 0x1b || c == 0x07), "no raw escape: " + r.err);
        assertTrue(r.err.length() < 10_000, "capped: " + r.err.length() + " characters");
    }

    @Test
    void demoOutOnAFileSaysItMustBeADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        CliRun r = CliRun.of("demo", "--out", file.toString(), "--key-dir", dir.resolve("demo-keys").toString());
        assertEquals(Main.BAD_INPUT, r.code, r.toString());
        assertTrue(r.err.contains("--out must be a directory"), r.toString());
    }

    @Test
    void anErrorBecomesOneLineAndExitTwoNeverAStackTrace() {
        for (Throwable t : new Throwable[] {new OutOfMemoryError("Java heap space"), new StackOverflowError(),
                new picocli.CommandLine.ExecutionException(new picocli.CommandLine(new Main()), "x", new OutOfMemoryError())}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintWriter w = new PrintWriter(err, true, StandardCharsets.UTF_8);
            assertEquals(Main.BAD_INPUT, Main.report(t, w));
            w.flush();
            String text = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, text.strip().lines().count(), text);
            assertFalse(text.contains("\tat "), text);
        }
    }
}
