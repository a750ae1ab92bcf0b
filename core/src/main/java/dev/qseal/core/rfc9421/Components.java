package dev.qseal.core.rfc9421;

import dev.qseal.core.http.internal.StructuredFields;
import dev.qseal.core.http.internal.BareItem;
import dev.qseal.core.http.internal.Item;
import dev.qseal.core.http.internal.Member;
import dev.qseal.core.http.internal.Parameters;
import dev.qseal.core.BadInputException;
import dev.qseal.core.http.internal.HeaderLines;
import dev.qseal.core.MalformedSignatureException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Component identifiers (RFC 9421 §2): parsing what a user writes, and deriving each component's value. */
final class Components {
    /** Structured fields whose type qseal knows, for the {@code sf} parameter ({@code key} works on any field). */
    static final Set<String> DICTIONARY_FIELDS = Set.of("signature", "signature-input", "accept-signature",
            "content-digest", "repr-digest", "want-content-digest", "want-repr-digest", "priority", "example-dict");
    static final Set<String> LIST_FIELDS = Set.of("cache-status", "proxy-status", "example-list");
    static final Set<String> ITEM_FIELDS = Set.of("example-item");

    private static final Set<String> DERIVED = Set.of("@method", "@target-uri", "@authority", "@scheme",
            "@request-target", "@path", "@query", "@query-param", "@status");
    private static final Set<String> PARAMETERS = Set.of("sf", "key", "bs", "req", "tr", "name");

    private Components() {
    }

    /**
     * A component identifier as a user writes it: {@code @method}, {@code Content-Digest},
     * {@code @query-param;name="id"}, {@code "content-digest";req}, {@code "example-dict";key="a"}.
     * Field names are lower-cased; the result is validated as a signer would use it.
     */
    static Item parseSpec(String spec) {
        String s = spec.trim();
        if (s.isEmpty()) {
            throw new BadInputException("empty component identifier");
        }
        Item item;
        try {
            if (s.startsWith("\"")) {
                item = StructuredFields.parseItem(s);
            } else {
                int semi = s.indexOf(';');
                String name = (semi < 0 ? s : s.substring(0, semi)).toLowerCase(Locale.ROOT);
                item = StructuredFields.parseItem("\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                        + (semi < 0 ? "" : s.substring(semi)));
            }
        } catch (MalformedSignatureException e) {
            throw new BadInputException("component identifier '" + StructuredFields.clip(s) + "' is not valid: " + e.getMessage());
        }
        if (item.value().type() != BareItem.Type.STRING) {
            throw new BadInputException("component identifier '" + StructuredFields.clip(s) + "' must be a name or a quoted String");
        }
        validate(item);
        return item;
    }

    /** Checks that a component identifier is one qseal understands (RFC 9421 §2: unknown parameters are an error). */
    static void validate(Item component) {
        if (component.value().type() != BareItem.Type.STRING) {
            throw new MalformedSignatureException("a covered component must be a String, not " + component.serialize());
        }
        String name = component.value().asString();
        // the identifier is serialised only for a message: this runs for every component of every verification
        Parameters p = component.parameters();
        for (Map.Entry<String, BareItem> e : p.asMap().entrySet()) {
            String k = e.getKey();
            if (!PARAMETERS.contains(k)) {
                throw new MalformedSignatureException("component " + component.serialize() + " has the parameter '" + k
                        + "', which RFC 9421 does not define (sf, key, bs, req, tr, name)");
            }
            BareItem.Type want = k.equals("key") || k.equals("name") ? BareItem.Type.STRING : BareItem.Type.BOOLEAN;
            if (e.getValue().type() != want) {
                throw new MalformedSignatureException("component " + component.serialize() + ": parameter '" + k + "' must be a "
                        + (want == BareItem.Type.STRING ? "String" : "Boolean"));
            }
        }
        if (flag(p, "tr")) {
            throw new BadInputException("component " + component.serialize() + " names a trailer (;tr): qseal does not sign or verify trailers");
        }
        if (name.startsWith("@")) {
            if (name.equals("@signature-params")) {
                throw new MalformedSignatureException("@signature-params must not be listed as a covered component");
            }
            if (!DERIVED.contains(name)) {
                throw new MalformedSignatureException("unknown derived component " + component.serialize()
                        + " (known: @method @target-uri @authority @scheme @request-target @path @query @query-param @status)");
            }
            if (flag(p, "sf") || p.contains("key") || flag(p, "bs")) {
                throw new MalformedSignatureException("component " + component.serialize() + ": sf, key and bs apply to header fields only");
            }
            if (name.equals("@query-param") != p.contains("name")) {
                throw new MalformedSignatureException(name.equals("@query-param")
                        ? "@query-param needs a name parameter: \"@query-param\";name=\"id\""
                        : "component " + component.serialize() + ": the name parameter applies to @query-param only");
            }
            return;
        }
        if (p.contains("name")) {
            throw new MalformedSignatureException("component " + component.serialize() + ": the name parameter applies to @query-param only");
        }
        if (name.isEmpty() || !allTchar(name)) {
            throw new MalformedSignatureException("component " + component.serialize() + " is not a header field name");
        }
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
            throw new MalformedSignatureException("component " + component.serialize() + ": header field names are lower case in RFC 9421");
        }
        if (flag(p, "bs") && (flag(p, "sf") || p.contains("key"))) {
            throw new MalformedSignatureException("component " + component.serialize() + ": bs cannot be combined with sf or key");
        }
        // key names a Dictionary member, which says the field is a Dictionary (RFC 9421 §2.1.2): any field may carry it.
        // sf alone needs the field's type, known only for the fields below.
        if (flag(p, "sf") && !p.contains("key") && !DICTIONARY_FIELDS.contains(name) && !LIST_FIELDS.contains(name)
                && !ITEM_FIELDS.contains(name)) {
            throw new BadInputException("component " + component.serialize() + ": qseal does not know the structured type of '" + name
                    + "'; cover it without sf, or name a Dictionary member with key=\"...\"");
        }
    }

    private static boolean allTchar(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (!StructuredFields.isTchar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean flag(Parameters p, String key) {
        BareItem v = p.asMap().get(key);
        return v != null && v.type() == BareItem.Type.BOOLEAN && v.asBoolean();
    }

    /** Whether a component is a header field of the message itself (not derived, not ;req). */
    static boolean isOwnField(Item component) {
        return !component.value().asString().startsWith("@") && !flag(component.parameters(), "req");
    }

    /** The component value for the signature base (RFC 9421 §2.1, §2.2), after {@link #validate}. */
    static String value(Item component, MessageView message) {
        validate(component);
        return value(component, component.serialize(), message);
    }

    /**
     * As {@link #value(Item, MessageView)}, for a component {@link #validate} has accepted already (SignatureBase),
     * whose serialisation is {@code id}.
     */
    static String value(Item component, String id, MessageView message) {
        String name = component.value().asString();
        Parameters p = component.parameters();
        MessageView m = message;
        if (flag(p, "req")) {
            if (message.isRequest()) {
                throw new MalformedSignatureException("component " + id + ": ;req applies to a response's signature only");
            }
            m = message.related().orElseThrow(() -> new MissingComponentException(id,
                    "component " + id + " is taken from the request, but no request was given with the response"));
        }
        return name.startsWith("@") ? derived(id, name, p, m) : field(id, name, p, m);
    }

    private static String derived(String id, String name, Parameters p, MessageView m) {
        if (name.equals("@status")) {
            if (m.isRequest()) {
                throw new MalformedSignatureException("component " + id + " applies to responses only");
            }
            return String.format(Locale.ROOT, "%03d", m.response().status());
        }
        if (!m.isRequest()) {
            throw new MalformedSignatureException("component " + id + " describes a request: in a response's signature write "
                    + id + ";req");
        }
        switch (name) {
            case "@method":
                return m.request().method();
            case "@target-uri": {
                if (m.absoluteForm()) {
                    return m.target();
                }
                String authority = m.authority().orElseThrow(() -> new MissingComponentException(id,
                        "component " + id + " needs the authority: the request has no Host header"));
                String o = m.target().equals("*") ? "" : m.originForm();
                return m.scheme() + "://" + authority + o;
            }
            case "@authority":
                return m.authority().orElseThrow(() -> new MissingComponentException(id,
                        "component " + id + " needs the authority: the request has no Host header"));
            case "@scheme":
                return m.scheme();
            case "@request-target":
                return m.target();
            case "@path":
                if (m.target().equals("*")) {
                    throw new MissingComponentException(id, "component " + id + ": an asterisk-form target (*) has no path");
                }
                return m.path();
            case "@query":
                return "?" + m.query().orElse("");
            default:
                return queryParam(id, p.get("name").get().asString(), m);
        }
    }

    private static String queryParam(String id, String wanted, MessageView m) {
        List<String> found = new ArrayList<>(1);
        String q = m.query().orElse("");
        if (!q.isEmpty()) {
            for (String pair : q.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String n = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                if (percentEncode(formDecode(n)).equals(wanted)) {
                    found.add(percentEncode(formDecode(v)));
                }
            }
        }
        if (found.isEmpty()) {
            throw new MissingComponentException(id, "component " + id + ": the query has no parameter named '"
                    + StructuredFields.clip(wanted) + "'");
        }
        if (found.size() > 1) {
            throw new BadInputException("component " + id + ": the query parameter occurs " + found.size()
                    + " times; RFC 9421 §2.2.8 forbids covering it by name (cover @query instead)");
        }
        return found.get(0);
    }

    /** application/x-www-form-urlencoded parsing of one name or value (WHATWG URL): '+' is space, %XX is a byte, UTF-8. */
    static String formDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.replace('+', ' ').getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }

    /** Percent-encodes with the application/x-www-form-urlencoded percent-encode set (space as %20, as RFC 9421 §2.2.8 shows). */
    static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '*' || c == '-'
                    || c == '.' || c == '_') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static String field(String id, String name, Parameters p, MessageView m) {
        List<String> raw = m.headers().values(name);
        if (raw.isEmpty()) {
            throw new MissingComponentException(id, "component " + id + ": the " + (m.isRequest() ? "request" : "response")
                    + " has no " + name + " header");
        }
        if (flag(p, "bs")) {
            StringBuilder sb = new StringBuilder();
            for (String v : raw) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(':').append(Base64.getEncoder().encodeToString(fieldBytes(trimOws(v)))).append(':');
            }
            return sb.toString();
        }
        String value = HeaderLines.combined(raw);
        if (p.contains("key")) {
            String key = p.get("key").get().asString();
            Map<String, Member> dict = parseAs(id, value, StructuredFields::parseDictionary);
            Member member = dict.get(key);
            if (member == null) {
                throw new MissingComponentException(id, "component " + id + ": the " + name + " Dictionary has no member '"
                        + StructuredFields.clip(key) + "'");
            }
            return member.serialize();
        }
        if (flag(p, "sf")) {
            if (DICTIONARY_FIELDS.contains(name)) {
                return StructuredFields.serializeDictionary(parseAs(id, value, StructuredFields::parseDictionary));
            }
            if (LIST_FIELDS.contains(name)) {
                return StructuredFields.serializeList(parseAs(id, value, StructuredFields::parseList));
            }
            return parseAs(id, value, StructuredFields::parseItem).serialize();
        }
        return value;
    }

    private static <T> T parseAs(String id, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (MalformedSignatureException e) {
            throw new BadInputException("component " + id + ": the header is not a valid structured field: " + e.getMessage());
        }
    }

    /** RFC 9421 §2.1: obs-folds become one space, leading and trailing whitespace is removed. */
    static String canonical(String value) {
        return HeaderLines.canonical(value);
    }

    private static String trimOws(String v) {
        return HeaderLines.trimOws(v);
    }

    /** The bytes of a header value as received: ISO-8859-1 when every character fits (HTTP's historical charset), else UTF-8. */
    private static byte[] fieldBytes(String v) {
        boolean latin1 = v.chars().allMatch(c -> c < 0x100);
        return v.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
}
