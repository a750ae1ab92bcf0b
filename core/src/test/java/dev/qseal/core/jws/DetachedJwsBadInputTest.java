package dev.qseal.core.jws;

import dev.qseal.core.jws.internal.Base64Url;
import dev.qseal.core.jws.internal.Json;
import static dev.qseal.core.jws.DetachedJwsSignerTest.NOW;
import static dev.qseal.core.jws.DetachedJwsSignerTest.ingRequest;
import static dev.qseal.core.jws.DetachedJwsVerifierTest.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Malformed JWS values give a failed result naming the problem, never an unexpected exception. */
class DetachedJwsBadInputTest {
    static VerificationResult verify(String jws) {
        return DetachedJwsVerifier.builder(JwsTestKeys.rsa().certificate().orElseThrow()).build().verify(ingRequest(), jws, NOW);
    }

    static void malformed(String jws, String words) {
        VerificationResult r = verify(jws);
        assertEquals(Failure.MALFORMED_SIGNATURE, r.failure().orElseThrow(), r.toString());
        assertTrue(r.message().contains(words), r.message());
    }

    @Test
    void wrongNumberOfParts() {
        malformed("", "has 0");
        malformed("abc", "has 1");
        malformed("abc.def", "has 2");
        malformed("a.b.c.d", "has 4");
        malformed("eyJhIjoxfQ.eyJhIjoxfQ.AAAA", "payload part");
        malformed("..AAAA", "empty protected header");
        malformed(b64("{}") + "..", "empty signature");
    }

    @Test
    void badBase64Url() {
        malformed("eyJ+IjoxfQ..AAAA", "not unpadded base64url");
        malformed(b64("{\"alg\":\"PS256\"}") + "=..AAAA", "'='");
        malformed(b64("{}") + "..AAA/", "'/'");
        malformed(b64("{}") + "..AAAAA", "impossible");
        malformed(b64("{}") + "..AB", "not canonical");
    }

    @Test
    void nonJsonHeaders() {
        malformed(b64("not json") + "..AAAA", "not a JSON object");
        malformed(b64("{\"alg\" \"PS256\"}") + "..AAAA", "not valid JSON");
        malformed(b64("[1,2]") + "..AAAA", "not a JSON object");
        malformed(b64("{\"alg\":\"PS256\",\"alg\":\"RS256\"}") + "..AAAA", "twice");
        malformed(b64("{\"alg\":\"PS256\"} x") + "..AAAA", "after the JSON object");
        malformed(b64("{\"alg\":01}") + "..AAAA", "not valid JSON");
        malformed(b64("{\"alg\":\"\\ud800\"}") + "..AAAA", "surrogate");
        malformed(b64("{\"b64\":\"false\"}") + "..AAAA", "must be a boolean");
        malformed(b64("{\"crit\":\"b64\"}") + "..AAAA", "array of strings");
        malformed(b64("{\"sigD\":[]}") + "..AAAA", "JSON object");
        malformed(Base64Url.encode(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}) + "..AAAA", "not UTF-8");
        malformed(b64("[".repeat(40)) + "..AAAA", "not a JSON object");
        malformed(b64("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}") + "..AAAA", "deeper");
    }

    @Test
    void hugeHeaderIsRefusedBeforeDecoding() {
        malformed(b64("{\"a\":\"" + "x".repeat(20_000) + "\"}") + "..AAAA", "at most");
        malformed("A".repeat(70_000) + "..AAAA", "at most");
    }

    @Test
    void unknownAlg() {
        String json = DetachedJwsVerifierTest.header().replace("PS256", "EdDSA");
        VerificationResult r = verify(b64(json) + "..AAAA");
        assertEquals(Failure.ALGORITHM_MISMATCH, r.failure().orElseThrow());
    }

    @Test
    void wrongSignatureLengthIsMalformed() {
        malformed(b64(DetachedJwsVerifierTest.header()) + "..AAAA", "exactly 256");
    }

    @Test
    void parseThrowsOnlyMalformedSignatureException() {
        assertThrows(MalformedSignatureException.class, () -> DetachedJws.parse("x"));
        assertThrows(MalformedSignatureException.class, () -> JwsHeader.parse("!!"));
        Map<String, Object> m = Json.parseObject(" {\"a\" : [ true , false , null , -1.5e-3 , \"\\u00e9\\n\" ] , \"b\":{}} ");
        assertEquals(Json.NULL, ((java.util.List<?>) m.get("a")).get(2));
        assertEquals("\u00e9\n", ((java.util.List<?>) m.get("a")).get(4));
        assertFalse(m.containsKey("c"));
    }
}
