package dev.qseal.core.http.internal;

import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.verify.VerificationResult;
import java.util.Locale;
import java.util.Set;

/**
 * The one place that decides what of a signing string, JWS signing input or RFC 9421 signature base may be
 * logged (at TRACE): values of credential headers ({@code Authorization}, {@code Proxy-Authorization},
 * {@code Cookie}, {@code Set-Cookie}, {@code X-API-Key}) and of every {@code PSU-*} header become {@code ***};
 * query strings, which carry customer data, are cut from {@code (request-target)}, {@code @request-target},
 * {@code @target-uri}, {@code @path} and {@code @query}/{@code @query-param}. Used by every format's signer and verifier.
 */
public final class LogRedaction {
    /** What replaces a redacted value. */
    public static final String REDACTED = "***";

    private static final Set<String> SECRET_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key");
    private static final Set<String> TARGETS = Set.of("(request-target)", "@request-target", "@target-uri", "@path");
    private static final Set<String> QUERIES = Set.of("@query", "@query-param");

    private LogRedaction() {
    }

    /**
     * {@code text} (lines {@code name: value} or {@code "component";params: value}) with secret header values
     * and query strings redacted.
     */
    public static String signingString(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                sb.append(line);
                continue;
            }
            String id = line.substring(0, colon);
            String name = id;
            if (id.startsWith("\"")) {
                int end = id.indexOf('"', 1);
                name = end > 0 ? id.substring(1, end) : "";
            }
            name = name.toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 2);
            sb.append(line, 0, colon + 2);
            if (SECRET_HEADERS.contains(name) || name.startsWith("psu-") || QUERIES.contains(name)) {
                sb.append(REDACTED);
            } else if (TARGETS.contains(name)) {
                sb.append(target(value));
            } else {
                sb.append(value);
            }
        }
        return sb.toString();
    }

    /** A request target or URI with its query string (after {@code ?}) replaced by {@code ***}. */
    public static String target(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q + 1) + REDACTED;
    }

    /**
     * A verifier's diagnosis for an INFO log: one line, at most 1000 characters, query strings cut. Diagnoses
     * name headers and components, never their secret values.
     */
    public static String diagnosis(String diagnosis) {
        StringBuilder sb = new StringBuilder(Math.min(diagnosis.length(), 1000));
        boolean inQuery = false;
        for (int i = 0; i < diagnosis.length() && sb.length() < 1000; i++) {
            char c = diagnosis.charAt(i);
            if (inQuery) {
                if (Character.isWhitespace(c) || c == '\'' || c == '"' || c == ')') {
                    inQuery = false;
                } else {
                    continue;
                }
            }
            if (c == '?' && i + 1 < diagnosis.length() && !Character.isWhitespace(diagnosis.charAt(i + 1))) {
                sb.append('?').append(REDACTED);
                inQuery = true;
                continue;
            }
            sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return sb.toString();
    }

    /**
     * Logs an invalid {@code result} at INFO ({@code Failure} name, method, target without its query, sanitised
     * diagnosis) and returns it: every format's verifier passes its results through here.
     */
    public static VerificationResult logged(org.slf4j.Logger log, String format, HttpRequest request, VerificationResult result) {
        if (!result.isValid() && log.isInfoEnabled()) {
            log.info("{} verification of {} {} failed: {}: {}", format, request.method(), target(request.target()),
                    result.failure().map(Enum::name).orElse("?"), diagnosis(result.message()));
        }
        return result;
    }
}
