package dev.qseal.core.cavage.internal;

import dev.qseal.core.BadInputException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.internal.HeaderLines;
import java.util.List;

/**
 * Builds the draft-cavage signing string: one {@code name: value} line per component, joined with
 * LF, no trailing LF. Header values are trimmed, an obs-fold collapses to one space, repeated
 * headers join with {@code ", "} in message order, and {@code (request-target)} is the lower-case
 * method, a space and the target exactly as sent.
 */
public final class SigningString {
    private SigningString() {
    }

    /** A component the signature covers is not in the request; {@link #component()} is its lower-case name. */
    public static final class MissingComponentException extends dev.qseal.core.MissingComponentException {
        MissingComponentException(String component, String message) {
            super(component, message);
        }
    }

    /**
     * @param components lower-case header names and pseudo-headers, in signing order
     * @param created    the {@code created} parameter, needed if {@code (created)} is a component
     * @param expires    the {@code expires} parameter, needed if {@code (expires)} is a component
     * @throws MissingComponentException if a component has no value in the request
     */
    public static String build(HttpRequest request, List<String> components, Long created, Long expires) {
        return buildWithParameterText(request, components, created == null ? null : Long.toString(created),
                expires == null ? null : Long.toString(expires));
    }

    /**
     * As {@link #build(HttpRequest, List, Long, Long)}, with {@code created}/{@code expires} as the
     * parameter text (draft-12 allows a decimal {@code expires}, and the text is what is signed).
     */
    public static String buildWithParameterText(HttpRequest request, List<String> components, String created, String expires) {
        StringBuilder sb = new StringBuilder(256);
        for (int i = 0; i < components.size(); i++) {
            String c = components.get(i);
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(c).append(": ");
            switch (c) {
                case "(created)":
                    if (created == null) {
                        throw new MissingComponentException(c, "(created) is signed but the signature has no created parameter");
                    }
                    sb.append(created);
                    break;
                case "(expires)":
                    if (expires == null) {
                        throw new MissingComponentException(c, "(expires) is signed but the signature has no expires parameter");
                    }
                    sb.append(expires);
                    break;
                default:
                    try {
                        sb.append(HeaderLines.value(request, c));
                    } catch (dev.qseal.core.MissingComponentException e) {
                        throw new MissingComponentException(c, c.startsWith("(") ? "unknown pseudo-header " + c
                                + ": draft-cavage knows (request-target), (created) and (expires)" : e.getMessage());
                    }
            }
        }
        return sb.toString();
    }

    private static final java.util.Set<String> SECRET_HEADERS =
            java.util.Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key");

    /**
     * The signing string with the values of credential-bearing headers (a Bearer token in a signed
     * {@code authorization}, cookies) replaced by {@code ***}: what may go into a debug log.
     */
    public static String redactedForLog(String signingString) {
        StringBuilder sb = new StringBuilder(signingString.length());
        for (String line : signingString.split("\n", -1)) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            int colon = line.indexOf(": ");
            if (colon > 0 && SECRET_HEADERS.contains(line.substring(0, colon))) {
                sb.append(line, 0, colon + 2).append("***");
            } else {
                sb.append(line);
            }
        }
        return sb.toString();
    }

    /** Trims a header value and collapses each obs-fold to one space (see {@link HeaderLines#canonical}). */
    public static String canonicalValue(String value) {
        return HeaderLines.canonical(value);
    }
}
