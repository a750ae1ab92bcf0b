package dev.qseal.core.http.internal;

import dev.qseal.core.Limits;
import dev.qseal.core.BadInputException;
import dev.qseal.core.MalformedSignatureException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8941 (Structured Field Values) parser and serializer, covering what RFC 9421 needs:
 * Lists, Dictionaries, Items, Inner Lists, Parameters, Integers, Decimals, Strings, Tokens, Byte
 * Sequences and Booleans.
 *
 * <p>Parsing follows RFC 8941 §4.2 to the letter (leading and trailing spaces are dropped; a
 * repeated Dictionary or Parameter key overwrites the earlier value in its original position) and
 * is bounded: the input may be at most {@value #MAX_LENGTH} characters, and there is no recursion
 * beyond Inner Lists. Whatever the input, the parser throws nothing but
 * {@link MalformedSignatureException}, whose message names the position and what was expected.
 */
public final class StructuredFields {
    /** The longest field value the parser accepts, in characters. */
    public static final int MAX_LENGTH = Limits.STRUCTURED_FIELD_CHARS;

    private StructuredFields() {
    }

    // ---------------------------------------------------------------- parsing

    /** Parses a Dictionary field value; the result is ordered and unmodifiable. */
    public static Map<String, Member> parseDictionary(String input) {
        Parser p = new Parser(input);
        Map<String, Member> out = p.dictionary();
        p.end();
        return out;
    }

    /** Parses a List field value; the result is unmodifiable. */
    public static List<Member> parseList(String input) {
        Parser p = new Parser(input);
        List<Member> out = p.list();
        p.end();
        return out;
    }

    /** Parses an Item field value. */
    public static Item parseItem(String input) {
        Parser p = new Parser(input);
        Item out = p.item();
        p.end();
        return out;
    }

    /** Parses an Inner List (with its parameters), e.g. the value of one Signature-Input member. */
    public static InnerList parseInnerList(String input) {
        Parser p = new Parser(input);
        if (p.peek() != '(') {
            throw p.fail("expected '(' to start an Inner List");
        }
        InnerList out = p.innerList();
        p.end();
        return out;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String input) {
            if (input == null) {
                throw new MalformedSignatureException("structured field value is missing");
            }
            if (input.length() > MAX_LENGTH) {
                throw new MalformedSignatureException("structured field value is " + input.length()
                        + " characters long; at most " + MAX_LENGTH + " are accepted");
            }
            for (int i = 0; i < input.length(); i++) {
                if (input.charAt(i) > 0x7f) {
                    throw new MalformedSignatureException("structured field value has a non-ASCII character at position " + i);
                }
            }
            this.s = input;
            skipSp();
        }

        MalformedSignatureException fail(String what) {
            String near = pos >= s.length() ? "end of input" : "'" + clip(s.substring(pos)) + "'";
            return new MalformedSignatureException("structured field value: " + what + " at position " + pos + " (" + near + ")");
        }

        int peek() {
            return pos < s.length() ? s.charAt(pos) : -1;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        void skipSp() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        void skipOws() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        void end() {
            skipSp();
            if (!atEnd()) {
                throw fail("unexpected characters after the value");
            }
        }

        List<Member> list() {
            List<Member> out = new ArrayList<>();
            while (!atEnd()) {
                out.add(itemOrInnerList());
                skipOws();
                if (atEnd()) {
                    break;
                }
                if (s.charAt(pos) != ',') {
                    throw fail("expected ',' between list members");
                }
                pos++;
                skipOws();
                if (atEnd()) {
                    throw fail("trailing ',' in list");
                }
            }
            return Collections.unmodifiableList(out);
        }

        Map<String, Member> dictionary() {
            Map<String, Member> out = new LinkedHashMap<>();
            while (!atEnd()) {
                String key = key();
                Member member;
                if (peek() == '=') {
                    pos++;
                    member = itemOrInnerList();
                } else {
                    member = new Item(BareItem.bool(true), parameters());
                }
                out.put(key, member);
                skipOws();
                if (atEnd()) {
                    break;
                }
                if (s.charAt(pos) != ',') {
                    throw fail("expected ',' between dictionary members");
                }
                pos++;
                skipOws();
                if (atEnd()) {
                    throw fail("trailing ',' in dictionary");
                }
            }
            return Collections.unmodifiableMap(out);
        }

        Member itemOrInnerList() {
            return peek() == '(' ? innerList() : item();
        }

        InnerList innerList() {
            pos++; // '('
            List<Item> items = new ArrayList<>();
            while (!atEnd()) {
                skipSp();
                if (peek() == ')') {
                    pos++;
                    return new InnerList(items, parameters());
                }
                items.add(item());
                int c = peek();
                if (c != ' ' && c != ')') {
                    throw fail("expected ' ' or ')' in inner list");
                }
            }
            throw fail("inner list is not closed with ')'");
        }

        Item item() {
            BareItem v = bareItem();
            return new Item(v, parameters());
        }

        BareItem bareItem() {
            int c = peek();
            if (c == '-' || isDigit(c)) {
                return number();
            }
            if (c == '"') {
                return string();
            }
            if (c == ':') {
                return byteSequence();
            }
            if (c == '?') {
                return bool();
            }
            if (c == '*' || (c >= 0 && isAlpha((char) c))) {
                return token();
            }
            throw fail("expected an Integer, Decimal, String, Token, Byte Sequence or Boolean");
        }

        Parameters parameters() {
            Map<String, BareItem> out = null;
            while (peek() == ';') {
                pos++;
                skipSp();
                String key = key();
                BareItem value = BareItem.bool(true);
                if (peek() == '=') {
                    pos++;
                    value = bareItem();
                }
                if (out == null) {
                    out = new LinkedHashMap<>();
                }
                out.put(key, value);
            }
            // a repeated key kept its first position with the last value, as Parameters.with does
            return out == null ? Parameters.empty() : Parameters.parsed(out);
        }

        String key() {
            int c = peek();
            if (!(c == '*' || (c >= 'a' && c <= 'z'))) {
                throw fail("expected a key (starting with a-z or '*')");
            }
            int start = pos;
            while (pos < s.length() && isKeyChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        BareItem number() {
            int start = pos;
            boolean negative = false;
            if (peek() == '-') {
                negative = true;
                pos++;
            }
            if (!isDigit(peek())) {
                throw fail("expected a digit");
            }
            boolean decimal = false;
            int digitsStart = pos;
            int dot = -1;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (isDigit(c)) {
                    pos++;
                } else if (!decimal && c == '.') {
                    if (pos - digitsStart > 12) {
                        throw fail("a Decimal has at most 12 integer digits");
                    }
                    decimal = true;
                    dot = pos;
                    pos++;
                } else {
                    break;
                }
                int len = pos - digitsStart;
                if (!decimal && len > 15) {
                    throw fail("an Integer has at most 15 digits");
                }
                if (decimal && len > 16) {
                    throw fail("a Decimal has at most 16 characters");
                }
            }
            String num = s.substring(digitsStart, pos);
            if (!decimal) {
                long v = Long.parseLong(num);
                return BareItem.integer(negative ? -v : v);
            }
            int fraction = pos - dot - 1;
            if (fraction == 0) {
                throw fail("a Decimal must not end with '.'");
            }
            if (fraction > 3) {
                throw fail("a Decimal has at most 3 fractional digits");
            }
            BigDecimal v = new BigDecimal(s.substring(start, pos));
            return BareItem.decimal(v);
        }

        BareItem string() {
            pos++; // '"'
            for (int i = pos; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"') { // the usual case, printable ASCII without escapes: taken as it is
                    BareItem out = BareItem.string(s.substring(pos, i));
                    pos = i + 1;
                    return out;
                }
                if (c == '\\' || c < 0x20 || c > 0x7e) {
                    break; // the character-by-character reading below decides
                }
            }
            StringBuilder sb = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\\') {
                    if (pos >= s.length()) {
                        throw fail("String ends after '\\'");
                    }
                    char n = s.charAt(pos++);
                    if (n != '"' && n != '\\') {
                        pos--;
                        throw fail("only '\\\"' and '\\\\' are escapes in a String");
                    }
                    sb.append(n);
                } else if (c == '"') {
                    return BareItem.string(sb.toString());
                } else if (c < 0x20 || c > 0x7e) {
                    pos--;
                    throw fail("a String holds printable ASCII only");
                } else {
                    sb.append(c);
                }
            }
            throw fail("String is not closed with '\"'");
        }

        BareItem token() {
            int start = pos;
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (!(isTchar(c) || c == ':' || c == '/')) {
                    break;
                }
                pos++;
            }
            return BareItem.token(s.substring(start, pos));
        }

        BareItem byteSequence() {
            pos++; // ':'
            int start = pos;
            int close = s.indexOf(':', pos);
            if (close > 0) {
                // the JDK's decoder refuses every character outside the base64 alphabet itself: when it accepts the
                // value, so would the character-by-character reading below, which runs only to name a fault
                try {
                    byte[] bytes = Base64.getDecoder().decode(s.substring(start, close));
                    pos = close + 1;
                    return BareItem.byteSequence(bytes);
                } catch (IllegalArgumentException e) {
                    pos = start;
                }
            }
            while (pos < s.length() && s.charAt(pos) != ':') {
                char c = s.charAt(pos);
                if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
                    throw fail("a Byte Sequence holds base64 characters only");
                }
                pos++;
            }
            if (atEnd()) {
                throw fail("Byte Sequence is not closed with ':'");
            }
            String b64 = s.substring(start, pos);
            pos++;
            try {
                return BareItem.byteSequence(Base64.getDecoder().decode(b64));
            } catch (IllegalArgumentException e) {
                pos = start;
                throw fail("Byte Sequence is not valid base64");
            }
        }

        BareItem bool() {
            pos++; // '?'
            int c = peek();
            if (c == '1' || c == '0') {
                pos++;
                return BareItem.bool(c == '1');
            }
            throw fail("a Boolean is ?1 or ?0");
        }
    }

    // ---------------------------------------------------------------- serializing

    /** Serializes a Dictionary (RFC 8941 §4.1.2). */
    public static String serializeDictionary(Map<String, ? extends Member> dictionary) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ? extends Member> e : dictionary.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            checkKey(e.getKey());
            sb.append(e.getKey());
            Member m = e.getValue();
            if (m instanceof Item && ((Item) m).value().equals(BareItem.bool(true))) {
                serializeParameters(m.parameters(), sb);
            } else {
                sb.append('=');
                serializeMember(m, sb);
            }
        }
        return sb.toString();
    }

    /** Serializes a List (RFC 8941 §4.1.1). */
    public static String serializeList(List<? extends Member> list) {
        StringBuilder sb = new StringBuilder();
        for (Member m : list) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            serializeMember(m, sb);
        }
        return sb.toString();
    }

    static void serializeMember(Member m, StringBuilder sb) {
        if (m instanceof InnerList) {
            serializeInnerList((InnerList) m, sb);
        } else {
            serializeItem((Item) m, sb);
        }
    }

    static void serializeInnerList(InnerList list, StringBuilder sb) {
        sb.append('(');
        boolean first = true;
        for (Item i : list.items()) {
            if (!first) {
                sb.append(' ');
            }
            first = false;
            serializeItem(i, sb);
        }
        sb.append(')');
        serializeParameters(list.parameters(), sb);
    }

    static void serializeItem(Item item, StringBuilder sb) {
        serializeBareItem(item.value(), sb);
        serializeParameters(item.parameters(), sb);
    }

    static void serializeParameters(Parameters params, StringBuilder sb) {
        for (Map.Entry<String, BareItem> e : params.asMap().entrySet()) {
            sb.append(';').append(e.getKey());
            BareItem v = e.getValue();
            if (v.type() != BareItem.Type.BOOLEAN || !v.asBoolean()) {
                sb.append('=');
                serializeBareItem(v, sb);
            }
        }
    }

    static void serializeBareItem(BareItem item, StringBuilder sb) {
        Object v = item.rawValue();
        switch (item.type()) {
            case INTEGER:
                sb.append(((Long) v).longValue());
                break;
            case DECIMAL: {
                BigDecimal d = ((BigDecimal) v).stripTrailingZeros();
                if (d.scale() < 1) {
                    d = d.setScale(1);
                }
                sb.append(d.toPlainString());
                break;
            }
            case STRING: {
                sb.append('"');
                String str = (String) v;
                if (str.indexOf('"') < 0 && str.indexOf('\\') < 0) {
                    sb.append(str).append('"');
                    break;
                }
                for (int i = 0; i < str.length(); i++) {
                    char c = str.charAt(i);
                    if (c == '"' || c == '\\') {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                sb.append('"');
                break;
            }
            case TOKEN:
                sb.append((String) v);
                break;
            case BYTE_SEQUENCE:
                sb.append(':').append(Base64.getEncoder().encodeToString((byte[]) v)).append(':');
                break;
            default:
                sb.append((Boolean) v ? "?1" : "?0");
                break;
        }
    }

    private static void checkKey(String key) {
        if (!isKey(key)) {
            throw new BadInputException("not an RFC 8941 key: '" + clip(key) + "'");
        }
    }

    // ---------------------------------------------------------------- character classes

    public static boolean isKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        char first = key.charAt(0);
        if (!(first == '*' || (first >= 'a' && first <= 'z'))) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            if (!isKeyChar(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*';
    }

    public static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110 tchar. */
    public static boolean isTchar(char c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    public static String clip(String s) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(s.length(), 40);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return s.length() > 40 ? sb + "..." : sb.toString();
    }
}
