package dev.qseal.core.http;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a signer or verifier sees of an HTTP request: the method, the request target exactly as
 * sent (path and raw query, never re-encoded), the header fields in order, and the body bytes if
 * there is a body. Immutable; {@link #toBuilder()} makes a changed copy.
 */
public final class HttpRequest {
    private final String method;
    private final String target;
    private final Headers headers;
    private final byte[] body;

    private HttpRequest(Builder b) {
        this.method = b.method;
        this.target = b.target;
        this.headers = b.headers;
        this.body = b.body;
    }

    /** Starts a request: {@code HttpRequest.builder("POST", "/v1/payments?x=1")}. */
    public static Builder builder(String method, String target) {
        return new Builder(method, target);
    }

    /** The method as given (e.g. {@code POST}). */
    public String method() {
        return method;
    }

    /** The request target as sent on the request line: {@code /path?query}. */
    public String target() {
        return target;
    }

    public Headers headers() {
        return headers;
    }

    /** The body bytes; empty when the request has no body. */
    public Optional<byte[]> body() {
        return body == null ? Optional.empty() : Optional.of(body.clone());
    }

    /** The body bytes, or an empty array when there is no body. Not copied: do not modify. */
    public byte[] bodyBytesUnsafe() {
        return body == null ? new byte[0] : body;
    }

    /** Whether the request has a body of at least one byte. Nothing is copied. */
    public boolean hasBody() {
        return body != null && body.length > 0;
    }

    /**
     * Whether body bytes were given, even zero of them: false for a request signed with a {@code Digest}
     * computed elsewhere (the body streamed separately), whose body is not at hand. Nothing is copied.
     */
    public boolean bodyAtHand() {
        return body != null;
    }

    /**
     * Whether the request carries a body as far as signing rules go: body bytes at hand (at least one),
     * or a body not at hand (streamed elsewhere) announced by a {@code Content-Type} or a non-zero
     * {@code Content-Length} and whose {@code Digest} or {@code Content-Digest} was given. (A GET given
     * only the empty body's digest carries none.) Profiles that sign more headers with a body
     * ({@code content-type digest}) decide on this.
     */
    public boolean carriesBody() {
        if (hasBody()) {
            return true;
        }
        if (body != null || !(headers.contains("Digest") || headers.contains("Content-Digest"))) {
            return false;
        }
        return headers.contains("Content-Type")
                || headers.first("Content-Length").map(v -> !v.trim().matches("0*")).orElse(false);
    }

    /** The body's length in bytes (0 without a body). Nothing is copied. */
    public long bodyLength() {
        return body == null ? 0 : body.length;
    }

    /** A copy with {@code fields} appended, in order. */
    public HttpRequest withHeaders(java.util.List<Headers.Field> fields) {
        Headers h = headers;
        for (Headers.Field f : fields) {
            h = h.with(f.name(), f.value());
        }
        return toBuilder().headers(h).build();
    }

    /** A copy with one more header at the end. */
    public HttpRequest withHeader(String name, String value) {
        return toBuilder().header(name, value).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(method, target);
        b.headers = headers;
        b.body = body;
        return b;
    }

    @Override
    public String toString() {
        return method + " " + target + (body == null ? "" : " (" + body.length + " body bytes)");
    }

    /** Builder for {@link HttpRequest}. */
    public static final class Builder {
        private final String method;
        private final String target;
        private Headers headers = Headers.empty();
        private byte[] body;

        private Builder(String method, String target) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(target, "target");
            if (method.isEmpty() || !method.chars().allMatch(Headers::isTokenChar)) {
                throw new dev.qseal.core.BadInputException("not a valid HTTP method: '" + method + "'");
            }
            if (target.isEmpty() || target.chars().anyMatch(c -> c <= 32 || c == 127)) {
                throw new dev.qseal.core.BadInputException("the request target must be non-empty with no spaces or control characters, e.g. /path?query");
            }
            this.method = method;
            this.target = target;
        }

        /** Appends a header field (repeat the call for a repeated header). */
        public Builder header(String name, String value) {
            headers = headers.with(name, value);
            return this;
        }

        public Builder headers(Headers all) {
            headers = Objects.requireNonNull(all, "headers");
            return this;
        }

        /** Removes every field named {@code name}. */
        public Builder removeHeader(String name) {
            headers = headers.without(name);
            return this;
        }

        /** Sets the body (copied). */
        public Builder body(byte[] bytes) {
            body = bytes == null ? null : Arrays.copyOf(bytes, bytes.length);
            return this;
        }

        public HttpRequest build() {
            return new HttpRequest(this);
        }
    }

    /** Lower-case method, as {@code (request-target)} wants it. */
    public String methodLowerCase() {
        return method.toLowerCase(Locale.ROOT);
    }
}
