package dev.qseal.core.jws;

import static dev.qseal.core.jws.DetachedJwsSignerTest.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.Limits;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A failing JWS costs bounded work whatever the attacker puts in it: {@code sigD.pars} has a count
 * limit, and the diagnosis of a mismatch a fixed budget. Work is counted (signing inputs tried,
 * characters hashed), never timed.
 */
class DetachedJwsVerifierBudgetTest {

    /** A request with {@code signed} headers x-h0.. (plus Digest) and 40 unsigned ones, each {@code valueLength} long. */
    private static HttpRequest wideRequest(int signed, int valueLength) {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.builder("POST", "/a/b?c=d").header("Digest", Digests.digestValue(body)).body(body);
        String value = "v".repeat(valueLength);
        for (int i = 0; i < signed; i++) {
            b.header("X-H" + i, value);
        }
        for (int i = 0; i < 40; i++) {
            b.header("X-Unsigned" + i, value);
        }
        return b.build();
    }

    private static List<String> pars(int n) {
        List<String> pars = new ArrayList<>(List.of("(request-target)", "digest"));
        for (int i = 0; pars.size() < n; i++) {
            pars.add("x-h" + i);
        }
        return pars;
    }

    /** A JWS with correct x5t#S256 and pars, whose signature is {@code sig} (the attacker's free choice). */
    private static DetachedJws jws(SoftwareSigningKey key, SignatureAlgorithm alg, List<String> pars, byte[] sig) {
        String json = DetachedJwsSigner.builder(key).algorithm(alg).signedHeaders(pars).build().headerJson(NOW);
        String compact = DetachedJwsVerifierTest.b64(json) + ".." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        return DetachedJws.parse(compact);
    }

    private static void assertBounded(DiagnosisBudget budget) {
        assertTrue(budget.attempts() <= Limits.DIAGNOSIS_CANDIDATES + 1,
                "signing inputs tried: " + budget.attempts() + ", budget " + Limits.DIAGNOSIS_CANDIDATES);
        assertTrue(budget.candidates() <= Limits.DIAGNOSIS_CANDIDATES, "candidates: " + budget.candidates());
        // the exact input once, plus the candidates' budget
        assertTrue(budget.bytesTried() <= 2L * Limits.DIAGNOSIS_BYTES, "characters hashed: " + budget.bytesTried());
    }

    @Test
    void worstCaseRsaMismatchTriesAtMostTheBudget() {
        SoftwareSigningKey key = JwsTestKeys.rsa();
        List<String> pars = pars(Limits.JWS_PARS);
        HttpRequest request = wideRequest(Limits.JWS_PARS, 20);
        // made with this very key, over other content: the diagnosis cannot stop at "another key"
        byte[] sig = key.sign(SignatureAlgorithm.RSA_PSS_SHA256, "something else".getBytes(StandardCharsets.UTF_8));
        DiagnosisBudget budget = new DiagnosisBudget();
        VerificationResult r = DetachedJwsVerifier.builder(key.certificate().orElseThrow()).build()
                .verify(request, jws(key, SignatureAlgorithm.RSA_PSS_SHA256, pars, sig), NOW, budget);
        assertEquals(Failure.SIGNATURE_MISMATCH, r.failure().orElseThrow(), r.message());
        assertBounded(budget);
        assertTrue(budget.attempts() > 1, "the diagnosis still runs");
    }

    @Test
    void worstCaseEcdsaRandomSignatureTriesAtMostTheBudget() {
        SoftwareSigningKey key = JwsTestKeys.ec(256);
        byte[] sig = new byte[64];
        new Random(8).nextBytes(sig);
        DiagnosisBudget budget = new DiagnosisBudget();
        VerificationResult r = DetachedJwsVerifier.builder(key.certificate().orElseThrow()).build()
                .verify(wideRequest(Limits.JWS_PARS, 20), jws(key, SignatureAlgorithm.ECDSA_P256_SHA256_RAW, pars(Limits.JWS_PARS), sig), NOW, budget);
        assertEquals(Failure.SIGNATURE_MISMATCH, r.failure().orElseThrow(), r.message());
        assertBounded(budget);
    }

    @Test
    void longHeaderValuesSpendTheByteBudgetNotMore() {
        SoftwareSigningKey key = JwsTestKeys.ec(256);
        byte[] sig = new byte[64];
        new Random(9).nextBytes(sig);
        DiagnosisBudget budget = new DiagnosisBudget();
        // 64 lines of 8 KiB: every candidate is ~512 KiB, so the byte budget admits one or two
        DetachedJwsVerifier.builder(key.certificate().orElseThrow()).build()
                .verify(wideRequest(Limits.JWS_PARS, 8 * 1024), jws(key, SignatureAlgorithm.ECDSA_P256_SHA256_RAW, pars(Limits.JWS_PARS), sig), NOW, budget);
        assertBounded(budget);
        assertTrue(budget.candidates() <= 2, "candidates: " + budget.candidates());
    }

    @Test
    void parsBeyondTheLimitAreRefusedBeforeAnyWork() {
        SoftwareSigningKey key = JwsTestKeys.ec(256);
        DiagnosisBudget budget = new DiagnosisBudget();
        // qseal's signer refuses to write such a header, so add the 65th name by hand
        String json = DetachedJwsSigner.builder(key).signedHeaders(pars(Limits.JWS_PARS)).build().headerJson(NOW)
                .replace("\"x-h61\"]", "\"x-h61\",\"x-h62\"]");
        assertTrue(json.contains("x-h62"), json);
        DetachedJws jws = DetachedJws.parse(DetachedJwsVerifierTest.b64(json) + ".." + "A".repeat(86));
        VerificationResult r = DetachedJwsVerifier.builder(key.certificate().orElseThrow()).build()
                .verify(wideRequest(Limits.JWS_PARS + 1, 1), jws, NOW, budget);
        assertEquals(Failure.MALFORMED_SIGNATURE, r.failure().orElseThrow(), r.message());
        assertTrue(r.message().contains("at most " + Limits.JWS_PARS), r.message());
        assertEquals(0, budget.attempts());
    }

    @Test
    void withoutDiagnosisAMismatchCostsOneVerification() {
        SoftwareSigningKey key = JwsTestKeys.ec(256);
        byte[] sig = new byte[64];
        new Random(10).nextBytes(sig);
        DiagnosisBudget budget = new DiagnosisBudget();
        VerificationResult r = DetachedJwsVerifier.builder(key.certificate().orElseThrow()).withoutDiagnosis().build()
                .verify(wideRequest(5, 10), jws(key, SignatureAlgorithm.ECDSA_P256_SHA256_RAW, pars(5), sig), NOW, budget);
        assertFalse(r.isValid());
        assertEquals(0, budget.attempts());
    }

    @Test
    void whitespaceDigestHintIsNotTriedOnLargeBodies() {
        SoftwareSigningKey key = JwsTestKeys.rsa();
        byte[] body = new byte[Limits.DIGEST_HINT_BODY_BYTES + 2];
        Arrays.fill(body, (byte) ' ');
        body[0] = 'a';
        body[body.length - 1] = 'b';
        // the classic mistake: the digest of "a b" (whitespace collapsed)
        String digest = Digests.digestValue("a b".getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.builder("POST", "/").header("Digest", digest).body(body).build();
        String json = DetachedJwsSigner.builder(key).signedHeaders("(request-target)", "digest").build().headerJson(NOW);
        byte[] sig = key.sign(SignatureAlgorithm.RSA_PSS_SHA256, "x".getBytes(StandardCharsets.UTF_8));
        VerificationResult r = DetachedJwsVerifier.builder(key.certificate().orElseThrow()).build().verify(request,
                DetachedJwsVerifierTest.b64(json) + ".." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig), NOW);
        assertEquals(Failure.DIGEST_MISMATCH, r.failure().orElseThrow());
        assertFalse(r.message().contains("whitespace collapsed"), r.message());
        // a small body still gets the hint
        HttpRequest small = HttpRequest.builder("POST", "/").header("Digest", digest).body("a   b".getBytes(StandardCharsets.UTF_8)).build();
        VerificationResult s = DetachedJwsVerifier.builder(key.certificate().orElseThrow()).build().verify(small,
                DetachedJwsVerifierTest.b64(json) + ".." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig), NOW);
        assertTrue(s.message().contains("whitespace collapsed"), s.message());
    }
}
