package dev.qseal.core.cavage;

import dev.qseal.core.Fips;
import dev.qseal.core.cavage.internal.SigningString;
import static dev.qseal.testvectors.TestVectors.CAVAGE_DRAFT10;
import static dev.qseal.testvectors.TestVectors.section;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.TestKeys;
import dev.qseal.core.TestRequests;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.verify.VerificationResult;
import dev.qseal.testvectors.TestVectors;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * draft-cavage-http-signatures-10 Appendix C "Test Values", byte-exact (RSASSA-PKCS1-v1_5 is deterministic),
 * and the §2.3 canonicalisation example. All expected values come from the vector file.
 */
class CavageDraft10AppendixCTest {
    private static final KeyPair KEY = TestKeys.cavageTestKey();
    private static final SigningKey SIGNING_KEY = TestKeys.signingKey("cavage Appendix C key", KEY);
    /** The Date of the Appendix C request, as the verifier's "now". */
    private static final Instant NOW = Instant.parse("2014-01-05T21:31:40Z");

    static HttpRequest request() {
        return TestRequests.parse(section(CAVAGE_DRAFT10, "Request used by all examples"));
    }

    /** A header as printed, line breaks being presentation only: lines joined with nothing, name dropped. */
    static String unwrap(String printed, String name) {
        String joined = String.join("", printed.split("\n"));
        assertTrue(joined.startsWith(name + ": "), joined);
        return joined.substring(name.length() + 2);
    }

    @Test
    void publishedKeyMatchesThePublishedPublicKey() {
        PublicKey published = TestKeys.publicKey(TestVectors.pemBlock(CAVAGE_DRAFT10, "PUBLIC KEY"));
        assertTrue(Arrays.equals(published.getEncoded(), KEY.getPublic().getEncoded()));
    }

    @Test
    void requestBodyMatchesItsPublishedDigest() {
        HttpRequest r = request();
        assertEquals(18, r.bodyBytesUnsafe().length);
        assertEquals(r.headers().first("Digest").orElseThrow(),
                dev.qseal.core.digest.Digests.digestValue(r.bodyBytesUnsafe()));
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void c1DefaultTestSignsDateOnlyWithoutHeadersParameter(Carrier carrier) {
        CavageSigner signer = CavageSigner.builder(SIGNING_KEY).keyId("Test").carrier(carrier).build();
        if (Fips.refused(() -> signer.sign(request(), NOW))) {
            return; // the Appendix C key has 1024 bits; verifierAcceptsEveryPublishedHeader still checks the vectors
        }
        CavageSignature sig = signer.sign(request(), NOW);

        assertEquals(section(CAVAGE_DRAFT10, "C.1 Default Test", "signing string"), sig.signingString());
        assertEquals(section(CAVAGE_DRAFT10, "C.1 Default Test", "signature value, joined"), sig.parameters().signature());
        String printed = carrier == Carrier.SIGNATURE
                ? section(CAVAGE_DRAFT10, "C.1 Default Test", "Signature header")
                : section(CAVAGE_DRAFT10, "C.1 Default Test", "Authorization header (as printed; line breaks are presentation only)");
        assertEquals(unwrap(printed, carrier.headerName()), sig.headerValue());
        assertEquals(carrier.headerName(), sig.headerName());
        // the exact form the brief names, spelled out once
        assertTrue(sig.parameters().format().startsWith("keyId=\"Test\",algorithm=\"rsa-sha256\",signature=\"SjWJ"));
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void c2BasicTestSigningStringAndSignature(Carrier carrier) {
        CavageSigner signer = CavageSigner.builder(SIGNING_KEY).keyId("Test").carrier(carrier)
                .headers("(request-target)", "host", "date").build();
        if (Fips.refused(() -> signer.sign(request(), NOW))) {
            return;
        }
        CavageSignature sig = signer.sign(request(), NOW);

        assertEquals(section(CAVAGE_DRAFT10, "C.2 Basic Test", "signing string"), sig.signingString());
        String value = section(CAVAGE_DRAFT10, "C.2 Basic Test", "signature value, joined");
        assertEquals(value, sig.parameters().signature());
        assertEquals(carrier.headerValue("keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\","
                + "signature=\"" + value + "\""), sig.headerValue());
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void c3AllHeadersTestSigningStringAndHeader(Carrier carrier) {
        CavageSigner signer = CavageSigner.builder(SIGNING_KEY).keyId("Test").carrier(carrier)
                .headers("(request-target)", "host", "date", "content-type", "digest", "content-length").build();
        if (Fips.refused(() -> signer.sign(request(), NOW))) {
            return;
        }
        CavageSignature sig = signer.sign(request(), NOW);

        assertEquals(section(CAVAGE_DRAFT10, "C.3 All Headers Test", "signing string"), sig.signingString());
        assertEquals(section(CAVAGE_DRAFT10, "C.3 All Headers Test", "signature value, joined"), sig.parameters().signature());
        String printed = carrier == Carrier.SIGNATURE
                ? section(CAVAGE_DRAFT10, "C.3 All Headers Test", "Signature header")
                : section(CAVAGE_DRAFT10, "C.3 All Headers Test", "Authorization header");
        assertEquals(unwrap(printed, carrier.headerName()), sig.headerValue());
    }

    static List<String[]> publishedHeaders() {
        return List.of(
                new String[] {"Signature", section(CAVAGE_DRAFT10, "C.1 Default Test", "Signature header")},
                new String[] {"Authorization", section(CAVAGE_DRAFT10, "C.1 Default Test",
                        "Authorization header (as printed; line breaks are presentation only)")},
                // C.2 only exists in the Authorization form, with ", signature=" (comma + space)
                new String[] {"Authorization", section(CAVAGE_DRAFT10, "C.2 Basic Test", "Authorization header (as printed in -10)")},
                new String[] {"Signature", section(CAVAGE_DRAFT10, "C.3 All Headers Test", "Signature header")},
                new String[] {"Authorization", section(CAVAGE_DRAFT10, "C.3 All Headers Test", "Authorization header")});
    }

    @Test
    void verifierAcceptsEveryPublishedHeader() {
        CavageVerifier verifier = CavageVerifier.builder(KEY.getPublic()).allowWeakCoverage().build();
        List<String> failures = publishedHeaders().stream().map(h -> {
            HttpRequest r = request().withHeader(h[0], unwrap(h[1], h[0]));
            VerificationResult result = verifier.verify(r, NOW);
            return result.isValid() ? null : h[0] + " " + h[1] + " -> " + result;
        }).filter(s -> s != null).collect(Collectors.toList());
        assertEquals(List.of(), failures);
    }

    @Test
    void publishedC2ParametersParseDespiteCommaSpace() {
        String value = unwrap(section(CAVAGE_DRAFT10, "C.2 Basic Test", "Authorization header (as printed in -10)"), "Authorization");
        assertTrue(value.contains("\", signature=\""), "the vector keeps its comma-space");
        SignatureParameters p = SignatureParameters.parse(value);
        assertEquals("Test", p.keyId());
        assertEquals(List.of("(request-target)", "host", "date"), p.headers());
        assertEquals(section(CAVAGE_DRAFT10, "C.2 Basic Test", "signature value, joined"), p.signature());
    }

    @Test
    void publishedSignatureFailsWhenOneSignedValueChanges() {
        String header = unwrap(section(CAVAGE_DRAFT10, "C.3 All Headers Test", "Signature header"), "Signature");
        HttpRequest r = request().toBuilder().removeHeader("Host").header("Host", "example.org").build().withHeader("Signature", header);
        VerificationResult result = CavageVerifier.builder(KEY.getPublic()).allowWeakCoverage().build().verify(r, NOW);
        assertEquals(dev.qseal.core.verify.Failure.SIGNATURE_MISMATCH, result.failure().orElseThrow());
    }

    @Test
    void section23CanonicalisationCollapsesObsFoldAndJoinsRepeatedHeaders() {
        List<String> lines = List.of(section(CAVAGE_DRAFT10, "Section 2.3 canonicalisation example (draft-10)").split("\n"));
        String headersParam = lines.get(0);
        int req = lines.indexOf("Request:");
        int ss = lines.indexOf("Signing string:");
        List<String> components = List.of(headersParam.substring(headersParam.indexOf('"') + 1, headersParam.lastIndexOf('"')).split(" "));
        String expected = String.join("\n", lines.subList(ss + 1, lines.size()));

        for (String fold : new String[] {"\r\n", "\n"}) {
            HttpRequest r = TestRequests.parse(lines.subList(req + 1, ss), fold);
            assertTrue(r.headers().first("X-Example").orElseThrow().contains(fold + " "), "the request keeps its obs-fold");
            assertEquals(expected, SigningString.build(r, components, null, null), "fold " + fold.replace("\r", "CR").replace("\n", "LF"));
        }
    }
}
