package dev.qseal.psd2.internal;

import dev.qseal.core.BadInputException;
import dev.qseal.psd2.StoredToken;
import dev.qseal.psd2.TokenStore;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link TokenStore} in memory, bounded: when full, expired tokens go first, then the soonest to expire. */
public final class InMemoryTokenStore implements TokenStore {
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, StoredToken> tokens = new HashMap<>();

    public InMemoryTokenStore(int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new BadInputException("a token store holds at least one token, not " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Optional<StoredToken> get(String key) {
        StoredToken t = tokens.get(key);
        if (t != null && !clock.instant().isBefore(t.expiresAt())) {
            tokens.remove(key);
            return Optional.empty();
        }
        return Optional.ofNullable(t);
    }

    @Override
    public synchronized void put(String key, StoredToken token) {
        Objects.requireNonNull(token, "token");
        if (!tokens.containsKey(key) && tokens.size() >= maxEntries) {
            tokens.values().removeIf(t -> !clock.instant().isBefore(t.expiresAt()));
            if (tokens.size() >= maxEntries) {
                tokens.entrySet().stream().min(Comparator.comparing(e -> e.getValue().expiresAt()))
                        .map(Map.Entry::getKey).ifPresent(tokens::remove);
            }
        }
        tokens.put(key, token);
    }

    @Override
    public synchronized StoredToken putIfAbsent(String key, StoredToken token) {
        Optional<StoredToken> live = get(key);
        if (live.isPresent()) {
            return live.get();
        }
        put(key, token);
        return token;
    }

    @Override
    public synchronized void remove(String key) {
        tokens.remove(key);
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
