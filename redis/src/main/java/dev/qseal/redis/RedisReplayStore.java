package dev.qseal.redis;

import dev.qseal.psd2.ReplayStore;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/** {@link ReplayStore} over Redis: {@code SET key 1 NX PX ttl} — new when Redis stored it, a replay when the key was there. */
final class RedisReplayStore implements ReplayStore {
    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final String where;

    RedisReplayStore(RedisCommands<String, String> redis, String prefix, String where) {
        this.redis = redis;
        this.prefix = prefix;
        this.where = where;
    }

    @Override
    public boolean firstSeen(String key, Duration ttl) {
        try {
            return "OK".equals(redis.set(prefix + key, "1", SetArgs.Builder.nx().px(Math.max(1, ttl.toMillis()))));
        } catch (RedisException e) {
            throw RedisStores.unavailable("the replay check", where, e);
        }
    }
}
