package dev.qseal.core.cavage;

import dev.qseal.core.Fips;
import dev.qseal.core.cavage.internal.SigningString;
import static dev.qseal.testvectors.TestVectors.CAVAGE_DRAFT12;
import static dev.qseal.testvectors.TestVectors.section;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.TestKeys;
import dev.qseal.core.TestRequests;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * draft-cavage-http-signatures-12 Appendix C: its All Headers Test erratum, the locally derived (labelled,
 * not published) hs2019 companion vector, and the -12 §2.3 canonicalisation example. Key and request are the
 * draft-10 ones.
 */
class CavageDraft12AppendixCTest {
    private static final KeyPair KEY = TestKeys.cavageTestKey();
    private static final SigningKey SIGNING_KEY = TestKeys.signingKey("cavage Appendix C key", KEY);
    private static final String C3 = "C.3 All Headers Test (verbatim from -12)";
    private static final String DERIVED = "DERIVED (NOT PUBLISHED) companion vector, computed locally with OpenSSL 3.0.19";
    private static final List<String> C3_HEADERS = List.of("(request-target)", "(created)", "(expires)",
            "host", "date", "content-type", "digest", "content-length");
    private static final long CREATED = 1402170695L;
    private static final long EXPIRES = 1402170699L;

    /** The printed -12 header: continuation lines re-joined with one space, then the wrapped base64 closed up. */
    static String publishedC3(String name) {
        List<String> lines = List.of(section(CAVAGE_DRAFT12, C3).split("\n"));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(name + ": ")) {
                start = i;
                break;
            }
        }
        assertTrue(start >= 0, name + " header not found in the -12 C.3 vector");
        List<String> parts = new ArrayList<>();
        for (int i = start; i < lines.size() && !lines.get(i).isEmpty(); i++) {
            parts.add(lines.get(i).strip());
        }
        String joined = String.join(" ", parts).substring(name.length() + 2);
        Matcher m = Pattern.compile("signature=\"([^\"]*)\"").matcher(joined);
        assertTrue(m.find());
        return joined.substring(0, m.start(1)) + m.group(1).replaceAll("\\s", "") + joined.substring(m.end(1));
    }

    @Test
    void c3PublishedParametersParse() {
        SignatureParameters p = SignatureParameters.parse(publishedC3("Signature"));
        assertEquals(C3_HEADERS, p.headers());
        assertEquals(CREATED, p.created().orElseThrow());
        assertEquals(EXPIRES, p.expires().orElseThrow());
        assertEquals(p, SignatureParameters.parse(publishedC3("Authorization")));
    }

    /** Documented erratum: the -12 C.3 value is the -10 one and does not cover (created)/(expires). */
    @Test
    void c3PublishedSignatureDoesNotVerifyForItsOwnHeaderList() {
        SignatureParameters p = SignatureParameters.parse(publishedC3("Signature"));
        HttpRequest r = CavageDraft10AppendixCTest.request();
        String own = SigningString.build(r, p.headers(), p.created().get(), p.expires().get());
        assertFalse(SignatureAlgorithm.RSA_PKCS1_SHA256.verify(KEY.getPublic(), own.getBytes(StandardCharsets.UTF_8), p.signatureBytes()));
        // ...and it is exactly the -10 signature over the -10 string (the string -12 prints)
        String printed = section(CAVAGE_DRAFT12, C3).split("\n\n")[0];
        printed = printed.substring(printed.indexOf('\n') + 1);
        assertEquals(SigningString.build(r, p.headers().stream().filter(h -> !h.startsWith("(c") && !h.startsWith("(e")).toList(), null, null), printed);
        assertTrue(SignatureAlgorithm.RSA_PKCS1_SHA256.verify(KEY.getPublic(), printed.getBytes(StandardCharsets.UTF_8), p.signatureBytes()));
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void c3PublishedHeaderIsRejectedByOurVerifier(Carrier carrier) {
        Instant inWindow = Instant.ofEpochSecond(CREATED + 1);
        CavageVerifier verifier = CavageVerifier.builder(KEY.getPublic()).ignoreClock().build();
        HttpRequest r = CavageDraft10AppendixCTest.request().withHeader(carrier.headerName(), publishedC3(carrier.headerName()));
        VerificationResult result = verifier.verify(r, inWindow);
        // draft-12 §2.3: (created)/(expires) with an rsa-* algorithm MUST be an error
        assertEquals(Failure.ALGORITHM_MISMATCH, result.failure().orElseThrow(), result.toString());

        // with algorithm hs2019 the check reaches the crypto, which fails
        String hs2019 = publishedC3(carrier.headerName()).replace("algorithm=\"rsa-sha256\"", "algorithm=\"hs2019\"");
        VerificationResult crypto = verifier.verify(CavageDraft10AppendixCTest.request().withHeader(carrier.headerName(), hs2019), inWindow);
        assertEquals(Failure.SIGNATURE_MISMATCH, crypto.failure().orElseThrow(), crypto.toString());
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void derivedHs2019CompanionVectorIsByteExact(Carrier carrier) {
        String block = section(CAVAGE_DRAFT12, DERIVED);
        int sigLine = block.indexOf("\nsignature (RSASSA-PKCS1-v1_5, SHA-256, base64):\n");
        String expectedString = block.substring(0, sigLine);
        String expectedSig = block.substring(block.indexOf('\n', sigLine + 1) + 1).strip();

        CavageSigner signer = CavageSigner.builder(SIGNING_KEY).keyId("Test").carrier(carrier)
                .algorithm(SignatureAlgorithm.RSA_PKCS1_SHA256).algorithmName("hs2019")
                .headers(C3_HEADERS).validity(Duration.ofSeconds(EXPIRES - CREATED)).build();
        if (Fips.refused(() -> signer.sign(CavageDraft10AppendixCTest.request(), Instant.ofEpochSecond(CREATED)))) {
            return; // a 1024-bit key
        }
        CavageSignature sig = signer.sign(CavageDraft10AppendixCTest.request(), Instant.ofEpochSecond(CREATED));

        assertEquals(expectedString, sig.signingString());
        assertEquals(expectedSig, sig.parameters().signature());
        assertEquals(carrier.headerValue("keyId=\"Test\",algorithm=\"hs2019\",created=" + CREATED + ",expires=" + EXPIRES
                + ",headers=\"" + String.join(" ", C3_HEADERS) + "\",signature=\"" + expectedSig + "\""), sig.headerValue());

        HttpRequest signed = CavageDraft10AppendixCTest.request().withHeader(sig.headerName(), sig.headerValue());
        CavageVerifier verifier = CavageVerifier.builder(KEY.getPublic()).ignoreClock().build();
        assertTrue(verifier.verify(signed, Instant.ofEpochSecond(CREATED + 2)).isValid());
        assertEquals(Failure.EXPIRED, verifier.verify(signed, Instant.ofEpochSecond(EXPIRES + 1)).failure().orElseThrow());
    }

    @Test
    void derivedVectorRefusesRsaAlgorithmNameWithCreated() {
        org.junit.jupiter.api.Assertions.assertThrows(dev.qseal.core.BadInputException.class, () ->
                CavageSigner.builder(SIGNING_KEY).keyId("Test").algorithmName("rsa-sha256")
                        .headers(C3_HEADERS).validity(Duration.ofSeconds(4)).build());
    }

    @Test
    void section23CanonicalisationWithCreatedAndEmptyHeader() {
        List<String> lines = List.of(section(CAVAGE_DRAFT12, "Section 2.3 canonicalisation example in -12 (verbatim)").split("\n", -1));
        String headersParam = lines.get(0);
        List<String> components = List.of(headersParam.substring(headersParam.indexOf('"') + 1, headersParam.lastIndexOf('"')).split(" "));
        int blank = lines.subList(2, lines.size()).indexOf("") + 2;
        HttpRequest r = TestRequests.parse(lines.subList(1, blank), "\r\n");
        List<String> expectedLines = new ArrayList<>(lines.subList(blank + 1, lines.size()));
        // The vector's own note: the artwork shows "x-emptyheader:" but the normative text gives name, colon and a space.
        int empty = expectedLines.indexOf("x-emptyheader:");
        assertTrue(empty >= 0, "vector line 'x-emptyheader:' as printed");
        expectedLines.set(empty, "x-emptyheader: ");

        assertEquals("", r.headers().first("X-EmptyHeader").orElseThrow());
        assertEquals(String.join("\n", expectedLines), SigningString.build(r, components, CREATED, null));
    }

    @Test
    void c3CreatedIsNotTheRequestDate() {
        // erratum noted beside the vector: created=1402170695 is 2014-06-07T19:51:35Z, months after the Date header
        assertEquals(Instant.parse("2014-06-07T19:51:35Z"), Instant.ofEpochSecond(CREATED));
        VerificationResult r = CavageVerifier.builder(KEY.getPublic()).maxSkew(Duration.ofMinutes(5)).build().verify(
                CavageDraft10AppendixCTest.request().withHeader("Signature",
                        publishedC3("Signature").replace("algorithm=\"rsa-sha256\"", "algorithm=\"hs2019\"")),
                Instant.parse("2014-01-05T21:31:40Z"));
        assertEquals(Failure.CLOCK_SKEW, r.failure().orElseThrow(), r.toString());
    }
}
