package dev.qseal.core.jws;

import dev.qseal.core.jws.internal.Base64Url;
import dev.qseal.core.jws.internal.Json;
import static dev.qseal.core.jws.Vectors.b64u;
import static dev.qseal.core.jws.Vectors.json;
import static dev.qseal.core.jws.Vectors.obj;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.key.internal.EcdsaSignatures;
import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.internal.RsaSignatures;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.testvectors.TestVectors;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** RFC 7515 A.2/A.3, RFC 7520 §4.1-4.3 and RFC 7797 §4 through qseal's own primitives. */
class RfcJwsVectorsTest {
    static final Map<String, Object> RFC = json(TestVectors.RFC_JWS);

    static SoftwareSigningKey key(Map<String, Object> jwk) throws Exception {
        return new SoftwareSigningKey("rfc", Vectors.privateKey(jwk), Vectors.publicKey(jwk), List.of());
    }

    @Test
    void rfc7515A2Rs256IsByteExact() throws Exception {
        Map<String, Object> v = obj(RFC, "rfc7515_A2_rs256");
        byte[] payload = TestVectors.bytes(TestVectors.RFC7515_A2_PAYLOAD);
        assertEquals(v.get("payload_utf8"), new String(payload, StandardCharsets.UTF_8));
        assertEquals(v.get("payload_b64u"), Base64Url.encode(payload));
        assertEquals(v.get("protected_b64u"), Base64Url.encode(((String) v.get("protected_header_utf8")).getBytes(StandardCharsets.UTF_8)));
        String input = v.get("protected_b64u") + "." + Base64Url.encode(payload);
        assertEquals(v.get("signing_input"), input);
        byte[] sig = key(obj(v, "jwk")).sign(SignatureAlgorithm.RSA_PKCS1_SHA256, input.getBytes(StandardCharsets.US_ASCII));
        assertEquals(v.get("signature"), Base64Url.encode(sig));
        assertEquals(v.get("compact"), input + "." + Base64Url.encode(sig));
    }

    @Test
    void rfc7515A3Es256VerifiesInBothEncodings() throws Exception {
        Map<String, Object> v = obj(RFC, "rfc7515_A3_es256_verify_only");
        PublicKey pub = Vectors.publicKey(obj(v, "jwk"));
        byte[] input = ((String) v.get("signing_input")).getBytes(StandardCharsets.US_ASCII);
        byte[] raw = b64u(v.get("signature_jose_r_s"));
        byte[] der = Base64.getDecoder().decode((String) v.get("signature_der_b64"));
        assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256_RAW.verify(pub, input, raw));
        assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(pub, input, der));
        assertArrayEquals(raw, EcdsaSignatures.derToRaw(der, 32));
        assertFalse(SignatureAlgorithm.ECDSA_P256_SHA256_RAW.verify(pub, input, der));
    }

    @Test
    void rfc7520Section41Rs256IsByteExact() throws Exception {
        Map<String, Object> v = json("rfc7520/4_1.rsa_v15_signature.json");
        Map<String, Object> jwk = json("rfc7520/3_4.rsa_private_key.json");
        Map<String, Object> signing = obj(v, "signing");
        // the protected header written by qseal's JSON string writer reproduces the cookbook's encoding
        StringBuilder hdr = new StringBuilder("{\"alg\":\"RS256\",\"kid\":");
        Json.writeString(hdr, (String) jwk.get("kid"));
        hdr.append('}');
        assertEquals(signing.get("protected_b64u"), Base64Url.encode(hdr.toString().getBytes(StandardCharsets.UTF_8)));
        String payload = (String) obj(v, "input").get("payload");
        String input = signing.get("protected_b64u") + "." + Base64Url.encode(payload.getBytes(StandardCharsets.UTF_8));
        assertEquals(signing.get("sig-input"), input);
        byte[] sig = key(jwk).sign(SignatureAlgorithm.RSA_PKCS1_SHA256, input.getBytes(StandardCharsets.US_ASCII));
        assertEquals(signing.get("sig"), Base64Url.encode(sig));
        assertEquals(obj(v, "output").get("compact"), input + "." + Base64Url.encode(sig));
    }

    @Test
    void rfc7520Section42Ps384VerifiesAndItsSaltIsRecovered() throws Exception {
        Map<String, Object> v = json("rfc7520/4_2.rsa-pss_signature.json");
        PublicKey pub = Vectors.publicKey(json("rfc7520/3_4.rsa_private_key.json"));
        byte[] input = ((String) obj(v, "signing").get("sig-input")).getBytes(StandardCharsets.US_ASCII);
        byte[] sig = b64u(obj(v, "signing").get("sig"));
        assertTrue(SignatureAlgorithm.RSA_PSS_SHA384.verify(pub, input, sig));
        assertEquals(OptionalInt.of(48), RsaSignatures.verifyPss(pub, HashAlgorithm.SHA_384, input, sig, OptionalInt.empty()));
        assertEquals(OptionalInt.of(48), RsaSignatures.verifyPss(pub, HashAlgorithm.SHA_384, input, sig, OptionalInt.of(48)));
        assertEquals(OptionalInt.empty(), RsaSignatures.verifyPss(pub, HashAlgorithm.SHA_384, input, sig, OptionalInt.of(32)));
        assertEquals(OptionalInt.empty(), RsaSignatures.verifyPss(pub, HashAlgorithm.SHA_256, input, sig, OptionalInt.empty()));
        RsaSignatures.Inspection ins = RsaSignatures.inspect(pub, sig);
        assertEquals(SignatureAlgorithm.RSA_PSS_SHA384, ins.algorithm().orElseThrow());
        assertTrue(ins.covers(input));
        // the RSA v1.5 vector's signature reveals its DigestInfo
        byte[] v15 = b64u(obj(json("rfc7520/4_1.rsa_v15_signature.json"), "signing").get("sig"));
        assertEquals(SignatureAlgorithm.RSA_PKCS1_SHA256, RsaSignatures.inspect(pub, v15).algorithm().orElseThrow());
    }

    @Test
    void rfc7520Section43Es512Verifies() throws Exception {
        Map<String, Object> v = json("rfc7520/4_3.ecdsa_signature.json");
        PublicKey pub = Vectors.publicKey(obj(v, "input", "key"));
        byte[] input = ((String) obj(v, "signing").get("sig-input")).getBytes(StandardCharsets.US_ASCII);
        byte[] sig = b64u(obj(v, "signing").get("sig"));
        assertEquals(132, sig.length);
        assertTrue(SignatureAlgorithm.ECDSA_P521_SHA512_RAW.verify(pub, input, sig));
        sig[10] ^= 1;
        assertFalse(SignatureAlgorithm.ECDSA_P521_SHA512_RAW.verify(pub, input, sig));
    }

    @Test
    void rfc7797UnencodedPayloadSigningInputIsExact() throws Exception {
        Map<String, Object> key = obj(RFC, "rfc7515_A1_hmac_key_jwk");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(b64u(key.get("k")), "HmacSHA256"));

        Map<String, Object> v2 = obj(RFC, "rfc7797_4_2");
        JwsHeader h = JwsHeader.parse((String) v2.get("protected_b64u"));
        assertEquals(v2.get("protected_header_utf8"), h.json());
        assertEquals(Boolean.FALSE, h.b64().orElseThrow());
        assertEquals(List.of("b64"), h.crit().orElseThrow());
        String input = DetachedJws.signingInput(h.encoded(), (String) v2.get("payload"));
        assertEquals(v2.get("signing_input"), input);
        assertEquals(v2.get("signature"), Base64Url.encode(mac.doFinal(input.getBytes(StandardCharsets.UTF_8))));
        DetachedJws parsed = DetachedJws.parse((String) v2.get("compact_detached"));
        assertEquals(v2.get("compact_detached"), parsed.compact());
        assertEquals(v2.get("signature"), parsed.encodedSignature());

        Map<String, Object> v1 = obj(RFC, "rfc7797_4_1");
        String input1 = v1.get("protected_b64u") + "." + Base64Url.encode(((String) v1.get("payload")).getBytes(StandardCharsets.UTF_8));
        assertEquals(v1.get("signing_input"), input1);
        assertEquals(v1.get("signature"), Base64Url.encode(mac.doFinal(input1.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void draftCookbookB64VectorWithoutCritIsRejectedByOurRules() throws Exception {
        // the pre-RFC 7797 cookbook example has b64:false but no crit: qseal's verifier must refuse such a header
        Map<String, Object> v = json("rfc7520/DRAFT-ONLY_cookbook_rfc7797_4.2_hmac_b64_false_WRONG-header-lacks-crit.json");
        String text = v.toString();
        assertTrue(text.contains("b64"), text);
        String hdr = Base64Url.encode("{\"alg\":\"PS256\",\"b64\":false}".getBytes(StandardCharsets.UTF_8));
        SoftwareSigningKey rsa = JwsTestKeys.rsa();
        var r = DetachedJwsVerifier.builder(rsa.certificate().orElseThrow()).build()
                .verify(DetachedJwsSignerTest.ingRequest(), hdr + "..AAAA", DetachedJwsSignerTest.NOW);
        assertEquals(dev.qseal.core.verify.Failure.MALFORMED_SIGNATURE, r.failure().orElseThrow());
        assertTrue(r.message().contains("crit"), r.message());
    }
}
