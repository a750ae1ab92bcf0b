package dev.qseal.core.http.internal;

import java.util.Objects;

/** An RFC 8941 Item: a bare item with parameters. */
public record Item(BareItem value, Parameters parameters) implements Member {
    public Item {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(parameters, "parameters");
    }

    public static Item of(BareItem value) {
        return new Item(value, Parameters.empty());
    }

    /** A copy with one more (or a replaced) parameter. */
    public Item with(String key, BareItem v) {
        return new Item(value, parameters.with(key, v));
    }

    @Override
    public String serialize() {
        StringBuilder sb = new StringBuilder();
        StructuredFields.serializeItem(this, sb);
        return sb.toString();
    }

    @Override
    public String toString() {
        return serialize();
    }
}
