package dev.qseal.psd2;

import java.time.Instant;
import java.util.Objects;

/**
 * A cached access token: its opaque value (a bearer token, or whatever a flow chooses to serialise)
 * and when it expires. {@link #toString()} never shows the value.
 */
public final class StoredToken {
    /** The longest value stored: 64 KiB. */
    public static final int MAX_VALUE = 64 * 1024;

    private final String value;
    private final Instant expiresAt;

    private StoredToken(String value, Instant expiresAt) {
        this.value = value;
        this.expiresAt = expiresAt;
    }

    /**
     * A token expiring at {@code expiresAt} (kept to the millisecond, as stores keep it).
     *
     * @throws dev.qseal.core.BadInputException if the value is empty or longer than {@link #MAX_VALUE}
     */
    public static StoredToken of(String value, Instant expiresAt) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (value.isEmpty() || value.length() > MAX_VALUE) {
            throw new dev.qseal.core.BadInputException("a token value has 1 to " + MAX_VALUE + " characters, this one " + value.length());
        }
        return new StoredToken(value, expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    /** The token itself: a secret, never to be logged. */
    public String value() {
        return value;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** Whether the token is still usable at {@code now} with {@code margin} to spare. */
    public boolean usableAt(Instant now, java.time.Duration margin) {
        return now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredToken && ((StoredToken) o).value.equals(value) && ((StoredToken) o).expiresAt.equals(expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, expiresAt);
    }

    @Override
    public String toString() {
        return "StoredToken[value=(redacted), expiresAt=" + expiresAt + "]";
    }
}
