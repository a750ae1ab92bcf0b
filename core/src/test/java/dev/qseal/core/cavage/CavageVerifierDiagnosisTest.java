package dev.qseal.core.cavage;

import dev.qseal.core.cavage.internal.SigningString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.TestKeys;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpDates;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each verification failure is reported with its own {@link Failure} and a message that names the cause. */
class CavageVerifierDiagnosisTest {
    static final KeyPair RSA = TestKeys.generateRsa(2048);
    static final KeyPair OTHER_RSA = TestKeys.generateRsa(2048);
    static final KeyPair EC = TestKeys.generateEcP256();
    static final SigningKey RSA_KEY = TestKeys.signingKey("rsa", RSA);
    static final SigningKey EC_KEY = TestKeys.signingKey("ec", EC);
    static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    static final byte[] BODY = "{\"amount\":\"12.30\"}".getBytes(StandardCharsets.UTF_8);

    static HttpRequest request(Instant date) {
        return HttpRequest.builder("POST", "/v1/payments?x=1")
                .header("Host", "bank.example")
                .header("Date", HttpDates.rfc7231(date))
                .header("X-Request-ID", "99391c7e-ad88-49ec-a2ad-99ddcb1f7721")
                .header("Digest", Digests.digestValue(BODY))
                .body(BODY).build();
    }

    static HttpRequest sign(SigningKey key, HttpRequest r, String... headers) {
        CavageSignature s = CavageSigner.builder(key).keyId("k").headers(headers).build().sign(r, NOW);
        return r.withHeader(s.headerName(), s.headerValue());
    }

    static VerificationResult verify(HttpRequest r) {
        return CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().build().verify(r, NOW);
    }

    static void assertFailure(Failure expected, VerificationResult result, String... inMessage) {
        assertEquals(expected, result.failure().orElse(null), result.toString());
        for (String s : inMessage) {
            assertTrue(result.message().contains(s), "message names '" + s + "': " + result.message());
        }
    }

    @Test
    void validSignatureIsValid() {
        assertTrue(verify(sign(RSA_KEY, request(NOW), "(request-target)", "host", "date", "digest", "x-request-id")).isValid());
    }

    @Test
    void noSignatureHeaderIsMalformed() {
        assertFailure(Failure.MALFORMED_SIGNATURE, verify(request(NOW)));
        assertFailure(Failure.MALFORMED_SIGNATURE, verify(request(NOW).withHeader("Signature", "keyId=\"k\",signature=")));
    }

    @Test
    void missingSignedHeaderIsNamed() {
        HttpRequest signed = sign(RSA_KEY, request(NOW), "date", "x-request-id");
        assertFailure(Failure.MISSING_HEADER, verify(signed.toBuilder().removeHeader("X-Request-ID").build()), "x-request-id");
    }

    @Test
    void requiredButUnsignedHeaderIsNamed() {
        HttpRequest signed = sign(RSA_KEY, request(NOW), "date", "x-request-id");
        VerificationResult r = CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().requireSigned("(request-target)", "Digest").build().verify(signed, NOW);
        assertFailure(Failure.HEADER_NOT_SIGNED, r, "(request-target)");
        VerificationResult d = CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().requireSigned("Digest").build().verify(signed, NOW);
        assertFailure(Failure.HEADER_NOT_SIGNED, d, "digest");
    }

    @ParameterizedTest
    @CsvSource({"-301, CLOCK_SKEW", "301, CLOCK_SKEW", "-299, ", "299, "})
    void dateBeyondMaxSkewIsClockSkew(long offsetSeconds, Failure expected) {
        HttpRequest signed = sign(RSA_KEY, request(NOW.plusSeconds(offsetSeconds)), "date");
        VerificationResult r = CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().maxSkew(Duration.ofMinutes(5)).build().verify(signed, NOW);
        assertEquals(expected, r.failure().orElse(null), r.toString());
        if (expected != null) {
            assertTrue(r.message().contains(Math.abs(offsetSeconds) + " s"), r.message());
        }
        assertTrue(CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().ignoreClock().build().verify(signed, NOW).isValid());
    }

    @Test
    void expiredSignatureIsExpiredEvenWhenClockIsIgnored() {
        HttpRequest r = request(NOW);
        CavageSignature s = CavageSigner.builder(RSA_KEY).keyId("k").algorithmName("hs2019")
                .headers("(created)", "(expires)", "date").validity(Duration.ofSeconds(60)).build().sign(r, NOW);
        HttpRequest signed = r.withHeader(s.headerName(), s.headerValue());
        CavageVerifier v = CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().ignoreClock().build();
        assertTrue(v.verify(signed, NOW.plusSeconds(60)).isValid());
        assertFailure(Failure.EXPIRED, v.verify(signed, NOW.plusSeconds(61)), "expired");
    }

    @Test
    void createdInTheFutureIsClockSkew() {
        HttpRequest r = request(NOW);
        CavageSignature s = CavageSigner.builder(RSA_KEY).keyId("k").algorithmName("hs2019")
                .headers("(created)").build().sign(r, NOW.plusSeconds(3600));
        assertFailure(Failure.CLOCK_SKEW, verify(r.withHeader(s.headerName(), s.headerValue())), "created");
    }

    @Test
    void wrongKeyIsSignatureMismatch() {
        HttpRequest signed = sign(TestKeys.signingKey("other", OTHER_RSA), request(NOW), "(request-target)", "date");
        assertFailure(Failure.SIGNATURE_MISMATCH, verify(signed));
    }

    @Test
    void serialKeyIdNotMatchingCertificateIsWrongKey() {
        X509Certificate cert = TestKeys.certificate(RSA, new BigInteger("49BA5C71", 16), "CN=qseal test");
        HttpRequest r = request(NOW);
        for (String keyId : new String[] {"SN=49BA5C72", "SN=49BA5C72,CA=CN=qseal%20test"}) {
            CavageSignature s = CavageSigner.builder(RSA_KEY).keyId(keyId).build().sign(r, NOW);
            VerificationResult result = CavageVerifier.builder(cert).allowWeakCoverage().build().verify(r.withHeader(s.headerName(), s.headerValue()), NOW);
            assertFailure(Failure.WRONG_KEY, result, "49BA5C72", "49BA5C71");
        }
        for (String keyId : new String[] {"SN=49BA5C71", "SN=49ba5c71,CA=CN=qseal%20test", "tpp-123"}) {
            CavageSignature s = CavageSigner.builder(RSA_KEY).keyId(keyId).build().sign(r, NOW);
            assertTrue(CavageVerifier.builder(cert).allowWeakCoverage().build().verify(r.withHeader(s.headerName(), s.headerValue()), NOW).isValid(), keyId);
        }
    }

    @Test
    void unexpectedKeyIdIsWrongKey() {
        HttpRequest signed = sign(RSA_KEY, request(NOW), "date");
        assertFailure(Failure.WRONG_KEY, CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().expectKeyId("other").build().verify(signed, NOW), "other");
    }

    @Test
    void algorithmParameterNeverPicksTheKeyType() {
        // an RSA signature relabelled ecdsa-sha256, checked with the RSA key: the key decides
        HttpRequest signed = sign(RSA_KEY, request(NOW), "date");
        String header = signed.headers().first("Signature").orElseThrow().replace("algorithm=\"rsa-sha256\"", "algorithm=\"ecdsa-sha256\"");
        HttpRequest relabelled = signed.toBuilder().removeHeader("Signature").header("Signature", header).build();
        assertFailure(Failure.ALGORITHM_MISMATCH, verify(relabelled), "ecdsa-sha256");

        // an EC signature claiming rsa-sha256, checked with the EC key
        CavageSignature ec = CavageSigner.builder(EC_KEY).keyId("k").build().sign(request(NOW), NOW);
        assertEquals("ecdsa-sha256", ec.parameters().algorithm().orElseThrow());
        HttpRequest ecSigned = request(NOW).withHeader("Signature", ec.headerValue().replace("ecdsa-sha256", "rsa-sha256"));
        assertFailure(Failure.ALGORITHM_MISMATCH, CavageVerifier.builder(EC.getPublic()).allowWeakCoverage().build().verify(ecSigned, NOW), "rsa-sha256");
        assertTrue(CavageVerifier.builder(EC.getPublic()).allowWeakCoverage().build().verify(request(NOW).withHeader("Signature", ec.headerValue()), NOW).isValid());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TRAILING_LF | trailing LF",
        "CRLF        | CRLF",
        "UPPER       | lower-case the method",
        "NO_QUERY    | query string",
    })
    void classicSignerMistakesAreNamed(String mistake, String named) {
        HttpRequest r = request(NOW);
        List<String> headers = List.of("(request-target)", "host", "date", "digest");
        String good = SigningString.build(r, headers, null, null);
        String bad;
        switch (mistake) {
            case "TRAILING_LF": bad = good + "\n"; break;
            case "CRLF": bad = good.replace("\n", "\r\n"); break;
            case "UPPER": bad = good.replace("(request-target): post ", "(request-target): POST "); break;
            default: bad = good.replace("/v1/payments?x=1", "/v1/payments"); break;
        }
        String sig = Base64.getEncoder().encodeToString(RSA_KEY.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, bad.getBytes(StandardCharsets.UTF_8)));
        HttpRequest signed = r.withHeader("Signature", "keyId=\"k\",algorithm=\"rsa-sha256\",headers=\"" + String.join(" ", headers)
                + "\",signature=\"" + sig + "\"");
        assertFailure(Failure.SIGNATURE_MISMATCH, verify(signed), named);
    }

    @Test
    void bodyNotMatchingDigestIsDigestMismatch() {
        HttpRequest signed = sign(RSA_KEY, request(NOW), "date", "digest");
        HttpRequest otherBody = signed.toBuilder().body("{\"amount\":\"99.99\"}".getBytes(StandardCharsets.UTF_8)).build();
        assertFailure(Failure.DIGEST_MISMATCH, verify(otherBody), "Digest");
        HttpRequest noBody = signed.toBuilder().body(null).build();
        assertFailure(Failure.DIGEST_MISMATCH, verify(noBody), "0 bytes");
        HttpRequest badContentDigest = signed.withHeader("Content-Digest", Digests.contentDigestValue(
                dev.qseal.core.digest.DigestAlgorithm.SHA_256, new byte[0]));
        assertFailure(Failure.DIGEST_MISMATCH, verify(badContentDigest), "Content-Digest");
    }
}
