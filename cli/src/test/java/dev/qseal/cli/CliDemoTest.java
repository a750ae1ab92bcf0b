package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qseal demo} seals with the ing bank profile and verifies with that profile's own policy. */
class CliDemoTest {
    @TempDir
    Path dir;

    @Test
    void demoSealsWithTheIngProfileAndVerifiesAsTheBank() throws Exception {
        CliRun r = CliRun.of("demo", "--key-dir", dir.resolve("key").toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("\nAuthorization: Signature keyId=\"SN="), r.out);
        assertTrue(r.out.contains("headers=\"(request-target) date digest\""), r.out);
        assertTrue(r.out.contains("# verification as the bank does it: valid"), r.out);
        assertEquals("valid\n", Files.readString(dir.resolve("out").resolve("ing-token-verification.txt")));
    }
}
