package dev.qseal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.cavage.CavageSignature;
import dev.qseal.core.cavage.CavageSigner;
import dev.qseal.core.cavage.CavageVerifier;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpDates;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.jws.DetachedJws;
import dev.qseal.core.jws.DetachedJwsSigner;
import dev.qseal.core.jws.DetachedJwsVerifier;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.rfc9421.MessageSignature;
import dev.qseal.core.rfc9421.MessageSigner;
import dev.qseal.core.rfc9421.MessageVerifier;
import dev.qseal.core.verify.VerificationResult;
import java.io.FileOutputStream;
import java.io.PrintWriter;
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
import java.util.Optional;
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
 * A canary password placed everywhere a user could type one must appear in no message and no log line.
 * Runs in its own surefire execution ({@code secrets-canary} in core/pom.xml) with SLF4J simple at TRACE
 * writing to {@link #LOG_FILE}, and the environment variable {@link #CANARY_ENV} holding the canary;
 * the test fails (rather than skips) when either is missing, so it cannot be dodged.
 */
class SecretsCanaryTest {
    static final String CANARY = "Qs3al-Canary-4242-xyzzy";
    static final String CANARY_ENV = "QSEAL_CANARY_SECRET";
    static final String RIGHT = "right-password-1";
    static final Path LOG_FILE = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/secrets-canary-trace.log"));
    static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

    @TempDir
    static Path dir;
    static Path encryptedPem;
    static Path p12;
    static Path canaryFile;
    static Path rightFile;
    static final List<String> checked = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("default-test".equals(System.getProperty("qseal.surefire.execution")),
                "runs in the secrets-canary execution, not in default-test");
        assertEquals(CANARY, System.getenv(CANARY_ENV), "run me through the secrets-canary execution (it sets " + CANARY_ENV + ")");
        assertTrue(LoggerFactory.getLogger(CavageSigner.class).isTraceEnabled(), "SLF4J must log at TRACE here");
        KeyPair kp = KeyPairGenerator.getInstance("EC").generateKeyPair();
        X500Name dn = new X500Name("CN=canary");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(dn, BigInteger.TEN,
                TestKeys.asn1Time(NOW.minusSeconds(86400)), TestKeys.asn1Time(NOW.plusSeconds(86400 * 365)), dn, kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        encryptedPem = dir.resolve("enc.pem");
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
            w.writeObject(new JcaPKCS8Generator(kp.getPrivate(), new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setProvider(dev.qseal.core.key.internal.BouncyCastle.provider()).setPassword(RIGHT.toCharArray()).build()));
            w.writeObject(cert);
        }
        Files.writeString(encryptedPem, pem.toString());
        p12 = dir.resolve("k.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("seal", kp.getPrivate(), RIGHT.toCharArray(), new X509Certificate[] {cert});
        try (FileOutputStream out = new FileOutputStream(p12.toFile())) {
            ks.store(out, RIGHT.toCharArray());
        }
        canaryFile = Files.writeString(dir.resolve("canary.txt"), CANARY + "\n");
        rightFile = Files.writeString(dir.resolve("right.txt"), RIGHT + "\n");
    }

    /** Every message, cause and stack trace line of {@code t}. */
    private static String allText(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    private static void assertClean(String where, String text) {
        checked.add(where);
        assertFalse(text.contains(CANARY), "the canary leaked in " + where + ":\n" + text);
    }

    private static final SecretProvider CANARY_PROVIDER = (ref, what) -> Optional.of(CANARY.toCharArray());
    private static final SecretProvider NOBODY = (ref, what) -> Optional.empty();

    private static List<String> refs() {
        List<String> out = new ArrayList<>();
        for (String base : List.of("file:" + encryptedPem, "pkcs12:" + p12 + "?alias=seal", "jks:" + p12 + "?alias=seal")) {
            String sep = base.contains("?") ? "&" : "?";
            for (String attr : List.of("password-env=" + CANARY_ENV, "password-file=" + canaryFile, "password=" + CANARY,
                    "key-password=" + CANARY, "pin=" + CANARY, "passwd=" + CANARY, "storepass=" + CANARY, "pin-value=" + CANARY,
                    "secret=" + CANARY, "token=" + CANARY, "x-password=" + CANARY, "password-env=" + CANARY, "password-file=" + CANARY,
                    "key-password-env=" + CANARY_ENV, "key-password-file=" + canaryFile, "key-password-env=" + CANARY,
                    "key-password-file=" + CANARY, "password-file=" + rightFile + "&key-password-env=" + CANARY_ENV,
                    "password-file=" + rightFile + "&key-password-file=" + CANARY, CANARY)) {
                // (cert= and alias= are on the documented allow-list of non-secret attributes: not placements)
                out.add(base + sep + attr);
            }
            out.add(base);
        }
        out.add("pkcs11:token=t;object=o;pin-value=" + CANARY + "?module-path=/nonexistent/lib.so");
        out.add("pkcs11:token=t;object=o?module-path=/nonexistent/lib.so&pin-value=" + CANARY);
        out.add("pkcs11:token=t;object=o?module-path=/nonexistent/lib.so&pin-source=" + CANARY);
        out.add("pkcs11:token=t;object=o?module-path=/nonexistent/lib.so&pin-source=" + canaryFile);
        out.add(CANARY + ":/x");
        out.add("file:/" + CANARY + "/key.pem");
        return out;
    }

    @Test
    void keySourcesNeverShowTheCanary() {
        for (String ref : refs()) {
            for (SecretProvider provider : List.of(NOBODY, CANARY_PROVIDER)) {
                try {
                    KeyRef parsed = KeyRef.parse(ref);
                    if (!ref.contains("/" + CANARY + "/") && !ref.startsWith(CANARY)) {
                        assertClean("KeyRef.toString of " + ref, parsed.toString());
                    }
                    SigningKey key = KeySources.open(parsed, provider);
                    if (!ref.contains("/" + CANARY + "/") && !ref.startsWith(CANARY)) {
                        assertClean("description of the key opened from " + ref, key.description());
                    }
                } catch (RuntimeException e) {
                    if (ref.contains("/" + CANARY + "/") || ref.startsWith(CANARY)) {
                        continue; // a path or scheme is not a secret attribute; it is echoed on purpose
                    }
                    assertTrue(e instanceof QsealException, "a documented exception for " + ref + ": " + allText(e));
                    assertClean("the error for " + ref, allText(e));
                }
            }
            try {
                KeySources.open(ref);
            } catch (RuntimeException e) {
                if (!ref.contains("/" + CANARY + "/") && !ref.startsWith(CANARY)) {
                    assertClean("the error for " + ref + " (no provider)", allText(e));
                }
            }
        }
    }

    private static HttpRequest request() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        return HttpRequest.builder("POST", "/v1/payments")
                .header("Host", "bank.example")
                .header("Date", HttpDates.rfc7231(NOW))
                .header("Authorization", "Bearer " + CANARY)
                .header("Cookie", "sid=" + CANARY)
                .header("Proxy-Authorization", "Basic " + CANARY)
                .header("Digest", Digests.digestValue(body))
                .header("Content-Digest", Digests.contentDigestValue(dev.qseal.core.digest.DigestAlgorithm.SHA_256, body))
                .body(body).build();
    }

    private static SigningKey key() {
        return KeySources.open("file:" + encryptedPem + "?password-file=" + rightFile);
    }

    @Test
    void signersAndVerifiersNeverLogOrEchoSignedSecrets() {
        SigningKey key = key();
        X509Certificate cert = key.certificate().orElseThrow();
        HttpRequest r = request();
        HttpRequest tampered = r.withHeader("Date", HttpDates.rfc7231(NOW.plusSeconds(1)));

        CavageSignature cs = CavageSigner.builder(key).keyId("k").algorithmName("hs2019")
                .headers("(request-target)", "date", "authorization", "cookie", "proxy-authorization", "digest").build().sign(r, NOW);
        assertClean("the Cavage signature", cs.headerValue());
        VerificationResult cv = CavageVerifier.builder(cert).build().verify(tampered.withHeader(cs.headerName(), cs.headerValue()), NOW);
        assertFalse(cv.isValid());
        assertClean("the Cavage diagnosis", cv.toString());

        DetachedJwsSigner js = DetachedJwsSigner.builder(key).signedHeaders("(request-target)", "date", "authorization", "cookie",
                "proxy-authorization", "digest").build();
        DetachedJws jws = js.sign(r, NOW);
        VerificationResult jv = DetachedJwsVerifier.builder(cert).build().verify(tampered, jws, NOW);
        assertFalse(jv.isValid());
        assertClean("the JWS diagnosis", jv.toString());

        MessageSignature ms = MessageSigner.builder(key).components("@method", "@path", "authorization", "cookie", "content-digest")
                .build().sign(r, NOW);
        HttpRequest signed9421 = ms.applyTo(r);
        VerificationResult mv = MessageVerifier.builder(cert).build()
                .verify(signed9421.withHeader("Authorization", "Bearer other-" + CANARY.substring(3)), NOW);
        assertFalse(mv.isValid());
        assertClean("the RFC 9421 diagnosis", mv.toString());
    }

    @AfterAll
    static void theTraceLogHasTheSigningLinesButNoCanary() throws Exception {
        if ("default-test".equals(System.getProperty("qseal.surefire.execution"))) {
            return;
        }
        String log = Files.exists(LOG_FILE) ? Files.readString(LOG_FILE, StandardCharsets.UTF_8) : "";
        assertTrue(log.contains("authorization: ***"), "TRACE log written and redacting (" + LOG_FILE + "):\n" + log);
        assertFalse(log.contains(CANARY), "the canary is in the log " + LOG_FILE);
        assertTrue(checked.size() > 100, "places checked: " + checked.size());
    }
}
