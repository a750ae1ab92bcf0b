package dev.qseal.core.http.internal;

import dev.qseal.core.BadInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** RFC 8941 parameters: an ordered map from keys to bare items. Immutable; {@link #with} makes a changed copy. */
public final class Parameters {
    private static final Parameters EMPTY = new Parameters(Map.of());

    private final Map<String, BareItem> map;

    private Parameters(Map<String, BareItem> map) {
        this.map = map;
    }

    public static Parameters empty() {
        return EMPTY;
    }

    /** The parameters a parser read, whose keys it has checked ({@code parsed} is not copied: the parser lets go of it). */
    static Parameters parsed(Map<String, BareItem> parsed) {
        return new Parameters(Collections.unmodifiableMap(parsed));
    }

    /**
     * A copy with {@code key} set to {@code value}. An existing key keeps its position (RFC 8941:
     * a repeated key overwrites the earlier value); a new key goes last.
     */
    public Parameters with(String key, BareItem value) {
        if (!StructuredFields.isKey(key)) {
            throw new BadInputException("not an RFC 8941 key: '" + StructuredFields.clip(key) + "'");
        }
        Map<String, BareItem> copy = new LinkedHashMap<>(map);
        copy.put(key, java.util.Objects.requireNonNull(value, "value"));
        return new Parameters(Collections.unmodifiableMap(copy));
    }

    /**
     * Parameters with {@code entries} in their order, as {@link #with} called once per entry in that order would
     * give. {@code entries} is not copied: the caller hands it over and must not change it afterwards.
     */
    public static Parameters ofOwned(LinkedHashMap<String, BareItem> entries) {
        if (entries.isEmpty()) {
            return EMPTY;
        }
        for (Map.Entry<String, BareItem> e : entries.entrySet()) {
            if (!StructuredFields.isKey(e.getKey())) {
                throw new BadInputException("not an RFC 8941 key: '" + StructuredFields.clip(e.getKey()) + "'");
            }
            java.util.Objects.requireNonNull(e.getValue(), "value");
        }
        return new Parameters(Collections.unmodifiableMap(entries));
    }

    /** Appends the serialization ({@link #serialize}) to {@code sb}. */
    public void appendTo(StringBuilder sb) {
        StructuredFields.serializeParameters(this, sb);
    }

    public Optional<BareItem> get(String key) {
        return Optional.ofNullable(map.get(key));
    }

    public boolean contains(String key) {
        return map.containsKey(key);
    }

    /** The keys in order. */
    public Set<String> keys() {
        return map.keySet();
    }

    /** The parameters as an ordered, unmodifiable map. */
    public Map<String, BareItem> asMap() {
        return map;
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    public int size() {
        return map.size();
    }

    /** The serialization, e.g. {@code ;created=1618884473;keyid="k"}. */
    public String serialize() {
        StringBuilder sb = new StringBuilder();
        StructuredFields.serializeParameters(this, sb);
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters && map.equals(((Parameters) o).map)
                && java.util.List.copyOf(map.keySet()).equals(java.util.List.copyOf(((Parameters) o).map.keySet()));
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return serialize();
    }
}
