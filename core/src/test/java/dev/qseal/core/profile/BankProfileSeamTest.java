package dev.qseal.core.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.RequestSigner;
import dev.qseal.core.RequestVerifier;
import dev.qseal.core.SignatureFormat;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.TestKeys;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An adapter written against {@link RequestSigner} / {@link SignedRequest} / {@link RequestVerifier} alone
 * works for every format: the same request sealed through ing, ing-jws and the RFC 9421 profile, each
 * checked with its profile's own verifier.
 */
class BankProfileSeamTest {
    static final KeyPair RSA = TestKeys.generateRsa(2048);
    static final X509Certificate CERT = TestKeys.certificate(RSA, new BigInteger("1A2B3C", 16), "CN=qseal test QSeal,O=qseal,C=BE");
    static final SigningKey KEY = TestKeys.signingKey("rsa+cert", RSA, CERT);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T09:05:07Z"), ZoneOffset.UTC);

    static HttpRequest request() {
        return HttpRequest.builder("POST", "/oauth2/applications?client=1")
                .header("Host", "api.sandbox.ing.com")
                .header("Content-Type", "application/json")
                .body("{\"name\":\"qseal\"}".getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** What an HTTP adapter does: copy the added headers onto its own request, in order. */
    static HttpRequest adapterSends(HttpRequest original, SignedRequest signed) {
        HttpRequest.Builder b = original.toBuilder();
        for (Headers.Field f : signed.addedHeaders()) {
            b.header(f.name(), f.value());
        }
        return b.build();
    }

    @Test
    void oneAdapterSealsAndVerifiesThroughEveryFormat() {
        Map<BankProfile, SignatureFormat> profiles = Map.of(BankProfiles.ING, SignatureFormat.CAVAGE,
                BankProfiles.ING_JWS, SignatureFormat.DETACHED_JWS, BankProfiles.RFC9421_DEFAULT, SignatureFormat.RFC_9421);
        for (Map.Entry<BankProfile, SignatureFormat> e : profiles.entrySet()) {
            BankProfile profile = e.getKey();
            RequestSigner signer = profile.signer(KEY).clock(CLOCK).build();
            RequestVerifier verifier = profile.verifier(CERT).clock(CLOCK).build();
            HttpRequest original = request();
            SignedRequest signed = signer.sign(original);

            assertEquals(e.getValue(), signed.format(), profile.name());
            List<Headers.Field> added = new ArrayList<>(signed.generatedHeaders());
            added.addAll(signed.signatureHeaders());
            assertEquals(added.toString(), signed.addedHeaders().toString(), profile.name());
            HttpRequest sent = adapterSends(original, signed);
            assertEquals(signed.request().headers().toString(), sent.headers().toString(), profile.name());

            VerificationResult ok = verifier.verify(sent);
            assertTrue(ok.isValid(), profile.name() + ": " + ok);
            VerificationResult async = verifier.verify(adapterSends(original, signer.signAsync(original).join()));
            assertTrue(async.isValid(), profile.name() + " (async): " + async);

            HttpRequest otherBody = sent.toBuilder().body("{\"name\":\"mallory\"}".getBytes(StandardCharsets.UTF_8)).build();
            assertEquals(Failure.DIGEST_MISMATCH, verifier.verify(otherBody).failure().orElseThrow(), profile.name());
            HttpRequest otherPath = HttpRequest.builder("POST", "/oauth2/applications?client=2").headers(sent.headers())
                    .body(sent.bodyBytesUnsafe()).build();
            assertFalse(verifier.verify(otherPath).isValid(), profile.name());
        }
    }

    @Test
    void theProfileVerifierEnforcesTheBanksSkew() {
        SignedRequest signed = BankProfiles.ING.signer(KEY).clock(CLOCK).build().sign(request());
        Clock fourMinutesLater = Clock.offset(CLOCK, Duration.ofMinutes(4));
        VerificationResult late = BankProfiles.ING.verifier(CERT).clock(fourMinutesLater).build().verify(signed.request());
        assertEquals(Failure.CLOCK_SKEW, late.failure().orElseThrow(), late.toString());
        assertTrue(BankProfiles.ING.verifier(CERT).clock(fourMinutesLater).maxSkew(Duration.ofMinutes(5)).build()
                .verify(signed.request()).isValid());
    }

    @Test
    void everyBuiltInSignsWhatItsOwnVerifierAccepts() {
        for (BankProfile profile : BankProfiles.all().values()) {
            HttpRequest r = request().toBuilder().header("Client-Id", "client-1").build();
            SignedRequest signed = profile.signer(KEY).keyId(profile.name().equals("ing") || profile.name().equals("berlin-group")
                    || profile.format() != SignatureFormat.CAVAGE ? null : "tpp-1").clock(CLOCK).build().sign(r);
            VerificationResult result = profile.verifier(CERT).clock(CLOCK).build().verify(signed.request());
            assertTrue(result.isValid(), profile.name() + ": " + result);
        }
    }

    @Test
    void theTableHasEveryBuiltInByName() {
        assertTrue(BankProfiles.all().keySet().containsAll(
                List.of("ing", "ing-client", "ing-jws", "belfius", "becm", "berlin-group", "cavage-default", "rfc9421")));
        assertEquals(BankProfiles.ING_JWS, BankProfiles.named(" ING-JWS "));
        assertThrows(BadInputException.class, () -> BankProfiles.named("nope"));
    }

    @Test
    void aProfileWhoseSignerCannotMeetItsOwnPolicyIsRefused() {
        assertThrows(BadInputException.class, () -> BankProfiles.ING.toBuilder()
                .verification(VerificationPolicy.builder().required("(request-target)", "x-request-id").build()).build());
    }
}
