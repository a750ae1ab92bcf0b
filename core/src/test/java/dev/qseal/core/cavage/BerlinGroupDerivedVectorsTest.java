package dev.qseal.core.cavage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.TestKeys;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.testvectors.TestVectors;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Berlin-Group-style regression vectors D1/D2 of berlin-group-and-bank-profiles.txt (computed locally with
 * OpenSSL, labelled DERIVED there) with RFC 9421 B.1.1 test-key-rsa: byte-exact for rsa-sha256 and rsa-sha512.
 */
class BerlinGroupDerivedVectorsTest {
    private static final KeyPair KEY = TestKeys.rfc9421TestKeyRsa();
    private static final SigningKey SIGNING_KEY = TestKeys.signingKey("RFC 9421 test-key-rsa", KEY);
    private static final List<String> LINES = List.of(TestVectors.text(TestVectors.BERLIN_GROUP).split("\n"));

    /** The signing-string lines after the "# Dn:" comment, up to the next comment. */
    static String signingString(String id) {
        int start = indexStartingWith("# " + id + ":");
        List<String> out = new ArrayList<>();
        for (int i = start + 1; !LINES.get(i).startsWith("#"); i++) {
            out.add(LINES.get(i));
        }
        return String.join("\n", out);
    }

    static String signature(String id, String alg) {
        int start = indexStartingWith("# " + id + ":");
        for (int i = start + 1; i < LINES.size() && !LINES.get(i).startsWith("# D"); i++) {
            String prefix = "#   " + alg + " signature: ";
            if (LINES.get(i).startsWith(prefix)) {
                return LINES.get(i).substring(prefix.length()).strip();
            }
        }
        throw new AssertionError("no " + alg + " signature for " + id);
    }

    private static int indexStartingWith(String prefix) {
        for (int i = 0; i < LINES.size(); i++) {
            if (LINES.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with " + prefix);
    }

    static HttpRequest d1() {
        // GET, no body: the Digest is the empty-body digest, computed here, not copied
        return HttpRequest.builder("GET", "/v1/accounts")
                .header("X-Request-ID", "99391c7e-ad88-49ec-a2ad-99ddcb1f7721")
                .header("Digest", Digests.digestValue(new byte[0]))
                .build();
    }

    static HttpRequest d2() {
        byte[] body = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);
        return HttpRequest.builder("POST", "/v1/payments/sepa-credit-transfers")
                .header("Date", "Sun, 05 Jan 2014 21:31:40 GMT")
                .header("X-Request-ID", "99391c7e-ad88-49ec-a2ad-99ddcb1f7721")
                .header("Digest", Digests.digestValue(body))
                .header("Content-Type", "application/json")
                .body(body)
                .build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "D1, rsa-sha256, RSA_PKCS1_SHA256, digest x-request-id",
        "D1, rsa-sha512, RSA_PKCS1_SHA512, digest x-request-id",
        "D2, rsa-sha256, RSA_PKCS1_SHA256, (request-target) digest x-request-id date",
    })
    void derivedVectorIsByteExact(String id, String cavageName, String algorithm, String headers) {
        HttpRequest request = id.equals("D1") ? d1() : d2();
        SignatureAlgorithm alg = SignatureAlgorithm.fromName(algorithm).orElseThrow();
        CavageSignature sig = CavageSigner.builder(SIGNING_KEY)
                .keyId("SN=9FA1,CA=CN=D-TRUST%20CA%202-1%202015,O=D-Trust%20GmbH,C=DE")
                .algorithm(alg).headers(List.of(headers.split(" "))).build()
                .sign(request, Instant.parse("2014-01-05T21:31:40Z"));

        assertEquals(signingString(id), sig.signingString());
        assertEquals(signature(id, cavageName), sig.parameters().signature());
        assertTrue(sig.headerValue().contains("algorithm=\"" + cavageName + "\""));

        HttpRequest signed = request.withHeader(sig.headerName(), sig.headerValue());
        assertTrue(CavageVerifier.builder(KEY.getPublic()).allowWeakCoverage().ignoreClock().build().verify(signed, Instant.now()).isValid());
    }
}
