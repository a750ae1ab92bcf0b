package dev.qseal.psd2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoresTest {
    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void aKeyIsNewOnceWithinItsTtlAndNewAgainAfter() {
        ReplayStore store = ReplayStore.inMemory(10, clock);
        assertTrue(store.firstSeen("tpp:req-1", Duration.ofMinutes(6)));
        assertFalse(store.firstSeen("tpp:req-1", Duration.ofMinutes(6)));
        assertTrue(store.firstSeen("tpp:req-2", Duration.ofMinutes(6)));
        clock.now = clock.now.plus(Duration.ofMinutes(7));
        assertTrue(store.firstSeen("tpp:req-1", Duration.ofMinutes(6)));
    }

    @Test
    void theReplayStoreStaysWithinItsBound() {
        ReplayStore store = ReplayStore.inMemory(3, clock);
        for (int i = 0; i < 5; i++) {
            assertTrue(store.firstSeen("k" + i, Duration.ofMinutes(6)));
        }
        assertEquals(3, ((dev.qseal.psd2.internal.InMemoryReplayStore) store).sizeForTests());
        // the newest keys are still remembered
        assertFalse(store.firstSeen("k4", Duration.ofMinutes(6)));
    }

    @Test
    void tokensExpireAndAreFetchedOnceWhileUsable() {
        TokenStore store = TokenStore.inMemory(10, clock);
        AtomicInteger fetches = new AtomicInteger();
        java.util.function.Supplier<StoredToken> fetch = () -> StoredToken.of("token-" + fetches.incrementAndGet(),
                clock.instant().plus(Duration.ofMinutes(15)));
        assertEquals("token-1", store.getOrFetch("ing:client-1", Duration.ofMinutes(1), fetch).value());
        assertEquals("token-1", store.getOrFetch("ing:client-1", Duration.ofMinutes(1), fetch).value());
        clock.now = clock.now.plus(Duration.ofMinutes(14).plusSeconds(30));
        // less than the margin left: a new one
        assertEquals("token-2", store.getOrFetch("ing:client-1", Duration.ofMinutes(1), fetch).value());
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertEquals(Optional.empty(), store.get("ing:client-1"));
    }

    @Test
    void putIfAbsentKeepsTheFirstLiveToken() {
        TokenStore store = TokenStore.inMemory(10, clock);
        StoredToken first = StoredToken.of("a", clock.instant().plusSeconds(60));
        assertEquals(first, store.putIfAbsent("k", first));
        assertEquals(first, store.putIfAbsent("k", StoredToken.of("b", clock.instant().plusSeconds(60))));
        store.remove("k");
        assertEquals(Optional.empty(), store.get("k"));
    }

    @Test
    void aTokenNeverShowsItsValue() {
        assertFalse(StoredToken.of("s3cr3t-token", clock.instant()).toString().contains("s3cr3t"));
    }
}
