package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** The DESIGN §5 command-line contract, driven with the draft-cavage-10 Appendix C vectors. */
class CliContractTest {
    private static final String V = TestVectors.CAVAGE_DRAFT10;
    private static final String DATE = "Sun, 05 Jan 2014 21:31:40 GMT";
    private static final String DIGEST = "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=";

    @TempDir
    static Path dir;
    static Path key;
    static Path publicKey;
    static Path body;

    @BeforeAll
    static void writeVectorFiles() throws IOException {
        key = dir.resolve("test-key.pem");
        Files.writeString(key, TestVectors.pemBlock(V, "RSA PRIVATE KEY"));
        publicKey = dir.resolve("test-pub.pem");
        Files.writeString(publicKey, TestVectors.pemBlock(V, "PUBLIC KEY"));
        body = dir.resolve("body.json");
        Files.write(body, "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static String joined(String test) {
        return TestVectors.section(V, test, "signature value, joined");
    }

    private static List<String> vectorRequest(String... extra) {
        List<String> args = new ArrayList<>(List.of("--method", "POST", "--target", "/foo?param=value&pet=dog",
                "-H", "Host: example.com", "-H", "Date: " + DATE, "-H", "Content-Type: application/json",
                "-H", "Digest: " + DIGEST, "-H", "Content-Length: 18", "--body-file", body.toString()));
        args.addAll(Arrays.asList(extra));
        return args;
    }

    private static CliRun run(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return CliRun.of(all.toArray(new String[0]));
    }

    @Test
    void defaultTestSignsDateOnlyWithoutHeadersParameter() {
        CliRun r = run(List.of("sign", "cavage", "--key", "file:" + key, "--key-id", "Test", "--profile", "cavage-default"), vectorRequest());
        assertEquals(0, r.code, r.toString());
        assertEquals("Signature: keyId=\"Test\",algorithm=\"rsa-sha256\",signature=\"" + joined("C.1 Default Test") + "\"\n", r.out);
        assertEquals("", r.err);
    }

    @Test
    void basicTestMatchesAppendixC2() {
        CliRun r = run(List.of("sign", "cavage", "--key", "file:" + key, "--key-id", "Test", "--headers", "(request-target) host date"),
                vectorRequest());
        assertEquals(0, r.code, r.toString());
        assertEquals("Signature: keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\",signature=\""
                + joined("C.2 Basic Test") + "\"\n", r.out);
    }

    @Test
    void allHeadersTestInAuthorizationCarrierMatchesAppendixC3() {
        CliRun r = run(List.of("sign", "cavage", "--key", "file:" + key, "--key-id", "Test", "--algorithm", "rsa-sha256",
                "--carrier", "authorization", "--headers", "(request-target) host date content-type digest content-length"),
                vectorRequest());
        assertEquals(0, r.code, r.toString());
        assertEquals("Authorization: Signature keyId=\"Test\",algorithm=\"rsa-sha256\","
                + "headers=\"(request-target) host date content-type digest content-length\",signature=\""
                + joined("C.3 All Headers Test") + "\"\n", r.out);
    }

    @Test
    void draft12CreatedAndExpiresMatchTheDerivedCompanionVector() {
        // cavage-draft12-appendixC.txt: locally computed companion of C.3 with (created)/(expires), hs2019 + RSA PKCS#1 SHA-256
        String expected = TestVectors.text(TestVectors.CAVAGE_DRAFT12).lines()
                .dropWhile(l -> !l.startsWith("signature (RSASSA-PKCS1-v1_5")).skip(1).findFirst().orElseThrow();
        CliRun r = run(List.of("sign", "cavage", "--key", "file:" + key, "--key-id", "Test", "--algorithm", "hs2019",
                "--headers", "(request-target) (created) (expires) host date content-type digest content-length",
                "--now", "2014-06-07T19:51:35Z", "--expires-in", "4"), vectorRequest());
        assertEquals(0, r.code, r.toString());
        assertEquals("Signature: keyId=\"Test\",algorithm=\"hs2019\",created=1402170695,expires=1402170699,"
                + "headers=\"(request-target) (created) (expires) host date content-type digest content-length\","
                + "signature=\"" + expected + "\"\n", r.out);

        // verifying it after expires fails as EXPIRED; inside the window it passes
        String sig = r.out.substring("Signature: ".length()).trim();
        CliRun late = run(List.of("verify", "cavage", "--public-key", publicKey.toString(), "--now", "2014-06-07T20:10:00Z"),
                vectorRequest("-H", "Signature: " + sig));
        assertEquals(1, late.code, late.toString());
        assertTrue(late.err.contains("EXPIRED"), late.err);
        CliRun inTime = run(List.of("verify", "cavage", "--public-key", publicKey.toString(), "--now", "2014-06-07T19:51:37Z",
                "--max-skew", "100000000"), vectorRequest("-H", "Signature: " + sig));
        assertEquals(0, inTime.code, inTime.toString());
    }

    @Test
    void missingDateAndDigestAreGeneratedAndPrintedBeforeTheSignature() {
        CliRun r = CliRun.of("sign", "cavage", "--key", "file:" + key, "--key-id", "Test", "--headers", "(request-target) host date digest",
                "--method", "POST", "--target", "/foo?param=value&pet=dog", "-H", "Host: example.com",
                "--body-file", body.toString(), "--now", "2014-01-05T21:31:40Z");
        assertEquals(0, r.code, r.toString());
        String[] lines = r.out.split("\n");
        assertEquals(3, lines.length, r.out);
        assertEquals("Date: " + DATE, lines[0]);
        assertEquals("Digest: " + DIGEST, lines[1]);
        assertTrue(lines[2].startsWith("Signature: keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\""));

        // and what it printed verifies
        CliRun v = CliRun.of("verify", "cavage", "--public-key", publicKey.toString(), "--method", "POST",
                "--target", "/foo?param=value&pet=dog", "-H", "Host: example.com", "-H", lines[0], "-H", lines[1], "-H", lines[2],
                "--body-file", body.toString(), "--now", "2014-01-05T21:32:00Z");
        assertEquals(0, v.code, v.toString());
    }

    @Test
    void verifiesPublishedHeadersOfBothCarriers() {
        String c3 = "keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date content-type digest content-length\","
                + "signature=\"" + joined("C.3 All Headers Test") + "\"";
        for (String header : List.of("Signature: " + c3, "Authorization: Signature " + c3)) {
            CliRun r = run(List.of("verify", "cavage", "--public-key", publicKey.toString(), "--now", "2014-01-05T21:31:40Z"),
                    vectorRequest("-H", header));
            assertEquals(0, r.code, r.toString());
            assertTrue(r.out.contains("Verified: valid\n"), r.out);
        }
    }

    @Test
    void changedSignedHeaderFailsWithExitOneAndDiagnosis() {
        String c2 = "Signature: keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\",signature=\""
                + joined("C.2 Basic Test") + "\"";
        CliRun r = CliRun.of("verify", "cavage", "--public-key", publicKey.toString(), "--method", "POST",
                "--target", "/foo?param=value&pet=cat", "-H", "Host: example.com", "-H", "Date: " + DATE, "-H", c2);
        assertEquals(1, r.code, r.toString());
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("qseal: verification failed: SIGNATURE_MISMATCH"), r.err);
        assertEquals(1, r.err.split("\n").length, r.err);
    }

    @Test
    void bodyNotMatchingDigestFailsAsDigestMismatch() throws IOException {
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"hello\": \"World\"}");
        String c3 = "Signature: keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date content-type digest content-length\","
                + "signature=\"" + joined("C.3 All Headers Test") + "\"";
        List<String> req = new ArrayList<>(vectorRequest("-H", c3));
        req.set(req.indexOf(body.toString()), other.toString());
        CliRun r = run(List.of("verify", "cavage", "--public-key", publicKey.toString()), req);
        assertEquals(1, r.code, r.toString());
        assertTrue(r.err.contains("DIGEST_MISMATCH"), r.err);
    }

    @Test
    void staleDateIsRejectedWhenTheClockIsChecked() {
        String c1 = "Signature: keyId=\"Test\",algorithm=\"rsa-sha256\",signature=\"" + joined("C.1 Default Test") + "\"";
        CliRun r = run(List.of("verify", "cavage", "--public-key", publicKey.toString(), "--max-skew", "300", "--allow-weak-coverage"),
                vectorRequest("-H", c1));
        assertEquals(1, r.code, r.toString());
        assertTrue(r.err.contains("CLOCK_SKEW"), r.err);
    }

    @Test
    void digestCommandPrintsBothFormats() {
        CliRun d = CliRun.of("digest", "--body-file", body.toString());
        assertEquals(0, d.code, d.toString());
        assertEquals("Digest: " + DIGEST + "\n", d.out);
        CliRun c = CliRun.of("digest", "--alg", "sha-512", "--format", "content-digest", "--body-file", body.toString());
        assertEquals("Content-Digest: sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:\n", c.out);
    }

    @Test
    void badInputExitsTwoWithOneLineAndNoStackTrace() {
        List<String[]> cases = List.of(
                new String[] {"sign", "cavage", "--key", "file:" + dir.resolve("nope.pem"), "--key-id", "x", "--method", "GET", "--target", "/"},
                new String[] {"sign", "cavage", "--key", "nosuch:/x", "--key-id", "x", "--method", "GET", "--target", "/"},
                new String[] {"sign", "cavage", "--key", "file:" + key, "--profile", "nobank", "--method", "GET", "--target", "/"},
                new String[] {"sign", "cavage", "--key", "file:" + key, "--key-id", "x", "--algorithm", "ecdsa-sha256", "--method", "GET",
                        "--target", "/", "-H", "Date: " + DATE},
                new String[] {"sign", "cavage", "--key", "file:" + key, "--key-id", "x", "--method", "GET", "--target", "/", "-H", "no colon"},
                new String[] {"sign", "cavage", "--key", "file:" + key, "--key-id", "x", "--headers", "x-custom", "--method", "GET", "--target", "/"},
                new String[] {"sign", "cavage", "--key", "file:" + key, "--method", "GET", "--target", "/"},
                new String[] {"sign", "cavage", "--key", "file:" + key, "--key-id", "x", "--target", "/"},
                new String[] {"verify", "cavage", "--public-key", publicKey.toString(), "--method", "GET", "--target", "/",
                        "-H", "Signature: keyId=\"x\",signature=\"!!\",headers=\"date"},
                new String[] {"digest", "--alg", "md5"},
                new String[] {"frobnicate"});
        for (String[] args : cases) {
            CliRun r = CliRun.of(args);
            String what = String.join(" ", args) + "\n" + r;
            boolean verificationFailure = args[0].equals("verify");
            assertEquals(verificationFailure ? 1 : 2, r.code, what);
            assertEquals(1, r.err.split("\n").length, what);
            assertTrue(r.err.startsWith("qseal: "), what);
            assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), what);
            assertEquals("", r.out, what);
        }
    }

    @Test
    void wrongPasswordIsReportedWithoutEchoingIt() throws Exception {
        Path enc = dir.resolve("enc.pem");
        Path pass = dir.resolve("pass.txt");
        Path wrong = dir.resolve("wrong.txt");
        String secret = "correct-horse-battery";
        Files.writeString(pass, secret + "\n");
        Files.writeString(wrong, "Tr0ub4dor&3-wrong\n");
        Process p = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key.toString(), "-out", enc.toString(),
                "-passout", "file:" + pass).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        CliRun ok = CliRun.of("sign", "cavage", "--key", "file:" + enc + "?password-file=" + pass, "--key-id", "Test",
                "--profile", "cavage-default", "--method", "POST", "--target", "/foo", "-H", "Date: " + DATE);
        assertEquals(0, ok.code, ok.toString());
        assertEquals("Signature: keyId=\"Test\",algorithm=\"rsa-sha256\",signature=\"" + joined("C.1 Default Test") + "\"\n", ok.out);

        CliRun bad = CliRun.of("sign", "cavage", "--key", "file:" + enc + "?password-file=" + wrong, "--key-id", "Test",
                "--method", "POST", "--target", "/foo", "-H", "Date: " + DATE);
        assertEquals(2, bad.code, bad.toString());
        assertFalse(bad.err.contains("Tr0ub4dor") || bad.err.contains(secret), bad.err);
        assertTrue(bad.err.toLowerCase(java.util.Locale.ROOT).contains("password"), bad.err);
    }
}
