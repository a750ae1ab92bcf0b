package dev.qseal.core.rfc9421;

import dev.qseal.core.http.internal.StructuredFields;
import dev.qseal.core.http.internal.InnerList;
import dev.qseal.core.http.internal.Parameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Component values (RFC 9421 §2.1, §2.2 examples) and the errors for components that cannot be computed. */
class ComponentsTest {

    private static String value(String spec, HttpRequest request) {
        return Components.value(Components.parseSpec(spec), MessageView.of(request, "https"));
    }

    private static HttpRequest get(String target) {
        return HttpRequest.builder("GET", target).header("Host", "www.example.com").build();
    }

    @Test
    void derivedComponentsOfSection22() {
        HttpRequest r = HttpRequest.builder("POST", "/path?param=value").header("Host", "www.example.com").build();
        assertEquals("POST", value("@method", r));
        assertEquals("https://www.example.com/path?param=value", value("@target-uri", r));
        assertEquals("www.example.com", value("@authority", r));
        assertEquals("https", value("@scheme", r));
        assertEquals("/path?param=value", value("@request-target", r));
        assertEquals("/path", value("@path", r));
        assertEquals("?param=value", value("@query", r));
        assertEquals("?queryString", value("@query", get("/path?queryString")));
        assertEquals("?", value("@query", get("/path")));
        assertEquals("http", Components.value(Components.parseSpec("@scheme"), MessageView.of(r, "http")));
    }

    @Test
    void authorityIsNormalisedAndAbsoluteFormTargetsAreTakenApart() {
        HttpRequest r = HttpRequest.builder("GET", "/x").header("Host", "WWW.Example.COM:443").build();
        assertEquals("www.example.com", value("@authority", r));
        HttpRequest port = HttpRequest.builder("GET", "/x").header("Host", "example.com:8443").build();
        assertEquals("example.com:8443", value("@authority", port));
        HttpRequest absolute = HttpRequest.builder("GET", "http://www.example.com:80/path?param=value").build();
        assertEquals("www.example.com", value("@authority", absolute));
        assertEquals("http", value("@scheme", absolute));
        assertEquals("/path", value("@path", absolute));
        assertEquals("?param=value", value("@query", absolute));
        assertEquals("http://www.example.com:80/path?param=value", value("@request-target", absolute));
        assertEquals("http://www.example.com:80/path?param=value", value("@target-uri", absolute));
        assertEquals("*", value("@request-target", HttpRequest.builder("OPTIONS", "*").header("Host", "h").build()));
    }

    @Test
    void queryParametersAreDecodedAndReEncodedAsSection228Shows() {
        HttpRequest r = get("/path?param=value&foo=bar&baz=batman&qux=");
        assertEquals("batman", value("@query-param;name=\"baz\"", r));
        assertEquals("", value("@query-param;name=\"qux\"", r));
        HttpRequest enc = get("/parameters?var=this%20is%20a%20big%0Amultiline%20value&bar=with+plus+whitespace"
                + "&fa%C3%A7ade%22%3A%20=something");
        assertEquals("this%20is%20a%20big%0Amultiline%20value", value("@query-param;name=\"var\"", enc));
        assertEquals("with%20plus%20whitespace", value("@query-param;name=\"bar\"", enc));
        assertEquals("something", value("@query-param;name=\"fa%C3%A7ade%22%3A%20\"", enc));
        assertThrows(MissingComponentException.class, () -> value("@query-param;name=\"nope\"", r));
        assertThrows(BadInputException.class, () -> value("@query-param;name=\"a\"", get("/p?a=1&a=2")),
                "a repeated parameter cannot be covered by name");
    }

    @Test
    void headerValuesAreTrimmedUnfoldedAndCombined() {
        HttpRequest r = HttpRequest.builder("GET", "/").header("Host", "h")
                .header("Cache-Control", "  max-age=60  ")
                .header("Cache-Control", "   must-revalidate")
                .header("X-Obs-Fold-Header", "Obsolete\r\n    line folding.")
                .header("X-Empty-Header", "")
                .build();
        assertEquals("max-age=60, must-revalidate", value("cache-control", r));
        assertEquals("Obsolete line folding.", value("x-obs-fold-header", r));
        assertEquals("", value("X-Empty-Header", r));
        String base = SignatureBase.build(MessageView.of(r, "https"),
                new InnerList(java.util.List.of(Components.parseSpec("x-empty-header")), Parameters.empty()));
        assertTrue(base.startsWith("\"x-empty-header\": \n"), base);
    }

    @Test
    void structuredFieldParametersSfKeyAndBs() {
        HttpRequest r = HttpRequest.builder("GET", "/").header("Host", "h")
                .header("Example-Dict", " a=1,    b=2;x=1;y=2,   c=(a   b   c)  ")
                .header("Example-Header", "value, with, lots")
                .header("Example-Header", "of, commas")
                .build();
        assertEquals("a=1,    b=2;x=1;y=2,   c=(a   b   c)", value("example-dict", r));
        assertEquals("a=1, b=2;x=1;y=2, c=(a b c)", value("example-dict;sf", r));
        assertEquals("1", value("\"example-dict\";key=\"a\"", r));
        assertEquals("2;x=1;y=2", value("example-dict;key=\"b\"", r));
        assertEquals("(a b c)", value("example-dict;key=\"c\"", r));
        assertThrows(MissingComponentException.class, () -> value("example-dict;key=\"d\"", r));
        assertEquals(":dmFsdWUsIHdpdGgsIGxvdHM=:, :b2YsIGNvbW1hcw==:", value("example-header;bs", r));
        assertThrows(BadInputException.class, () -> value("example-header;sf", r), "unknown structured type");
    }

    @Test
    void statusAndReqBelongToResponses() {
        HttpRequest req = HttpRequest.builder("POST", "/foo").header("Host", "example.com").build();
        HttpResponse res = HttpResponse.builder(200).header("Content-Type", "text/plain").build();
        MessageView both = MessageView.of(res, req, "https");
        assertEquals("200", Components.value(Components.parseSpec("@status"), both));
        assertEquals("POST", Components.value(Components.parseSpec("@method;req"), both));
        assertThrows(MalformedSignatureException.class, () -> Components.value(Components.parseSpec("@method"), both));
        assertThrows(MalformedSignatureException.class, () -> value("@status", req));
        assertThrows(MalformedSignatureException.class, () -> value("@method;req", req));
        assertThrows(MissingComponentException.class,
                () -> Components.value(Components.parseSpec("@method;req"), MessageView.of(res, null, "https")));
    }

    @Test
    void invalidIdentifiersAreRejected() {
        assertThrows(MalformedSignatureException.class, () -> Components.parseSpec("@unknown"));
        assertThrows(MalformedSignatureException.class, () -> Components.parseSpec("@signature-params"));
        assertThrows(MalformedSignatureException.class, () -> Components.parseSpec("@query-param"));
        assertThrows(MalformedSignatureException.class, () -> Components.parseSpec("@method;sf"));
        assertThrows(MalformedSignatureException.class, () -> Components.parseSpec("date;foo"));
        assertThrows(MalformedSignatureException.class, () -> Components.parseSpec("content-digest;bs;sf"));
        assertThrows(MalformedSignatureException.class, () -> Components.validate(StructuredFields.parseItem("\"Date\"")));
        assertThrows(BadInputException.class, () -> Components.parseSpec("date;tr"));
        assertEquals("\"content-type\"", Components.parseSpec("Content-Type").serialize());
        assertEquals("\"@query-param\";name=\"Pet\"", Components.parseSpec("@query-param;name=\"Pet\"").serialize());
    }

    @Test
    void nonAsciiValuesNeedBs() {
        HttpRequest r = HttpRequest.builder("GET", "/").header("Host", "h").header("X-Name", "Zoë").build();
        InnerList plain = new InnerList(java.util.List.of(Components.parseSpec("x-name")), Parameters.empty());
        assertThrows(BadInputException.class, () -> SignatureBase.build(MessageView.of(r, "https"), plain));
        InnerList bs = new InnerList(java.util.List.of(Components.parseSpec("x-name;bs")), Parameters.empty());
        assertTrue(SignatureBase.build(MessageView.of(r, "https"), bs).startsWith("\"x-name\";bs: :Wm/r:"));
    }

    @Test
    void credentialHeadersAreRedactedInLoggedBases() {
        String base = "\"@method\": GET\n\"authorization\": Bearer abc\n\"cookie\";bs: :eA==:\n\"@signature-params\": (\"@method\")";
        String logged = SignatureBase.redactedForLog(base);
        assertEquals("\"@method\": GET\n\"authorization\": ***\n\"cookie\";bs: ***\n\"@signature-params\": (\"@method\")", logged);
    }
}
