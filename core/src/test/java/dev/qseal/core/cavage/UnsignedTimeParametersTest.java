package dev.qseal.core.cavage;

import static dev.qseal.core.cavage.CavageVerifierDiagnosisTest.NOW;
import static dev.qseal.core.cavage.CavageVerifierDiagnosisTest.RSA;
import static dev.qseal.core.cavage.CavageVerifierDiagnosisTest.RSA_KEY;
import static dev.qseal.core.cavage.CavageVerifierDiagnosisTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * hs2019 {@code created}/{@code expires}: the signer signs them whenever it emits them, and the verifier
 * counts only signed ones, so editing or deleting an unsigned one cannot change the verdict.
 */
class UnsignedTimeParametersTest {
    private static final CavageVerifier VERIFIER = CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().build();
    // the requests carry a body but these tests isolate created/expires: coverage is not their subject
    /** Date not compared with the clock (expires still is): isolates expires from the Date check. */
    private static final CavageVerifier NO_SKEW = CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().ignoreClock().build();

    @Test
    void aValidityIsAlwaysSigned() {
        HttpRequest r = request(NOW);
        CavageSignature s = CavageSigner.builder(RSA_KEY).keyId("k").algorithmName("hs2019")
                .headers("(request-target)", "date").validity(Duration.ofSeconds(60)).build().sign(r, NOW);
        assertEquals(java.util.List.of("(request-target)", "date", "(created)", "(expires)"), s.parameters().headers());
        assertTrue(s.headerValue().contains("headers=\"(request-target) date (created) (expires)\""), s.headerValue());
        HttpRequest signed = r.withHeader(s.headerName(), s.headerValue());
        assertTrue(VERIFIER.verify(signed, NOW.plusSeconds(30)).isValid());
        // past the signed expiry: refused, and editing expires breaks the signature
        assertEquals(Failure.EXPIRED, NO_SKEW.verify(signed, NOW.plusSeconds(400)).failure().orElseThrow());
        String later = s.headerValue().replace("expires=" + (NOW.getEpochSecond() + 60), "expires=" + (NOW.getEpochSecond() + 99999));
        VerificationResult edited = NO_SKEW.verify(r.withHeader(s.headerName(), later), NOW.plusSeconds(400));
        assertEquals(Failure.SIGNATURE_MISMATCH, edited.failure().orElseThrow(), edited.message());
    }

    @Test
    void aValidityWithANonHs2019AlgorithmIsRefused() {
        assertThrows(BadInputException.class, () -> CavageSigner.builder(RSA_KEY).keyId("k").algorithmName("rsa-sha256")
                .headers("(request-target)", "date").validity(Duration.ofSeconds(60)).build());
    }

    /** The signature covers (request-target) date only; an attacker adds/edits/removes expires and created. */
    @Test
    void unsignedExpiresAndCreatedDoNotChangeTheVerdict() {
        HttpRequest r = request(NOW);
        CavageSignature s = CavageSigner.builder(RSA_KEY).keyId("k").algorithmName("hs2019")
                .headers("(request-target)", "date").build().sign(r, NOW);
        String value = s.headerValue();
        assertTrue(VERIFIER.verify(r.withHeader(s.headerName(), value), NOW).isValid());
        // an unsigned expires in the past (the attacker's or a proxy's) must not make it fail ...
        String expired = value.replace("algorithm=\"hs2019\",", "algorithm=\"hs2019\",created=1,expires=2,");
        assertTrue(expired.contains("expires=2"), expired);
        VerificationResult r1 = VERIFIER.verify(r.withHeader(s.headerName(), expired), NOW);
        assertTrue(r1.isValid(), r1.toString());
        // ... and a created far in the future neither
        String future = value.replace("algorithm=\"hs2019\",", "algorithm=\"hs2019\",created=99999999999,");
        assertTrue(VERIFIER.verify(r.withHeader(s.headerName(), future), NOW).isValid());
    }

    @Test
    void anUnsignedExpiresCannotExtendAnExpiredSignature() {
        // a signer (not qseal) that emits expires without signing it: the verifier ignores it either way,
        // so the Date header alone decides, and a failure names the ignored parameter
        HttpRequest r = request(NOW);
        CavageSignature s = CavageSigner.builder(RSA_KEY).keyId("k").algorithmName("hs2019")
                .headers("(request-target)", "date").build().sign(r, NOW);
        String withExpires = s.headerValue().replace("algorithm=\"hs2019\",", "algorithm=\"hs2019\",expires=" + (NOW.getEpochSecond() + 999999) + ",");
        VerificationResult late = VERIFIER.verify(r.withHeader(s.headerName(), withExpires), NOW.plus(Duration.ofHours(2)));
        assertEquals(Failure.CLOCK_SKEW, late.failure().orElseThrow(), late.message());
        assertTrue(late.message().contains("expires parameter is not covered"), late.message());
    }
}
