package dev.qseal.testvectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestVectorsTest {

    private static final String DATE = "date: Sun, 05 Jan 2014 21:31:40 GMT";

    @Test
    void draft10BasicSigningStringHasThreeLinesAndNoTrailingNewline() {
        String s = TestVectors.section(TestVectors.CAVAGE_DRAFT10, "C.2 Basic Test", "signing string");
        assertEquals("(request-target): post /foo?param=value&pet=dog\nhost: example.com\n" + DATE, s);
        assertEquals(3, s.split("\n", -1).length);
        assertFalse(s.endsWith("\n"));
    }

    @Test
    void draft10AllHeadersSigningStringIsExact() {
        String s = TestVectors.sections(TestVectors.CAVAGE_DRAFT10).get("C.3 All Headers Test / signing string");
        assertEquals(String.join("\n",
                "(request-target): post /foo?param=value&pet=dog",
                "host: example.com",
                DATE,
                "content-type: application/json",
                "digest: SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
                "content-length: 18"), s);
    }

    @Test
    void joinedDefaultSignatureIs172Base64CharsOfA1024BitKey() {
        String sig = TestVectors.section(TestVectors.CAVAGE_DRAFT10, "C.1 Default Test", "signature value, joined");
        assertEquals(172, sig.length());
        assertTrue(sig.startsWith("SjWJWbWN7i0wzBvtPl8rbASWz5xQW6mc") && sig.endsWith("5WozsbM="));
        // erratum: the draft says 2048-bit, the key (and so the signature) is 1024-bit
        assertEquals(128, Base64.getDecoder().decode(sig).length);
    }

    @Test
    void commentLinesAreDroppedAndPresentationBlocksKeepTheirLines() {
        Map<String, String> s = TestVectors.sections(TestVectors.CAVAGE_DRAFT10);
        // C.1 holds only a '#' comment before its first subsection: no block of its own
        assertFalse(s.containsKey("C.1 Default Test"));
        assertEquals(DATE, s.get("C.1 Default Test / signing string"));
        String header = s.get("C.3 All Headers Test / Signature header");
        assertTrue(header.startsWith("Signature: keyId=\"Test\",algorithm=\"rsa-sha256\",\n"));
        assertEquals(5, header.split("\n").length);
        String canon = s.get("Section 2.3 canonicalisation example (draft-10)");
        assertTrue(canon.endsWith("x-example: Example header with some whitespace."), canon);
        assertFalse(s.values().stream().anyMatch(v -> v.contains("\n#") || v.startsWith("#")));
    }

    @Test
    void everyPublishedDraft10SignatureVerifiesOverItsExtractedSigningString() throws Exception {
        PublicKey key = rsaPublicKey(TestVectors.pemBlock(TestVectors.CAVAGE_DRAFT10, "PUBLIC KEY"));
        assertEquals(1024, ((RSAPublicKey) key).getModulus().bitLength());
        for (String test : List.of("C.1 Default Test", "C.2 Basic Test", "C.3 All Headers Test")) {
            String signingString = TestVectors.section(TestVectors.CAVAGE_DRAFT10, test, "signing string");
            String sig = TestVectors.section(TestVectors.CAVAGE_DRAFT10, test, "signature value, joined");
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(key);
            v.update(signingString.getBytes(StandardCharsets.US_ASCII));
            assertTrue(v.verify(Base64.getDecoder().decode(sig)), test);
            // and the signature does not survive a trailing LF, the classic mistake
            v.initVerify(key);
            v.update((signingString + "\n").getBytes(StandardCharsets.US_ASCII));
            assertFalse(v.verify(Base64.getDecoder().decode(sig)), test + " with trailing LF");
        }
    }

    @Test
    void draft12SubsectionsBeforeAnySectionAreKeyedByTheirOwnTitle() {
        Map<String, String> s = TestVectors.sections(TestVectors.CAVAGE_DRAFT12);
        assertTrue(s.get("Appendix C now opens with (verbatim)").startsWith("WARNING: THESE TEST VECTORS ARE OLD"));
        String derived = s.get("DERIVED (NOT PUBLISHED) companion vector, computed locally with OpenSSL 3.0.19");
        assertTrue(derived.contains("\n(created): 1402170695\n(expires): 1402170699\n"), derived);
    }

    @Test
    void pemBlockExtractsTheWholeBlockWithLfEndings() throws Exception {
        String pem = TestVectors.pemBlock(TestVectors.CAVAGE_DRAFT10, "RSA PRIVATE KEY");
        assertTrue(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----\nMIICXgIBAAKBgQDCFENGw33y"));
        assertTrue(pem.endsWith("7U1yQXnTAEFYM560yJlzUpOb1V4cScGd365tiSMvxLOvTA==\n-----END RSA PRIVATE KEY-----\n"));
        assertEquals(15, pem.split("\n").length);
        byte[] der = TestVectors.pemDer(pem);
        assertEquals(0x30, der[0] & 0xff); // PKCS#1 RSAPrivateKey SEQUENCE
        // the private key's modulus equals the public key's
        RSAPublicKey pub = (RSAPublicKey) rsaPublicKey(TestVectors.pemBlock(TestVectors.CAVAGE_DRAFT10, "PUBLIC KEY"));
        assertTrue(new BigInteger(1, der).toString(16).contains(pub.getModulus().toString(16)));
    }

    @Test
    void pemBlocksFindsEveryBlockOfALabelInFileOrder() throws Exception {
        List<String> pubs = TestVectors.pemBlocks(TestVectors.RFC9421_APPENDIX_B, "PUBLIC KEY");
        assertEquals(3, pubs.size()); // rsa-pss, ecc-p256, ed25519 (test-key-rsa is "RSA PUBLIC KEY")
        assertEquals(1, TestVectors.pemBlocks(TestVectors.RFC9421_APPENDIX_B, "RSA PUBLIC KEY").size());
        assertEquals(pubs.get(0), TestVectors.pemBlock(TestVectors.RFC9421_APPENDIX_B, "PUBLIC KEY"));

        // B.2.6 ed25519 is deterministic: the published signature verifies over the stored signature base
        PublicKey ed = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(TestVectors.pemDer(pubs.get(2))));
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(ed);
        v.update(TestVectors.bytes("rfc9421-signature-bases/B.2.6-ed25519.txt"));
        assertTrue(v.verify(Base64.getDecoder().decode(
                "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==")));
    }

    @Test
    void missingPemLabelIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestVectors.pemBlock(TestVectors.CAVAGE_DRAFT10, "EC PRIVATE KEY"));
        assertTrue(e.getMessage().contains("EC PRIVATE KEY"));
    }

    @Test
    void binaryPayloadKeepsItsCrlfBytes() {
        byte[] payload = TestVectors.bytes(TestVectors.RFC7515_A2_PAYLOAD);
        assertEquals(70, payload.length);
        assertArrayEquals("{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}"
                .getBytes(StandardCharsets.US_ASCII), payload);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "rfc9421-signature-bases/B.2.1-rsa-pss-minimal.txt",
            "rfc9421-signature-bases/B.2.6-ed25519.txt",
            "rfc9421-signature-bases/4.3-proxy-rsa-v1_5-sha256.txt"})
    void signatureBasesEndWithSignatureParamsAndNoNewline(String name) {
        String base = TestVectors.text(name);
        assertFalse(base.endsWith("\n"));
        String last = base.substring(base.lastIndexOf('\n') + 1);
        assertTrue(last.startsWith("\"@signature-params\": "), last);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            TestVectors.CAVAGE_DRAFT10, TestVectors.CAVAGE_DRAFT12, TestVectors.RFC9421_APPENDIX_B,
            TestVectors.RFC9530_DIGESTS, TestVectors.BERLIN_GROUP, TestVectors.RFC_JWS,
            "rfc7520/4_1.rsa_v15_signature.json", "wycheproof/rsa_signature_2048_sha256_test.json"})
    void textVectorsHaveNoCarriageReturns(String name) {
        // guards against a checkout that converted line endings (see .gitattributes)
        assertFalse(TestVectors.text(name).contains("\r"), name);
    }

    @Test
    void wycheproofSuiteIsTheFullFile() {
        String json = TestVectors.text("wycheproof/ecdsa_secp256r1_sha256_p1363_test.json");
        assertTrue(json.contains("\"algorithm\": \"ECDSA\""));
        assertTrue(json.strip().endsWith("}"));
    }

    @Test
    void badNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TestVectors.bytes("no-such-vector.txt"));
        assertThrows(IllegalArgumentException.class, () -> TestVectors.bytes("../testvectors/rfc_jws_vectors.json"));
        assertThrows(IllegalArgumentException.class, () -> TestVectors.bytes("/dev/qseal/testvectors/rfc_jws_vectors.json"));
        assertThrows(IllegalArgumentException.class, () -> TestVectors.text(TestVectors.RFC7515_A2_PAYLOAD + "x"));
    }

    @Test
    void unknownSectionListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestVectors.section(TestVectors.CAVAGE_DRAFT10, "C.4 Nope"));
        assertTrue(e.getMessage().contains("C.2 Basic Test / signing string"), e.getMessage());
    }

    @Test
    void aRepeatedSectionIsAnError() {
        assertThrows(IllegalStateException.class, () -> TestVectors.sections("test-only-duplicate-section.txt"));
    }

    @Test
    void sectionMapIsUnmodifiableAndInFileOrder() {
        Map<String, String> s = TestVectors.sections(TestVectors.CAVAGE_DRAFT10);
        List<String> keys = List.copyOf(s.keySet());
        assertEquals("Public key (keyId=\"Test\")", keys.get(0));
        assertTrue(keys.indexOf("C.1 Default Test / signing string") < keys.indexOf("C.2 Basic Test / signing string"));
        assertThrows(UnsupportedOperationException.class, () -> s.put("x", "y"));
    }

    private static PublicKey rsaPublicKey(String pem) throws Exception {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(TestVectors.pemDer(pem)));
    }
}
