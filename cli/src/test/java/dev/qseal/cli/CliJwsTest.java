package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qseal sign jws} / {@code qseal verify jws} as DESIGN §5 writes them. */
class CliJwsTest {
    static final String NOW = "2024-05-06T07:08:09Z";

    @TempDir
    static Path dir;
    static Path rsaKey;
    static Path rsaCert;
    static Path ecKey;
    static Path ecCert;
    static Path body;

    @BeforeAll
    static void makeKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsaKey = dir.resolve("rsa.pem");
        rsaCert = dir.resolve("rsa.crt");
        write(g.generateKeyPair(), "SHA256withRSA", rsaKey, rsaCert);
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp256r1"));
        ecKey = dir.resolve("ec.pem");
        ecCert = dir.resolve("ec.crt");
        write(e.generateKeyPair(), "SHA256withECDSA", ecKey, ecCert);
        body = dir.resolve("body.json");
        Files.write(body, "{\"contact\": \"test@ingsandbox.com\"}".getBytes(StandardCharsets.UTF_8));
    }

    static void write(KeyPair kp, String sigAlg, Path key, Path cert) throws Exception {
        X500Name dn = new X500Name("CN=qseal cli jws test");
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        X509Certificate c = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(dn, BigInteger.TEN,
                Date.from(now), Date.from(now.plusSeconds(86400L * 3650)), dn, kp.getPublic())
                .build(new JcaContentSignerBuilder(sigAlg).build(kp.getPrivate())));
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(key))) {
            w.writeObject(new JcaPKCS8Generator(kp.getPrivate(), null));
        }
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static List<String> request(String... extra) {
        List<String> a = new ArrayList<>(List.of("--method", "POST", "--target", "/oauth2/applications",
                "-H", "Content-Type: application/json", "--body-file", body.toString()));
        a.addAll(Arrays.asList(extra));
        return a;
    }

    static CliRun sign(Path key, Path cert, String... extra) {
        List<String> a = new ArrayList<>(List.of("sign", "jws", "--key", "file:" + key, "--cert", cert.toString(), "--now", NOW));
        a.addAll(request(extra));
        return CliRun.of(a.toArray(new String[0]));
    }

    /** Verifies with the headers that sign printed added to the request. */
    static CliRun verify(Path cert, String signedOut, String now, String... extra) {
        List<String> a = new ArrayList<>(List.of("verify", "jws", "--cert", cert.toString(), "--now", now));
        a.addAll(request(extra));
        for (String line : signedOut.split("\n")) {
            if (!line.isBlank()) {
                a.add("-H");
                a.add(line);
            }
        }
        return CliRun.of(a.toArray(new String[0]));
    }

    @Test
    void signPrintsDigestThenTheJwsHeaderAndVerifyAcceptsIt() {
        CliRun s = sign(rsaKey, rsaCert);
        assertEquals(0, s.code, s.toString());
        String[] lines = s.out.split("\n");
        assertEquals(2, lines.length, s.out);
        assertTrue(lines[0].startsWith("Digest: SHA-256="), s.out);
        assertTrue(lines[1].matches("x-jws-signature: [A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+"), s.out);
        String header = new String(Base64.getUrlDecoder().decode(lines[1].substring(17, lines[1].indexOf(".."))), StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"b64\":false,\"x5t#S256\":"), header);
        assertTrue(header.contains("\"sigT\":\"2024-05-06T07:08:09Z\""), header);
        assertTrue(header.endsWith("\"alg\":\"PS256\"}"), header);

        CliRun v = verify(rsaCert, s.out, "2024-05-06T07:09:00Z");
        assertEquals(0, v.code, v.toString());
        assertTrue(v.out.contains("Verified: valid"), v.out);
        assertTrue(v.out.contains("Signed-Headers: (request-target) digest content-type"), v.out);
    }

    @Test
    void otherAlgorithmsHeadersAndProfile() {
        CliRun es = sign(ecKey, ecCert, "--alg", "ES256", "--headers", "(request-target) digest content-type date");
        assertEquals(0, es.code, es.toString());
        assertTrue(es.out.startsWith("Digest: "), es.out);
        assertTrue(es.out.contains("\nDate: Mon, 06 May 2024 07:08:09 GMT\n"), es.out);
        assertEquals(0, verify(ecCert, es.out, NOW).code);

        CliRun ing = sign(rsaKey, rsaCert, "--profile", "ing-jws", "--alg", "RS512");
        assertEquals(0, ing.code, ing.toString());
        assertTrue(ing.out.contains("\nTPP-Signature-Certificate: -----BEGIN CERTIFICATE-----MII"), ing.out);
        assertEquals(0, verify(rsaCert, ing.out, NOW).code);
    }

    @Test
    void failuresExitOneWithOneLineDiagnosis() throws IOException {
        CliRun s = sign(rsaKey, rsaCert);
        CliRun late = verify(rsaCert, s.out, "2024-05-06T07:14:10Z"); // 361 s after signing: beyond the default 300 s
        assertEquals(1, late.code, late.toString());
        assertTrue(late.err.contains("CLOCK_SKEW"), late.err);
        assertEquals(1, late.err.strip().split("\n").length, late.err);

        CliRun accepted = verify(rsaCert, s.out, "2024-05-06T07:14:10Z", "--max-skew", "600");
        assertEquals(0, accepted.code, accepted.toString());

        Path other = dir.resolve("other.json");
        Files.write(other, "{}".getBytes(StandardCharsets.UTF_8));
        List<String> a = new ArrayList<>(List.of("verify", "jws", "--cert", rsaCert.toString(), "--now", NOW,
                "--method", "POST", "--target", "/oauth2/applications", "-H", "Content-Type: application/json", "--body-file", other.toString()));
        for (String line : s.out.split("\n")) {
            a.add("-H");
            a.add(line);
        }
        CliRun tampered = CliRun.of(a.toArray(new String[0]));
        assertEquals(1, tampered.code, tampered.toString());
        assertTrue(tampered.err.contains("DIGEST_MISMATCH"), tampered.err);

        CliRun wrongCert = verify(ecCert, s.out, NOW);
        assertEquals(1, wrongCert.code);
        assertTrue(wrongCert.err.contains("ALGORITHM_MISMATCH") || wrongCert.err.contains("WRONG_KEY"), wrongCert.err);

        CliRun malformed = CliRun.of("verify", "jws", "--cert", rsaCert.toString(), "--method", "POST", "--target", "/x",
                "-H", "x-jws-signature: not-a-jws");
        assertEquals(1, malformed.code, malformed.toString());
        assertTrue(malformed.err.contains("MALFORMED_SIGNATURE"), malformed.err);
    }

    @Test
    void badInputExitsTwo() {
        CliRun alg = sign(rsaKey, rsaCert, "--alg", "HS256");
        assertEquals(2, alg.code, alg.toString());
        CliRun wrongKeyType = sign(rsaKey, rsaCert, "--alg", "ES256");
        assertEquals(2, wrongKeyType.code, wrongKeyType.toString());
        CliRun missingHeader = sign(rsaKey, rsaCert, "--headers", "(request-target) x-custom");
        assertEquals(2, missingHeader.code, missingHeader.toString());
        assertTrue(missingHeader.err.contains("x-custom"), missingHeader.err);
        CliRun noCertFile = CliRun.of("verify", "jws", "--cert", dir.resolve("nope.crt").toString(), "--method", "GET", "--target", "/");
        assertEquals(2, noCertFile.code, noCertFile.toString());
        CliRun noCert = CliRun.of("verify", "jws", "--method", "GET", "--target", "/");
        assertEquals(2, noCert.code, noCert.toString());
    }
}
