package dev.qseal.core.key;

import dev.qseal.core.BadInputException;
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
 * <p>Query values are percent-decoded. A few query names carry secrets ({@code pin-value},
 * {@code password}); {@link #toString()} redacts them, so a KeyRef is safe to log.
 */
public final class KeyRef {
    private static final Set<String> SECRET_PARAMS = Set.of("pin-value", "password", "secret", "token");

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
                throw new BadInputException("key reference '" + scheme + "://" + authority
                        + "...' names a remote host: use a local path like " + scheme + ":/path");
            }
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        Map<String, String> query = new LinkedHashMap<>();
        StringBuilder shown = new StringBuilder(scheme).append(':').append(rest);
        if (!rawQuery.isEmpty()) {
            char sep = '?';
            for (String pair : rawQuery.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (query.putIfAbsent(name, value) != null) {
                    throw new BadInputException("key reference repeats the query attribute '" + name + "'");
                }
                shown.append(sep).append(name).append('=').append(SECRET_PARAMS.contains(name) ? "***" : value);
                sep = '&';
            }
        }
        return new KeyRef(scheme, rest, Collections.unmodifiableMap(query), shown.toString());
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

    /** The reference with secret-bearing attributes shown as {@code ***}: safe to log. */
    @Override
    public String toString() {
        return redacted;
    }
}
