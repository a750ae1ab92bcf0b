package dev.qseal.banks.itsme;

import java.time.Duration;
import java.util.Objects;

/**
 * How the flow waits for the user at itsme: it asks the status, and while it is pending waits
 * {@link #initialDelay()}, then each time {@link #multiplier()} longer up to {@link #maxDelay()},
 * giving up after {@link #maxPolls()} polls or once {@link #timeout()} has passed on the flow's
 * clock. The waiting itself is a {@link Sleeper}, so tests can move a clock instead of sleeping.
 * Immutable.
 */
public final class ItsmePolling {
    private static final ItsmePolling DEFAULTS = builder().build();

    /** Waits; the default is {@link Thread#sleep}. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final int maxPolls;
    private final Duration timeout;
    private final Sleeper sleeper;

    private ItsmePolling(Builder b) {
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.multiplier = b.multiplier;
        this.maxPolls = b.maxPolls;
        this.timeout = b.timeout;
        this.sleeper = b.sleeper;
    }

    /** 1 s, ×1.5, at most 5 s between polls; at most 150 polls or 6 minutes (a certificate creation may take minutes). */
    public static ItsmePolling defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Duration initialDelay() {
        return initialDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public double multiplier() {
        return multiplier;
    }

    public int maxPolls() {
        return maxPolls;
    }

    public Duration timeout() {
        return timeout;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    /** The wait after {@code delay}: {@code delay × multiplier}, at most {@link #maxDelay()}. */
    Duration next(Duration delay) {
        long nanos = (long) Math.min((double) maxDelay.toNanos(), delay.toNanos() * multiplier);
        return Duration.ofNanos(nanos);
    }

    @Override
    public String toString() {
        return "ItsmePolling[" + initialDelay + " x" + multiplier + " up to " + maxDelay + ", at most " + maxPolls + " polls or "
                + timeout + "]";
    }

    /** Builder for {@link ItsmePolling}. */
    public static final class Builder {
        private Duration initialDelay = Duration.ofSeconds(1);
        private Duration maxDelay = Duration.ofSeconds(5);
        private double multiplier = 1.5;
        private int maxPolls = 150;
        private Duration timeout = Duration.ofMinutes(6);
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        private Builder() {
        }

        public Builder initialDelay(Duration delay) {
            this.initialDelay = positive(delay, "initial delay");
            return this;
        }

        public Builder maxDelay(Duration delay) {
            this.maxDelay = positive(delay, "maximum delay");
            return this;
        }

        /** At least 1 (1 = no back-off). */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("the back-off multiplier must be a number of at least 1");
            }
            this.multiplier = multiplier;
            return this;
        }

        /** At least 1. */
        public Builder maxPolls(int polls) {
            if (polls < 1) {
                throw new IllegalArgumentException("at least one poll is needed");
            }
            this.maxPolls = polls;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public ItsmePolling build() {
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("the maximum delay " + maxDelay + " is shorter than the initial delay " + initialDelay);
            }
            return new ItsmePolling(this);
        }

        private static Duration positive(Duration d, String what) {
            if (Objects.requireNonNull(d, what).isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the " + what + " must be positive");
            }
            return d;
        }
    }
}
