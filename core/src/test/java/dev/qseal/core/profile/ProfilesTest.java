package dev.qseal.core.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.OpenSsl;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.TestKeys;
import dev.qseal.core.cavage.CavageVerifier;
import dev.qseal.core.cavage.SignatureParameters;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.verify.VerificationResult;
import dev.qseal.testvectors.TestVectors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each built-in profile on a sample request: the headers it adds, in order, the keyId, and that the result verifies. */
class ProfilesTest {
    static final KeyPair RSA = TestKeys.generateRsa(2048);
    /** Issuer DN and serial of the Berlin Group OpenAPI example keyId (berlin-group-and-bank-profiles.txt). */
    static final X509Certificate CERT = TestKeys.certificate(RSA, new BigInteger("9FA1", 16), "CN=D-TRUST CA 2-1 2015,O=D-Trust GmbH,C=DE");
    static final SigningKey KEY = TestKeys.signingKey("rsa+cert", RSA, CERT);
    static final Instant NOW = Instant.parse("2024-03-01T09:05:07Z");
    static final byte[] BODY = "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8);

    static List<String> names(List<Headers.Field> fields) {
        return fields.stream().map(Headers.Field::name).collect(Collectors.toList());
    }

    static SignatureParameters signatureOf(SignedRequest s) {
        List<Headers.Field> all = s.request().headers().fields();
        Headers.Field last = all.get(all.size() - 1);
        assertEquals(s.signatureHeaders().get(0).name(), last.name(), "the signature header comes last");
        return SignatureParameters.parse(last.value());
    }

    static void assertVerifies(SignedRequest s, String... required) {
        VerificationResult r = CavageVerifier.builder(CERT).requireSigned(required).allowWeakCoverage().build().verify(s.request(), NOW);
        assertTrue(r.isValid(), r.toString());
    }

    @Test
    void ingSignsWithAuthorizationCarrierSerialKeyIdAndOneLinePemCertificate() throws Exception {
        SignedRequest s = Profiles.ING.signer(KEY).build().sign(HttpRequest.builder("POST", "/oauth2/token").body(BODY).build(), NOW);
        assertEquals(List.of("Date", "Digest", "TPP-Signature-Certificate"), names(s.generatedHeaders()));
        assertEquals("Fri, 01 Mar 2024 09:05:07 GMT", s.request().headers().first("Date").orElseThrow());
        assertEquals(Digests.digestValue(BODY), s.request().headers().first("Digest").orElseThrow());
        String pem = s.request().headers().first("TPP-Signature-Certificate").orElseThrow();
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----MII") && pem.endsWith("-----END CERTIFICATE-----"), pem);
        String b64 = pem.substring("-----BEGIN CERTIFICATE-----".length(), pem.length() - "-----END CERTIFICATE-----".length());
        assertTrue(b64.matches("[A-Za-z0-9+/=]+"), "one line, no whitespace: " + pem);
        assertArrayEquals(CERT.getEncoded(), Base64.getDecoder().decode(b64));

        assertEquals("Authorization", s.signatureHeaders().get(0).name());
        assertTrue(s.request().headers().first("Authorization").orElseThrow().startsWith("Signature keyId=\"SN=9FA1\","));
        SignatureParameters p = signatureOf(s);
        assertEquals("SN=9FA1", p.keyId());
        assertEquals("rsa-sha256", p.algorithm().orElseThrow());
        assertEquals(List.of("(request-target)", "date", "digest"), p.headers());
        assertVerifies(s, "(request-target)", "date", "digest");
    }

    @Test
    void ingGetStillSignsTheEmptyBodyDigest() {
        SignedRequest s = Profiles.ING.signer(KEY).build().sign(HttpRequest.builder("GET", "/v3/accounts").build(), NOW);
        // BNG / ING: no body -> the digest of the empty string (DESIGN.md §4)
        assertEquals("SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", s.request().headers().first("Digest").orElseThrow());
        assertVerifies(s);
    }

    @Test
    void ingKeyIdSerialIsWhatOpensslPrints(@TempDir Path dir) throws Exception {
        SecureRandom random = new SecureRandom();
        List<BigInteger> serials = List.of(BigInteger.ONE, BigInteger.valueOf(0x0F), new BigInteger("80", 16),
                new BigInteger("00FF00", 16), new BigInteger(159, random), new BigInteger(64, random).setBit(63), new BigInteger(127, random));
        for (BigInteger serial : serials) {
            X509Certificate cert = TestKeys.certificate(RSA, serial, "CN=ING test");
            Path pem = dir.resolve("cert-" + serial.toString(16) + ".pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            String printed = new String(OpenSsl.run("x509", "-in", pem.toString(), "-serial", "-noout"), StandardCharsets.US_ASCII).strip();
            assertTrue(printed.startsWith("serial="), printed);

            SigningKey key = TestKeys.signingKey("rsa", RSA, cert);
            SignedRequest s = Profiles.ING.signer(key).build().sign(HttpRequest.builder("POST", "/oauth2/token").body(BODY).build(), NOW);
            assertEquals("SN=" + printed.substring("serial=".length()), signatureOf(s).keyId(), "serial " + serial.toString(16));
            assertTrue(CavageVerifier.builder(cert).build().verify(s.request(), NOW).isValid());
        }
    }

    @Test
    void ingNeedsACertificate() {
        assertThrows(BadInputException.class, () -> Profiles.ING.signer(TestKeys.signingKey("no cert", RSA)).build());
    }

    @Test
    void ingClientUsesSignatureCarrierAndTheGivenClientId() {
        assertThrows(BadInputException.class, () -> Profiles.ING_CLIENT.signer(KEY).build());
        SignedRequest s = Profiles.ING_CLIENT.signer(KEY).keyId("5ca1ab1e-c0ca-c01a-cafe-154deadbea75").build()
                .sign(HttpRequest.builder("GET", "/v3/accounts?balanceTypes=expected").header("Authorization", "Bearer t").build(), NOW);
        assertEquals(List.of("Date", "Digest"), names(s.generatedHeaders()));
        assertEquals("Signature", s.signatureHeaders().get(0).name());
        SignatureParameters p = signatureOf(s);
        assertEquals("5ca1ab1e-c0ca-c01a-cafe-154deadbea75", p.keyId());
        assertEquals(List.of("(request-target)", "date", "digest"), p.headers());
        assertEquals("Bearer t", s.request().headers().first("Authorization").orElseThrow(), "the Bearer token is kept");
        assertVerifies(s);
    }

    @Test
    void belfiusUsesIsoDateRequestIdAndRequiresClientId() {
        HttpRequest noClient = HttpRequest.builder("POST", "/pis/payments").body(BODY).build();
        BadInputException e = assertThrows(BadInputException.class,
                () -> Profiles.BELFIUS.signer(KEY).keyId("TPP-1").build().sign(noClient, NOW));
        assertTrue(e.getMessage().contains("Client-Id"), e.getMessage());
        assertThrows(BadInputException.class, () -> Profiles.BELFIUS.signer(KEY).build(), "keyId = TPP-ID must be given");

        SignedRequest s = Profiles.BELFIUS.signer(KEY).keyId("TPP-1").build()
                .sign(noClient.withHeader("Client-Id", "client-7"), NOW);
        assertEquals(List.of("Date", "Digest", "Request-ID"), names(s.generatedHeaders()));
        assertEquals("2024-03-01T09:05:07Z", s.request().headers().first("Date").orElseThrow());
        UUID.fromString(s.request().headers().first("Request-ID").orElseThrow());
        SignatureParameters p = signatureOf(s);
        assertEquals("TPP-1", p.keyId());
        assertEquals(List.of("(request-target)", "date", "digest", "request-id"), p.headers());
        assertVerifies(s, "request-id");
    }

    @Test
    void becmSignsContentTypeAndDigestOnlyWithABodyAndEveryPsuHeaderButNeverAuthorization() {
        HttpRequest get = HttpRequest.builder("GET", "/stet/psd2/v1/accounts").header("Host", "api.bank.example")
                .header("Authorization", "Bearer abc").build();
        SignedRequest g = Profiles.BECM.signer(KEY).keyId("https://tpp.example/jwks#kid1").build().sign(get, NOW);
        assertEquals(List.of("Date", "X-Request-ID"), names(g.generatedHeaders()));
        assertEquals(List.of("(request-target)", "host", "date", "x-request-id"), signatureOf(g).headers());
        assertFalse(g.request().headers().contains("Digest"), "no body, no digest");
        assertVerifies(g);

        HttpRequest post = HttpRequest.builder("POST", "/stet/psd2/v1/payment-requests").header("Host", "api.bank.example")
                .header("PSU-IP-Address", "192.0.2.1").header("Authorization", "Bearer abc").header("Content-Type", "application/json")
                .header("psu-user-agent", "Mozilla/5.0").body(BODY).build();
        SignedRequest p = Profiles.BECM.signer(KEY).keyId("https://tpp.example/jwks#kid1").build().sign(post, NOW);
        List<String> signed = signatureOf(p).headers();
        assertEquals(List.of("(request-target)", "host", "date", "x-request-id", "content-type", "digest", "psu-ip-address", "psu-user-agent"), signed);
        assertFalse(signed.contains("authorization"));
        assertEquals("Authorization", p.request().headers().fields().get(2).name(), "the Bearer header is untouched");
        assertVerifies(p, "content-type", "digest", "psu-ip-address");
    }

    @Test
    void becmCannotInventHost() {
        assertThrows(BadInputException.class, () -> Profiles.BECM.signer(KEY).keyId("k").build()
                .sign(HttpRequest.builder("GET", "/x").build(), NOW));
    }

    @Test
    void berlinGroupKeyIdMatchesThePublishedExampleAndCertificateIsBase64Der() throws Exception {
        HttpRequest r = HttpRequest.builder("POST", "/v1/payments/sepa-credit-transfers").header("PSU-ID", "PSU-1234")
                .header("TPP-Redirect-URI", "https://tpp.example/cb?state=a b").header("Content-Type", "application/json").body(BODY).build();
        SignedRequest s = Profiles.BERLIN_GROUP.signer(KEY).build().sign(r, NOW);
        assertEquals(List.of("Digest", "X-Request-ID", "TPP-Signature-Certificate"), names(s.generatedHeaders()));
        SignatureParameters p = signatureOf(s);
        // keyId exactly as in the Berlin Group OpenAPI example (berlin-group-and-bank-profiles.txt, section 1)
        assertTrue(TestVectors.text(TestVectors.BERLIN_GROUP).contains("keyId=\"" + p.keyId() + "\""), p.keyId());
        assertEquals("SN=9FA1,CA=CN=D-TRUST%20CA%202-1%202015,O=D-Trust%20GmbH,C=DE", p.keyId());
        assertEquals(List.of("digest", "x-request-id", "psu-id", "tpp-redirect-uri"), p.headers());
        assertEquals("Signature", s.signatureHeaders().get(0).name());
        assertArrayEquals(CERT.getEncoded(), Base64.getDecoder().decode(s.request().headers().first("TPP-Signature-Certificate").orElseThrow()));
        assertVerifies(s, "digest", "x-request-id");
    }

    @Test
    void cavageDefaultSignsDateOnlyWithoutHeadersParameter() {
        SignedRequest s = Profiles.CAVAGE_DEFAULT.signer(KEY).keyId("Test").build()
                .sign(HttpRequest.builder("GET", "/foo").header("Host", "example.com").build(), NOW);
        assertEquals(List.of("Date"), names(s.generatedHeaders()));
        String value = s.request().headers().first("Signature").orElseThrow();
        assertTrue(value.matches("keyId=\"Test\",algorithm=\"rsa-sha256\",signature=\"[A-Za-z0-9+/=]+\""), value);
        assertEquals("date: Fri, 01 Mar 2024 09:05:07 GMT", dev.qseal.core.cavage.internal.SigningString.build(s.request(), List.of("date"), null, null));
        assertVerifies(s, "date");
    }

    @Test
    void givenDigestNotMatchingBodyIsRefused() {
        HttpRequest r = HttpRequest.builder("POST", "/oauth2/token").header("Digest", Digests.digestValue(new byte[0])).body(BODY).build();
        assertThrows(BadInputException.class, () -> Profiles.ING.signer(KEY).build().sign(r, NOW));
    }

    @Test
    void everyProfileIsReachableByName() {
        assertEquals(List.of("ing", "ing-client", "belfius", "becm", "berlin-group", "cavage-default", "cavage"), List.copyOf(Profiles.all().keySet()));
        assertEquals(Profiles.BERLIN_GROUP, Profiles.named(" Berlin-Group "));
        assertThrows(BadInputException.class, () -> Profiles.named("nope"));
    }
}
