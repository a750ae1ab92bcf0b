package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qseal demo --out DIR} writes each itsme-signed document beside its {@code NAME.p7s}, and
 * OpenSSL verifies every {@code .p7s} against the document beside it — without a chain check and
 * with the sandbox CA — as the acceptance checks do.
 */
class CliDemoItsmeTest {
    @TempDir
    Path tmp;

    @Test
    void everyP7sTheDemoWritesVerifiesWithOpenSslAgainstTheDocumentBesideIt() throws Exception {
        Path out = tmp.resolve("out");
        Path keys = tmp.resolve("keys");
        CliRun run = CliRun.of("demo", "--key-dir", keys.toString(), "--out", out.toString());
        assertEquals(0, run.code, run.toString());
        assertTrue(run.out.contains("itsme"), run.out);
        assertTrue(run.out.contains("# itsme Sign: ok - 2 documents signed"), run.out);
        assertTrue(run.out.contains("itsme sends the user back to https://tpp.example.com/itsme/back?sessionID=demo-42&step=identify"), run.out);

        List<Path> p7s = new ArrayList<>();
        try (Stream<Path> s = Files.walk(out)) {
            s.filter(f -> f.toString().endsWith(".p7s")).forEach(p7s::add);
        }
        assertEquals(2, p7s.size(), p7s.toString());
        for (Path sig : p7s) {
            Path doc = besides(sig);
            assertTrue(run.out.contains("wrote " + doc + " and " + sig), run.out);
            assertEquals(0, openssl(sig, doc, null), sig + " does not verify (no chain check)");
            assertEquals(0, openssl(sig, doc, keys.resolve("ca-cert.pem")), sig + " does not verify with the sandbox CA");
            assertEquals(0, openssl(sig, doc, out.resolve("itsme-user-ca.pem")), sig + " does not verify with the written CA");
            Path stripped = Path.of(sig.toString().replaceFirst("\\.p7s$", ""));
            assertArrayEquals(Files.readAllBytes(doc), Files.readAllBytes(stripped), "X.p7s's document is also X");
            assertEquals(0, openssl(sig, stripped, null), sig + " does not verify against " + stripped);
            Path tampered = tmp.resolve("tampered-" + doc.getFileName());
            byte[] bytes = Files.readAllBytes(doc);
            bytes[bytes.length / 2] ^= 1;
            Files.write(tampered, bytes);
            assertNotEquals(0, openssl(sig, tampered, null), "a changed document must not verify");
        }
        assertArrayEquals(ItsmeDemo.documents().get("itsme-mandate.pdf"), Files.readAllBytes(out.resolve("itsme-mandate.pdf")));
        assertTrue(new String(Files.readAllBytes(out.resolve("itsme-mandate.pdf")), StandardCharsets.US_ASCII).startsWith("%PDF-1.4"));
    }

    /** NAME.p7s sits next to NAME.ext. */
    private static Path besides(Path p7s) throws IOException {
        String stem = p7s.getFileName().toString().replaceFirst("\\.p7s$", "");
        try (Stream<Path> s = Files.list(p7s.getParent())) {
            List<Path> docs = s.filter(f -> f.getFileName().toString().startsWith(stem + ".") && !f.equals(p7s)).toList();
            assertEquals(1, docs.size(), "one document beside " + p7s + ": " + docs);
            return docs.get(0);
        }
    }

    private static int openssl(Path p7s, Path document, Path caFile) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "cms", "-verify", "-binary", "-inform", "DER",
                "-in", p7s.toString(), "-content", document.toString(), "-out", "/dev/null"));
        if (caFile == null) {
            cmd.add("-noverify");
        } else {
            cmd.addAll(List.of("-CAfile", caFile.toString()));
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException notInstalled) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("openssl cannot be started, and CI=true: install openssl (scripts/test.sh does)", notInstalled);
            }
            Assumptions.abort("openssl cannot be started; skipping the OpenSSL check of the demo's signatures");
            throw notInstalled;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("openssl did not finish");
        }
        System.out.println("openssl " + String.join(" ", cmd.subList(2, cmd.size())) + " -> " + p.exitValue() + " " + output.trim());
        return p.exitValue();
    }
}
