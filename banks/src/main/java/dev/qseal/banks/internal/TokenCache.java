package dev.qseal.banks.internal;

import dev.qseal.banks.AccessToken;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Holds one access token and hands it out until shortly before it expires. When it must be
 * fetched, one caller fetches while the others wait for that result (16 callers at once make one
 * token request). A failed fetch caches nothing.
 */
public final class TokenCache {
    private final Clock clock;
    private final Duration margin;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile AccessToken current;

    public TokenCache(Clock clock, Duration margin) {
        this.clock = clock;
        this.margin = margin;
    }

    public AccessToken get(Supplier<AccessToken> fetch) {
        AccessToken t = current;
        if (t != null && t.usableAt(clock.instant(), margin)) {
            return t;
        }
        lock.lock();
        try {
            t = current;
            if (t != null && t.usableAt(clock.instant(), margin)) {
                return t;
            }
            current = null;
            AccessToken fresh = fetch.get();
            current = fresh;
            return fresh;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the token (e.g. after the bank said it is no longer valid). */
    public void invalidate() {
        current = null;
    }
}
