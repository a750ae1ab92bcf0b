package dev.qseal.psd2;

import dev.qseal.psd2.internal.InMemoryReplayStore;
import java.time.Clock;
import java.time.Duration;

/**
 * Remembers which requests a verifier has already accepted, so that a replayed request is refused,
 * also when it reaches another gateway instance (share the store: Redis in {@code qseal-redis}).
 * Implementations are thread-safe.
 */
public interface ReplayStore {
    /**
     * Records {@code key} for {@code ttl} and says whether it was new.
     *
     * @return true the first time a key is seen within its ttl, false for a replay
     * @throws dev.qseal.core.BackendUnavailableException if the store cannot answer in time: callers
     *                                                    must then refuse the request (fail closed)
     */
    boolean firstSeen(String key, Duration ttl);

    /**
     * A store in this process's memory holding at most {@code maxEntries} keys; expired keys are
     * dropped first and, when every slot holds a live key, the oldest one goes (with a warning in the log).
     */
    static ReplayStore inMemory(int maxEntries, Clock clock) {
        return new InMemoryReplayStore(maxEntries, clock);
    }

    /** {@link #inMemory(int, Clock)} with 100 000 keys and the system clock. */
    static ReplayStore inMemory() {
        return inMemory(100_000, Clock.systemUTC());
    }
}
