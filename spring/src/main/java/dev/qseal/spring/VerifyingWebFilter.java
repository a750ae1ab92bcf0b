package dev.qseal.spring;

import dev.qseal.psd2.InboundDecision;
import dev.qseal.psd2.InboundVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A Spring WebFlux {@link WebFilter} for the ASPSP side: joins the body (up to {@code maxBody}
 * bytes, else {@code 413}), verifies the request with an {@link InboundVerifier} off the event loop
 * (the replay store may be remote), and answers a refusal with {@code 401} (or {@code 503} when the
 * replay check is unavailable) and an {@code application/problem+json} body naming the reason. An
 * accepted request continues with the same body bytes and the signer's
 * {@link dev.qseal.psd2.Psd2Certificate} in the exchange attribute {@link #CERTIFICATE_ATTRIBUTE}.
 */
public final class VerifyingWebFilter implements WebFilter {
    /** The exchange attribute holding the accepted signer's {@link dev.qseal.psd2.Psd2Certificate}. */
    public static final String CERTIFICATE_ATTRIBUTE = "dev.qseal.psd2.certificate";
    /** The default largest body read: 16 MiB. */
    public static final int DEFAULT_MAX_BODY = 16 * 1024 * 1024;

    private final InboundVerifier verifier;
    private final int maxBody;

    public VerifyingWebFilter(InboundVerifier verifier) {
        this(verifier, DEFAULT_MAX_BODY);
    }

    public VerifyingWebFilter(InboundVerifier verifier, int maxBody) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.maxBody = maxBody;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        return ReactiveBodies.bytes(request.getBody(), maxBody)
                .flatMap(body -> Mono.fromCallable(() -> verifier.verify(
                                SpringRequests.inbound(request.getMethod().name(), request.getURI(), request.getHeaders(), body)))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(decision -> decision.isAccepted() ? pass(exchange, chain, decision, body) : refuse(exchange, decision)))
                .onErrorResume(DataBufferLimitException.class, e -> {
                    exchange.getResponse().setStatusCode(HttpStatus.PAYLOAD_TOO_LARGE);
                    return exchange.getResponse().setComplete();
                })
                .onErrorResume(dev.qseal.core.BadInputException.class, e -> {
                    exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
                    return exchange.getResponse().setComplete();
                });
    }

    private static Mono<Void> pass(ServerWebExchange exchange, WebFilterChain chain, InboundDecision decision, byte[] body) {
        decision.certificate().ifPresent(c -> exchange.getAttributes().put(CERTIFICATE_ATTRIBUTE, c));
        ServerHttpRequest replayable = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return body.length == 0 ? Flux.empty() : Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
        return chain.filter(exchange.mutate().request(replayable).build());
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, InboundDecision decision) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.valueOf(decision.status()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] problem = decision.problemJson().getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(problem)));
    }
}
