package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.testvectors.TestVectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code verify} form is strict by default and takes {@code --allow-weak-coverage}, {@code --no-body}
 * and {@code --require}; {@code sign cavage} without a profile signs what the strict default verifies.
 */
class CliStrictVerifyTest {
    private static final String V = TestVectors.CAVAGE_DRAFT10;
    private static final String NOW = "2014-01-05T21:31:40Z";

    @TempDir
    static Path dir;
    static Path key;
    static Path publicKey;
    static Path body;

    @BeforeAll
    static void writeFiles() throws IOException {
        key = dir.resolve("test-key.pem");
        Files.writeString(key, TestVectors.pemBlock(V, "RSA PRIVATE KEY"));
        publicKey = dir.resolve("test-pub.pem");
        Files.writeString(publicKey, TestVectors.pemBlock(V, "PUBLIC KEY"));
        body = dir.resolve("body.json");
        Files.write(body, "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> request(boolean withBody, String... extra) {
        List<String> args = new ArrayList<>(List.of("--method", "POST", "--target", "/foo?param=value", "-H", "Host: example.com",
                "--now", NOW));
        if (withBody) {
            args.addAll(List.of("--body-file", body.toString()));
        }
        args.addAll(Arrays.asList(extra));
        return args;
    }

    private static CliRun run(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return CliRun.of(all.toArray(new String[0]));
    }

    private static List<String> asHeaders(String out) {
        List<String> h = new ArrayList<>();
        for (String line : out.split("\n")) {
            h.add("-H");
            h.add(line);
        }
        return h;
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(new String[0]);
    }

    @Test
    void signCavageWithoutProfileSignsTargetDateAndDigestAndVerifiesStrictly() {
        CliRun sign = run(List.of("sign", "cavage", "--key", "file:" + key, "--key-id", "Test"), request(true));
        assertEquals(0, sign.code, sign.toString());
        assertTrue(sign.out.startsWith("Date: Sun, 05 Jan 2014 21:31:40 GMT\nDigest: SHA-256="), sign.out);
        assertTrue(sign.out.contains("headers=\"(request-target) date digest\""), sign.out);
        CliRun verify = run(List.of("verify", "cavage", "--public-key", publicKey.toString()), request(true, concat(asHeaders(sign.out), List.of())));
        assertEquals(0, verify.code, verify.toString());

        CliRun get = run(List.of("sign", "cavage", "--key", "file:" + key, "--key-id", "Test"), request(false));
        assertTrue(get.out.contains("headers=\"(request-target) date\""), get.out);
        assertEquals(0, run(List.of("verify", "cavage", "--public-key", publicKey.toString()), request(false, concat(asHeaders(get.out), List.of()))).code);
    }

    @Test
    void weakCavageCoverageIsRefusedUnlessAllowedByName() {
        CliRun sign = run(List.of("sign", "cavage", "--key", "file:" + key, "--key-id", "Test", "--headers", "date"), request(false));
        List<String> signed = request(false, concat(asHeaders(sign.out), List.of()));
        CliRun strict = run(List.of("verify", "cavage", "--public-key", publicKey.toString()), signed);
        assertEquals(1, strict.code, strict.toString());
        assertTrue(strict.err.contains("HEADER_NOT_SIGNED") && strict.err.contains("(request-target)"), strict.err);
        CliRun weak = run(List.of("verify", "cavage", "--public-key", publicKey.toString(), "--allow-weak-coverage"), signed);
        assertEquals(0, weak.code, weak.toString());
        CliRun more = run(List.of("verify", "cavage", "--public-key", publicKey.toString(), "--allow-weak-coverage", "--require", "host"), signed);
        assertEquals(1, more.code, more.toString());
        assertTrue(more.err.contains("'host' must be signed"), more.err);
    }

    @Test
    void noBodyVerifiesARecordedRequestAndSaysTheDigestWasNotChecked() {
        CliRun sign = run(List.of("sign", "cavage", "--key", "file:" + key, "--key-id", "Test"), request(true));
        List<String> recorded = request(false, concat(asHeaders(sign.out), List.of()));
        CliRun strict = run(List.of("verify", "cavage", "--public-key", publicKey.toString()), recorded);
        assertEquals(1, strict.code, strict.toString());
        assertTrue(strict.err.contains("DIGEST_MISMATCH"), strict.err);
        CliRun noBody = run(List.of("verify", "cavage", "--public-key", publicKey.toString(), "--no-body"), recorded);
        assertEquals(0, noBody.code, noBody.toString());
        assertTrue(noBody.out.contains("Digest: not checked\n"), noBody.out);
        CliRun both = run(List.of("verify", "cavage", "--public-key", publicKey.toString(), "--no-body"),
                request(true, concat(asHeaders(sign.out), List.of())));
        assertEquals(2, both.code, both.toString());
    }

    @Test
    void rfc9421AndJwsVerifyTakeTheSameOptions() throws IOException {
        CliRun empty = run(List.of("sign", "rfc9421", "--key", "file:" + key, "--alg", "rsa-v1_5-sha256", "--components", ""), request(true));
        assertEquals(0, empty.code, empty.toString());
        List<String> signed = request(true, concat(asHeaders(empty.out), List.of()));
        CliRun strict = run(List.of("verify", "rfc9421", "--public-key", publicKey.toString()), signed);
        assertEquals(1, strict.code, strict.toString());
        assertTrue(strict.err.contains("HEADER_NOT_SIGNED"), strict.err);
        assertEquals(0, run(List.of("verify", "rfc9421", "--public-key", publicKey.toString(), "--allow-weak-coverage"), signed).code);

        CliRun full = run(List.of("sign", "rfc9421", "--key", "file:" + key, "--alg", "rsa-v1_5-sha256"), request(true));
        List<String> recorded = request(false, concat(asHeaders(full.out), List.of()));
        CliRun noBody = run(List.of("verify", "rfc9421", "--public-key", publicKey.toString(), "--no-body"), recorded);
        assertEquals(0, noBody.code, noBody.toString());
        assertTrue(noBody.out.contains("Digest: not checked\n"), noBody.out);
        CliRun require = run(List.of("verify", "rfc9421", "--public-key", publicKey.toString(), "--require", "content-type"),
                request(true, concat(asHeaders(full.out), List.of())));
        assertEquals(1, require.code, require.toString());

        assertTrue(CliRun.of("verify", "jws", "--help").out.contains("--allow-weak-coverage"));
        assertTrue(CliRun.of("verify", "jws", "--help").out.contains("--no-body"));
        assertTrue(CliRun.of("verify", "jws", "--help").out.contains("--require"));
    }

    @Test
    void anEd25519Hs2019SignatureVerifiesWithExitZero() throws Exception {
        java.security.KeyPair ed = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path pub = dir.resolve("ed.pub");
        Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getEncoder().encodeToString(ed.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        String date = "Sun, 05 Jan 2014 21:31:40 GMT";
        String signingString = "(request-target): get /foo?param=value\nhost: example.com\ndate: " + date;
        java.security.Signature s = java.security.Signature.getInstance("Ed25519");
        s.initSign(ed.getPrivate());
        s.update(signingString.getBytes(StandardCharsets.UTF_8));
        String header = "Signature: keyId=\"ed\",algorithm=\"hs2019\",headers=\"(request-target) host date\",signature=\""
                + java.util.Base64.getEncoder().encodeToString(s.sign()) + "\"";
        CliRun ok = CliRun.of("verify", "cavage", "--public-key", pub.toString(), "--method", "GET", "--target", "/foo?param=value",
                "-H", "Host: example.com", "-H", "Date: " + date, "-H", header);
        assertEquals(0, ok.code, ok.toString());
        CliRun changed = CliRun.of("verify", "cavage", "--public-key", pub.toString(), "--method", "GET", "--target", "/foo?param=other",
                "-H", "Host: example.com", "-H", "Date: " + date, "-H", header);
        assertEquals(1, changed.code, changed.toString());
        assertTrue(changed.err.contains("ED25519"), changed.err);
    }
}
