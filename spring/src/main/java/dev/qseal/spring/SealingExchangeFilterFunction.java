package dev.qseal.spring;

import dev.qseal.core.RequestSigner;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.Outbound;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * A WebClient {@link ExchangeFilterFunction} that seals each request without blocking: when the
 * client writes the body, the buffers are joined (up to {@link Outbound#MAX_BUFFERED_BODY}), the
 * request is signed with {@link RequestSigner#signAsync}, the added headers are set before the
 * request is committed, and the same bytes are written. A request that carries {@code Digest} or
 * {@code Content-Digest} already is signed with its headers alone and its body streams through unread.
 *
 * <pre>{@code
 * WebClient client = WebClient.builder().filter(new SealingExchangeFilterFunction(signer)).build();
 * }</pre>
 */
public final class SealingExchangeFilterFunction implements ExchangeFilterFunction {
    private final RequestSigner signer;

    public SealingExchangeFilterFunction(RequestSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        ClientRequest sealing = ClientRequest.from(request)
                .body((output, context) -> request.body().insert(new Sealing(output, request), context))
                .build();
        return next.exchange(sealing);
    }

    /** Signs when the body is written (or when there is none), before the request is committed. */
    private final class Sealing extends ClientHttpRequestDecorator {
        private final ClientRequest request;

        Sealing(ClientHttpRequest delegate, ClientRequest request) {
            super(delegate);
            this.request = request;
        }

        private Mono<Void> addHeaders(byte[] body) {
            return Mono.fromFuture(() -> signer.signAsync(SpringRequests.view(request.method().name(), request.url(), getHeaders(), body)))
                    .doOnNext(this::apply)
                    .then();
        }

        private void apply(SignedRequest signed) {
            for (Headers.Field f : signed.addedHeaders()) {
                getHeaders().add(f.name(), f.value());
            }
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            if (Outbound.digestGiven(SpringRequests.view(request.method().name(), request.url(), getHeaders(), null).headers())) {
                return addHeaders(null).then(Mono.defer(() -> super.writeWith(body)));
            }
            return ReactiveBodies.bytes(body, Outbound.MAX_BUFFERED_BODY)
                    .onErrorMap(DataBufferLimitException.class, e -> Outbound.bodyTooLarge(-1))
                    .flatMap(bytes -> addHeaders(bytes.length == 0 ? null : bytes)
                            .then(Mono.defer(() -> super.writeWith(Mono.just(bufferFactory().wrap(bytes))))));
        }

        @Override
        public Mono<Void> setComplete() {
            return addHeaders(null).then(Mono.defer(super::setComplete));
        }
    }
}
