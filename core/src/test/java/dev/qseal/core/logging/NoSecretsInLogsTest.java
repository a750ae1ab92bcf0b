package dev.qseal.core.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.RequestSigner;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.TestKeys;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Signs and verifies with every format while qseal logs at TRACE (slf4j-simple writes to the file the
 * build names in {@code org.slf4j.simpleLogger.logFile}), with canary secrets in {@code Authorization},
 * {@code Cookie}, {@code PSU-ID} and the query string, and checks no canary reaches the log.
 */
class NoSecretsInLogsTest {
    private static final String TOKEN = "CANARYTOKEN7f3a";
    private static final String COOKIE = "CANARYCOOKIE91b2";
    private static final String PSU = "CANARYPSU55c0";
    private static final String QUERY = "CANARYQUERY0d4e";

    @Test
    void canariesNeverReachTheTraceLog() throws Exception {
        Path logFile = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "missing"));
        assertTrue(LoggerFactory.getLogger("dev.qseal.core").isTraceEnabled(), "the test build logs qseal at TRACE");
        KeyPair kp = TestKeys.generateRsa(2048);
        X509Certificate cert = TestKeys.certificate(kp, BigInteger.valueOf(77), "CN=log canary");
        SoftwareSigningKey key = TestKeys.signingKey("log canary key", kp, cert);

        run(BankProfiles.BERLIN_GROUP, key, cert, List.of("(request-target)", "digest", "x-request-id", "authorization",
                "cookie", "psu-id"));
        run(BankProfiles.ING_JWS, key, cert, List.of("(request-target)", "digest", "content-type", "authorization",
                "cookie", "psu-id"));
        run(BankProfiles.RFC9421_DEFAULT, key, cert, List.of("@method", "@authority", "@path", "@query", "@target-uri",
                "@request-target", "authorization", "cookie", "psu-id", "content-digest"));

        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        assertTrue(log.contains("signing string for POST /v1/payments?***"), "cavage signing string logged");
        assertTrue(log.contains("JWS signing input for POST /v1/payments?***"), "JWS signing input logged");
        assertTrue(log.contains("RFC 9421 signature base for POST /v1/payments?***"), "RFC 9421 base logged");
        assertTrue(log.contains("verification of POST /v1/payments?*** failed: "), "verification failure logged");
        for (String canary : List.of(TOKEN, COOKIE, PSU, QUERY)) {
            assertFalse(log.contains(canary), canary + " is in " + logFile);
        }
    }

    private static void run(BankProfile profile, SoftwareSigningKey key, X509Certificate cert, List<String> headers) {
        HttpRequest request = HttpRequest.builder("POST", "/v1/payments?iban=" + QUERY)
                .header("Host", "bank.example")
                .header("Content-Type", "application/json")
                .header("X-Request-ID", "99391c7e-ad88-49ec-a2ad-99ddcb1f7721")
                .header("Authorization", "Bearer " + TOKEN)
                .header("Cookie", "session=" + COOKIE)
                .header("PSU-ID", PSU)
                .body("{\"amount\":1}".getBytes(StandardCharsets.UTF_8))
                .build();
        RequestSigner signer = profile.signer(key).headers(headers).build();
        SignedRequest signed = signer.sign(request);
        assertTrue(profile.verifier(cert).build().verify(signed.request()).isValid(), profile.name());
        HttpRequest tampered = HttpRequest.builder("POST", "/v1/payments?iban=" + QUERY + "X")
                .headers(signed.request().headers()).body(signed.request().body().orElseThrow()).build();
        assertFalse(profile.verifier(cert).build().verify(tampered).isValid(), profile.name());
    }
}
