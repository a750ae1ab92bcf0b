package dev.qseal.core.jws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.cavage.internal.SigningString;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.profile.Profiles;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetachedJwsSignerTest {
    static final Instant NOW = Instant.parse("2019-11-19T17:28:15.734Z");
    static final String BODY = "{ \"contact\": \"test@ingsandbox.com\", \"redirect_uris\":[ \"https://example.com\", \"https://another-example.com\"]}";

    static HttpRequest ingRequest() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.builder("POST", "/oauth2/applications")
                .header("Content-Type", "application/json")
                .header("Digest", Digests.digestValue(body))
                .body(body).build();
    }

    static String x5t(SoftwareSigningKey key) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(key.certificate().orElseThrow().getEncoded());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    }

    @Test
    void writesTheProtectedHeaderAsIngsScriptDoes() throws Exception {
        SoftwareSigningKey key = JwsTestKeys.rsa();
        DetachedJwsSigner signer = DetachedJwsSigner.builder(key).build();
        String expected = "{\"b64\":false,\"x5t#S256\":\"" + x5t(key) + "\",\"crit\":[\"sigT\",\"sigD\",\"b64\"],"
                + "\"sigT\":\"2019-11-19T17:28:15Z\",\"sigD\":{\"pars\":[\"(request-target)\",\"digest\",\"content-type\"],"
                + "\"mId\":\"http://uri.etsi.org/19182/HttpHeaders\"},\"alg\":\"PS256\"}";
        assertEquals(expected, signer.headerJson(NOW));
        assertEquals(SignatureAlgorithm.RSA_PSS_SHA256, signer.algorithm());
    }

    @Test
    void theSignedHeaderCarriesTheMembersItsJsonParsesTo() {
        // the signer parses its header once and changes sigT per signature: the result must be what parsing gives
        // and its base64url, assembled from parts encoded once, must be that of the JSON (whatever the alignment)
        List<DetachedJwsSigner> signers = List.of(
                DetachedJwsSigner.builder(JwsTestKeys.rsa()).kid("k \"1\"\\\u0001é").includeX5c(true).build(),
                DetachedJwsSigner.builder(JwsTestKeys.rsa()).build(),
                DetachedJwsSigner.builder(JwsTestKeys.rsa()).kid("a").build(),
                DetachedJwsSigner.builder(JwsTestKeys.rsa()).kid("ab").signedHeaders("digest").build());
        for (DetachedJwsSigner signer : signers) {
            for (Instant at : List.of(NOW, Instant.parse("1999-12-31T23:59:59Z"), Instant.parse("2038-01-19T03:14:08.5Z"),
                    Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                    Instant.parse("-0001-06-01T00:00:00Z"))) {
                JwsHeader written = signer.sign(ingRequest(), at).header();
                assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(signer.headerJson(at).getBytes(StandardCharsets.UTF_8)),
                        written.encoded(), at.toString());
                JwsHeader parsed = JwsHeader.parse(written.encoded());
                assertEquals(parsed.json(), written.json());
                assertEquals(parsed.members(), written.members());
                assertEquals(List.copyOf(parsed.members().keySet()), List.copyOf(written.members().keySet()));
                assertEquals(signer.headerJson(at), written.json());
                assertEquals(java.util.Optional.of(dev.qseal.core.http.HttpDates.iso8601(at)), written.sigT());
            }
        }
    }

    @Test
    void signingInputIsEncodedHeaderDotLowerCaseLinesWithoutTrailingLf() {
        DetachedJwsSigner signer = DetachedJwsSigner.builder(JwsTestKeys.rsa()).build();
        String hdr = Base64.getUrlEncoder().withoutPadding().encodeToString(signer.headerJson(NOW).getBytes(StandardCharsets.UTF_8));
        String expected = hdr + ".(request-target): post /oauth2/applications\n"
                + "digest: " + Digests.digestValue(BODY.getBytes(StandardCharsets.UTF_8)) + "\n"
                + "content-type: application/json";
        assertEquals(expected, signer.signingInput(ingRequest(), NOW));
    }

    @Test
    void outputIsCompactWithEmptyPayloadAndVerifies() {
        SoftwareSigningKey key = JwsTestKeys.rsa();
        DetachedJws jws = DetachedJwsSigner.builder(key).build().sign(ingRequest(), NOW);
        String compact = jws.compact();
        assertTrue(compact.matches("[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+"), compact);
        assertEquals(256, jws.signature().length);
        VerificationResult r = DetachedJwsVerifier.builder(key.certificate().orElseThrow()).build()
                .verify(ingRequest(), compact, NOW.plusSeconds(30));
        assertTrue(r.isValid(), r.toString());
    }

    @Test
    void everyJoseAlgorithmRoundTrips() {
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            if (a.joseName().isEmpty()) {
                continue;
            }
            SoftwareSigningKey key = a.keyType() == dev.qseal.core.key.KeyType.RSA ? JwsTestKeys.rsa() : JwsTestKeys.ec(a.keyType().fieldBits());
            DetachedJws jws = DetachedJwsSigner.builder(key).algorithm(a).build().sign(ingRequest(), NOW);
            assertEquals(a.joseName().get(), jws.header().alg().orElseThrow());
            VerificationResult r = DetachedJwsVerifier.builder(key.certificate().orElseThrow()).build().verify(ingRequest(), jws.compact(), NOW);
            assertTrue(r.isValid(), a + ": " + r);
        }
    }

    @Test
    void ecdsaDerConstantIsSignedInItsJoseRawForm() {
        SoftwareSigningKey key = JwsTestKeys.ec(256);
        DetachedJws jws = DetachedJwsSigner.builder(key).algorithm(SignatureAlgorithm.ECDSA_P256_SHA256).build().sign(ingRequest(), NOW);
        assertEquals("ES256", jws.header().alg().orElseThrow());
        assertEquals(64, jws.signature().length);
    }

    @Test
    void refusesAlgorithmsWithoutJoseNameOrForAnotherKey() {
        assertThrows(UnsupportedAlgorithmException.class, () -> DetachedJwsSigner.builder(JwsTestKeys.rsa())
                .algorithm(SignatureAlgorithm.rsaPss(dev.qseal.core.key.HashAlgorithm.SHA_256, 222)).build());
        assertThrows(UnsupportedAlgorithmException.class, () -> DetachedJwsSigner.builder(JwsTestKeys.rsa())
                .algorithm(SignatureAlgorithm.ECDSA_P256_SHA256_RAW).build());
    }

    @Test
    void parsAreLowerCasedAndChecked() {
        DetachedJwsSigner s = DetachedJwsSigner.builder(JwsTestKeys.rsa()).signedHeaders("(Request-Target)", "Digest").build();
        assertEquals(List.of("(request-target)", "digest"), s.pars());
        assertThrows(BadInputException.class, () -> DetachedJwsSigner.builder(JwsTestKeys.rsa()).signedHeaders("digest", "Digest").build());
        assertThrows(BadInputException.class, () -> DetachedJwsSigner.builder(JwsTestKeys.rsa()).signedHeaders("(created)").build());
        assertThrows(BadInputException.class, () -> DetachedJwsSigner.builder(JwsTestKeys.rsa()).signedHeaders(List.of()).build());
    }

    @Test
    void missingHeaderIsReportedBySigner() {
        DetachedJwsSigner s = DetachedJwsSigner.builder(JwsTestKeys.rsa()).signedHeaders("(request-target)", "date").build();
        dev.qseal.core.MissingComponentException e = assertThrows(dev.qseal.core.MissingComponentException.class, () -> s.sign(ingRequest(), NOW));
        assertEquals("date", e.component());
    }

    @Test
    void optionalKidAndX5cComeAfterAlg() throws Exception {
        SoftwareSigningKey key = JwsTestKeys.rsa();
        String json = DetachedJwsSigner.builder(key).kid("k1").includeX5c(true).build().headerJson(NOW);
        String der = Base64.getEncoder().encodeToString(key.certificate().orElseThrow().getEncoded());
        assertTrue(json.endsWith(",\"alg\":\"PS256\",\"kid\":\"k1\",\"x5c\":[\"" + der + "\"]}"), json);
    }

    @Test
    void certificateOfAnotherKeyIsRefused() {
        assertThrows(BadInputException.class, () -> DetachedJwsSigner.builder(JwsTestKeys.rsa())
                .certificate(JwsTestKeys.otherRsa().certificate().orElseThrow()).build());
    }

    @Test
    void ingJwsProfileAddsDigestAndCertificateThenTheJwsHeader() {
        SoftwareSigningKey key = JwsTestKeys.rsa();
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.builder("POST", "/oauth2/applications").header("Content-Type", "application/json").body(body).build();
        SignedRequest signed = Profiles.ING_JWS.signer(key).build().sign(req, NOW);
        assertEquals(List.of("Digest", "TPP-Signature-Certificate"),
                signed.generatedHeaders().stream().map(f -> f.name()).collect(java.util.stream.Collectors.toList()));
        assertEquals(Digests.digestValue(body), signed.request().headers().first("Digest").orElseThrow());
        assertTrue(signed.request().headers().first("TPP-Signature-Certificate").orElseThrow().startsWith("-----BEGIN CERTIFICATE-----MII"));
        assertEquals(List.of("x-jws-signature"), signed.signatureHeaders().stream().map(f -> f.name()).collect(java.util.stream.Collectors.toList()));
        assertEquals(signed.signatureHeaders().get(0).value(), signed.request().headers().first("x-jws-signature").orElseThrow());
        assertTrue(DetachedJwsVerifier.builder(key.certificate().orElseThrow()).build().verify(signed.request(), NOW).isValid());
        assertEquals(Profiles.ING_JWS, Profiles.namedJws("ING-JWS"));
    }
}
