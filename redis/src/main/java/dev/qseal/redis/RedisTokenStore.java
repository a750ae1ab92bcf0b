package dev.qseal.redis;

import dev.qseal.psd2.StoredToken;
import dev.qseal.psd2.TokenStore;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link TokenStore} over Redis: the value is {@code <expiry epoch millis>:<token>}, stored with a
 * Redis expiry at the token's own, so Redis drops it when it expires. A stored value that is not in
 * this form is treated as absent.
 */
final class RedisTokenStore implements TokenStore {
    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final Clock clock;
    private final String where;

    RedisTokenStore(RedisCommands<String, String> redis, String prefix, Clock clock, String where) {
        this.redis = redis;
        this.prefix = prefix;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.where = where;
    }

    @Override
    public Optional<StoredToken> get(String key) {
        String raw;
        try {
            raw = redis.get(prefix + key);
        } catch (RedisException e) {
            throw RedisStores.unavailable("reading a cached token", where, e);
        }
        return decode(raw).filter(t -> clock.instant().isBefore(t.expiresAt()));
    }

    @Override
    public void put(String key, StoredToken token) {
        long ttl = ttlMillis(token);
        if (ttl <= 0) {
            remove(key);
            return;
        }
        try {
            redis.set(prefix + key, encode(token), SetArgs.Builder.px(ttl));
        } catch (RedisException e) {
            throw RedisStores.unavailable("storing a token", where, e);
        }
    }

    @Override
    public StoredToken putIfAbsent(String key, StoredToken token) {
        long ttl = ttlMillis(token);
        if (ttl <= 0) {
            return token;
        }
        try {
            if ("OK".equals(redis.set(prefix + key, encode(token), SetArgs.Builder.nx().px(ttl)))) {
                return token;
            }
        } catch (RedisException e) {
            throw RedisStores.unavailable("storing a token", where, e);
        }
        return get(key).orElse(token);
    }

    @Override
    public void remove(String key) {
        try {
            redis.del(prefix + key);
        } catch (RedisException e) {
            throw RedisStores.unavailable("removing a token", where, e);
        }
    }

    @Override
    public Clock clock() {
        return clock;
    }

    private long ttlMillis(StoredToken token) {
        return Duration.between(clock.instant(), token.expiresAt()).toMillis();
    }

    private static String encode(StoredToken token) {
        return token.expiresAt().toEpochMilli() + ":" + token.value();
    }

    private static Optional<StoredToken> decode(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        int colon = raw.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(StoredToken.of(raw.substring(colon + 1), Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon)))));
        } catch (NumberFormatException | dev.qseal.core.BadInputException e) {
            return Optional.empty();
        }
    }

}
