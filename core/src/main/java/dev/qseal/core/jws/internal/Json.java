package dev.qseal.core.jws.internal;

import dev.qseal.core.Limits;
import dev.qseal.core.internal.Untrusted;
import dev.qseal.core.MalformedSignatureException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and string writer for JWS protected headers: no library on
 * the signing path, and a parser whose only failure is {@link MalformedSignatureException}.
 *
 * <p>Limits: at most {@link #MAX_CHARS} characters and {@link #MAX_DEPTH} levels of nesting.
 * Strict where JOSE needs it: duplicate member names are an error (RFC 7515 §5.2 step 4 allows a
 * parser to reject them), as are trailing content, unpaired surrogates, control characters in
 * strings, leading zeros and any non-JSON token. Values come back as {@link Map} (member order
 * kept), {@link List}, {@link String}, {@link Boolean}, {@link BigDecimal} and {@link #NULL}.
 */
public final class Json {
    public static final int MAX_CHARS = Limits.JWS_HEADER_JSON_CHARS;
    public static final int MAX_DEPTH = Limits.JSON_DEPTH;
    /** The JSON {@code null} value. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    /** Parses a JSON text whose top-level value must be an object. */
    public static Map<String, Object> parseObject(String text) {
        if (text.length() > MAX_CHARS) {
            throw new MalformedSignatureException("the JWS protected header is " + text.length()
                    + " characters long; qseal accepts at most " + MAX_CHARS);
        }
        Json p = new Json(text);
        p.ws();
        if (p.peek() != '{') {
            throw new MalformedSignatureException("the JWS protected header is not a JSON object");
        }
        Object v = p.value(0);
        p.ws();
        if (p.pos != text.length()) {
            throw p.error("unexpected content after the JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        return m;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        ws();
        char c = peek();
        switch (c) {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"': return string();
            case 't': literal("true"); return Boolean.TRUE;
            case 'f': literal("false"); return Boolean.FALSE;
            case 'n': literal("null"); return NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character");
        }
    }

    private Map<String, Object> object(int depth) {
        pos++; // '{'
        Map<String, Object> out = new LinkedHashMap<>();
        ws();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(out);
        }
        while (true) {
            ws();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String name = string();
            ws();
            expect(':');
            Object v = value(depth + 1);
            if (out.containsKey(name)) {
                throw new MalformedSignatureException("the JWS protected header has the member \"" + clip(name) + "\" twice");
            }
            out.put(name, v);
            ws();
            char c = next();
            if (c == '}') {
                return Collections.unmodifiableMap(out);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        pos++; // '['
        List<Object> out = new ArrayList<>();
        ws();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(out);
        }
        while (true) {
            out.add(value(depth + 1));
            ws();
            char c = next();
            if (c == ']') {
                return Collections.unmodifiableList(out);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        pos++; // opening quote
        for (int i = pos; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') { // the usual case, no escape, control character or surrogate: taken as it is
                String out = known(pos, i);
                if (out == null) {
                    out = s.substring(pos, i);
                }
                pos = i + 1;
                return out;
            }
            if (c < 0x20 || c == '\\' || Character.isSurrogate(c)) {
                break; // the character-by-character reading below decides
            }
        }
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                pos--;
                throw error("control character in a JSON string");
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u': sb.append(hex4()); break;
                    default:
                        pos--;
                        throw error("invalid escape in a JSON string");
                }
            } else {
                sb.append(c);
            }
        }
        String out = sb.toString();
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= out.length() || !Character.isLowSurrogate(out.charAt(i + 1))) {
                    throw error("unpaired surrogate in a JSON string");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw error("unpaired surrogate in a JSON string");
            }
        }
        return out;
    }

    /** The names a JWS header of this kind holds, as members or in {@code crit}: read without a new string. */
    private static final String[] KNOWN = {"alg", "kid", "typ", "cty", "b64", "x5c", "mId", "crit", "sigT", "sigD", "pars",
        "x5t#S256"};

    /** The {@link #KNOWN} name that {@code s[from, to)} spells, or null. */
    private String known(int from, int to) {
        int n = to - from;
        for (String k : KNOWN) {
            if (k.length() == n && s.startsWith(k, from)) {
                return k;
            }
        }
        return null;
    }

    private char hex4() {
        if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) {
                throw error("invalid \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private BigDecimal number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (peek() >= '1' && peek() <= '9') {
            digits();
        } else {
            throw error("invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (!(peek() >= '0' && peek() <= '9')) {
                throw error("invalid number");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!(peek() >= '0' && peek() <= '9')) {
                throw error("invalid number");
            }
            digits();
        }
        if (pos - start > 64) {
            throw error("number too long");
        }
        try {
            return new BigDecimal(s.substring(start, pos));
        } catch (NumberFormatException | ArithmeticException e) {
            throw error("invalid number");
        }
    }

    private void digits() {
        while (peek() >= '0' && peek() <= '9') {
            pos++;
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw error("unexpected token");
        }
        pos += word.length();
    }

    private void ws() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\uffff';
    }

    private char next() {
        if (pos >= s.length()) {
            throw error("unexpected end of the JSON text");
        }
        return s.charAt(pos++);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private MalformedSignatureException error(String what) {
        return new MalformedSignatureException("the JWS protected header is not valid JSON: " + what + " at offset " + pos);
    }

    /** Untrusted text made safe to echo in a message: escaped, cut at 40 characters. */
    private static String clip(String v) {
        return Untrusted.echo(v, 40);
    }

    /** Appends {@code value} as a JSON string: quotes, backslash and control characters escaped, nothing else. */
    public static void writeString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
