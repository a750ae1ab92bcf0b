package dev.qseal.banks;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An OAuth access token a bank issued, with its expiry and, for customer tokens, the refresh
 * token. {@link #toString()} never shows either token.
 */
public final class AccessToken {
    private final String value;
    private final Instant expiresAt;
    private final String scope;
    private final String refreshToken;

    public AccessToken(String value, Instant expiresAt, String scope, Optional<String> refreshToken) {
        this.value = Objects.requireNonNull(value, "value");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.refreshToken = refreshToken.orElse(null);
    }

    /** The bearer value (a secret: do not log it). */
    public String value() {
        return value;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public String scope() {
        return scope;
    }

    /** The refresh token (a secret), for customer tokens. */
    public Optional<String> refreshToken() {
        return Optional.ofNullable(refreshToken);
    }

    /** Whether the token is still usable at {@code now} with {@code margin} to spare. */
    public boolean usableAt(Instant now, java.time.Duration margin) {
        return now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[" + Exchange.REDACTED + ", expires " + expiresAt + ", scope " + scope
                + (refreshToken != null ? ", refresh token " + Exchange.REDACTED : "") + "]";
    }
}
