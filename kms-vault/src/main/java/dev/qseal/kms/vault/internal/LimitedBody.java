package dev.qseal.kms.vault.internal;

import dev.qseal.core.key.remote.RemoteResponses;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to {@link RemoteResponses#MAX_BYTES}: a declared
 * {@code Content-Length} over it, or a body that runs past it, fails the response with
 * {@link RemoteResponses.TooLargeException} and cancels the rest.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long declared;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long read;

    private LimitedBody(long declared) {
        this.declared = declared;
    }

    static HttpResponse.BodyHandler<byte[]> handler() {
        return info -> new LimitedBody(info.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        try {
            RemoteResponses.checkLength(declared);
        } catch (RemoteResponses.TooLargeException e) {
            s.cancel();
            result.completeExceptionally(e);
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            try {
                read = RemoteResponses.count(read, b.remaining());
            } catch (RemoteResponses.TooLargeException e) {
                subscription.cancel();
                result.completeExceptionally(e);
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }
}
