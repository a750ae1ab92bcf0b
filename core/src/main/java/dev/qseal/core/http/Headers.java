package dev.qseal.core.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP header fields as sent: an ordered, case-insensitive multimap. Names keep the case they were
 * given (for printing); lookups ignore case. Immutable.
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(List.of());

    /** One header field line. */
    public static final class Field {
        private final String name;
        private final String value;

        Field(String name, String value) {
            this.name = name;
            this.value = value;
        }

        public String name() {
            return name;
        }

        public String value() {
            return value;
        }

        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    private final List<Field> fields;

    private Headers(List<Field> fields) {
        this.fields = fields;
    }

    public static Headers empty() {
        return EMPTY;
    }

    /** The fields in message order. */
    public List<Field> fields() {
        return fields;
    }

    /** Every value of {@code name}, in message order. */
    public List<String> values(String name) {
        List<String> out = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                out.add(f.value);
            }
        }
        return out;
    }

    /** The first value of {@code name}. */
    public Optional<String> first(String name) {
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                return Optional.of(f.value);
            }
        }
        return Optional.empty();
    }

    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /** The distinct names, lower-cased, in order of first appearance. */
    public Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        for (Field f : fields) {
            out.add(f.name.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** A copy with one more field at the end. */
    public Headers with(String name, String value) {
        List<Field> copy = new ArrayList<>(fields.size() + 1);
        copy.addAll(fields);
        copy.add(field(name, value));
        return new Headers(Collections.unmodifiableList(copy));
    }

    /** A copy without any field named {@code name}. */
    public Headers without(String name) {
        List<Field> copy = new ArrayList<>(fields.size());
        for (Field f : fields) {
            if (!f.name.equalsIgnoreCase(name)) {
                copy.add(f);
            }
        }
        return new Headers(Collections.unmodifiableList(copy));
    }

    /** Builds headers from alternating names and values. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new dev.qseal.core.BadInputException("names and values must come in pairs");
        }
        List<Field> out = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.add(field(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new Headers(Collections.unmodifiableList(out));
    }

    /** One validated header field (name a token; line breaks only as an obs-fold). */
    public static Field field(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || !name.chars().allMatch(Headers::isTokenChar)) {
            throw new dev.qseal.core.BadInputException("not a valid header name: '" + name + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // CR/LF only as part of an obs-fold (CRLF/LF followed by space or tab), as in a raw message
            if ((c == '\r' || c == '\n') && !isFoldAt(value, i)) {
                throw new dev.qseal.core.BadInputException("header '" + name + "' has a line break that is not an obs-fold");
            }
            if (c == 0) {
                throw new dev.qseal.core.BadInputException("header '" + name + "' contains a NUL character");
            }
        }
        return new Field(name, value);
    }

    private static boolean isFoldAt(String v, int i) {
        int j = i;
        if (v.charAt(j) == '\r') {
            j++;
            if (j >= v.length() || v.charAt(j) != '\n') {
                return false;
            }
        }
        j++;
        return j < v.length() && (v.charAt(j) == ' ' || v.charAt(j) == '\t');
    }

    /** RFC 9110 token characters. */
    static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Field f : fields) {
            sb.append(f).append('\n');
        }
        return sb.toString();
    }
}
