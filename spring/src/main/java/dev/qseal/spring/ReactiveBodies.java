package dev.qseal.spring;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Mono;

/** Reactive bodies as bytes, for the WebClient and WebFlux adapters only (the RestClient one needs no Reactor). */
final class ReactiveBodies {
    private ReactiveBodies() {
    }

    /** The bytes of a body, joined up to {@code max} (else a {@code DataBufferLimitException}); empty bytes for no body. */
    static Mono<byte[]> bytes(Publisher<? extends DataBuffer> body, int max) {
        return DataBufferUtils.join(body, max)
                .map(joined -> {
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    DataBufferUtils.release(joined);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0]);
    }
}
