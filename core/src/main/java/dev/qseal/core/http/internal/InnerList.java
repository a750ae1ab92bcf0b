package dev.qseal.core.http.internal;

import java.util.List;
import java.util.Objects;

/** An RFC 8941 Inner List: items in parentheses, with parameters on the list. */
public record InnerList(List<Item> items, Parameters parameters) implements Member {
    public InnerList {
        items = List.copyOf(items);
        Objects.requireNonNull(parameters, "parameters");
    }

    /** A copy with one more (or a replaced) parameter. */
    public InnerList with(String key, BareItem v) {
        return new InnerList(items, parameters.with(key, v));
    }

    @Override
    public String serialize() {
        StringBuilder sb = new StringBuilder();
        StructuredFields.serializeInnerList(this, sb);
        return sb.toString();
    }

    @Override
    public String toString() {
        return serialize();
    }
}
