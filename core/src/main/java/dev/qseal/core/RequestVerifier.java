package dev.qseal.core;

import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.verify.VerificationResult;
import java.time.Duration;

/**
 * The one verifying seam: every format's verifier and every bank profile's verifier implements it.
 * Implementations are immutable and thread-safe, compare times with the {@link java.time.Clock}
 * they were built with, and never throw for anything in the request: a bad signature is an invalid
 * {@link VerificationResult} that names the cause ({@link VerificationResult#orThrow()} turns it
 * into a {@link VerificationException}).
 */
public interface RequestVerifier {
    /**
     * How far {@code Date}, {@code created} or {@code sigT} may be from the verifier's clock, either way,
     * unless a verifier or profile says otherwise: the same for every format.
     */
    Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(5);

    /** Verifies the signature(s) of {@code request} at the verifier's clock. */
    VerificationResult verify(HttpRequest request);
}
