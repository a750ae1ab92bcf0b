package dev.qseal.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.psd2.ReplayStore;
import dev.qseal.psd2.StoredToken;
import dev.qseal.psd2.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisStoresTest {
    private LocalRedis redis;

    @BeforeEach
    void start() throws Exception {
        redis = LocalRedis.start();
    }

    @AfterEach
    void stop() throws Exception {
        redis.close();
    }

    @Test
    void twoInstancesSharingRedisSeeEachOthersRequestIds() {
        try (RedisStores a = RedisStores.connect(redis.uri(), Duration.ofSeconds(2));
             RedisStores b = RedisStores.connect(redis.uri(), Duration.ofSeconds(2))) {
            ReplayStore first = a.replayStore("gw:replay:");
            ReplayStore second = b.replayStore("gw:replay:");
            assertTrue(first.firstSeen("tpp-1:req-1", Duration.ofMinutes(6)));
            assertFalse(second.firstSeen("tpp-1:req-1", Duration.ofMinutes(6)));
            assertTrue(second.firstSeen("tpp-1:req-2", Duration.ofMinutes(6)));
            // another prefix is another namespace
            assertTrue(b.replayStore("other:").firstSeen("tpp-1:req-1", Duration.ofMinutes(6)));
        }
    }

    @Test
    void aReplayKeyExpiresWithItsTtl() throws Exception {
        try (RedisStores a = RedisStores.connect(redis.uri(), Duration.ofSeconds(2))) {
            ReplayStore store = a.replayStore("gw:");
            assertTrue(store.firstSeen("k", Duration.ofMillis(50)));
            long deadline = System.nanoTime() + 5_000_000_000L;
            boolean newAgain = false;
            while (!newAgain && System.nanoTime() < deadline) {
                Thread.sleep(20);
                newAgain = store.firstSeen("k", Duration.ofMillis(50));
            }
            assertTrue(newAgain, "the key never expired");
        }
    }

    @Test
    void twoClientsShareOneToken() {
        try (RedisStores a = RedisStores.connect(redis.uri(), Duration.ofSeconds(2));
             RedisStores b = RedisStores.connect(redis.uri(), Duration.ofSeconds(2))) {
            TokenStore one = a.tokenStore("gw:token:");
            TokenStore two = b.tokenStore("gw:token:");
            AtomicInteger fetches = new AtomicInteger();
            java.util.function.Supplier<StoredToken> fetch = () -> StoredToken.of("access-" + fetches.incrementAndGet(),
                    Instant.now().plus(Duration.ofMinutes(15)));
            StoredToken t1 = one.getOrFetch("ing:client-1", Duration.ofMinutes(1), fetch);
            StoredToken t2 = two.getOrFetch("ing:client-1", Duration.ofMinutes(1), fetch);
            assertEquals(t1, t2);
            assertEquals(1, fetches.get());
            // when both fetched at once, both keep the first one stored
            StoredToken late = StoredToken.of("access-late", Instant.now().plus(Duration.ofMinutes(15)));
            assertEquals(t1, two.putIfAbsent("ing:client-1", late));
            two.remove("ing:client-1");
            assertEquals(Optional.empty(), one.get("ing:client-1"));
        }
    }

    @Test
    void anExpiredTokenIsNeverReturned() {
        try (RedisStores a = RedisStores.connect(redis.uri(), Duration.ofSeconds(2))) {
            TokenStore store = a.tokenStore("gw:token:");
            store.put("k", StoredToken.of("old", Instant.now().minusSeconds(1)));
            assertEquals(Optional.empty(), store.get("k"));
        }
    }

    @Test
    void redisDownFailsClosedPromptlyWithAClearError() throws Exception {
        try (RedisStores a = RedisStores.connect(redis.uri(), Duration.ofMillis(500))) {
            ReplayStore store = a.replayStore("gw:");
            assertTrue(store.firstSeen("before", Duration.ofMinutes(1)));
            redis.stop();
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> store.firstSeen("after", Duration.ofMinutes(1)));
            assertTrue(e.getMessage().contains("replay check") && e.getMessage().contains("127.0.0.1:" + redis.port()), e.getMessage());
            assertThrows(BackendUnavailableException.class, () -> a.tokenStore("t:").get("k"));
        }
    }

    @Test
    void anUnreachableRedisIsReportedAtConnect() throws Exception {
        int closed = LocalRedis.freePort();
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> RedisStores.connect("redis://127.0.0.1:" + closed, Duration.ofMillis(500)));
        assertTrue(e.getMessage().contains("127.0.0.1:" + closed), e.getMessage());
    }
}
