package dev.qseal.core;

import dev.qseal.core.cavage.SignatureParameters;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.jws.DetachedJws;
import dev.qseal.core.jws.JwsHeader;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.http.internal.StructuredFields;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * 10^5 generated malformed inputs per parser end in the parser's documented error (or parse), nothing
 * else. Generators glue fragments of the real syntax, so they reach deep into each parser; they are
 * cheap, so the whole class runs in seconds.
 */
class MalformedInputPropertiesTest {
    private static final int TRIES = 100_000;

    private static Arbitrary<String> glued(String... fragments) {
        Arbitrary<String> fragment = Arbitraries.of(fragments);
        return Arbitraries.oneOf(
                fragment.list().ofMaxSize(16).map(l -> String.join("", l)),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(60));
    }

    private static final String[] COMMON = {"\"", "\\", ",", " ", "\t", "\r\n", "\n", "=", ";", ":", "(", ")", "?", "*", "%", "%2", "%zz",
        "\u0000", "\u001b[2J", "é", "\ud83d\ude00", "\ud83d", "-1", "0", "99999999999999999999", "1.5"};

    private static String[] with(String... specific) {
        String[] all = new String[COMMON.length + specific.length];
        System.arraycopy(COMMON, 0, all, 0, COMMON.length);
        System.arraycopy(specific, 0, all, COMMON.length, specific.length);
        return all;
    }

    @Provide
    Arbitrary<String> cavage() {
        return glued(with("keyId=", "signature=", "algorithm=", "headers=", "created=", "expires=", "Signature ", "\"Test\"",
                "\"hs2019\"", "\"(request-target) date\"", "\"AAAA\"", "\"a\\\"b\""));
    }

    @Provide
    Arbitrary<String> structured() {
        return glued(with("sig1=", "(\"@method\" \"@path\")", ";created=1618884473", ";keyid=\"k\"", ":AAAA:", "?1", "?0", "@1659578233",
                "%\"f%c3%bc\"", "a", "A", "*", "3.14", "-42", "1234567890123456", "\"x\"", "()", "(", ")", "tok/en", "_"));
    }

    @Provide
    Arbitrary<String> jws() {
        return glued(with("eyJhbGciOiJQUzI1NiJ9", "eyJ", "..", ".", "AAAA", "-_", "==", "+/"));
    }

    @Provide
    Arbitrary<String> json() {
        return glued(with("{", "}", "[", "]", "\"b64\"", "false", "true", "null", "\"crit\"", "\"sigD\"", "\"pars\"", "\"alg\"", "\"PS256\"",
                "\\u0000", "\\ud83d", "\\u", "1e999", "-0", "0.5", "\"x5t#S256\"", "\"sigT\"", "\"2019-11-19T17:28:15Z\""));
    }

    @Provide
    Arbitrary<String> digest() {
        return glued(with("SHA-256=", "sha-256=", "SHA256=", "SHA-512=", "sha-512=", "MD5=", "X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
                ":X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", "AA==", "unixsum=1"));
    }

    @Provide
    Arbitrary<String> keyRef() {
        return glued(with("file:", "pkcs12:", "pkcs11:", "jks:", "//", "/", "localhost", "?", "&", "alias=", "cert=", "password-env=",
                "password-file=", "pin-value=", "token=qseal", "object=seal", "module-path=", "x:", "1:"));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void cavageParametersThrowOnlyMalformedSignature(@ForAll("cavage") String s) {
        try {
            SignatureParameters.parse(s);
        } catch (MalformedSignatureException expected) {
            // documented
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void structuredFieldsThrowOnlyMalformedSignature(@ForAll("structured") String s) {
        for (int kind = 0; kind < 4; kind++) {
            try {
                switch (kind) {
                    case 0: StructuredFields.parseDictionary(s); break;
                    case 1: StructuredFields.parseList(s); break;
                    case 2: StructuredFields.parseItem(s); break;
                    default: StructuredFields.parseInnerList(s); break;
                }
            } catch (MalformedSignatureException expected) {
                // documented
            }
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void compactJwsThrowsOnlyMalformedSignature(@ForAll("jws") String s) {
        try {
            DetachedJws.parse(s);
        } catch (MalformedSignatureException expected) {
            // documented
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void protectedHeaderJsonThrowsOnlyMalformedSignature(@ForAll("json") String s) {
        try {
            JwsHeader.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        } catch (MalformedSignatureException expected) {
            // documented
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void digestHeadersThrowOnlyBadInput(@ForAll("digest") String s) {
        try {
            Digests.parseDigest(s);
        } catch (BadInputException expected) {
            // documented
        }
        try {
            Digests.parseContentDigest(s);
        } catch (BadInputException expected) {
            // documented
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void keyRefsThrowOnlyBadInputAndNeverEchoRaw(@ForAll("keyRef") String s) {
        try {
            String shown = KeyRef.parse(s).toString();
            if (shown.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new AssertionError("KeyRef.toString has a raw control character: " + shown);
            }
        } catch (BadInputException expected) {
            // documented
        }
    }
}
