package dev.qseal.core.key.remote;

import dev.qseal.core.BackendUnavailableException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A remote key backend refused or failed one call in a way that is worth retrying: it throttled
 * (AWS {@code ThrottlingException}, HTTP 429), or failed transiently (5xx, a reset connection, no
 * answer in time). Backends complete their futures with it; the engine retries such failures with
 * back-off under the operation's deadline and reports a {@link BackendUnavailableException} when the
 * budget is spent. Any other {@link dev.qseal.core.QsealException} a backend reports is final.
 *
 * <p>Messages name the backend and the vendor's error code, never a credential.
 */
public final class RemoteCallException extends BackendUnavailableException {
    /** Why the call failed. */
    public enum Kind {
        /** The backend asked us to slow down (quota, rate limit). */
        THROTTLED,
        /** A fault that may clear by itself: 5xx, connection reset, timeout, sealed Vault. */
        TRANSIENT
    }

    private final Kind kind;
    private final transient Duration retryAfter;

    private RemoteCallException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = retryAfter;
    }

    /** The backend throttled; {@code retryAfter} is its hint (e.g. HTTP {@code Retry-After}), if it gave one. */
    public static RemoteCallException throttled(String message, Optional<Duration> retryAfter) {
        return new RemoteCallException(Kind.THROTTLED, message, retryAfter.orElse(null), null);
    }

    /** A transient fault. */
    public static RemoteCallException transientFault(String message, Throwable cause) {
        return new RemoteCallException(Kind.TRANSIENT, message, null, cause);
    }

    /**
     * An HTTP {@code Retry-After} value in seconds (the form KMS services send), if it is one and at
     * most an hour; HTTP dates and nonsense give empty.
     */
    public static Optional<Duration> parseRetryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get().trim();
        if (v.isEmpty() || v.length() > 6 || !v.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        long seconds = Long.parseLong(v);
        return seconds <= 3600 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    }

    public Kind kind() {
        return kind;
    }

    /** The backend's own hint of how long to wait, if it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
