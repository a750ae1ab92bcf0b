package dev.qseal.core.key.remote.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evenly spaced call slots: at most {@code rate} calls per second, one every {@code 1/rate}. A
 * caller reserves the next free slot and waits until it; slots are absolute times, so late timer
 * wake-ups do not add up. Slots missed while nobody asked (a late wake-up, a caller descheduled on
 * a loaded machine) may be caught up for at most {@link #CATCH_UP_NANOS}: over any window of length
 * T at most {@code rate·(T + 25 ms) + 1} calls start, and a busy key keeps its full rate. A key's
 * limiter and its backend's are reserved together ({@link #reserve(RateLimiter, RateLimiter, long, long)}).
 */
final class RateLimiter {
    private static final Object LOCK = new Object();
    private static final Map<String, RateLimiter> BACKENDS = new ConcurrentHashMap<>();

    /** How far back missed slots may be used. */
    static final long CATCH_UP_NANOS = 25_000_000;

    private final long intervalNanos;
    private long next; // guarded by LOCK

    RateLimiter(double perSecond) {
        this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
        this.next = Long.MIN_VALUE;
    }

    /** The limiter shared by every key of {@code backend}; the first caller sets its rate. */
    static RateLimiter forBackend(String backend, double perSecond) {
        return BACKENDS.computeIfAbsent(backend, b -> new RateLimiter(perSecond));
    }

    /**
     * Reserves the earliest slot, not before {@code now}, free in both limiters (either may be null).
     *
     * @return the slot's time ({@code System.nanoTime()} scale), or {@code Long.MIN_VALUE} (nothing
     *         reserved) when it would be after {@code notAfter}
     */
    static long reserve(RateLimiter a, RateLimiter b, long now, long notAfter) {
        if (a == null && b == null) {
            return now;
        }
        synchronized (LOCK) {
            long slot = now - CATCH_UP_NANOS;
            boolean fresh = false;
            for (RateLimiter l : new RateLimiter[] {a, b}) {
                if (l == null) {
                    continue;
                }
                if (l.next == Long.MIN_VALUE) {
                    fresh = true; // its first call: no missed slots to catch up
                } else if (l.next - slot > 0) {
                    slot = l.next;
                }
            }
            if (fresh && now - slot > 0) {
                slot = now;
            }
            if (slot - notAfter > 0) {
                return Long.MIN_VALUE;
            }
            if (a != null) {
                a.next = slot + a.intervalNanos;
            }
            if (b != null) {
                b.next = slot + b.intervalNanos;
            }
            return slot;
        }
    }
}
