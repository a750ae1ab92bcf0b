package dev.qseal.banks;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What every bank flow shares besides the TPP's credentials: the clock it signs at and judges token
 * expiry by, where exchanges are recorded, and how long it waits for the bank. Immutable.
 */
public final class FlowOptions {
    private static final FlowOptions DEFAULTS = builder().build();

    private final Clock clock;
    private final ExchangeRecorder recorder;
    private final Duration timeout;

    private FlowOptions(Builder b) {
        this.clock = b.clock;
        this.recorder = b.recorder;
        this.timeout = b.timeout;
    }

    /** System clock, nothing recorded, 30 s per request. */
    public static FlowOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Clock clock() {
        return clock;
    }

    public ExchangeRecorder recorder() {
        return recorder;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "FlowOptions[clock=" + clock + ", timeout=" + timeout + "]";
    }

    /** Builder for {@link FlowOptions}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private ExchangeRecorder recorder = ExchangeRecorder.NONE;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder recorder(ExchangeRecorder recorder) {
            this.recorder = Objects.requireNonNull(recorder, "recorder");
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public FlowOptions build() {
            return new FlowOptions(this);
        }
    }
}
