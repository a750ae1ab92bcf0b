package dev.qseal.micrometer.internal;

import dev.qseal.core.RequestVerifier;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.verify.VerificationResult;
import dev.qseal.micrometer.QsealMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A {@link RequestVerifier} that times each verification ({@link QsealMetrics#REQUEST_VERIFY}) and counts each
 * failure by its {@link dev.qseal.core.verify.Failure} ({@link QsealMetrics#VERIFICATION_FAILURES}), per profile and
 * format.
 */
public final class TimedRequestVerifier implements RequestVerifier {
    private final RequestVerifier verifier;
    private final MeterRegistry registry;
    private final String profile;
    private final String format;

    public TimedRequestVerifier(RequestVerifier verifier, MeterRegistry registry, String profile, String format) {
        this.verifier = verifier;
        this.registry = registry;
        this.profile = profile;
        this.format = format;
    }

    @Override
    public VerificationResult verify(HttpRequest request) {
        Timer.Sample sample = Timer.start(registry);
        VerificationResult result;
        try {
            result = verifier.verify(request);
        } catch (RuntimeException e) {
            sample.stop(timer("error", e.getClass().getSimpleName()));
            throw e;
        }
        String failure = result.failure().map(Enum::name).orElse("none");
        sample.stop(timer(result.isValid() ? "valid" : "invalid", failure));
        if (!result.isValid()) {
            Counter.builder(QsealMetrics.VERIFICATION_FAILURES)
                    .description("qseal: verifications that failed, by Failure")
                    .tag("profile", profile)
                    .tag("format", format)
                    .tag("failure", failure)
                    .register(registry)
                    .increment();
        }
        return result;
    }

    private Timer timer(String outcome, String failure) {
        return Timer.builder(QsealMetrics.REQUEST_VERIFY)
                .description("qseal: verifying one request, per bank profile and format")
                .tag("profile", profile)
                .tag("format", format)
                .tag("outcome", outcome)
                .tag("failure", failure)
                .register(registry);
    }
}
