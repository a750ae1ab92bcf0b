package dev.qseal.core.key.remote;

import dev.qseal.core.BadInputException;
import dev.qseal.core.key.KeyRef;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How the remote-key engine treats one key: how many operations it keeps in flight, how fast it
 * may call the backend, and how long one operation may take in all. Immutable; build with
 * {@link #builder()} or read the common KeyRef attributes with {@link #fromKeyRef(KeyRef)}.
 *
 * <ul>
 *   <li>{@code maxInFlight} (default 64): operations started and not yet finished, per key. Further
 *       requests wait in a queue of at most {@code maxQueued} (default 4096); beyond it a request
 *       fails at once with {@link dev.qseal.core.BackendUnavailableException}.
 *   <li>{@code rate} (calls per second, per key) and {@code backendRate} (per backend: the first key
 *       opened for a backend sets it): calls are spaced evenly; none by default.
 *   <li>{@code deadline} (default 10 s): the whole budget of one operation from the moment it is
 *       requested, queueing, throttling and retries included.
 *   <li>{@code attemptTimeout} (default 5 s): one call to the backend.
 *   <li>{@code initialBackoff} (50 ms) / {@code maxBackoff} (2 s) / {@code maxAttempts} (8): retries
 *       of throttled and transient failures, exponential with jitter, never past the deadline.
 * </ul>
 */
public final class RemoteKeyPolicy {
    /** KeyRef attributes read by {@link #fromKeyRef}; every remote scheme accepts them. */
    public static final java.util.Set<String> KEYREF_ATTRIBUTES =
            java.util.Set.of("max-in-flight", "rate", "backend-rate", "deadline-ms", "timeout-ms");

    private final int maxInFlight;
    private final int maxQueued;
    private final double rate;
    private final double backendRate;
    private final Duration deadline;
    private final Duration attemptTimeout;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxAttempts;

    private RemoteKeyPolicy(Builder b) {
        this.maxInFlight = b.maxInFlight;
        this.maxQueued = b.maxQueued;
        this.rate = b.rate;
        this.backendRate = b.backendRate;
        this.deadline = b.deadline;
        this.attemptTimeout = b.attemptTimeout;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxAttempts = b.maxAttempts;
    }

    /** The defaults listed above. */
    public static RemoteKeyPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The defaults, changed by the KeyRef attributes {@code max-in-flight}, {@code rate},
     * {@code backend-rate} (calls per second), {@code deadline-ms} and {@code timeout-ms}.
     *
     * @throws BadInputException if one of them is not a positive number
     */
    public static RemoteKeyPolicy fromKeyRef(KeyRef ref) {
        Builder b = builder();
        ref.param("max-in-flight").ifPresent(v -> b.maxInFlight((int) positive(ref, "max-in-flight", v, 100_000)));
        ref.param("rate").ifPresent(v -> b.rate(positive(ref, "rate", v, 1_000_000)));
        ref.param("backend-rate").ifPresent(v -> b.backendRate(positive(ref, "backend-rate", v, 1_000_000)));
        ref.param("deadline-ms").ifPresent(v -> b.deadline(Duration.ofMillis((long) positive(ref, "deadline-ms", v, 3_600_000))));
        ref.param("timeout-ms").ifPresent(v -> b.attemptTimeout(Duration.ofMillis((long) positive(ref, "timeout-ms", v, 3_600_000))));
        return b.build();
    }

    private static double positive(KeyRef ref, String name, String value, double max) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d > 0) || d > max) {
            throw new BadInputException("the key reference " + ref + " has " + name + "='" + value
                    + "': it must be a positive number up to " + (long) max);
        }
        return d;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public int maxQueued() {
        return maxQueued;
    }

    /** Calls per second for this key, if limited. */
    public OptionalDouble rate() {
        return rate > 0 ? OptionalDouble.of(rate) : OptionalDouble.empty();
    }

    /** Calls per second for the whole backend, if limited. */
    public OptionalDouble backendRate() {
        return backendRate > 0 ? OptionalDouble.of(backendRate) : OptionalDouble.empty();
    }

    public Duration deadline() {
        return deadline;
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxInFlight = maxInFlight;
        b.maxQueued = maxQueued;
        b.rate = rate;
        b.backendRate = backendRate;
        b.deadline = deadline;
        b.attemptTimeout = attemptTimeout;
        b.initialBackoff = initialBackoff;
        b.maxBackoff = maxBackoff;
        b.maxAttempts = maxAttempts;
        return b;
    }

    @Override
    public String toString() {
        return "RemoteKeyPolicy[maxInFlight=" + maxInFlight + ", rate=" + (rate > 0 ? rate + "/s" : "none")
                + ", backendRate=" + (backendRate > 0 ? backendRate + "/s" : "none") + ", deadline=" + deadline.toMillis()
                + "ms, attemptTimeout=" + attemptTimeout.toMillis() + "ms, maxAttempts=" + maxAttempts + "]";
    }

    /** Builds a {@link RemoteKeyPolicy}; refuses nonsense at once. */
    public static final class Builder {
        private int maxInFlight = 64;
        private int maxQueued = 4096;
        private double rate;
        private double backendRate;
        private Duration deadline = Duration.ofSeconds(10);
        private Duration attemptTimeout = Duration.ofSeconds(5);
        private Duration initialBackoff = Duration.ofMillis(50);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private int maxAttempts = 8;

        private Builder() {
        }

        public Builder maxInFlight(int n) {
            this.maxInFlight = atLeastOne(n, "maxInFlight");
            return this;
        }

        public Builder maxQueued(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxQueued must not be negative");
            }
            this.maxQueued = n;
            return this;
        }

        /** Calls per second for this key. */
        public Builder rate(double perSecond) {
            this.rate = positiveRate(perSecond);
            return this;
        }

        /** Calls per second for every key of the same backend. */
        public Builder backendRate(double perSecond) {
            this.backendRate = positiveRate(perSecond);
            return this;
        }

        public Builder deadline(Duration d) {
            this.deadline = positive(d, "deadline");
            return this;
        }

        public Builder attemptTimeout(Duration d) {
            this.attemptTimeout = positive(d, "attemptTimeout");
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = positive(initial, "initial back-off");
            this.maxBackoff = positive(max, "maximum back-off");
            return this;
        }

        public Builder maxAttempts(int n) {
            this.maxAttempts = atLeastOne(n, "maxAttempts");
            return this;
        }

        public RemoteKeyPolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("the maximum back-off " + maxBackoff + " is shorter than the initial " + initialBackoff);
            }
            return new RemoteKeyPolicy(this);
        }

        private static int atLeastOne(int n, String what) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, got " + n);
            }
            return n;
        }

        private static double positiveRate(double r) {
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException("a rate must be a positive number of calls per second, got " + r);
            }
            return r;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }

}
