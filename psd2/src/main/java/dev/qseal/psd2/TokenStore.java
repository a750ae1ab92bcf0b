package dev.qseal.psd2;

import dev.qseal.psd2.internal.InMemoryTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where bank flows keep access tokens, keyed by what identifies one (e.g. bank + client id), so that
 * every instance of a gateway uses one token instead of fetching its own (share the store: Redis in
 * {@code qseal-redis}). Expired tokens are never returned. Implementations are thread-safe.
 */
public interface TokenStore {
    /** The token stored under {@code key}, if one is there and not expired. */
    Optional<StoredToken> get(String key);

    /** Stores {@code token} under {@code key} until it expires, replacing any other. */
    void put(String key, StoredToken token);

    /**
     * Stores {@code token} unless a live token is already under {@code key}.
     *
     * @return the token now stored: {@code token}, or the one another client stored first
     */
    StoredToken putIfAbsent(String key, StoredToken token);

    /** Forgets the token under {@code key} (e.g. after the bank refused it). */
    void remove(String key);

    /** The clock expiry is judged by. */
    Clock clock();

    /**
     * The stored token if it is usable for at least {@code margin} more; otherwise fetches one and
     * stores it. When two clients fetch at once, both end up using the one stored first.
     */
    default StoredToken getOrFetch(String key, Duration margin, Supplier<StoredToken> fetch) {
        Optional<StoredToken> cached = get(key);
        if (cached.isPresent() && cached.get().usableAt(clock().instant(), margin)) {
            return cached.get();
        }
        StoredToken fresh = fetch.get();
        if (cached.isPresent()) {
            put(key, fresh);
            return fresh;
        }
        return putIfAbsent(key, fresh);
    }

    /** A store in this process's memory holding at most {@code maxEntries} tokens (the soonest to expire go first). */
    static TokenStore inMemory(int maxEntries, Clock clock) {
        return new InMemoryTokenStore(maxEntries, clock);
    }

    /** {@link #inMemory(int, Clock)} with 10 000 tokens and the system clock. */
    static TokenStore inMemory() {
        return inMemory(10_000, Clock.systemUTC());
    }
}
