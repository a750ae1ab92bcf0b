package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qseal demo}: every bank flow against the simulators; the PSU password appears nowhere. */
class CliDemoTest {
    static final String CANARY = "Canäry-PSU-pw-51x9";

    @TempDir
    Path tmp;

    @AfterEach
    void restoreEnvironment() {
        DemoCommand.environment = System::getenv;
    }

    @Test
    void demoRunsEveryBankAndThePsuPasswordAppearsNowhere() throws IOException {
        DemoCommand.environment = Map.of(DemoCommand.PASSWORD_ENV, CANARY)::get;
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("demo", "--key-dir", tmp.resolve("keys").toString(), "--out", out.toString());
        assertEquals(0, run.code, run.toString());
        for (String bank : List.of("ING", "Belfius", "CIC", "Banque Européenne Crédit Mutuel")) {
            assertTrue(run.out.contains(bank), bank + " missing from\n" + run.out);
        }
        assertTrue(run.out.contains("POST https://127.0.0.1:"), run.out);
        assertTrue(run.out.contains("the bank checked:"), run.out);
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.toList();
        }
        assertTrue(files.size() >= 15, files.toString());
        StringBuilder all = new StringBuilder(run.out).append(run.err);
        for (Path f : files) {
            // the itsme CAdES signatures are DER; their documents and every exchange are text
            all.append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
        }
        assertTrue(all.toString().contains("_cm_pwd=[redacted]"));
        for (String form : List.of(CANARY, URLEncoder.encode(CANARY, StandardCharsets.UTF_8), "PSU-pw-51x9")) {
            assertFalse(all.toString().contains(form), "the PSU password leaked");
        }
        // second run: the keys are reused
        CliRun again = CliRun.of("demo", "--key-dir", tmp.resolve("keys").toString());
        assertEquals(0, again.code, again.toString());
        assertTrue(again.out.contains("using the sandbox keys"), again.out);
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(dev.qseal.pkcs11.testing.SoftHsmExtension.class)
    void demoWithPkcs11KeepsBothKeysOnTheSoftHsmToken(dev.qseal.pkcs11.testing.SoftHsmToken token) {
        CliRun run = CliRun.of("demo", "--pkcs11", "--key-dir", tmp.resolve("keys").toString());
        assertEquals(0, run.code, run.toString());
        assertTrue(run.out.contains("QSealC (sealing, a distinct key):            seal-rsa"), run.out);
        assertTrue(run.out.contains("every flow completed"), run.out);
        assertFalse(run.out.contains("pin-value=" + token.userPin()), "no PIN in the output");
    }

    @Test
    void outOnAnExistingFileIsBadInput() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        CliRun run = CliRun.of("demo", "--key-dir", tmp.resolve("keys").toString(), "--out", file.toString());
        assertEquals(2, run.code, run.toString());
        assertTrue(run.err.contains("--out must be a directory"), run.err);
        assertEquals("", run.out);
    }
}
