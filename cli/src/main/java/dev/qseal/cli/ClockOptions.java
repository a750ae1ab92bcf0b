package dev.qseal.cli;

import dev.qseal.core.BadInputException;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code --max-skew} and the CLI's one clock policy for every {@code verify} form: times in the
 * request are compared with the clock only when {@code --now} or {@code --max-skew} is given, so
 * that recorded requests (and published vectors) can be inspected.
 */
final class ClockOptions {
    @Option(names = "--max-skew", paramLabel = "SECONDS",
            description = "how far Date / created / sigT may be from now, either way (with --now alone: the default, 300 s, for every format)")
    Long maxSkew;

    /** The verifier's clock: fixed at {@code --now}, or now. */
    java.time.Clock fixedAt(RequestOptions request) {
        return fixed(request);
    }

    /** A clock fixed at {@code --now}, or at the current instant. */
    static java.time.Clock fixed(RequestOptions request) {
        return java.time.Clock.fixed(request.clock(), java.time.ZoneOffset.UTC);
    }

    /**
     * @param ignoreClock called when neither {@code --now} nor {@code --max-skew} is given
     * @param setMaxSkew  called with an explicit {@code --max-skew}
     */
    void applyTo(RequestOptions request, Runnable ignoreClock, Consumer<Duration> setMaxSkew) {
        if (maxSkew != null && maxSkew < 0) {
            throw new BadInputException("--max-skew must not be negative");
        }
        if (maxSkew != null) {
            setMaxSkew.accept(Duration.ofSeconds(maxSkew));
        } else if (request.now == null) {
            ignoreClock.run();
        }
    }
}
