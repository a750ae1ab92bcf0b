package dev.qseal.core.rfc9421;

import dev.qseal.core.BadInputException;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A request or a response as the signature base sees it, with the context a derived component
 * needs: the scheme for {@code @scheme}/{@code @target-uri} when the target is not in absolute form,
 * and the related request for {@code ;req} components of a response.
 */
final class MessageView {
    private final HttpRequest request;
    private final HttpResponse response;
    private final MessageView related;
    private final String scheme;

    private MessageView(HttpRequest request, HttpResponse response, MessageView related, String scheme) {
        this.request = request;
        this.response = response;
        this.related = related;
        this.scheme = scheme;
    }

    static MessageView of(HttpRequest request, String scheme) {
        return new MessageView(request, null, null, scheme);
    }

    static MessageView of(HttpResponse response, HttpRequest relatedRequest, String scheme) {
        return new MessageView(null, response, relatedRequest == null ? null : of(relatedRequest, scheme), scheme);
    }

    boolean isRequest() {
        return request != null;
    }

    HttpRequest request() {
        return request;
    }

    HttpResponse response() {
        return response;
    }

    Optional<MessageView> related() {
        return Optional.ofNullable(related);
    }

    Headers headers() {
        return request != null ? request.headers() : response.headers();
    }

    byte[] body() {
        return request != null ? request.bodyBytesUnsafe() : response.bodyBytesUnsafe();
    }

    MessageView withHeaders(Headers headers) {
        if (request != null) {
            return new MessageView(request.toBuilder().headers(headers).build(), null, related, scheme);
        }
        return new MessageView(null, response.toBuilder().headers(headers).build(), related, scheme);
    }

    // ------------------------------------------------------------ the target URI, taken apart

    /** The target exactly as sent. */
    String target() {
        return request.target();
    }

    /** Whether the target is in absolute form ({@code https://host/path}). */
    boolean absoluteForm() {
        String t = request.target();
        int colon = t.indexOf("://");
        if (colon <= 0) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = t.charAt(i);
            if (!(Character.isLetterOrDigit((int) c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    String scheme() {
        if (absoluteForm()) {
            String t = request.target();
            return t.substring(0, t.indexOf("://")).toLowerCase(Locale.ROOT);
        }
        return scheme;
    }

    /** The authority, normalised (RFC 9110 §4.2.3: lower-case host, default port left out); empty if unknown. */
    Optional<String> authority() {
        String raw;
        if (absoluteForm()) {
            String t = request.target();
            int start = t.indexOf("://") + 3;
            int end = start;
            while (end < t.length() && "/?#".indexOf(t.charAt(end)) < 0) {
                end++;
            }
            raw = t.substring(start, end);
            int at = raw.lastIndexOf('@');
            if (at >= 0) {
                raw = raw.substring(at + 1);
            }
        } else {
            List<String> hosts = request.headers().values("Host");
            if (hosts.isEmpty()) {
                return Optional.empty();
            }
            if (hosts.size() > 1) {
                throw new BadInputException("the request has " + hosts.size() + " Host headers; @authority needs exactly one");
            }
            raw = hosts.get(0).trim();
        }
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        String s = scheme();
        if (("https".equals(s) && lower.endsWith(":443")) || ("http".equals(s) && lower.endsWith(":80"))) {
            lower = lower.substring(0, lower.lastIndexOf(':'));
        }
        return Optional.of(lower);
    }

    /** The path and query part of the target (origin form), whatever form it was sent in. */
    String originForm() {
        String t = request.target();
        if (absoluteForm()) {
            int start = t.indexOf("://") + 3;
            int slash = start;
            while (slash < t.length() && "/?#".indexOf(t.charAt(slash)) < 0) {
                slash++;
            }
            t = t.substring(slash);
        }
        int hash = t.indexOf('#');
        if (hash >= 0) {
            t = t.substring(0, hash);
        }
        return t;
    }

    String path() {
        String o = originForm();
        int q = o.indexOf('?');
        String p = q >= 0 ? o.substring(0, q) : o;
        return p.isEmpty() ? "/" : p;
    }

    /** The query without {@code ?}; empty if the target has none. */
    Optional<String> query() {
        String o = originForm();
        int q = o.indexOf('?');
        return q >= 0 ? Optional.of(o.substring(q + 1)) : Optional.empty();
    }
}
