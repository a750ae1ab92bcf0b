package dev.qseal.redis;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.BadInputException;
import dev.qseal.psd2.ReplayStore;
import dev.qseal.psd2.TokenStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Redis-backed shared state for a gateway's instances: one connection (Lettuce, thread-safe,
 * auto-reconnecting) with a command timeout, so that a Redis outage gives a prompt
 * {@link BackendUnavailableException} — never a hang. While disconnected, commands are refused at
 * once rather than queued. Close it when the application stops.
 *
 * <pre>{@code
 * try (RedisStores redis = RedisStores.connect("redis://redis.internal:6379", Duration.ofMillis(500))) {
 *     ReplayStore replays = redis.replayStore("gw:replay:");
 *     TokenStore tokens = redis.tokenStore("gw:token:");
 * }
 * }</pre>
 */
public final class RedisStores implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String where;

    private RedisStores(RedisClient client, StatefulRedisConnection<String, String> connection, String where) {
        this.client = client;
        this.connection = connection;
        this.where = where;
    }

    /**
     * Connects to {@code uri} ({@code redis://host:port/db}, {@code rediss://} for TLS; credentials
     * in the URI are never logged or shown), each command failing after {@code timeout}.
     *
     * @throws BackendUnavailableException if Redis cannot be reached within the timeout
     */
    public static RedisStores connect(String uri, Duration timeout) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new BadInputException("the Redis timeout must be positive, not " + timeout);
        }
        RedisURI redisUri;
        try {
            redisUri = RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("not a Redis URI (expected redis://host:port): " + e.getMessage());
        }
        redisUri.setTimeout(timeout);
        String where = redisUri.getHost() + ":" + redisUri.getPort();
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        try {
            return new RedisStores(client, client.connect(redisUri), where);
        } catch (RedisException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw new BackendUnavailableException("cannot connect to Redis at " + where + ": " + rootMessage(e), e);
        }
    }

    /** A replay store whose keys start with {@code prefix}. */
    public ReplayStore replayStore(String prefix) {
        return new RedisReplayStore(connection.sync(), prefix, where);
    }

    /** A token store whose keys start with {@code prefix}, judging expiry by {@code clock}. */
    public TokenStore tokenStore(String prefix, Clock clock) {
        return new RedisTokenStore(connection.sync(), prefix, clock, where);
    }

    /** {@link #tokenStore(String, Clock)} with the system clock. */
    public TokenStore tokenStore(String prefix) {
        return tokenStore(prefix, Clock.systemUTC());
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static BackendUnavailableException unavailable(String what, String where, RuntimeException e) {
        return new BackendUnavailableException(what + " failed: Redis at " + where + " did not answer (" + rootMessage(e) + ")", e);
    }
}
