package dev.qseal.core.jws;

import static dev.qseal.core.jws.DetachedJwsSignerTest.NOW;
import static dev.qseal.core.jws.DetachedJwsSignerTest.ingRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier's strict rules and its diagnosis of ING's troubleshooting list. */
class DetachedJwsVerifierTest {
    static final SoftwareSigningKey RSA = JwsTestKeys.rsa();

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A JWS over exactly {@code lines} with the header {@code json}, signed by {@code key} with {@code alg}. */
    static String forge(SoftwareSigningKey key, SignatureAlgorithm alg, String json, String lines) {
        String hdr = b64(json);
        byte[] sig = key.sign(alg, (hdr + "." + lines).getBytes(StandardCharsets.UTF_8));
        return hdr + ".." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    static String header() {
        return DetachedJwsSigner.builder(RSA).build().headerJson(NOW);
    }

    static String lines(HttpRequest r) {
        return "(request-target): post /oauth2/applications\ndigest: " + r.headers().first("Digest").orElseThrow()
                + "\ncontent-type: application/json";
    }

    static VerificationResult verify(HttpRequest r, String jws) {
        return DetachedJwsVerifier.builder(RSA.certificate().orElseThrow()).build().verify(r, jws, NOW);
    }

    static void assertFailure(VerificationResult r, Failure f, String... words) {
        assertFalse(r.isValid(), "expected a failure");
        assertEquals(f, r.failure().orElseThrow(), r.toString());
        for (String w : words) {
            assertTrue(r.message().contains(w), "'" + w + "' not in: " + r.message());
        }
    }

    @Test
    void forgedExactInputVerifies() {
        HttpRequest r = ingRequest();
        assertTrue(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), lines(r))).isValid());
    }

    // ING troubleshooting 1: a field in pars but not in the request
    @Test
    void headerInParsButNotInRequest() {
        HttpRequest r = ingRequest().toBuilder().removeHeader("Content-Type").build();
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), lines(ingRequest()))),
                Failure.MISSING_HEADER, "content-type", "sigD.pars");
    }

    // ING 1 (other reading): in pars, but the signer left its line out
    @Test
    void lineInParsLeftOutOfSigningInput() {
        HttpRequest r = ingRequest();
        String lines = "(request-target): post /oauth2/applications\ndigest: " + r.headers().first("Digest").orElseThrow();
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), lines)),
                Failure.SIGNATURE_MISMATCH, "'content-type' is listed in sigD.pars", "left its line out");
    }

    // ING 2: a field signed but not in pars
    @Test
    void headerSignedButNotInPars() {
        HttpRequest r = ingRequest().toBuilder().header("Date", "Tue, 19 Nov 2019 17:28:15 GMT").build();
        String lines = lines(r) + "\ndate: Tue, 19 Nov 2019 17:28:15 GMT";
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), lines)),
                Failure.SIGNATURE_MISMATCH, "'date'", "line 4", "does not list it");
    }

    // ING 3: method or path differ
    @Test
    void pathDiffersFromRequest() {
        HttpRequest r = ingRequest();
        String lines = lines(r).replace("post /oauth2/applications", "put /oauth2/applications");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), lines)),
                Failure.SIGNATURE_MISMATCH, "put /oauth2/applications", "post /oauth2/applications");
        String upper = lines(r).replace("post /oauth2", "POST /oauth2");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), upper)),
                Failure.SIGNATURE_MISMATCH, "did not lower-case the method");
        HttpRequest q = HttpRequest.builder("POST", "/oauth2/applications?x=1").headers(r.headers()).body(r.bodyBytesUnsafe()).build();
        assertFailure(verify(q, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), lines(r))),
                Failure.SIGNATURE_MISMATCH, "'(request-target): post /oauth2/applications'", "/oauth2/applications?x=1");
    }

    // ING 4: extra LF after the last line
    @Test
    void extraLineFeedAfterLastLine() {
        HttpRequest r = ingRequest();
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), lines(r) + "\n")),
                Failure.SIGNATURE_MISMATCH, "extra LF");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), lines(r).replace("\n", "\r\n"))),
                Failure.SIGNATURE_MISMATCH, "CRLF instead of LF");
    }

    // ING 5: a header value differs; for RSA the key is known right, the value is not knowable
    @Test
    void headerValueDiffers() {
        HttpRequest r = ingRequest();
        String lines = lines(r).replace("application/json", "application/json; charset=utf-8");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), lines)),
                Failure.SIGNATURE_MISMATCH, "made with this certificate's key", "cannot tell which", "'content-type: application/json'");
        SoftwareSigningKey ec = JwsTestKeys.ec(256);
        String ecHeader = DetachedJwsSigner.builder(ec).build().headerJson(NOW);
        VerificationResult er = DetachedJwsVerifier.builder(ec.certificate().orElseThrow()).build()
                .verify(r, forge(ec, SignatureAlgorithm.ECDSA_P256_SHA256_RAW, ecHeader, lines), NOW);
        assertFailure(er, Failure.SIGNATURE_MISMATCH, "cannot tell which");
    }

    // ING 6: signed with a private key that does not belong to the x5t#S256 certificate
    @Test
    void wrongPrivateKeyForTheThumbprint() {
        HttpRequest r = ingRequest();
        assertFailure(verify(r, forge(JwsTestKeys.otherRsa(), SignatureAlgorithm.RSA_PSS_SHA256, header(), lines(r))),
                Failure.WRONG_KEY, "another private key");
    }

    @Test
    void thumbprintOfAnotherCertificate() {
        HttpRequest r = ingRequest();
        String json = DetachedJwsSigner.builder(JwsTestKeys.otherRsa()).build().headerJson(NOW);
        assertFailure(verify(r, forge(JwsTestKeys.otherRsa(), SignatureAlgorithm.RSA_PSS_SHA256, json, lines(r))),
                Failure.WRONG_KEY, "x5t#S256 names the certificate");
    }

    @Test
    void paddedThumbprintIsAccepted() throws Exception {
        HttpRequest r = ingRequest();
        String x5t = DetachedJwsSignerTest.x5t(RSA);
        String json = header().replace(x5t, x5t + "=");
        assertTrue(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, json, lines(r))).isValid());
    }

    // ING 7: lines out of pars order
    @Test
    void linesOutOfParsOrder() {
        HttpRequest r = ingRequest();
        String[] l = lines(r).split("\n");
        String swapped = l[1] + "\n" + l[0] + "\n" + l[2];
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), swapped)),
                Failure.SIGNATURE_MISMATCH, "order 'digest (request-target) content-type'");
    }

    // ING 8: alg is not what was used
    @Test
    void algNotWhatWasUsed() {
        HttpRequest r = ingRequest();
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA384, header(), lines(r))),
                Failure.ALGORITHM_MISMATCH, "PS384");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PKCS1_SHA256, header(), lines(r))),
                Failure.ALGORITHM_MISMATCH, "RS256");
        // both: alg wrong and an extra LF
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PKCS1_SHA512, header(), lines(r) + "\n")),
                Failure.SIGNATURE_MISMATCH, "extra LF", "RS512");
    }

    // ING 10: sigT +/- 3 min
    @Test
    void sigTOutsideTheWindow() {
        HttpRequest r = ingRequest();
        String jws = forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), lines(r));
        DetachedJwsVerifier v = DetachedJwsVerifier.builder(RSA.certificate().orElseThrow()).maxSkew(Duration.ofMinutes(3)).build();
        assertTrue(v.verify(r, jws, NOW.plusSeconds(180)).isValid());
        assertTrue(v.verify(r, jws, NOW.minusSeconds(180)).isValid());
        assertFailure(v.verify(r, jws, NOW.plusSeconds(181)), Failure.CLOCK_SKEW, "181 s behind");
        assertFailure(v.verify(r, jws, NOW.minusSeconds(200)), Failure.CLOCK_SKEW, "ahead of");
        assertTrue(DetachedJwsVerifier.builder(RSA.certificate().orElseThrow()).maxSkew(Duration.ofMinutes(10)).build()
                .verify(r, jws, NOW.plusSeconds(500)).isValid());
        assertTrue(DetachedJwsVerifier.builder(RSA.certificate().orElseThrow()).ignoreClock().build()
                .verify(r, jws, NOW.plusSeconds(86400)).isValid());
    }

    @Test
    void bodyMustMatchTheSignedDigest() {
        HttpRequest r = ingRequest();
        String jws = forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), lines(r));
        HttpRequest tampered = r.toBuilder().body("{}".getBytes(StandardCharsets.UTF_8)).build();
        assertFailure(verify(tampered, jws), Failure.DIGEST_MISMATCH, "does not match the signed Digest");
        byte[] withLf = (DetachedJwsSignerTest.BODY + "\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest echoed = r.toBuilder().removeHeader("Digest").header("Digest", dev.qseal.core.digest.Digests.digestValue(withLf)).build();
        assertFailure(verify(echoed, jws), Failure.DIGEST_MISMATCH, "echo' without -n");
    }

    @Test
    void parsNamesInAnyCaseAreAccepted() {
        HttpRequest r = ingRequest();
        String json = header().replace("\"digest\",\"content-type\"", "\"Digest\",\"Content-Type\"");
        assertTrue(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, json, lines(r))).isValid());
    }

    @Test
    void headerNamesNotLowerCasedAreDiagnosed() {
        HttpRequest r = ingRequest();
        String lines = lines(r).replace("digest:", "Digest:").replace("content-type:", "Content-Type:");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header(), lines)),
                Failure.SIGNATURE_MISMATCH, "lower-case");
    }

    @Test
    void b64MustBeFalseAndCritical() {
        HttpRequest r = ingRequest();
        String noCrit = header().replace("\"crit\":[\"sigT\",\"sigD\",\"b64\"],", "");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, noCrit, lines(r))), Failure.MALFORMED_SIGNATURE, "crit");
        String b64NotListed = header().replace("[\"sigT\",\"sigD\",\"b64\"]", "[\"sigT\",\"sigD\"]");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, b64NotListed, lines(r))),
                Failure.MALFORMED_SIGNATURE, "\"b64\" but \"crit\" does not list it");
        String b64True = header().replace("\"b64\":false", "\"b64\":true");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, b64True, lines(r))), Failure.MALFORMED_SIGNATURE, "b64");
        String noB64 = header().replace("\"b64\":false,", "").replace(",\"b64\"]", "]");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, noB64, lines(r))), Failure.MALFORMED_SIGNATURE, "b64");
    }

    @Test
    void unknownOrRegisteredCritNamesAreRejected() {
        HttpRequest r = ingRequest();
        String unknown = header().replace("\"b64\"]", "\"b64\",\"exp\"]").replace("\"alg\":", "\"exp\":1,\"alg\":");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, unknown, lines(r))), Failure.MALFORMED_SIGNATURE, "\"exp\"", "does not implement");
        String registered = header().replace("\"b64\"]", "\"b64\",\"alg\"]");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, registered, lines(r))), Failure.MALFORMED_SIGNATURE, "RFC 7515");
        String absent = header().replace("\"b64\"]", "\"b64\",\"sigX\"]");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, absent, lines(r))), Failure.MALFORMED_SIGNATURE, "sigX");
        String dup = header().replace("\"b64\"]", "\"b64\",\"b64\"]");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, dup, lines(r))), Failure.MALFORMED_SIGNATURE, "twice");
    }

    @Test
    void unknownNonCriticalMembersAreIgnored() {
        HttpRequest r = ingRequest();
        String json = header().replace("\"alg\":", "\"typ\":\"JOSE\",\"x-extra\":{\"a\":[1,2.5e3,null,true]},\"alg\":");
        assertTrue(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, json, lines(r))).isValid());
    }

    @Test
    void algMustFitTheKeyAndBeKnown() {
        HttpRequest r = ingRequest();
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header().replace("PS256", "ES256"), lines(r))),
                Failure.ALGORITHM_MISMATCH, "EC_P256");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header().replace("PS256", "none"), lines(r))),
                Failure.ALGORITHM_MISMATCH, "\"none\"");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header().replace("PS256", "HS256"), lines(r))),
                Failure.ALGORITHM_MISMATCH, "\"HS256\"");
        DetachedJwsVerifier onlyPs = DetachedJwsVerifier.builder(RSA.certificate().orElseThrow())
                .allowedAlgorithms(List.of(SignatureAlgorithm.RSA_PSS_SHA256)).build();
        assertFailure(onlyPs.verify(r, forge(RSA, SignatureAlgorithm.RSA_PKCS1_SHA256, header().replace("PS256", "RS256"), lines(r)), NOW),
                Failure.ALGORITHM_MISMATCH, "not allowed");
    }

    @Test
    void sigDMustBeTheHttpHeadersMechanism() {
        HttpRequest r = ingRequest();
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header().replace("19182/HttpHeaders", "19182/ObjectIdByURI"), lines(r))),
                Failure.MALFORMED_SIGNATURE, "mId");
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, header().replace("\"mId\"", "\"hashM\":\"S256\",\"mId\""), lines(r))),
                Failure.MALFORMED_SIGNATURE, "hashM");
    }

    @Test
    void requiredHeadersMustBeInPars() {
        HttpRequest r = ingRequest();
        String json = header().replace("\"(request-target)\",", "");
        String lines = lines(r).substring(lines(r).indexOf('\n') + 1);
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, json, lines)), Failure.HEADER_NOT_SIGNED, "(request-target)");
        assertTrue(DetachedJwsVerifier.builder(RSA.certificate().orElseThrow()).allowWeakCoverage().build()
                .verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, json, lines), NOW).isValid());
    }

    @Test
    void x5cMustStartWithTheCertificate() {
        HttpRequest r = ingRequest();
        String good = DetachedJwsSigner.builder(RSA).includeX5c(true).build().headerJson(NOW);
        assertTrue(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, good, lines(r))).isValid());
        String other = DetachedJwsSigner.builder(JwsTestKeys.otherRsa()).includeX5c(true).build().headerJson(NOW);
        String mixed = header().replace("}", "").replace("\"alg\":\"PS256\"", "\"alg\":\"PS256\"" + other.substring(other.indexOf(",\"x5c\"")));
        assertFailure(verify(r, forge(RSA, SignatureAlgorithm.RSA_PSS_SHA256, mixed.replace("\"mId\":\"http://uri.etsi.org/19182/HttpHeaders\"", "\"mId\":\"http://uri.etsi.org/19182/HttpHeaders\"}"), lines(r))),
                Failure.WRONG_KEY, "x5c");
    }

    @Test
    void derEcdsaWhereRawIsWantedIsNamed() {
        SoftwareSigningKey ec = JwsTestKeys.ec(256);
        HttpRequest r = ingRequest();
        String json = DetachedJwsSigner.builder(ec).build().headerJson(NOW);
        String jws = forge(ec, SignatureAlgorithm.ECDSA_P256_SHA256, json, lines(r));
        VerificationResult res = DetachedJwsVerifier.builder(ec.certificate().orElseThrow()).build().verify(r, jws, NOW);
        assertFailure(res, Failure.MALFORMED_SIGNATURE, "DER", "verifies once converted");
    }

    @Test
    void missingOrDuplicatedSignatureHeader() {
        DetachedJwsVerifier v = DetachedJwsVerifier.builder(RSA.certificate().orElseThrow()).build();
        assertFailure(v.verify(ingRequest(), NOW), Failure.MALFORMED_SIGNATURE, "no x-jws-signature");
        HttpRequest twice = ingRequest().toBuilder().header("x-jws-signature", "a..b").header("X-JWS-Signature", "a..b").build();
        assertFailure(v.verify(twice, NOW), Failure.MALFORMED_SIGNATURE, "2 x-jws-signature");
    }
}
