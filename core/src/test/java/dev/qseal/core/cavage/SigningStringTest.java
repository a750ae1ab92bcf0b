package dev.qseal.core.cavage;

import dev.qseal.core.cavage.internal.SigningString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qseal.core.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DESIGN.md §4 signing-string rules, one per test. */
class SigningStringTest {

    @Test
    void requestTargetKeepsTargetExactlyAsSent() {
        HttpRequest r = HttpRequest.builder("POST", "/a%2Fb?x=1&y=%20&x=2").build();
        assertEquals("(request-target): post /a%2Fb?x=1&y=%20&x=2", SigningString.build(r, List.of("(request-target)"), null, null));
    }

    @Test
    void requestTargetLowerCasesTheMethodOnly() {
        HttpRequest r = HttpRequest.builder("PaTcH", "/Upper/Case?Q=A").build();
        assertEquals("(request-target): patch /Upper/Case?Q=A", SigningString.build(r, List.of("(request-target)"), null, null));
    }

    @Test
    void emptyHeaderValueGivesNameColonSpace() {
        HttpRequest r = HttpRequest.builder("GET", "/").header("X-Empty", "").header("X-Blank", "   ").build();
        assertEquals("x-empty: \nx-blank: ", SigningString.build(r, List.of("x-empty", "x-blank"), null, null));
    }

    @Test
    void repeatedHeadersJoinInMessageOrderTrimmed() {
        HttpRequest r = HttpRequest.builder("GET", "/")
                .header("Cache-Control", "  max-age=60 ").header("Other", "x").header("cache-control", "must-revalidate\t").build();
        assertEquals("cache-control: max-age=60, must-revalidate", SigningString.build(r, List.of("cache-control"), null, null));
    }

    @Test
    void linesJoinedWithLfWithoutTrailingLf() {
        HttpRequest r = HttpRequest.builder("GET", "/").header("A", "1").header("B", "2").build();
        String s = SigningString.build(r, List.of("b", "a"), null, null);
        assertEquals("b: 2\na: 1", s);
        assertFalse(s.endsWith("\n"));
    }

    @Test
    void createdAndExpiresAreDecimalIntegers() {
        HttpRequest r = HttpRequest.builder("GET", "/").build();
        assertEquals("(created): 1402170695\n(expires): 1402170699",
                SigningString.build(r, List.of("(created)", "(expires)"), 1402170695L, 1402170699L));
    }

    @Test
    void missingHeaderNamesTheComponent() {
        HttpRequest r = HttpRequest.builder("GET", "/").header("Date", "x").build();
        SigningString.MissingComponentException e = assertThrows(SigningString.MissingComponentException.class,
                () -> SigningString.build(r, List.of("date", "digest"), null, null));
        assertEquals("digest", e.component());
        SigningString.MissingComponentException c = assertThrows(SigningString.MissingComponentException.class,
                () -> SigningString.build(r, List.of("(created)"), null, null));
        assertEquals("(created)", c.component());
    }

    @Test
    void logFormRedactsCredentialHeadersButKeepsTheRest() {
        String signing = "(request-target): post /customer-access-tokens\ndate: 2018-03-30T12:22:35Z\n"
                + "authorization: Bearer FDDFGDFGDFGDFGDFGFDG\ncookie: s=secret-session";
        String logged = SigningString.redactedForLog(signing);
        org.junit.jupiter.api.Assertions.assertFalse(logged.contains("FDDFGDFG") || logged.contains("secret-session"), logged);
        assertEquals("(request-target): post /customer-access-tokens\ndate: 2018-03-30T12:22:35Z\n"
                + "authorization: ***\ncookie: ***", logged);
    }
}
