package dev.qseal.kms.azure.internal;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.core.util.CoreUtils;
import com.azure.core.util.FluxUtil;
import dev.qseal.core.key.remote.RemoteResponses;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The pipeline's HTTP client with every answer held to {@link RemoteResponses#MAX_BYTES}: a declared
 * {@code Content-Length} over it is refused before the body is read, and a body that runs past it
 * fails with {@link RemoteResponses.TooLargeException}. It sits under every pipeline policy, so
 * nothing (the bearer challenge, the SDK's decoding, the certificate lookup) reads an unbounded body.
 *
 * <p>azure-core asks the JDK client to read a body "eagerly" (whole, into one array, before any
 * policy sees it) for most SDK calls; that hint is switched off here so the body streams through the
 * count.
 */
final class BoundedHttpClient implements HttpClient {
    private static final String EAGERLY_READ = "azure-eagerly-read-response";

    private final HttpClient delegate;

    BoundedHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        Context streamed = (context == null ? Context.NONE : context).addData(EAGERLY_READ, false);
        return delegate.send(request, streamed).flatMap(r -> {
            String length = r.getHeaderValue("Content-Length");
            try {
                RemoteResponses.checkLength(length != null && length.matches("[0-9]{1,18}") ? Long.parseLong(length) : -1);
            } catch (RemoteResponses.TooLargeException e) {
                r.close();
                return Mono.error(e);
            }
            return Mono.just(new Bounded(r));
        });
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        return send(request, context).block();
    }

    private static final class Bounded extends HttpResponse {
        private final HttpResponse r;

        Bounded(HttpResponse r) {
            super(r.getRequest());
            this.r = r;
        }

        @Override
        public int getStatusCode() {
            return r.getStatusCode();
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return r.getHeaderValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return r.getHeaders();
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.defer(() -> {
                long[] read = {0};
                return r.getBody().handle((b, sink) -> {
                    try {
                        read[0] = RemoteResponses.count(read[0], b.remaining());
                        sink.next(b);
                    } catch (RemoteResponses.TooLargeException e) {
                        sink.error(e);
                    }
                });
            });
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return FluxUtil.collectBytesInByteBufferStream(getBody());
        }

        @Override
        public Mono<String> getBodyAsString() {
            return getBodyAsByteArray().map(b -> CoreUtils.bomAwareToString(b, r.getHeaderValue("Content-Type")));
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return getBodyAsByteArray().map(b -> new String(b, charset));
        }

        @Override
        public void close() {
            r.close();
        }
    }
}
