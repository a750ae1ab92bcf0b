package dev.qseal.core.rfc9421;

import dev.qseal.core.http.internal.InnerList;
import dev.qseal.core.http.internal.Item;
import dev.qseal.core.BadInputException;
import dev.qseal.core.MalformedSignatureException;
import java.util.HashSet;
import java.util.Set;

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
        StringBuilder sb = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (Item component : signatureParams.items()) {
            Components.validate(component);
            String id = component.serialize();
            if (!seen.add(id)) {
                throw new MalformedSignatureException("component " + id + " is covered twice");
            }
            String value = Components.value(component, message);
            checkAscii(id, value);
            sb.append(id).append(": ").append(value).append('\n');
        }
        sb.append("\"@signature-params\": ").append(signatureParams.serialize());
        return sb.toString();
    }

    /** Header fields whose values never reach a log: credentials and session cookies. */
    private static final Set<String> SECRET_FIELDS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

    /** The base with the values of credential headers replaced by {@code ***}, for debug logs. */
    static String redactedForLog(String base) {
        StringBuilder sb = new StringBuilder(base.length());
        for (String line : base.split("\n", -1)) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            int colon = line.indexOf(": ");
            String id = colon > 0 ? line.substring(0, colon) : "";
            int end = id.indexOf('"', 1);
            String name = id.startsWith("\"") && end > 0 ? id.substring(1, end) : "";
            if (SECRET_FIELDS.contains(name)) {
                sb.append(line, 0, colon + 2).append("***");
            } else {
                sb.append(line);
            }
        }
        return sb.toString();
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
