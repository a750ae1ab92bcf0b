package dev.qseal.micrometer.internal;

import dev.qseal.core.RequestSigner;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.micrometer.QsealMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A {@link RequestSigner} that times each request it seals ({@link QsealMetrics#REQUEST_SIGN}), per profile and format. */
public final class TimedRequestSigner implements RequestSigner {
    private final RequestSigner signer;
    private final MeterRegistry registry;
    private final String profile;
    private final String format;

    public TimedRequestSigner(RequestSigner signer, MeterRegistry registry, String profile, String format) {
        this.signer = signer;
        this.registry = registry;
        this.profile = profile;
        this.format = format;
    }

    @Override
    public SignedRequest sign(HttpRequest request) {
        Timer.Sample sample = Timer.start(registry);
        try {
            SignedRequest signed = signer.sign(request);
            sample.stop(timer(null));
            return signed;
        } catch (RuntimeException e) {
            sample.stop(timer(e));
            throw e;
        }
    }

    @Override
    public CompletableFuture<SignedRequest> signAsync(HttpRequest request) {
        Timer.Sample sample = Timer.start(registry);
        CompletableFuture<SignedRequest> f;
        try {
            f = signer.signAsync(request);
        } catch (RuntimeException e) {
            sample.stop(timer(e));
            throw e;
        }
        return f.whenComplete((signed, error) -> sample.stop(timer(
                error instanceof CompletionException && error.getCause() != null ? error.getCause() : error)));
    }

    private Timer timer(Throwable error) {
        return Timer.builder(QsealMetrics.REQUEST_SIGN)
                .description("qseal: sealing one request (headers generated and signature), per bank profile and format")
                .tag("profile", profile)
                .tag("format", format)
                .tag("outcome", error == null ? "success" : "failure")
                .tag("exception", error == null ? "none" : error.getClass().getSimpleName())
                .register(registry);
    }
}
