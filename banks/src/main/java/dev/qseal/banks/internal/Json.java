package dev.qseal.banks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qseal.banks.BankProtocolException;

/** JSON for the flows (Jackson), with answers that must be JSON objects and fields that must be there. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The text field {@code name} of {@code node}, or a protocol error naming bank, step and field. */
    public static String text(JsonNode node, String name, String bank, String step) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new BankProtocolException(bank, step, "the answer has no \"" + name + "\" text field");
        }
        return v.asText();
    }

    /** The positive integer field {@code name}, or a protocol error. */
    public static long positive(JsonNode node, String name, String bank, String step) {
        JsonNode v = node.get(name);
        if (v == null || !v.canConvertToLong() || v.asLong() <= 0) {
            throw new BankProtocolException(bank, step, "the answer has no positive \"" + name + "\" number");
        }
        return v.asLong();
    }
}
