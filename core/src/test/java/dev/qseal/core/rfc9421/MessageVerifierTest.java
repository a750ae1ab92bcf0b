package dev.qseal.core.rfc9421;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The verifier's policy and diagnoses. */
class MessageVerifierTest {
    private static final Instant NOW = Instant.ofEpochSecond(1618884473);

    private static HttpRequest unsigned() {
        return Rfc9421Vectors.testRequestBuilder().removeHeader("Content-Digest").build();
    }

    private static HttpRequest signed(MessageSigner signer) {
        HttpRequest r = unsigned();
        return signer.sign(r, NOW).applyTo(r);
    }

    private static Failure failure(VerificationResult r) {
        return r.failure().orElseThrow(() -> new AssertionError("expected a failure, got VALID"));
    }

    @Test
    void signerGeneratesCoveredContentDigestAndDate() throws Exception {
        HttpRequest r = unsigned().toBuilder().removeHeader("Date").build();
        MessageSignature sig = MessageSigner.builder(Rfc9421Vectors.ed25519Key())
                .components("@method", "@authority", "@path", "content-digest", "date").build().sign(r, NOW);
        assertEquals("Content-Digest: " + Rfc9421Vectors.CONTENT_DIGEST_REQUEST, sig.generatedHeaders().fields().get(0).toString());
        assertEquals("Date: Tue, 20 Apr 2021 02:07:53 GMT", sig.generatedHeaders().fields().get(1).toString());
        assertTrue(MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().build().verify(sig.applyTo(r), NOW).isValid());
        dev.qseal.core.MissingComponentException missing = assertThrows(dev.qseal.core.MissingComponentException.class,
                () -> MessageSigner.builder(Rfc9421Vectors.ed25519Key()).components("x-tpp-id").build().sign(r, NOW));
        assertEquals("x-tpp-id", missing.component());
    }

    @Test
    void theKeyDecidesAnAlgParameterThatDoesNotFitIsAnAlgorithmMismatch() throws Exception {
        MessageSigner ed = MessageSigner.builder(Rfc9421Vectors.ed25519Key()).includeAlg(true).build();
        VerificationResult r = MessageVerifier.builder(Rfc9421Vectors.rsaPssPublic()).allowWeakCoverage().build().verify(signed(ed), NOW);
        assertEquals(Failure.ALGORITHM_MISMATCH, failure(r));
        assertTrue(r.message().contains("\"ed25519\" does not fit"), r.message());

        HttpRequest forged = unsigned().toBuilder()
                .header("Signature-Input", "sig1=(\"@method\");created=1618884473;alg=\"hs2019\"")
                .header("Signature", "sig1=:AAAA:").build();
        assertEquals(Failure.ALGORITHM_MISMATCH, failure(MessageVerifier.builder(Rfc9421Vectors.rsaPssPublic()).allowWeakCoverage().build().verify(forged, NOW)));

        VerificationResult notAllowed = MessageVerifier.builder(Rfc9421Vectors.rsaPublic()).allowWeakCoverage()
                .allowedAlgorithms(java.util.List.of(Rfc9421Algorithm.RSA_PSS_SHA512)).build()
                .verify(signed(MessageSigner.builder(Rfc9421Vectors.rsaKey()).algorithm(Rfc9421Algorithm.RSA_V1_5_SHA256)
                        .includeAlg(true).build()), NOW);
        assertEquals(Failure.ALGORITHM_MISMATCH, failure(notAllowed));
        assertThrows(UnsupportedAlgorithmException.class, () -> MessageSigner.builder(Rfc9421Vectors.eccKey())
                .algorithm(Rfc9421Algorithm.ED25519).build());
    }

    @Test
    void withoutAlgEveryFittingAlgorithmIsTried() throws Exception {
        HttpRequest v15 = signed(MessageSigner.builder(Rfc9421Vectors.rsaKey()).algorithm(Rfc9421Algorithm.RSA_V1_5_SHA256).build());
        HttpRequest pss = signed(MessageSigner.builder(Rfc9421Vectors.rsaKey()).build());
        MessageVerifier verifier = MessageVerifier.builder(Rfc9421Vectors.rsaPublic()).allowWeakCoverage().build();
        assertTrue(verifier.verify(v15, NOW).isValid());
        assertTrue(verifier.verify(pss, NOW).isValid());
    }

    @Test
    void requiredComponentsMustBeCovered() throws Exception {
        HttpRequest r = signed(MessageSigner.builder(Rfc9421Vectors.ed25519Key()).components("@method", "@path").build());
        VerificationResult v = MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage()
                .requireComponents("@method", "@authority", "content-digest").build().verify(r, NOW);
        assertEquals(Failure.HEADER_NOT_SIGNED, failure(v));
        assertTrue(v.message().contains("\"@authority\""), v.message());
    }

    @Test
    void aCoveredComponentMissingFromTheMessageIsNamed() throws Exception {
        HttpRequest r = signed(MessageSigner.builder(Rfc9421Vectors.ed25519Key()).components("@method", "content-type").build());
        VerificationResult v = MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().build()
                .verify(r.toBuilder().removeHeader("Content-Type").build(), NOW);
        assertEquals(Failure.MISSING_HEADER, failure(v));
        assertTrue(v.message().contains("content-type"), v.message());
    }

    @Test
    void clockSkewAndExpiryAreEnforced() throws Exception {
        MessageSigner signer = MessageSigner.builder(Rfc9421Vectors.ed25519Key()).expiresIn(Duration.ofMinutes(10)).build();
        HttpRequest r = signed(signer);
        MessageVerifier verifier = MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().maxSkew(Duration.ofSeconds(30)).build();
        assertTrue(verifier.verify(r, NOW.plusSeconds(30)).isValid());
        assertEquals(Failure.CLOCK_SKEW, failure(verifier.verify(r, NOW.minusSeconds(31))));
        assertEquals(Failure.CLOCK_SKEW, failure(verifier.verify(r, NOW.plusSeconds(31))));
        assertEquals(Failure.EXPIRED, failure(verifier.verify(r, NOW.plusSeconds(631))));
        MessageVerifier lenient = MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().ignoreClock().build();
        assertTrue(lenient.verify(r, NOW.plusSeconds(599)).isValid());
        assertEquals(Failure.EXPIRED, failure(lenient.verify(r, NOW.plusSeconds(601))));

        HttpRequest noCreated = signed(MessageSigner.builder(Rfc9421Vectors.ed25519Key()).created(false).build());
        assertTrue(verifier.verify(noCreated, NOW).isValid());
        assertEquals(Failure.CLOCK_SKEW, failure(MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().requireCreated().build()
                .verify(noCreated, NOW)));
    }

    @Test
    void aCoveredContentDigestIsCheckedAgainstTheBody() throws Exception {
        HttpRequest r = signed(MessageSigner.builder(Rfc9421Vectors.ed25519Key()).build());
        VerificationResult v = MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().build()
                .verify(r.toBuilder().body("{\"hello\": \"World\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).build(), NOW);
        assertEquals(Failure.DIGEST_MISMATCH, failure(v));
    }

    @Test
    void keyIdLabelAndMalformedHeaders() throws Exception {
        HttpRequest r = signed(MessageSigner.builder(Rfc9421Vectors.ed25519Key()).keyId("k1").label("mine").build());
        assertEquals(Failure.WRONG_KEY, failure(MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().expectKeyId("k2").build()
                .verify(r, NOW)));
        VerificationResult other = MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().label("theirs").build().verify(r, NOW);
        assertEquals(Failure.MALFORMED_SIGNATURE, failure(other));
        assertTrue(other.message().contains("mine"), other.message());
        assertEquals(Failure.MALFORMED_SIGNATURE, failure(MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().build()
                .verify(unsigned(), NOW)));
        HttpRequest garbled = unsigned().toBuilder().header("Signature-Input", "sig1=(\"@method\";created=1")
                .header("Signature", "sig1=:AAAA:").build();
        assertEquals(Failure.MALFORMED_SIGNATURE, failure(MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().build()
                .verify(garbled, NOW)));
        HttpRequest textCreated = unsigned().toBuilder().header("Signature-Input", "sig1=(\"@method\");created=\"now\"")
                .header("Signature", "sig1=:AAAA:").build();
        assertEquals(Failure.MALFORMED_SIGNATURE, failure(MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().build()
                .verify(textCreated, NOW)));
        assertThrows(dev.qseal.core.BadInputException.class, () -> MessageSigner.builder(Rfc9421Vectors.ed25519Key())
                .build().sign(r, NOW).applyTo(r.toBuilder().removeHeader("Signature-Input")
                        .header("Signature-Input", "sig1=()").build()));
    }

    @Test
    void aTrailingLfInTheSignersBaseIsDiagnosed() throws Exception {
        HttpRequest r = unsigned();
        MessageSignature good = MessageSigner.builder(Rfc9421Vectors.ed25519Key()).components("@method").build().sign(r, NOW);
        byte[] wrong = Rfc9421Vectors.ed25519Key().sign(dev.qseal.core.key.SignatureAlgorithm.ED25519,
                (good.signatureBase() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        HttpRequest sent = r.toBuilder().header("Signature-Input", good.signatureInputValue())
                .header("Signature", "sig1=:" + java.util.Base64.getEncoder().encodeToString(wrong) + ":").build();
        VerificationResult v = MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).allowWeakCoverage().build().verify(sent, NOW);
        assertEquals(Failure.SIGNATURE_MISMATCH, failure(v));
        assertTrue(v.message().contains("trailing LF"), v.message());
    }
}
