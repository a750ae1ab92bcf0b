package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every command, with a canary password or PIN placed in each way a user could type it (right and wrong
 * attributes, environment, files, names where values belong, -H Authorization/Cookie values): the
 * canary must be in no stdout, stderr, log line (SLF4J simple at TRACE, the {@code secrets-canary}
 * execution in cli/pom.xml) or file the demo writes. Fails, never skips, outside that execution's setup.
 */
class SecretsCanaryCliTest {
    static final String CANARY = "Qs3al-Canary-4242-xyzzy";
    static final String CANARY_ENV = "QSEAL_CANARY_SECRET";
    static final String RIGHT = "right-password-1";
    static final String DATE = "Fri, 01 Mar 2024 12:00:00 GMT";
    static final String NOW = "2024-03-01T12:00:00Z";

    @TempDir
    static Path dir;
    static Path plainKey;
    static Path encKey;
    static Path p12;
    static Path cert;
    static Path canaryFile;
    static Path rightFile;
    static Path body;
    static int runs;

    static boolean skippedHere() {
        return "default-test".equals(System.getProperty("qseal.surefire.execution"));
    }

    @BeforeAll
    static void setUp() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(skippedHere(), "runs in the secrets-canary execution");
        assertEquals(CANARY, System.getenv(CANARY_ENV), "run me through the secrets-canary execution (it sets " + CANARY_ENV + ")");
        assertEquals(CANARY, System.getenv("QSEAL_DEMO_PSU_PASSWORD"), "the secrets-canary execution sets QSEAL_DEMO_PSU_PASSWORD");
        assertTrue(LoggerFactory.getLogger("dev.qseal").isTraceEnabled(), "SLF4J must log at TRACE here");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        X500Name dn = new X500Name("CN=canary cli");
        Instant now = Instant.parse(NOW);
        X509Certificate c = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(dn, BigInteger.valueOf(77),
                Date.from(now.minusSeconds(86400)), Date.from(now.plusSeconds(86400 * 365)), dn, kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
        plainKey = dir.resolve("k.pem");
        encKey = dir.resolve("enc.pem");
        cert = dir.resolve("c.pem");
        Files.writeString(plainKey, pem(kp.getPrivate()));
        Files.writeString(cert, pem(c));
        Files.writeString(encKey, pem(new JcaPKCS8Generator(kp.getPrivate(), new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setPassword(RIGHT.toCharArray()).build())));
        p12 = dir.resolve("k.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("seal", kp.getPrivate(), RIGHT.toCharArray(), new X509Certificate[] {c});
        try (FileOutputStream out = new FileOutputStream(p12.toFile())) {
            ks.store(out, RIGHT.toCharArray());
        }
        canaryFile = Files.writeString(dir.resolve("canary.txt"), CANARY + "\n");
        rightFile = Files.writeString(dir.resolve("right.txt"), RIGHT + "\n");
        body = Files.writeString(dir.resolve("body.json"), "{\"a\":1}");
    }

    private static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    private static CliRun run(List<String> args) {
        CliRun r = CliRun.of(args.toArray(new String[0]));
        runs++;
        assertFalse(r.out.contains(CANARY) || r.err.contains(CANARY), "the canary leaked from qseal " + String.join(" ", args) + "\n" + r);
        assertFalse(r.err.contains("\tat "), "stack trace from qseal " + String.join(" ", args) + "\n" + r);
        return r;
    }

    private static List<String> request(String... more) {
        List<String> a = new ArrayList<>(List.of("--method", "POST", "--target", "/v1/payments", "-H", "Host: bank.example",
                "-H", "Date: " + DATE, "-H", "Authorization: Bearer " + CANARY, "-H", "Cookie: sid=" + CANARY,
                "-H", "Content-Type: application/json", "--body-file", body.toString(), "--now", NOW));
        a.addAll(List.of(more));
        return a;
    }

    private static List<String> keyRefs() {
        List<String> refs = new ArrayList<>();
        for (String base : List.of("file:" + encKey, "pkcs12:" + p12 + "?alias=seal")) {
            String s = base.contains("?") ? "&" : "?";
            Stream.of("password-env=" + CANARY_ENV, "password-file=" + canaryFile, "password=" + CANARY, "key-password=" + CANARY,
                    "pin=" + CANARY, "passwd=" + CANARY, "storepass=" + CANARY, "pin-value=" + CANARY, "password-env=" + CANARY,
                    "password-file=" + CANARY, "key-password-env=" + CANARY, "key-password-file=" + CANARY, CANARY,
                    "password-file=" + rightFile + "&key-password-env=" + CANARY_ENV)
                    .forEach(a -> refs.add(base + s + a));
        }
        refs.add("pkcs11:token=t;object=o?module-path=/nonexistent/libx.so&pin-value=" + CANARY);
        refs.add("pkcs11:token=t;object=o?module-path=/nonexistent/libx.so&pin-source=" + CANARY);
        refs.add("pkcs11:token=t;object=o?module-path=/nonexistent/libx.so&pin-source=" + canaryFile);
        refs.add("pkcs11:token=t;object=o;pin-value=" + CANARY + "?module-path=/nonexistent/libx.so");
        return refs;
    }

    @Test
    void signCommandsNeverShowTheCanary() {
        for (String ref : keyRefs()) {
            run(join(List.of("sign", "cavage", "--key", ref, "--key-id", "k"), request()));
            run(join(List.of("sign", "cavage", "--key", ref, "--profile", "ing", "--cert", cert.toString()), request()));
            run(join(List.of("sign", "jws", "--key", ref, "--cert", cert.toString()), request()));
            run(join(List.of("sign", "rfc9421", "--key", ref), request()));
        }
    }

    /** The headers a sign command printed, as -H options. */
    private static List<String> asHeaderOptions(String out) {
        List<String> options = new ArrayList<>();
        out.lines().forEach(l -> {
            options.add("-H");
            options.add(l);
        });
        return options;
    }

    private static List<String> join(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Signs with secrets covered, then verifies a tampered copy: the diagnosis must not show them. */
    @Test
    void verifyCommandsNeverShowSignedSecrets() {
        String key = "file:" + plainKey;
        CliRun cav = run(join(List.of("sign", "cavage", "--key", key, "--key-id", "k", "--headers",
                "(request-target) date authorization cookie digest"), request()));
        assertEquals(0, cav.code, cav.toString());
        List<String> sigHeaders = asHeaderOptions(cav.out);
        List<String> tampered = new ArrayList<>(request());
        tampered.set(tampered.indexOf("Date: " + DATE), "Date: Fri, 01 Mar 2024 12:00:01 GMT");
        CliRun v = run(join(join(List.of("verify", "cavage", "--public-key", cert.toString()), tampered), sigHeaders));
        assertEquals(1, v.code, v.toString());

        CliRun jws = run(join(List.of("sign", "jws", "--key", key, "--cert", cert.toString(), "--headers",
                "(request-target) date authorization cookie digest"), request()));
        assertEquals(0, jws.code, jws.toString());
        List<String> jwsHeaders = asHeaderOptions(jws.out);
        CliRun vj = run(join(join(List.of("verify", "jws", "--cert", cert.toString()), tampered), jwsHeaders));
        assertEquals(1, vj.code, vj.toString());

        CliRun m = run(join(List.of("sign", "rfc9421", "--key", key, "--components", "@method @path authorization cookie date"), request()));
        assertEquals(0, m.code, m.toString());
        List<String> mHeaders = asHeaderOptions(m.out);
        CliRun vm = run(join(join(List.of("verify", "rfc9421", "--cert", cert.toString()), tampered), mHeaders));
        assertEquals(1, vm.code, vm.toString());
    }

    @Test
    void keysListNeverShowsThePin() {
        for (List<String> pin : List.of(List.of("--pin-env", CANARY), List.of("--pin-env", CANARY_ENV),
                List.of("--pin-source", CANARY), List.of("--pin-source", canaryFile.toString()))) {
            run(join(List.of("keys", "list", "--module", "/nonexistent/libx.so", "--token", "t"), pin));
            run(join(List.of("keys", "list", "--module", "/nonexistent/libx.so"), pin));
        }
    }

    @Test
    void demoNeverShowsOrWritesThePsuPassword() throws Exception {
        Path out = dir.resolve("demo-out");
        run(List.of("demo", "--out", out.toString(), "--key-dir", dir.resolve("demo-keys").toString()));
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(CANARY), "the canary is in " + f);
            }
        }
    }

    @AfterAll
    static void theTraceLogHasNoCanary() throws Exception {
        if (skippedHere()) {
            return;
        }
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/secrets-canary-trace.log"));
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        assertTrue(text.contains("authorization: ***"), "TRACE log written and redacting (" + log + ")");
        assertFalse(text.contains(CANARY), "the canary is in the log " + log);
        assertTrue(runs > 100, "commands run: " + runs);
    }
}
