package dev.qseal.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.MalformedSignatureException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8941 examples and the parser's contract: strict, and only MalformedSignatureException. */
class StructuredFieldsTest {

    @Test
    void rfc8941DictionaryExamples() {
        Map<String, Member> d = StructuredFields.parseDictionary("en=\"Applepie\", da=:w4ZibGV0w6ZydGU=:");
        assertEquals("Applepie", ((Item) d.get("en")).value().asString());
        assertArrayEquals("Æbletærte".getBytes(StandardCharsets.UTF_8), ((Item) d.get("da")).value().asBytes());

        Map<String, Member> flags = StructuredFields.parseDictionary("a=?0, b, c; foo=bar");
        assertEquals(false, ((Item) flags.get("a")).value().asBoolean());
        assertEquals(true, ((Item) flags.get("b")).value().asBoolean());
        assertEquals("bar", flags.get("c").parameters().get("foo").orElseThrow().asToken());
        assertEquals("a=?0, b, c;foo=bar", StructuredFields.serializeDictionary(flags));

        Map<String, Member> mixed = StructuredFields.parseDictionary("rating=1.5, feelings=(joy sadness)");
        assertEquals(0, new BigDecimal("1.5").compareTo(((Item) mixed.get("rating")).value().asDecimal()));
        assertEquals(2, ((InnerList) mixed.get("feelings")).items().size());
        assertEquals("rating=1.5, feelings=(joy sadness)", StructuredFields.serializeDictionary(mixed));
    }

    @Test
    void rfc8941ListExamples() {
        assertEquals(3, StructuredFields.parseList("sugar, tea, rum").size());
        List<Member> inner = StructuredFields.parseList("(\"foo\" \"bar\"), (\"baz\"), (\"bat\" \"one\"), ()");
        assertEquals(4, inner.size());
        assertTrue(((InnerList) inner.get(3)).items().isEmpty());
        assertEquals("(\"foo\" \"bar\"), (\"baz\"), (\"bat\" \"one\"), ()", StructuredFields.serializeList(inner));

        List<Member> params = StructuredFields.parseList("(\"foo\"; a=1;b=2);lvl=5, (\"bar\" \"baz\");lvl=1");
        assertEquals("(\"foo\";a=1;b=2);lvl=5, (\"bar\" \"baz\");lvl=1", StructuredFields.serializeList(params));
        List<Member> tokens = StructuredFields.parseList("abc;a=1;b=2; cde_456, (ghi;jk=4 l);q=\"9\";r=w");
        assertEquals("abc;a=1;b=2;cde_456, (ghi;jk=4 l);q=\"9\";r=w", StructuredFields.serializeList(tokens));
        assertTrue(StructuredFields.parseList("").isEmpty());
    }

    @Test
    void rfc8941ItemExamples() {
        assertEquals(42, StructuredFields.parseItem("42").value().asLong());
        assertEquals(-42, StructuredFields.parseItem("-42").value().asLong());
        assertEquals(999_999_999_999_999L, StructuredFields.parseItem("999999999999999").value().asLong());
        assertEquals("4.5", StructuredFields.parseItem("4.5").serialize());
        assertEquals("-0.001", StructuredFields.parseItem("-0.001").serialize());
        assertEquals("hello world", StructuredFields.parseItem("\"hello world\"").value().asString());
        assertEquals("say \"hi\" \\o/", StructuredFields.parseItem("\"say \\\"hi\\\" \\\\o/\"").value().asString());
        assertEquals("\"say \\\"hi\\\" \\\\o/\"", StructuredFields.parseItem("\"say \\\"hi\\\" \\\\o/\"").serialize());
        assertEquals("foo123/456", StructuredFields.parseItem("foo123/456").value().asToken());
        assertEquals("*", StructuredFields.parseItem("*").value().asToken());
        assertEquals("pretend this is binary content.", new String(StructuredFields.parseItem(
                ":cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:").value().asBytes(), StandardCharsets.US_ASCII));
        assertEquals(true, StructuredFields.parseItem("?1").value().asBoolean());
        assertEquals("5;foo=bar", StructuredFields.parseItem("  5; foo=bar  ").serialize());
        assertEquals("1;a;b=?0", StructuredFields.parseItem("1;a;b=?0").serialize());
    }

    @Test
    void decimalsAreSerializedWithAtLeastOneAndAtMostThreeFractionalDigits() {
        assertEquals("2.0", BareItem.decimal(new BigDecimal("2")).serialize());
        assertEquals("1.5", BareItem.decimal(new BigDecimal("1.500")).serialize());
        assertEquals("0.002", BareItem.decimal(new BigDecimal("0.0015")).serialize(), "round half to even");
    }

    @Test
    void repeatedKeysOverwriteInPlace() {
        assertEquals("a=3, b=2", StructuredFields.serializeDictionary(StructuredFields.parseDictionary("a=1, b=2, a=3")));
        assertEquals("1;x=3;y=2", StructuredFields.parseItem("1;x=1;y=2;x=3").serialize());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1.2345", "1234567890123456", "1234567890123.4", "1.", "-", "\"a\\x\"", "\"unterminated", "\"tab\there\"",
        "a=1,", "a=1,,b=2", "(a b", "(a,b)", ":abc!:", ":YWJj", ":Y:", "?2", "?", "A=1", "a=1 b=2", "\t1", "é",
        "1;", "1;A=2", "1; =2", "(1)(2)", "@token", "%\"x\"", "a=(1 2", "a=?1;", "a=\"x\"  ;p", ""
    })
    void invalidValuesAreRejectedWithTheDocumentedException(String input) {
        assertThrows(MalformedSignatureException.class, () -> {
            // an empty string is a valid (empty) List or Dictionary but not an Item
            StructuredFields.parseItem(input);
            StructuredFields.parseDictionary(input);
        });
    }

    @Test
    void dictionariesRejectUpperCaseKeysAndTrailingCommas() {
        assertThrows(MalformedSignatureException.class, () -> StructuredFields.parseDictionary("Sig1=(\"@method\")"));
        assertThrows(MalformedSignatureException.class, () -> StructuredFields.parseDictionary("sig1=(\"@method\"),"));
        assertThrows(MalformedSignatureException.class, () -> StructuredFields.parseList("a, b,"));
    }

    @Test
    void overlongInputIsRejectedBeforeParsing() {
        String huge = "a".repeat(StructuredFields.MAX_LENGTH + 1);
        assertThrows(MalformedSignatureException.class, () -> StructuredFields.parseItem(huge));
    }

    @Test
    void wrongTypeAccessIsAMalformedSignature() {
        assertThrows(MalformedSignatureException.class, () -> StructuredFields.parseItem("\"1618884473\"").value().asLong());
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 2000)
    void arbitraryStringsOnlyEverThrowMalformedSignatureException(@ForAll String input) {
        parseAll(input);
    }

    @Property(tries = 3000)
    void structuredLookingStringsOnlyEverThrowMalformedSignatureException(@ForAll("sfLike") String input) {
        parseAll(input);
    }

    @Property(tries = 3000)
    void whatParsesSerializesToAFixedPoint(@ForAll("sfLike") String input) {
        Map<String, Member> d;
        try {
            d = StructuredFields.parseDictionary(input);
        } catch (MalformedSignatureException e) {
            return;
        }
        String once = StructuredFields.serializeDictionary(d);
        Map<String, Member> again = StructuredFields.parseDictionary(once);
        assertEquals(d, again);
        assertEquals(once, StructuredFields.serializeDictionary(again));
    }

    @Provide
    Arbitrary<String> sfLike() {
        return Arbitraries.strings().withChars("abcz09*-._=,;() \t\"\\:?+/=AZé.")
                .ofMaxLength(40)
                .injectDuplicates(0.05)
                .edgeCases(e -> e.add("sig1=(\"@method\" \"@path\");created=1;keyid=\"k\""));
    }

    private static void parseAll(String input) {
        for (Runnable r : List.<Runnable>of(
                () -> StructuredFields.parseDictionary(input),
                () -> StructuredFields.parseList(input),
                () -> StructuredFields.parseItem(input),
                () -> StructuredFields.parseInnerList(input))) {
            try {
                r.run();
            } catch (MalformedSignatureException expected) {
                // the documented failure
            }
        }
    }
}
