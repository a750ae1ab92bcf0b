package dev.qseal.psd2.internal;

import dev.qseal.core.BadInputException;
import dev.qseal.psd2.ReplayStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ReplayStore} in memory: a bounded map from key to expiry, in insertion order. */
public final class InMemoryReplayStore implements ReplayStore {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryReplayStore.class);
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public InMemoryReplayStore(int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new BadInputException("a replay store holds at least one key, not " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized boolean firstSeen(String key, Duration ttl) {
        Instant now = clock.instant();
        Instant previous = seen.get(key);
        if (previous != null && previous.isAfter(now)) {
            return false;
        }
        seen.remove(key);
        if (seen.size() >= maxEntries) {
            evict(now);
        }
        seen.put(key, now.plus(ttl));
        return true;
    }

    private void evict(Instant now) {
        seen.values().removeIf(expiry -> !expiry.isAfter(now));
        Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
        if (seen.size() >= maxEntries && it.hasNext()) {
            it.next();
            it.remove();
            LOG.warn("replay store full ({} live keys): forgot the oldest; size it for the request rate times the skew window", maxEntries);
        }
    }

    /** How many keys are held (tests). */
    public synchronized int sizeForTests() {
        return seen.size();
    }
}
