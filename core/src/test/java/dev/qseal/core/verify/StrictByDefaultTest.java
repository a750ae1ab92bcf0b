package dev.qseal.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.RequestVerifier;
import dev.qseal.core.TestKeys;
import dev.qseal.core.cavage.CavageSignature;
import dev.qseal.core.cavage.CavageSigner;
import dev.qseal.core.cavage.CavageVerifier;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpDates;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.jws.DetachedJws;
import dev.qseal.core.jws.DetachedJwsSigner;
import dev.qseal.core.jws.DetachedJwsVerifier;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.rfc9421.MessageSigner;
import dev.qseal.core.rfc9421.MessageVerifier;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A verifier built with only a key is strict: a signature that leaves the method, target or body out
 * is refused, because it would stay valid after they change; the named opt-out accepts it.
 */
class StrictByDefaultTest {
    static final KeyPair RSA = TestKeys.generateRsa(2048);
    static final X509Certificate CERT = TestKeys.certificate(RSA, BigInteger.TEN, "CN=strict");
    static final SigningKey KEY = TestKeys.signingKey("rsa", RSA, CERT);
    static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final byte[] BODY = "{\"amount\":\"12.30\"}".getBytes(StandardCharsets.UTF_8);

    static HttpRequest request() {
        return HttpRequest.builder("POST", "/v1/payments?x=1").header("Host", "bank.example")
                .header("Date", HttpDates.rfc7231(NOW)).header("Digest", Digests.digestValue(BODY))
                .header("Content-Type", "application/json").body(BODY).build();
    }

    static final List<UnaryOperator<HttpRequest>> CHANGES = List.of(
            r -> HttpRequest.builder("DELETE", r.target()).headers(r.headers()).body(r.bodyBytesUnsafe()).build(),
            r -> HttpRequest.builder(r.method(), "/v1/other?x=1").headers(r.headers()).body(r.bodyBytesUnsafe()).build(),
            r -> HttpRequest.builder(r.method(), r.target()).headers(r.headers().without("Digest")
                    .with("Digest", Digests.digestValue("{}".getBytes(StandardCharsets.UTF_8)))).body("{}".getBytes(StandardCharsets.UTF_8)).build());

    @Test
    void aDateOnlyCavageSignatureIsRefusedUnlessWeakCoverageIsAllowed() {
        HttpRequest r = request();
        CavageSignature s = CavageSigner.builder(KEY).keyId("k").headers("date").build().sign(r, NOW);
        HttpRequest signed = r.withHeader(s.headerName(), s.headerValue());
        RequestVerifier strict = CavageVerifier.builder(RSA.getPublic()).clock(CLOCK).build();
        RequestVerifier weak = CavageVerifier.builder(RSA.getPublic()).clock(CLOCK).allowWeakCoverage().build();

        VerificationResult refused = strict.verify(signed);
        assertEquals(Failure.HEADER_NOT_SIGNED, refused.failure().orElseThrow(), refused.toString());
        assertTrue(refused.message().contains("(request-target)"), refused.message());
        assertTrue(weak.verify(signed).isValid());
        for (UnaryOperator<HttpRequest> change : CHANGES) {
            HttpRequest changed = change.apply(signed);
            assertFalse(strict.verify(changed).isValid(), changed.toString());
            // what the opt-out costs: the change goes unnoticed by the signature (the body change is caught by the digest only)
            assertTrue(weak.verify(changed).isValid() || weak.verify(changed).failure().get() == Failure.DIGEST_MISMATCH);
        }
    }

    @Test
    void aCavageSignatureCoveringTargetButNotTheBodyDigestIsRefused() {
        HttpRequest r = request();
        CavageSignature s = CavageSigner.builder(KEY).keyId("k").headers("(request-target)", "date").build().sign(r, NOW);
        VerificationResult v = CavageVerifier.builder(RSA.getPublic()).clock(CLOCK).build().verify(r.withHeader(s.headerName(), s.headerValue()));
        assertEquals(Failure.HEADER_NOT_SIGNED, v.failure().orElseThrow(), v.toString());
        assertTrue(v.message().contains("digest"), v.message());
    }

    @Test
    void aCavageSignatureOverTargetDateAndDigestVerifiesAndAnyChangeIsCaught() {
        HttpRequest r = request();
        CavageSignature s = CavageSigner.builder(KEY).keyId("k").headers("(request-target)", "date", "digest").build().sign(r, NOW);
        HttpRequest signed = r.withHeader(s.headerName(), s.headerValue());
        RequestVerifier strict = CavageVerifier.builder(RSA.getPublic()).clock(CLOCK).build();
        assertTrue(strict.verify(signed).isValid());
        for (UnaryOperator<HttpRequest> change : CHANGES) {
            assertFalse(strict.verify(change.apply(signed)).isValid());
        }
        HttpRequest noDigest = HttpRequest.builder("POST", "/v1/payments?x=1").headers(signed.headers().without("Digest")).body(BODY).build();
        assertFalse(strict.verify(noDigest).isValid());
    }

    @Test
    void anEmptyRfc9421ComponentListIsRefusedUnlessWeakCoverageIsAllowed() {
        HttpRequest r = request();
        HttpRequest signed = MessageSigner.builder(KEY).components(List.of()).clock(CLOCK).build().sign(r).request();
        RequestVerifier strict = MessageVerifier.builder(RSA.getPublic()).clock(CLOCK).build();
        RequestVerifier weak = MessageVerifier.builder(RSA.getPublic()).clock(CLOCK).allowWeakCoverage().build();
        assertTrue(signed.headers().first("Signature-Input").orElseThrow().startsWith("sig1=();created="));

        VerificationResult refused = strict.verify(signed);
        assertEquals(Failure.HEADER_NOT_SIGNED, refused.failure().orElseThrow(), refused.toString());
        assertTrue(weak.verify(signed).isValid());
        for (UnaryOperator<HttpRequest> change : CHANGES) {
            HttpRequest changed = change.apply(signed);
            assertFalse(strict.verify(changed).isValid(), changed.toString());
            assertTrue(weak.verify(changed).isValid(), "the opt-out accepts a () signature on any message: " + changed);
        }
    }

    @Test
    void rfc9421NeedsMethodPathQueryAndContentDigestByDefault() {
        HttpRequest r = request();
        RequestVerifier strict = MessageVerifier.builder(RSA.getPublic()).clock(CLOCK).build();
        HttpRequest noQuery = MessageSigner.builder(KEY).components("@method", "@path", "content-digest").clock(CLOCK).build().sign(r).request();
        VerificationResult v = strict.verify(noQuery);
        assertEquals(Failure.HEADER_NOT_SIGNED, v.failure().orElseThrow());
        assertTrue(v.message().contains("@query"), v.message());
        HttpRequest full = MessageSigner.builder(KEY).components("@method", "@path", "@query", "content-digest").clock(CLOCK).build()
                .sign(r).request();
        assertTrue(strict.verify(full).isValid());
        HttpRequest targetUri = MessageSigner.builder(KEY).components("@method", "@target-uri", "content-digest").clock(CLOCK).build()
                .sign(r).request();
        assertTrue(strict.verify(targetUri).isValid());
        for (UnaryOperator<HttpRequest> change : CHANGES) {
            assertFalse(strict.verify(change.apply(full)).isValid());
        }
    }

    @Test
    void aJwsWithoutRequestTargetInParsIsRefusedUnlessWeakCoverageIsAllowed() {
        HttpRequest r = request();
        DetachedJws jws = DetachedJwsSigner.builder(KEY).signedHeaders(List.of("digest", "content-type")).build().sign(r, NOW);
        HttpRequest signed = r.withHeader(DetachedJws.HEADER, jws.compact());
        VerificationResult refused = DetachedJwsVerifier.builder(CERT).clock(CLOCK).build().verify(signed);
        assertEquals(Failure.HEADER_NOT_SIGNED, refused.failure().orElseThrow(), refused.toString());
        assertTrue(DetachedJwsVerifier.builder(CERT).clock(CLOCK).allowWeakCoverage().build().verify(signed).isValid());
    }

    @Test
    void noBodyChecksTheSignatureAndSaysTheDigestWasNotChecked() {
        HttpRequest r = request();
        CavageSignature s = CavageSigner.builder(KEY).keyId("k").headers("(request-target)", "date", "digest").build().sign(r, NOW);
        HttpRequest recorded = HttpRequest.builder(r.method(), r.target()).headers(r.headers()).build().withHeader(s.headerName(), s.headerValue());
        VerificationResult strict = CavageVerifier.builder(RSA.getPublic()).clock(CLOCK).build().verify(recorded);
        assertEquals(Failure.DIGEST_MISMATCH, strict.failure().orElseThrow(), "without the body the digest is of the empty body");
        VerificationResult noBody = CavageVerifier.builder(RSA.getPublic()).clock(CLOCK).noBody().build().verify(recorded);
        assertTrue(noBody.isValid(), noBody.toString());
        assertTrue(noBody.digestNotChecked());
        assertTrue(noBody.message().contains("digest not checked"), noBody.message());
        HttpRequest otherTarget = HttpRequest.builder("POST", "/v1/other").headers(recorded.headers()).build();
        assertFalse(CavageVerifier.builder(RSA.getPublic()).clock(CLOCK).noBody().build().verify(otherTarget).isValid());

        HttpRequest rfc = MessageSigner.builder(KEY).components("@method", "@path", "@query", "content-digest").clock(CLOCK).build()
                .sign(r).request();
        HttpRequest rfcRecorded = HttpRequest.builder(rfc.method(), rfc.target()).headers(rfc.headers()).build();
        VerificationResult rfcNoBody = MessageVerifier.builder(RSA.getPublic()).clock(CLOCK).noBody().build().verify(rfcRecorded);
        assertTrue(rfcNoBody.isValid() && rfcNoBody.digestNotChecked(), rfcNoBody.toString());
    }

    @Test
    void oneDefaultSkewForEveryFormat() {
        assertEquals(300, RequestVerifier.DEFAULT_MAX_SKEW.getSeconds());
        HttpRequest r = request();
        CavageSignature s = CavageSigner.builder(KEY).keyId("k").headers("(request-target)", "date", "digest").build().sign(r, NOW);
        HttpRequest cavage = r.withHeader(s.headerName(), s.headerValue());
        HttpRequest jws = r.withHeader(DetachedJws.HEADER, DetachedJwsSigner.builder(KEY).build().sign(r, NOW).compact());
        HttpRequest rfc = MessageSigner.builder(KEY).components("@method", "@target-uri", "content-digest").clock(CLOCK).build().sign(r).request();
        for (int seconds : new int[] {300, 301}) {
            Clock later = Clock.offset(CLOCK, java.time.Duration.ofSeconds(seconds));
            boolean expected = seconds <= 300;
            assertEquals(expected, CavageVerifier.builder(RSA.getPublic()).clock(later).build().verify(cavage).isValid());
            assertEquals(expected, DetachedJwsVerifier.builder(CERT).clock(later).build().verify(jws).isValid());
            assertEquals(expected, MessageVerifier.builder(RSA.getPublic()).clock(later).build().verify(rfc).isValid());
        }
    }
}
