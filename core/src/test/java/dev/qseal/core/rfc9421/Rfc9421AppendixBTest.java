package dev.qseal.core.rfc9421;

import dev.qseal.core.http.internal.StructuredFields;
import dev.qseal.core.http.internal.InnerList;
import static dev.qseal.core.rfc9421.Rfc9421Vectors.published;
import static dev.qseal.core.rfc9421.Rfc9421Vectors.publishedSignature;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.HttpResponse;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9421 Appendix B, §2.4, §3 and §4.3: signature bases byte-exact, signatures byte-exact or verified. */
class Rfc9421AppendixBTest {
    private static final Instant B2_CREATED = Instant.ofEpochSecond(1618884473);

    /** Every file in rfc9421-signature-bases/, with the message its base is built from. */
    static Stream<Arguments> bases() {
        return Stream.of(
                Arguments.of("B.2.1-rsa-pss-minimal.txt", request(Rfc9421Vectors.testRequest())),
                Arguments.of("B.2.2-rsa-pss-selective.txt", request(Rfc9421Vectors.testRequest())),
                Arguments.of("B.2.3-rsa-pss-full.txt", request(Rfc9421Vectors.testRequest())),
                Arguments.of("B.2.4-ecdsa-p256-response.txt", MessageView.of(Rfc9421Vectors.testResponseBuilder().build(), null, "https")),
                Arguments.of("B.2.5-hmac-sha256.txt", request(Rfc9421Vectors.testRequest())),
                Arguments.of("B.2.6-ed25519.txt", request(Rfc9421Vectors.testRequest())),
                Arguments.of("B.3-ttrp-ecdsa.txt", request(Rfc9421Vectors.ttrpRequestBuilder().build())),
                Arguments.of("B.4-transform-ed25519.txt", request(Rfc9421Vectors.transformRequestBuilder().build())),
                Arguments.of("3.x-sig1-rsa-pss.txt", request(Rfc9421Vectors.testRequest())),
                Arguments.of("4.3-proxy-rsa-v1_5-sha256.txt", request(Rfc9421Vectors.proxiedRequestBuilder().build())),
                Arguments.of("2.4-reqres-ecdsa-a.txt",
                        MessageView.of(Rfc9421Vectors.reqresResponse(), Rfc9421Vectors.reqresRequest(), "https")),
                Arguments.of("2.4-reqres-ecdsa-b.txt",
                        MessageView.of(Rfc9421Vectors.reqresResponse(), Rfc9421Vectors.reqresRequest(), "https")));
    }

    private static MessageView request(HttpRequest r) {
        return MessageView.of(r, "https");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bases")
    void signatureBaseIsByteExact(String file, MessageView message) {
        String expected = Rfc9421Vectors.base(file);
        String paramsLine = expected.substring(expected.lastIndexOf("\"@signature-params\": ") + "\"@signature-params\": ".length());
        InnerList params = StructuredFields.parseInnerList(paramsLine);
        assertEquals(paramsLine, params.serialize(), "re-serialized @signature-params");
        String base = SignatureBase.build(message, params);
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), base.getBytes(StandardCharsets.US_ASCII), base);
    }

    // ------------------------------------------------------------------ deterministic: byte-exact signatures

    @Test
    void hmacSha256B25IsByteExact() {
        MessageSigner signer = MessageSigner.builder(Rfc9421Vectors.sharedSecret()).label("sig-b25")
                .components("date", "@authority", "content-type").keyId("test-shared-secret").build();
        MessageSignature sig = signer.sign(Rfc9421Vectors.testRequest(), B2_CREATED);
        assertEquals(Rfc9421Vectors.base("B.2.5-hmac-sha256.txt"), sig.signatureBase());
        assertEquals("sig-b25=" + published("Signature-Input", "sig-b25"), sig.signatureInputValue());
        assertEquals("sig-b25=" + published("Signature", "sig-b25"), sig.signatureValue());
        assertEquals("sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:", sig.signatureValue());
        assertTrue(sig.generatedHeaders().fields().isEmpty());

        HttpRequest signed = sig.applyTo(Rfc9421Vectors.testRequest());
        assertTrue(MessageVerifier.builder(Rfc9421Vectors.sharedSecret()).allowWeakCoverage().build().verify(signed, B2_CREATED).isValid());
    }

    @Test
    void ed25519B26IsByteExact() throws Exception {
        MessageSigner signer = MessageSigner.builder(Rfc9421Vectors.ed25519Key()).label("sig-b26")
                .components("date", "@method", "@path", "@authority", "content-type", "content-length")
                .keyId("test-key-ed25519").build();
        MessageSignature sig = signer.sign(Rfc9421Vectors.testRequest(), B2_CREATED);
        assertEquals(Rfc9421Algorithm.ED25519, signer.algorithm());
        assertEquals("sig-b26=" + published("Signature-Input", "sig-b26"), sig.signatureInputValue());
        assertEquals("sig-b26=" + published("Signature", "sig-b26"), sig.signatureValue());
    }

    @Test
    void rsaV15Sha256ProxySignatureOf43IsByteExact() throws Exception {
        MessageSigner signer = MessageSigner.builder(Rfc9421Vectors.rsaKey()).label("proxy_sig")
                .components("@method", "@authority", "@path", "content-digest", "content-type", "content-length", "forwarded")
                .keyId("test-key-rsa").algorithm(Rfc9421Algorithm.RSA_V1_5_SHA256).includeAlg(true)
                .expiresIn(Duration.ofSeconds(60)).build();
        MessageSignature sig = signer.sign(Rfc9421Vectors.proxiedRequestBuilder().build(), Instant.ofEpochSecond(1618884480));
        assertEquals(Rfc9421Vectors.base("4.3-proxy-rsa-v1_5-sha256.txt"), sig.signatureBase());
        byte[] expected = Base64.getDecoder().decode(Rfc9421Vectors.blockAfter("And a signature output value of:").replace("\n", ""));
        assertArrayEquals(expected, sig.signature());
    }

    @Test
    void transformB4IsByteExactAndSurvivesOnlyTheAllowedTransformations() throws Exception {
        MessageSigner signer = MessageSigner.builder(Rfc9421Vectors.ed25519Key()).label("transform")
                .components("@method", "@path", "@authority", "accept").keyId("test-key-ed25519").build();
        MessageSignature sig = signer.sign(Rfc9421Vectors.transformRequestBuilder().build(), B2_CREATED);
        assertEquals("transform=" + published("Signature", "transform"), sig.signatureValue());

        MessageVerifier verifier = MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().ignoreClock().build();
        String input = "transform=" + published("Signature-Input", "transform");
        String value = "transform=" + published("Signature", "transform");
        java.util.function.Function<HttpRequest.Builder, VerificationResult> check =
                b -> verifier.verify(b.header("Signature-Input", input).header("Signature", value).build(), B2_CREATED);

        assertTrue(check.apply(Rfc9421Vectors.transformRequestBuilder()).isValid());
        // query parameter and Accept-Language added: not covered
        assertTrue(check.apply(HttpRequest.builder("GET", "/demo?name1=Value1&Name2=value2&param=added")
                .header("Host", "example.org").header("Date", "Fri, 15 Jul 2022 14:24:55 GMT")
                .header("Accept", "application/json").header("Accept", "*/*")
                .header("Accept-Language", "en-US,en;q=0.5")).isValid());
        // Date removed, Referer added, Accept collapsed onto one line
        assertTrue(check.apply(HttpRequest.builder("GET", "/demo?name1=Value1&Name2=value2")
                .header("Host", "example.org").header("Referer", "https://developer.example.org/demo")
                .header("Accept", "application/json, */*")).isValid());
        // fields re-ordered, Accept lines kept in order
        assertTrue(check.apply(HttpRequest.builder("GET", "/demo?name1=Value1&Name2=value2")
                .header("Accept", "application/json").header("Accept", "*/*")
                .header("Date", "Fri, 15 Jul 2022 14:24:55 GMT").header("Host", "example.org")).isValid());
        // method and authority changed: covered
        VerificationResult changed = check.apply(HttpRequest.builder("POST", "/demo?name1=Value1&Name2=value2")
                .header("Host", "example.com").header("Date", "Fri, 15 Jul 2022 14:24:55 GMT")
                .header("Accept", "application/json").header("Accept", "*/*"));
        assertEquals(Failure.SIGNATURE_MISMATCH, changed.failure().orElseThrow());
        // the two Accept lines swapped: order of same-name fields matters
        VerificationResult swapped = check.apply(HttpRequest.builder("GET", "/demo?name1=Value1&Name2=value2")
                .header("Host", "example.org").header("Date", "Fri, 15 Jul 2022 14:24:55 GMT")
                .header("Accept", "*/*").header("Accept", "application/json"));
        assertEquals(Failure.SIGNATURE_MISMATCH, swapped.failure().orElseThrow());
    }

    // ------------------------------------------------------------------ non-deterministic: verify the published values

    static Stream<Arguments> publishedRequestSignatures() throws Exception {
        PublicKey pss = Rfc9421Vectors.rsaPssPublic();
        PublicKey ecc = Rfc9421Vectors.eccPublic();
        return Stream.of(
                Arguments.of("sig-b21", Rfc9421Vectors.testRequestBuilder(), pss),
                Arguments.of("sig-b22", Rfc9421Vectors.testRequestBuilder(), pss),
                Arguments.of("sig-b23", Rfc9421Vectors.testRequestBuilder(), pss),
                Arguments.of("ttrp", Rfc9421Vectors.ttrpRequestBuilder(), ecc),
                Arguments.of("sig1", Rfc9421Vectors.testRequestBuilder(), ecc)); // §4.3 client signature (made with P-256)
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedRequestSignatures")
    void publishedRequestSignatureVerifies(String label, HttpRequest.Builder message, PublicKey key) {
        HttpRequest signed = message.header("Signature-Input", label + "=" + published("Signature-Input", label))
                .header("Signature", label + "=" + published("Signature", label)).build();
        MessageVerifier verifier = MessageVerifier.builder(key).allowWeakCoverage().ignoreClock().build();
        VerificationResult r = verifier.verify(signed, B2_CREATED);
        assertTrue(r.isValid(), r.toString());

        byte[] sig = publishedSignature(label);
        sig[sig.length / 2] ^= 1;
        HttpRequest tampered = message.removeHeader("Signature")
                .header("Signature", label + "=:" + Base64.getEncoder().encodeToString(sig) + ":").build();
        assertEquals(Failure.SIGNATURE_MISMATCH, verifier.verify(tampered, B2_CREATED).failure().orElseThrow());
    }

    @Test
    void ecdsaResponseB24VerifiesWithTheB24ContentDigest() throws Exception {
        HttpResponse signed = Rfc9421Vectors.testResponseBuilder()
                .header("Signature-Input", "sig-b24=" + published("Signature-Input", "sig-b24"))
                .header("Signature", "sig-b24=" + published("Signature", "sig-b24")).build();
        MessageVerifier verifier = MessageVerifier.builder(Rfc9421Vectors.eccPublic()).allowWeakCoverage().ignoreClock().build();
        assertTrue(verifier.verify(signed, B2_CREATED).isValid());

        // the erratum: B.2's printed test-response digest matches no body, and it is covered
        HttpResponse erratum = signed.toBuilder().removeHeader("Content-Digest")
                .header("Content-Digest", Rfc9421Vectors.CONTENT_DIGEST_RESPONSE_B2_ERRATUM).build();
        assertEquals(Failure.DIGEST_MISMATCH, verifier.verify(erratum, B2_CREATED).failure().orElseThrow());
    }

    @Test
    void pssSignaturesMadeHereMatchThePublishedParameters() throws Exception {
        MessageSigner b21 = MessageSigner.builder(Rfc9421Vectors.rsaPssKey()).label("sig-b21").components()
                .keyId("test-key-rsa-pss").nonce(() -> "b3k2pp5k7z-50gnwp.yemd").build();
        MessageSigner b22 = MessageSigner.builder(Rfc9421Vectors.rsaPssKey()).label("sig-b22")
                .components("@authority", "content-digest", "@query-param;name=\"Pet\"")
                .keyId("test-key-rsa-pss").tag("header-example").build();
        MessageVerifier verifier = MessageVerifier.builder(Rfc9421Vectors.rsaPssPublic()).allowWeakCoverage().ignoreClock().build();
        for (MessageSigner s : new MessageSigner[] {b21, b22}) {
            assertEquals(Rfc9421Algorithm.RSA_PSS_SHA512, s.algorithm());
            MessageSignature sig = s.sign(Rfc9421Vectors.testRequest(), B2_CREATED);
            assertEquals(s.label() + "=" + published("Signature-Input", s.label()), sig.signatureInputValue());
            assertTrue(verifier.verify(sig.applyTo(Rfc9421Vectors.testRequest()), B2_CREATED).isValid());
        }
    }

    @Test
    void ecdsaResponseSignedHereVerifies() throws Exception {
        MessageSigner signer = MessageSigner.builder(Rfc9421Vectors.eccKey()).label("sig-b24")
                .components("@status", "content-type", "content-digest", "content-length").keyId("test-key-ecc-p256").build();
        HttpResponse response = Rfc9421Vectors.testResponseBuilder().build();
        MessageSignature sig = signer.sign(response, B2_CREATED);
        assertEquals(Rfc9421Vectors.base("B.2.4-ecdsa-p256-response.txt"), sig.signatureBase());
        assertEquals(64, sig.signature().length, "raw r||s");
        assertTrue(MessageVerifier.builder(Rfc9421Vectors.eccPublic()).allowWeakCoverage().ignoreClock().build()
                .verify(sig.applyTo(response), B2_CREATED).isValid());
    }

    @Test
    void requestResponseSignatureOf24CoversTheRequest() throws Exception {
        MessageSigner signer = MessageSigner.builder(Rfc9421Vectors.eccKey()).label("reqres")
                .components("@status", "content-digest", "content-type", "@authority;req", "@method;req", "@path;req",
                        "content-digest;req")
                .keyId("test-key-ecc-p256").build();
        Instant created = Instant.ofEpochSecond(1618884479);
        MessageSignature sig = signer.sign(Rfc9421Vectors.reqresResponse(), Rfc9421Vectors.reqresRequest(), created);
        assertEquals(Rfc9421Vectors.base("2.4-reqres-ecdsa-a.txt"), sig.signatureBase());

        HttpResponse signed = sig.applyTo(Rfc9421Vectors.reqresResponse());
        MessageVerifier verifier = MessageVerifier.builder(Rfc9421Vectors.eccPublic()).allowWeakCoverage().build();
        assertTrue(verifier.verify(signed, Rfc9421Vectors.reqresRequest(), created).isValid());
        VerificationResult noRequest = verifier.verify(signed, created);
        assertEquals(Failure.MISSING_HEADER, noRequest.failure().orElseThrow());
        assertTrue(noRequest.message().contains("\"@authority\";req"), noRequest.message());
        HttpRequest otherPath = Rfc9421Vectors.reqresRequest().toBuilder().build();
        otherPath = HttpRequest.builder("POST", "/bar?param=Value&Pet=dog").headers(otherPath.headers())
                .body(otherPath.bodyBytesUnsafe()).build();
        assertEquals(Failure.SIGNATURE_MISMATCH, verifier.verify(signed, otherPath, created).failure().orElseThrow());
    }

    @Test
    void multipleSignaturesOf43AreSelectedByLabel() throws Exception {
        MessageSigner proxy = MessageSigner.builder(Rfc9421Vectors.rsaKey()).label("proxy_sig")
                .components("@method", "@authority", "@path", "content-digest", "content-type", "content-length", "forwarded")
                .keyId("test-key-rsa").algorithm(Rfc9421Algorithm.RSA_V1_5_SHA256).includeAlg(true)
                .expiresIn(Duration.ofSeconds(60)).build();
        Instant proxyTime = Instant.ofEpochSecond(1618884480);
        HttpRequest forwarded = Rfc9421Vectors.proxiedRequestBuilder()
                .header("Signature-Input", "sig1=" + published("Signature-Input", "sig1"))
                .header("Signature", "sig1=" + published("Signature", "sig1")).build();
        HttpRequest atOrigin = proxy.sign(forwarded, proxyTime).applyTo(forwarded);

        MessageVerifier rsa = MessageVerifier.builder(Rfc9421Vectors.rsaPublic()).allowWeakCoverage().build();
        Map<String, VerificationResult> each = rsa.verifyEach(atOrigin, proxyTime);
        assertEquals(java.util.List.of("sig1", "proxy_sig"), java.util.List.copyOf(each.keySet()));
        assertTrue(each.get("proxy_sig").isValid(), each.toString());
        assertFalse(each.get("sig1").isValid());
        assertFalse(rsa.verify(atOrigin, proxyTime).isValid(), "without a label every signature must verify");
        assertTrue(MessageVerifier.builder(Rfc9421Vectors.rsaPublic()).allowWeakCoverage().label("proxy_sig").build().verify(atOrigin, proxyTime).isValid());

        // the client's sig1 covered @authority=example.com: it no longer holds after the proxy changed Host
        VerificationResult sig1 = MessageVerifier.builder(Rfc9421Vectors.eccPublic()).allowWeakCoverage().label("sig1").ignoreClock().build()
                .verify(atOrigin, proxyTime);
        assertEquals(Failure.SIGNATURE_MISMATCH, sig1.failure().orElseThrow());

        // expires=created+60 is enforced
        VerificationResult late = MessageVerifier.builder(Rfc9421Vectors.rsaPublic()).allowWeakCoverage().label("proxy_sig").maxSkew(Duration.ZERO)
                .build().verify(atOrigin, proxyTime.plusSeconds(61));
        assertEquals(Failure.EXPIRED, late.failure().orElseThrow());
    }
}
