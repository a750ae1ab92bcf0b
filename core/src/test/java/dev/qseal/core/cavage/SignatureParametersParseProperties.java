package dev.qseal.core.cavage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qseal.core.MalformedSignatureException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link SignatureParameters#parse} on arbitrary input: it parses, or throws MalformedSignatureException, nothing else. */
class SignatureParametersParseProperties {

    @Provide
    Arbitrary<String> headerLike() {
        // fragments of real headers glued in random order: reaches deep into the parser, unlike pure noise
        Arbitrary<String> fragment = Arbitraries.of("keyId=", "KEYID=", "signature=", "algorithm=", "headers=", "created=", "expires=",
                "\"", "\\", "\\\"", ",", ", ", " ", "\t", "\r\n", "=", "Signature ", "Signature\t", "\"Test\"", "\"rsa-sha256\"",
                "\"hs2019\"", "1402170695", "1402170695.123", "-1", "99999999999999999999", ".", "1.x", "\"(request-target) date\"",
                "\"\"", "\"SjWJWbWN7i0w==\"", "\"a\\\"b\\\\\"", "a", "é", "\u0000", "foo=bar", "==");
        Arbitrary<String> glued = fragment.list().ofMaxSize(14).map(l -> String.join("", l));
        return Arbitraries.oneOf(glued, Arbitraries.strings().ofMaxLength(120), Arbitraries.strings().ascii().ofMaxLength(120));
    }

    @Property(tries = 1000)
    void parseOnlyEverThrowsMalformedSignatureException(@ForAll("headerLike") String value) {
        SignatureParameters p;
        try {
            p = SignatureParameters.parse(value);
        } catch (MalformedSignatureException expected) {
            return; // the documented error
        } catch (RuntimeException e) {
            throw new AssertionError("parse(" + value + ") threw " + e, e);
        }
        // what parsed has a signature, and its canonical form parses back to the same values
        assertFalse(p.signature().isEmpty());
        SignatureParameters again;
        try {
            again = SignatureParameters.parse(p.format());
        } catch (RuntimeException e) {
            throw new AssertionError("format() of parse(" + value + ") = " + p.format() + " does not parse: " + e, e);
        }
        assertEquals(p.keyId(), again.keyId());
        assertEquals(p.algorithm(), again.algorithm());
        assertEquals(p.headers(), again.headers());
        assertEquals(p.signature(), again.signature());
    }

    @Test
    void oversizedAndNullInputAreMalformed() {
        assertThrows(MalformedSignatureException.class, () -> SignatureParameters.parse(null));
        assertThrows(MalformedSignatureException.class, () -> SignatureParameters.parse("keyId=\"" + "a".repeat(SignatureParameters.MAX_LENGTH) + "\""));
        assertThrows(MalformedSignatureException.class, () -> SignatureParameters.parse("keyId=\"a\",signature=\"b\",headers=\""
                + "h ".repeat(SignatureParameters.MAX_COMPONENTS + 1) + "\""));
    }

    @Test
    void parsesDraftSyntaxVariants() {
        SignatureParameters p = SignatureParameters.parse(" Signature keyId = \"a\\\"b,c\" , algorithm=\"RSA-SHA256\","
                + " created=1402170695, expires=1402170699.5, unknown=\"x\", headers=\"(Request-Target)  Date\",signature=\"AAAA\"");
        assertEquals("a\"b,c", p.keyId());
        assertEquals(1402170695L, p.created().orElseThrow());
        assertEquals(1402170699L, p.expires().orElseThrow());
        assertEquals(List.of("(request-target)", "date"), p.headers());
        assertEquals("AAAA", p.signature());
    }

    @Test
    void formatEscapesWhatParseUnescaped() {
        SignatureParameters p = SignatureParameters.parse("keyId=\"a\\\"b\\\\c\",signature=\"AAAA\"");
        assertEquals("a\"b\\c", p.keyId());
        assertEquals(p.keyId(), SignatureParameters.parse(p.format()).keyId());
    }

    @Test
    void noHeadersParameterMeansDate() {
        SignatureParameters p = SignatureParameters.parse("keyId=\"Test\",signature=\"AAAA\"");
        assertEquals(List.of("date"), p.headers());
        assertFalse(p.headersExplicit());
    }
}
