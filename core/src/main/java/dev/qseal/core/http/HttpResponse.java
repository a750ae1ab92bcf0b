package dev.qseal.core.http;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a signer or verifier sees of an HTTP response: the status code, the header fields in order
 * and the body bytes if there is a body. Immutable; {@link #toBuilder()} makes a changed copy.
 */
public final class HttpResponse {
    private final int status;
    private final Headers headers;
    private final byte[] body;

    private HttpResponse(Builder b) {
        this.status = b.status;
        this.headers = b.headers;
        this.body = b.body;
    }

    /** Starts a response: {@code HttpResponse.builder(200)}. */
    public static Builder builder(int status) {
        return new Builder(status);
    }

    /** The three-digit status code. */
    public int status() {
        return status;
    }

    public Headers headers() {
        return headers;
    }

    /** The body bytes; empty when the response has no body. */
    public Optional<byte[]> body() {
        return body == null ? Optional.empty() : Optional.of(body.clone());
    }

    /** The body bytes, or an empty array when there is no body. Not copied: do not modify. */
    public byte[] bodyBytesUnsafe() {
        return body == null ? new byte[0] : body;
    }

    /** A copy with one more header at the end. */
    public HttpResponse withHeader(String name, String value) {
        return toBuilder().header(name, value).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(status);
        b.headers = headers;
        b.body = body;
        return b;
    }

    @Override
    public String toString() {
        return "HTTP " + status + (body == null ? "" : " (" + body.length + " body bytes)");
    }

    /** Builder for {@link HttpResponse}. */
    public static final class Builder {
        private final int status;
        private Headers headers = Headers.empty();
        private byte[] body;

        private Builder(int status) {
            if (status < 100 || status > 999) {
                throw new dev.qseal.core.BadInputException("an HTTP status code has three digits (100-999), not " + status);
            }
            this.status = status;
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

        public HttpResponse build() {
            return new HttpResponse(this);
        }
    }
}
