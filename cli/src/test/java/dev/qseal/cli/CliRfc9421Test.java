package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.testvectors.TestVectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qseal sign rfc9421} / {@code qseal verify rfc9421} on RFC 9421 B.2.6 (Ed25519, deterministic). */
class CliRfc9421Test {
    private static final String B26_INPUT = "Signature-Input: sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" "
            + "\"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    private static final String B26_SIGNATURE = "Signature: sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9"
            + "EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.US_ASCII);
        return p;
    }

    private static List<String> request(String method, String... extra) {
        List<String> a = new ArrayList<>(List.of("--method", method, "--target", "/foo?param=Value&Pet=dog",
                "-H", "Host: example.com", "-H", "Date: Tue, 20 Apr 2021 02:07:55 GMT",
                "-H", "Content-Type: application/json", "-H", "Content-Length: 18"));
        a.addAll(List.of(extra));
        return a;
    }

    private static CliRun run(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return CliRun.of(all.toArray(new String[0]));
    }

    @Test
    void signsB26ByteExactAndVerifiesIt() throws Exception {
        Path key = write("ed.pem", TestVectors.pemBlocks(TestVectors.RFC9421_APPENDIX_B, "PRIVATE KEY").get(1));
        Path pub = write("ed.pub", TestVectors.pemBlocks(TestVectors.RFC9421_APPENDIX_B, "PUBLIC KEY").get(2));
        CliRun sign = run(List.of("sign", "rfc9421", "--key", "file:" + key, "--label", "sig-b26",
                "--components", "date @method @path @authority content-type content-length", "--keyid", "test-key-ed25519",
                "--now", "2021-04-20T02:07:53Z"), request("POST"));
        assertEquals(0, sign.code, sign.toString());
        assertEquals(B26_INPUT + "\n" + B26_SIGNATURE + "\n", sign.out);

        CliRun ok = run(List.of("verify", "rfc9421", "--public-key", pub.toString(), "--allow-weak-coverage"), request("POST", "-H", B26_INPUT, "-H", B26_SIGNATURE));
        assertEquals(0, ok.code, ok.toString());
        assertTrue(ok.out.startsWith("Verified: valid\nLabel: sig-b26\nKey-Id: test-key-ed25519\n"), ok.out);

        CliRun changed = run(List.of("verify", "rfc9421", "--public-key", pub.toString(), "--allow-weak-coverage"), request("PUT", "-H", B26_INPUT, "-H", B26_SIGNATURE));
        assertEquals(1, changed.code, changed.toString());
        assertTrue(changed.err.contains("SIGNATURE_MISMATCH"), changed.err);

        CliRun late = run(List.of("verify", "rfc9421", "--public-key", pub.toString(), "--allow-weak-coverage", "--now", "2021-04-20T03:07:53Z"),
                request("POST", "-H", B26_INPUT, "-H", B26_SIGNATURE));
        assertEquals(1, late.code, late.toString());
        assertTrue(late.err.contains("CLOCK_SKEW"), late.err);

        CliRun wrongLabel = run(List.of("verify", "rfc9421", "--public-key", pub.toString(), "--allow-weak-coverage", "--label", "other"),
                request("POST", "-H", B26_INPUT, "-H", B26_SIGNATURE));
        assertEquals(1, wrongLabel.code, wrongLabel.toString());
    }

    @Test
    void generatesCoveredContentDigestAndDateBeforeTheSignatureHeaders() throws Exception {
        Path key = write("ed.pem", TestVectors.pemBlocks(TestVectors.RFC9421_APPENDIX_B, "PRIVATE KEY").get(1));
        Path body = write("body.json", "{\"hello\": \"world\"}");
        CliRun sign = CliRun.of("sign", "rfc9421", "--key", "file:" + key, "--now", "2021-04-20T02:07:53Z",
                "--components", "@method @authority @path content-digest date", "--expires-in", "60", "--alg", "ed25519",
                "--method", "POST", "--target", "/foo", "-H", "Host: example.com", "--body-file", body.toString());
        assertEquals(0, sign.code, sign.toString());
        String[] lines = sign.out.split("\n");
        assertEquals(4, lines.length, sign.out);
        assertEquals("Content-Digest: sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:", lines[0]);
        assertEquals("Date: Tue, 20 Apr 2021 02:07:53 GMT", lines[1]);
        assertEquals("Signature-Input: sig1=(\"@method\" \"@authority\" \"@path\" \"content-digest\" \"date\");created=1618884473"
                + ";alg=\"ed25519\";expires=1618884533", lines[2]);
        assertTrue(lines[3].startsWith("Signature: sig1=:"), lines[3]);
    }

    @Test
    void badInputExitsTwo() throws Exception {
        Path key = write("ed.pem", TestVectors.pemBlocks(TestVectors.RFC9421_APPENDIX_B, "PRIVATE KEY").get(1));
        CliRun bogus = CliRun.of("sign", "rfc9421", "--key", "file:" + key, "--components", "@bogus", "--method", "GET", "--target", "/");
        assertEquals(2, bogus.code, bogus.toString());
        CliRun missing = CliRun.of("sign", "rfc9421", "--key", "file:" + key, "--components", "x-tpp-id", "--method", "GET",
                "--target", "/");
        assertEquals(2, missing.code, missing.toString());
        CliRun alg = CliRun.of("sign", "rfc9421", "--key", "file:" + key, "--alg", "rsa-pss-sha512", "--method", "GET", "--target", "/",
                "-H", "Host: h");
        assertEquals(2, alg.code, alg.toString());
    }
}
