package dev.qseal.core;

import dev.qseal.core.http.HttpRequest;
import java.util.concurrent.CompletableFuture;

/**
 * The one signing seam: every format's signer and every bank profile's signer implements it, so an
 * HTTP adapter depends on this interface only. Implementations are immutable and thread-safe, and
 * sign at the {@link java.time.Clock} they were built with.
 *
 * <pre>{@code
 * RequestSigner signer = BankProfiles.ING.signer(key).build();
 * SignedRequest signed = signer.sign(request);
 * for (Headers.Field f : signed.addedHeaders()) { httpRequestBuilder.header(f.name(), f.value()); }
 * }</pre>
 */
public interface RequestSigner {
    /**
     * Seals {@code request}: adds the headers the rules generate ({@code Date}, {@code Digest}, request id,
     * certificate...) and then the signature header(s).
     *
     * @throws QsealException (a subtype) when the request lacks a header that cannot be generated, or the key fails
     */
    SignedRequest sign(HttpRequest request);

    /**
     * Non-blocking {@link #sign}: lets a remote key (KMS, network HSM) keep many signatures in flight.
     * The default signs on the calling thread and returns a completed (or failed) future.
     */
    default CompletableFuture<SignedRequest> signAsync(HttpRequest request) {
        try {
            return CompletableFuture.completedFuture(sign(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
