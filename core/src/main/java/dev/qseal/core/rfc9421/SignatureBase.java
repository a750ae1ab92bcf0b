package dev.qseal.core.rfc9421;

import dev.qseal.core.http.internal.InnerList;
import dev.qseal.core.http.internal.Item;
import dev.qseal.core.BadInputException;
import dev.qseal.core.MalformedSignatureException;
import java.util.ArrayList;
import java.util.List;

/** Builds the RFC 9421 §2.5 signature base: one line per covered component, then {@code "@signature-params"}. */
final class SignatureBase {
    private SignatureBase() {
    }

    /**
     * The signature base for {@code signatureParams} (covered components + parameters) over {@code message}.
     * Lines are joined with LF; there is no trailing LF.
     *
     * @throws MissingComponentException if a covered component is not in the message
     * @throws MalformedSignatureException if a component identifier is invalid or repeated
     * @throws BadInputException if a component cannot be computed (non-ASCII value, unknown structured type...)
     */
    static String build(MessageView message, InnerList signatureParams) {
        List<String> ids = new ArrayList<>(signatureParams.items().size());
        for (Item component : signatureParams.items()) {
            ids.add(component.serialize());
        }
        return build(message, signatureParams, ids);
    }

    /** As {@link #build(MessageView, InnerList)}, given each covered component serialised ({@code ids}, in order). */
    static String build(MessageView message, InnerList signatureParams, List<String> ids) {
        return build(message, signatureParams, ids, false);
    }

    /**
     * As {@link #build(MessageView, InnerList, List)}; {@code checked} says that the components have passed
     * {@link Components#validate} and are distinct already (a signer checks its own when it is built).
     */
    static String build(MessageView message, InnerList signatureParams, List<String> ids, boolean checked) {
        StringBuilder sb = new StringBuilder(256);
        List<Item> items = signatureParams.items();
        for (int i = 0; i < items.size(); i++) {
            Item component = items.get(i);
            String id = ids.get(i);
            if (!checked) {
                Components.validate(component);
                for (int j = 0; j < i; j++) {
                    if (ids.get(j).equals(id)) {
                        throw new MalformedSignatureException("component " + id + " is covered twice");
                    }
                }
            }
            String value = Components.value(component, id, message);
            checkAscii(id, value);
            sb.append(id).append(": ").append(value).append('\n');
        }
        sb.append("\"@signature-params\": ");
        appendSignatureParams(sb, signatureParams, ids);
        return sb.toString();
    }

    /** Appends the serialisation of {@code signatureParams} (as {@link InnerList#serialize}), given its items' ({@code ids}). */
    static void appendSignatureParams(StringBuilder sb, InnerList signatureParams, List<String> ids) {
        sb.append('(');
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(ids.get(i));
        }
        sb.append(')');
        signatureParams.parameters().appendTo(sb);
    }

    private static void checkAscii(String id, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                throw new BadInputException("component " + id + " has a non-ASCII or control character (U+"
                        + String.format("%04X", (int) c) + ") at position " + i
                        + "; a signature base is ASCII: cover the header with ;bs");
            }
        }
    }
}
