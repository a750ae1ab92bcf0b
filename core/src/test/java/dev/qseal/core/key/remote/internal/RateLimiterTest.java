package dev.qseal.core.key.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Slot arithmetic only, on a made-up clock: no sleeping, no timing. */
class RateLimiterTest {
    private static final long MS = 1_000_000;

    @Test
    void slotsAreSpacedByOneOverTheRate() {
        RateLimiter r = new RateLimiter(1000); // one per ms
        long t0 = 1_000 * MS;
        assertEquals(t0, RateLimiter.reserve(r, null, t0, Long.MAX_VALUE));
        assertEquals(t0 + MS, RateLimiter.reserve(r, null, t0, Long.MAX_VALUE));
        assertEquals(t0 + 2 * MS, RateLimiter.reserve(r, null, t0, Long.MAX_VALUE));
    }

    @Test
    void theSlowerOfKeyAndBackendLimitsAndBothAdvance() {
        RateLimiter key = new RateLimiter(1000);
        RateLimiter backend = new RateLimiter(100); // one per 10 ms
        long t0 = 1_000 * MS;
        assertEquals(t0, RateLimiter.reserve(key, backend, t0, Long.MAX_VALUE));
        assertEquals(t0 + 10 * MS, RateLimiter.reserve(key, backend, t0, Long.MAX_VALUE));
        assertEquals(t0 + 11 * MS, RateLimiter.reserve(key, null, t0, Long.MAX_VALUE), "the key's own next slot moved on too");
    }

    @Test
    void aSlotPastTheDeadlineIsNotReservedAndCostsNothing() {
        RateLimiter r = new RateLimiter(10); // one per 100 ms
        long t0 = 1_000 * MS;
        RateLimiter.reserve(r, null, t0, Long.MAX_VALUE);
        assertEquals(Long.MIN_VALUE, RateLimiter.reserve(r, null, t0, t0 + 50 * MS));
        assertEquals(t0 + 100 * MS, RateLimiter.reserve(r, null, t0, Long.MAX_VALUE));
    }

    @Test
    void missedSlotsAreCaughtUpForAtMostTheCatchUpWindow() {
        RateLimiter r = new RateLimiter(1000);
        long t0 = 1_000 * MS;
        RateLimiter.reserve(r, null, t0, Long.MAX_VALUE);
        long late = t0 + 1_000 * MS; // nobody asked for a second
        long first = RateLimiter.reserve(r, null, late, Long.MAX_VALUE);
        assertEquals(late - RateLimiter.CATCH_UP_NANOS, first);
        int immediate = 1;
        while (RateLimiter.reserve(r, null, late, Long.MAX_VALUE) <= late) {
            immediate++;
        }
        assertTrue(immediate <= RateLimiter.CATCH_UP_NANOS / MS + 1, "at most 25 ms of slots caught up, got " + immediate);
    }
}
