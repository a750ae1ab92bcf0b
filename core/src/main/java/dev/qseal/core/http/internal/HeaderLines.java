package dev.qseal.core.http.internal;

import dev.qseal.core.internal.Untrusted;
import dev.qseal.core.MissingComponentException;
import dev.qseal.core.http.HttpRequest;
import java.util.List;

/**
 * The one home of header-line canonicalisation, used by every format: a field value trimmed of OWS with
 * each obs-fold (OWS line break RWS, RFC 9112 §5.2) collapsed to one space; repeated fields joined with
 * {@code ", "} in message order; {@code (request-target)} as the lower-case method and the target exactly
 * as sent; and {@code name: value} lines (draft-cavage signing strings, JAdES HttpHeaders payloads).
 * Internal: not part of qseal's API.
 */
public final class HeaderLines {
    private HeaderLines() {
    }

    /**
     * {@code name: value} lines for {@code components} (lower-case header names or {@code (request-target)}),
     * joined by LF with no trailing LF.
     *
     * @throws MissingComponentException if a header is not in the request, or a pseudo-header is not (request-target)
     */
    public static String lines(HttpRequest request, List<String> components) {
        StringBuilder sb = new StringBuilder(256);
        for (String c : components) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(c).append(": ");
            if (c.equals("(request-target)")) { // as requestTarget, without the intermediate string
                sb.append(request.methodLowerCase()).append(' ').append(request.target());
            } else {
                sb.append(value(request, c));
            }
        }
        return sb.toString();
    }

    /**
     * The canonical value of one component: {@code (request-target)}, or the header's values combined.
     *
     * @throws MissingComponentException if the header is absent or {@code component} is another pseudo-header
     */
    public static String value(HttpRequest request, String component) {
        if (component.equals("(request-target)")) {
            return requestTarget(request);
        }
        if (component.startsWith("(")) {
            throw new MissingComponentException(component, "unknown pseudo-header " + Untrusted.echo(component, 60)
                    + ": the header lines know (request-target) and header names");
        }
        List<String> values = request.headers().values(component);
        if (values.isEmpty()) {
            throw new MissingComponentException(component, "header '" + Untrusted.echo(component, 60) + "' is signed but not in the request");
        }
        return combined(values);
    }

    /** {@code (request-target)}: the lower-case method, a space, and the target exactly as sent. */
    public static String requestTarget(HttpRequest request) {
        return request.methodLowerCase() + " " + request.target();
    }

    /** Each value canonicalised, joined with {@code ", "} in message order. */
    public static String combined(List<String> values) {
        if (values.size() == 1) {
            return canonical(values.get(0));
        }
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(canonical(v));
        }
        return sb.toString();
    }

    /** Trims a field value of OWS and collapses each obs-fold (with the whitespace around it) to one space. */
    public static String canonical(String value) {
        if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return trimOws(value);
        }
        StringBuilder sb = new StringBuilder(value.length());
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                int end = sb.length();
                while (end > 0 && (sb.charAt(end - 1) == ' ' || sb.charAt(end - 1) == '\t')) {
                    end--;
                }
                sb.setLength(end);
                while (i < n && (value.charAt(i) == '\r' || value.charAt(i) == '\n' || value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                    i++;
                }
                sb.append(' ');
            } else {
                sb.append(c);
                i++;
            }
        }
        return trimOws(sb.toString());
    }

    /** Removes leading and trailing OWS (spaces and horizontal tabs). */
    public static String trimOws(String v) {
        int start = 0;
        int end = v.length();
        while (start < end && (v.charAt(start) == ' ' || v.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (v.charAt(end - 1) == ' ' || v.charAt(end - 1) == '\t')) {
            end--;
        }
        return v.substring(start, end);
    }
}
