package dev.qseal.http.jdk;

import dev.qseal.core.BadInputException;
import dev.qseal.core.RequestSigner;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.Outbound;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A {@link HttpClient} that seals every request before sending it: it turns the request into
 * qseal's view (with {@code Host} derived from the URI, since the JDK sets that header itself and
 * forbids setting it), reads the body from its {@link HttpRequest.BodyPublisher} once (any publisher,
 * up to {@link Outbound#MAX_BUFFERED_BODY}; the same bytes are then sent), calls the
 * {@link RequestSigner}, and copies {@link SignedRequest#addedHeaders()} onto the request.
 * A request that already carries {@code Digest} or {@code Content-Digest} is signed as given and
 * its body streams unread, so a large body can be sent with a digest computed while streaming.
 * Everything else delegates to the wrapped client.
 *
 * <pre>{@code
 * HttpClient client = SealingHttpClient.wrap(HttpClient.newHttpClient(), BankProfiles.ING.signer(key).build());
 * HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
 * }</pre>
 */
public final class SealingHttpClient extends HttpClient {
    private final HttpClient delegate;
    private final RequestSigner signer;

    private SealingHttpClient(HttpClient delegate, RequestSigner signer) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** A client that seals with {@code signer} and sends through {@code client}. */
    public static SealingHttpClient wrap(HttpClient client, RequestSigner signer) {
        return new SealingHttpClient(client, signer);
    }

    /**
     * The sealed copy of {@code request}: the same request with the generated and signature headers
     * added (and the body, if it was read, re-published from the bytes read).
     *
     * @throws BadInputException if the body cannot be read, or is too large without a given digest
     */
    public HttpRequest seal(HttpRequest request) {
        Prepared p = prepare(request, readBody(request));
        return p.apply(signer.sign(p.view));
    }

    /** {@link #seal} without blocking: the body is read and the request signed ({@link RequestSigner#signAsync}) asynchronously. */
    public CompletableFuture<HttpRequest> sealAsync(HttpRequest request) {
        return readBodyAsync(request).thenCompose(body -> {
            Prepared p = prepare(request, body);
            return signer.signAsync(p.view).thenApply(p::apply);
        });
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        return delegate.send(seal(request), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return sealAsync(request).thenCompose(r -> delegate.sendAsync(r, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return sealAsync(request).thenCompose(r -> delegate.sendAsync(r, handler, push));
    }

    /** The request in qseal's view, and how to turn a signature back into a JDK request. */
    private static final class Prepared {
        final HttpRequest original;
        final byte[] body; // null: not read (no body, or a given digest)
        final dev.qseal.core.http.HttpRequest view;

        Prepared(HttpRequest original, byte[] body, dev.qseal.core.http.HttpRequest view) {
            this.original = original;
            this.body = body;
            this.view = view;
        }

        HttpRequest apply(SignedRequest signed) {
            HttpRequest.Builder b = HttpRequest.newBuilder(original, (n, v) -> true);
            if (body != null) {
                b.method(original.method(), HttpRequest.BodyPublishers.ofByteArray(body));
            }
            for (Headers.Field f : signed.addedHeaders()) {
                b.header(f.name(), f.value());
            }
            return b.build();
        }
    }

    private static Prepared prepare(HttpRequest request, Optional<byte[]> body) {
        dev.qseal.core.http.HttpRequest.Builder view = dev.qseal.core.http.HttpRequest.builder(request.method(), Outbound.target(request.uri()));
        HttpHeaders headers = request.headers();
        if (headers.firstValue("Host").isEmpty()) {
            view.header("Host", Outbound.authority(request.uri()));
        }
        for (Map.Entry<String, List<String>> e : headers.map().entrySet()) {
            for (String v : e.getValue()) {
                view.header(e.getKey(), v);
            }
        }
        dev.qseal.core.http.HttpRequest built = view.build();
        if (body.isPresent() || !Outbound.digestGiven(built.headers())) {
            built = built.toBuilder().body(body.orElse(new byte[0])).build(); // no body: at hand and empty
        }
        return new Prepared(request, body.orElse(null), built);
    }

    /** The body to digest, read from the publisher; empty when there is none or the caller gave the digest. */
    private static Optional<byte[]> readBody(HttpRequest request) {
        try {
            return readBodyAsync(request).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while reading the request body to seal it", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static CompletableFuture<Optional<byte[]>> readBodyAsync(HttpRequest request) {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        boolean digestGiven = request.headers().firstValue("Digest").isPresent() || request.headers().firstValue("Content-Digest").isPresent();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0 || digestGiven) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        long length = publisher.get().contentLength();
        if (length > Outbound.MAX_BUFFERED_BODY) {
            return CompletableFuture.failedFuture(Outbound.bodyTooLarge(length));
        }
        BodyReader reader = new BodyReader(length);
        publisher.get().subscribe(reader);
        return reader.result.thenApply(Optional::of);
    }

    private static RuntimeException unwrap(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof RuntimeException) {
            return (RuntimeException) c;
        }
        return new BadInputException("reading the request body to seal it failed: " + c.getMessage(), c);
    }

    /** Collects a publisher's bytes once, up to the limit. */
    private static final class BodyReader implements Flow.Subscriber<ByteBuffer> {
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream out;
        private Flow.Subscription subscription;

        BodyReader(long expected) {
            out = new java.io.ByteArrayOutputStream(expected > 0 ? (int) expected : 8192);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer item) {
            if (result.isDone()) {
                return;
            }
            if ((long) out.size() + item.remaining() > Outbound.MAX_BUFFERED_BODY) {
                subscription.cancel();
                result.completeExceptionally(Outbound.bodyTooLarge(-1));
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            out.write(chunk, 0, chunk.length);
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(new BadInputException("reading the request body to seal it failed: " + t.getMessage(), t));
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }

    // --- plain delegation ---

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
