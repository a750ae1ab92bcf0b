package dev.qseal.core.rfc9421;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * {@code ;key="..."} names a Dictionary member, which says the field is a Dictionary (RFC 9421 §2.1.2):
 * qseal verifies it on any field, not only on the fields it knows. The signature here is made with the
 * JDK over a signature base written out by hand, not by qseal's signer.
 */
class DictionaryKeyOnAnyFieldTest {
    static final Instant NOW = Instant.ofEpochSecond(1618884473);

    static HttpRequest request(String dict) {
        return HttpRequest.builder("GET", "/foo").header("Host", "example.com").header("X-Tpp-Meta", dict).build();
    }

    @Test
    void aKeyOnAFieldQsealDoesNotKnowIsParsedAsADictionary() throws Exception {
        String input = "(\"@method\" \"@authority\" \"@path\" \"x-tpp-meta\";key=\"b\");created=1618884473;keyid=\"test-key-ed25519\"";
        String base = "\"@method\": GET\n\"@authority\": example.com\n\"@path\": /foo\n\"x-tpp-meta\";key=\"b\": 2;x=1\n"
                + "\"@signature-params\": " + input;
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(Rfc9421Vectors.ed25519Private());
        s.update(base.getBytes(StandardCharsets.US_ASCII));
        String sig = Base64.getEncoder().encodeToString(s.sign());
        MessageVerifier v = MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).build();

        HttpRequest signed = request("a=1,   b=2;x=1, c=(x y)").toBuilder().header("Signature-Input", "sig1=" + input)
                .header("Signature", "sig1=:" + sig + ":").build();
        VerificationResult ok = v.verify(signed, NOW);
        assertTrue(ok.isValid(), ok.toString());

        HttpRequest otherMember = request("a=9, b=2;x=1").toBuilder().header("Signature-Input", "sig1=" + input)
                .header("Signature", "sig1=:" + sig + ":").build();
        assertTrue(v.verify(otherMember, NOW).isValid(), "only member b is covered");
        HttpRequest changed = request("a=1, b=3;x=1").toBuilder().header("Signature-Input", "sig1=" + input)
                .header("Signature", "sig1=:" + sig + ":").build();
        assertEquals(Failure.SIGNATURE_MISMATCH, v.verify(changed, NOW).failure().orElseThrow());
        HttpRequest missing = request("a=1").toBuilder().header("Signature-Input", "sig1=" + input)
                .header("Signature", "sig1=:" + sig + ":").build();
        assertEquals(Failure.MISSING_HEADER, v.verify(missing, NOW).failure().orElseThrow());
    }

    @Test
    void qsealSignsAKeyOnAnyFieldToo() throws Exception {
        HttpRequest r = request("a=1, b=2");
        HttpRequest signed = MessageSigner.builder(Rfc9421Vectors.ed25519Key())
                .components("@method", "@authority", "@path", "\"x-tpp-meta\";key=\"a\"").build().sign(r, NOW).applyTo(r);
        assertTrue(MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).build().verify(signed, NOW).isValid());
        assertFalse(MessageVerifier.builder(Rfc9421Vectors.ed25519Public()).build()
                .verify(HttpRequest.builder("GET", "/foo").headers(signed.headers().without("X-Tpp-Meta").with("X-Tpp-Meta", "a=2, b=2")).build(), NOW)
                .isValid());
    }
}
