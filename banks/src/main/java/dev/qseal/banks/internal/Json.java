package dev.qseal.banks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qseal.banks.BankProtocolException;
import dev.qseal.banks.PaymentAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

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

    /** The integer field {@code name} from 1 to {@code max}, or a protocol error. */
    public static long positive(JsonNode node, String name, long max, String bank, String step) {
        JsonNode v = node.get(name);
        if (v == null || !v.canConvertToLong() || v.asLong() <= 0 || v.asLong() > max) {
            throw new BankProtocolException(bank, step, "the answer has no \"" + name + "\" number from 1 to " + max);
        }
        return v.asLong();
    }

    /**
     * The {@code "accounts"} array of an AIS answer: each {@code resourceId}, IBAN (in the object {@code iban} picks
     * from the account), {@code name} and {@code currency}; a protocol error if it is missing or incomplete.
     */
    public static List<PaymentAccount> accounts(JsonNode answer, UnaryOperator<JsonNode> iban, String bank, String step) {
        JsonNode accounts = answer.get("accounts");
        if (accounts == null || !accounts.isArray()) {
            throw new BankProtocolException(bank, step, "the answer has no \"accounts\" array");
        }
        List<PaymentAccount> out = new ArrayList<>();
        for (JsonNode a : accounts) {
            out.add(new PaymentAccount(text(a, "resourceId", bank, step), text(iban.apply(a), "iban", bank, step),
                    a.path("name").asText(""), text(a, "currency", bank, step)));
        }
        return out;
    }
}
