package dev.qseal.core.key;

import dev.qseal.core.BadInputException;
import dev.qseal.core.Limits;
import dev.qseal.core.internal.Untrusted;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where a key lives, as a URI: {@code scheme:path?name=value&...}. The scheme picks the
 * {@link KeySource}; the path and query mean what that source says (a file path and
 * {@code cert=} for {@code file:}, RFC 7512 attributes for {@code pkcs11:}).
 *
 * <p>Query values are percent-decoded. {@link #toString()} shows the value of an attribute only when
 * its name is on a short list of attributes that never hold a secret ({@link #SHOWN}: alias, cert,
 * module-path...; for {@code pkcs11:} path attributes token, object, id, type...); every other value, known or not, is shown as {@code ***}
 * (a password typed into {@code pin=}, {@code passwd=} or {@code password-env=} included), so a KeyRef
 * is safe to log and to echo in a message.
 */
public final class KeyRef {
    /** Query attributes whose values {@link #toString()} shows; any other value is redacted. */
    static final Set<String> SHOWN = Set.of("alias", "cert", "module-path", "module-name", "slot-id", "max-sessions", "wait-ms",
            "region", "project", "location", "key-ring", "version");
    /** RFC 7512 path attributes of a {@code pkcs11:} reference whose values {@link #toString()} shows (a token label is not a secret there). */
    static final Set<String> SHOWN_PKCS11_PATH = Set.of("token", "object", "id", "type", "serial", "manufacturer", "model",
            "slot-id", "slot-description", "slot-manufacturer", "library-description", "library-manufacturer", "library-version");

    private final String scheme;
    private final String path;
    private final Map<String, String> query;
    private final String redacted;

    private KeyRef(String scheme, String path, Map<String, String> query, String redacted) {
        this.scheme = scheme;
        this.path = path;
        this.query = query;
        this.redacted = redacted;
    }

    /**
     * Parses a key reference.
     *
     * @throws BadInputException if it has no scheme or a malformed query
     */
    public static KeyRef parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.length() > Limits.KEY_REF_CHARS) {
            throw new BadInputException("a key reference is at most " + Limits.KEY_REF_CHARS + " characters long; this one has " + uri.length());
        }
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            throw new BadInputException("a key reference needs a scheme, e.g. file:/path/key.pem or "
                    + "pkcs12:/path/k.p12?alias=seal&password-env=P12_PASS");
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
            throw new BadInputException("a key reference must start with a scheme such as file:, pkcs12:, jks: or pkcs11:");
        }
        String rest = uri.substring(colon + 1);
        String rawQuery = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            rawQuery = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        if (rest.startsWith("//")) {
            // file:///abs/path or file://localhost/abs/path: drop the (empty or local) authority
            int slash = rest.indexOf('/', 2);
            String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
                throw new BadInputException("key reference '" + scheme + "://" + Untrusted.echo(authority, 60)
                        + "...' names a remote host: use a local path like " + scheme + ":/path");
            }
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        Map<String, String> query = new LinkedHashMap<>();
        StringBuilder shown = new StringBuilder(scheme).append(':').append(scheme.equals("pkcs11") ? redactAttributes(rest) : Untrusted.echo(rest));
        if (!rawQuery.isEmpty()) {
            char sep = '?';
            for (String pair : rawQuery.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    // never echoed: a bare word after '?' or '&' may well be a password typed in the wrong place
                    throw new BadInputException("a key reference query attribute has no '=': attributes are name=value, "
                            + "joined by '&' (the attribute is not shown, in case it is a secret)");
                }
                String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (query.putIfAbsent(name, value) != null) {
                    throw new BadInputException("key reference repeats the query attribute '" + Untrusted.echo(name, 40) + "'");
                }
                shown.append(sep).append(Untrusted.echo(name, 40)).append('=').append(SHOWN.contains(name) ? Untrusted.echo(value) : "***");
                sep = '&';
            }
        }
        return new KeyRef(scheme, rest, Collections.unmodifiableMap(query), shown.toString());
    }

    /** RFC 7512 path attributes ({@code name=value;...}) with every value not in {@link #SHOWN_PKCS11_PATH} replaced by {@code ***}. */
    private static String redactAttributes(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split(";", -1)) {
            if (out.length() > 0) {
                out.append(';');
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            if (eq < 0) {
                out.append(part.isEmpty() ? "" : "***");
            } else {
                out.append(Untrusted.echo(name, 40)).append('=')
                        .append(SHOWN_PKCS11_PATH.contains(name.toLowerCase(Locale.ROOT)) ? Untrusted.echo(part.substring(eq + 1)) : "***");
            }
        }
        return out.toString();
    }

    /** Lower-case scheme, e.g. {@code file}. */
    public String scheme() {
        return scheme;
    }

    /** What stands between the scheme and the query, undecoded (a path, or RFC 7512 path attributes). */
    public String path() {
        return path;
    }

    /** Query attributes, names lower-cased, values percent-decoded, in order. */
    public Map<String, String> query() {
        return query;
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** Percent-decodes {@code s} as UTF-8 ({@code +} stays a plus, as in RFC 3986). */
    public static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new BadInputException("bad percent-encoding in key reference");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadInputException("bad percent-encoding in key reference");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRef && ((KeyRef) o).scheme.equals(scheme) && ((KeyRef) o).path.equals(path)
                && ((KeyRef) o).query.equals(query);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, path, query);
    }

    /** The reference with every attribute value not on the {@link #SHOWN} list as {@code ***}: safe to log. */
    @Override
    public String toString() {
        return redacted;
    }
}
