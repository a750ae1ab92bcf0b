package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.testvectors.TestVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's errors name no flag; the CLI adds the flag that fixes them, from the exception's type and fields. */
class CliFlagHintsTest {
    @TempDir
    Path dir;

    @Test
    void missingCertificateKeyIdAndHeaderAreMappedToTheirFlags() throws Exception {
        Path key = dir.resolve("k.pem");
        Files.writeString(key, TestVectors.pemBlock(TestVectors.CAVAGE_DRAFT10, "RSA PRIVATE KEY"));
        CliRun noCert = CliRun.of("sign", "cavage", "--key", "file:" + key, "--profile", "ing", "--method", "GET", "--target", "/");
        assertEquals(2, noCert.code, noCert.toString());
        assertTrue(noCert.err.contains("(pass --cert CERTREF, or add ?cert= to the key reference)"), noCert.err);

        CliRun noKeyId = CliRun.of("sign", "cavage", "--key", "file:" + key, "--profile", "belfius", "--method", "GET", "--target", "/",
                "-H", "Client-Id: c");
        assertEquals(2, noKeyId.code, noKeyId.toString());
        assertTrue(noKeyId.err.contains("(pass --key-id ID)"), noKeyId.err);

        CliRun noHeader = CliRun.of("sign", "cavage", "--key", "file:" + key, "--key-id", "x", "--headers", "x-custom", "--method", "GET",
                "--target", "/");
        assertEquals(2, noHeader.code, noHeader.toString());
        assertTrue(noHeader.err.contains("(give it with -H 'x-custom: ...')"), noHeader.err);
        assertEquals(1, noHeader.err.strip().split("\n").length, noHeader.err);
    }
}
