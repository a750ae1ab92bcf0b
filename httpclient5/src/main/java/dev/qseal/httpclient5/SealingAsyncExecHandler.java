package dev.qseal.httpclient5;

import dev.qseal.core.BadInputException;
import dev.qseal.core.RequestSigner;
import dev.qseal.core.http.Outbound;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;

/**
 * An Apache HttpClient 5 <em>async</em> exec interceptor that seals each request without blocking:
 * it drains the entity producer into memory when the producer can give all its bytes at once (byte
 * arrays, strings, forms: up to {@link Outbound#MAX_BUFFERED_BODY}), replaces it by the bytes read,
 * signs with {@link RequestSigner#signAsync} and proceeds when the signature is ready. A request that
 * carries {@code Digest} or {@code Content-Digest} already is signed as given and its producer streams
 * unread (the way to send a file or a large stream).
 *
 * <pre>{@code
 * CloseableHttpAsyncClient client = HttpAsyncClients.custom()
 *         .addExecInterceptorFirst("qseal", new SealingAsyncExecHandler(signer)).build();
 * }</pre>
 */
public final class SealingAsyncExecHandler implements AsyncExecChainHandler {
    private static final int MAX_ROUNDS = 100_000;
    private final RequestSigner signer;

    public SealingAsyncExecHandler(RequestSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    @Override
    public void execute(HttpRequest request, AsyncEntityProducer producer, AsyncExecChain.Scope scope, AsyncExecChain chain,
                        AsyncExecCallback callback) throws HttpException, IOException {
        AsyncEntityProducer toSend = producer;
        byte[] body = null;
        if (producer != null) {
            Hc5Requests.contentType(request, producer.getContentType());
            if (!Hc5Requests.digestGiven(request)) {
                body = drain(producer);
                toSend = AsyncEntityProducers.create(body,
                        producer.getContentType() == null ? null : ContentType.parse(producer.getContentType()));
            }
        }
        AsyncEntityProducer sending = toSend;
        signer.signAsync(Hc5Requests.view(request, body)).whenComplete((signed, error) -> {
            if (error != null) {
                callback.failed(error instanceof Exception ? (Exception) error : new IllegalStateException(error));
                return;
            }
            Hc5Requests.apply(signed, request);
            try {
                chain.proceed(request, sending, scope, callback);
            } catch (HttpException | IOException | RuntimeException e) {
                callback.failed(e);
            }
        });
    }

    /** All the bytes a producer gives when asked repeatedly, without waiting. */
    private static byte[] drain(AsyncEntityProducer producer) throws IOException {
        if (producer.getContentLength() > Outbound.MAX_BUFFERED_BODY) {
            throw Outbound.bodyTooLarge(producer.getContentLength());
        }
        Collector channel = new Collector();
        for (int round = 0; !channel.ended && round < MAX_ROUNDS; round++) {
            int before = channel.out.size();
            producer.produce(channel);
            if (!channel.ended && channel.out.size() == before && producer.available() <= 0) {
                break;
            }
        }
        if (!channel.ended) {
            throw new BadInputException("the request's entity producer does not give its body at once, so it cannot be read to digest it: "
                    + "compute the digest while producing it and set the Digest or Content-Digest header");
        }
        producer.releaseResources();
        return channel.out.toByteArray();
    }

    private static final class Collector implements DataStreamChannel {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean ended;

        @Override
        public void requestOutput() {
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            if (out.size() + (long) n > Outbound.MAX_BUFFERED_BODY) {
                throw Outbound.bodyTooLarge(-1);
            }
            byte[] b = new byte[n];
            src.get(b);
            out.write(b, 0, n);
            return n;
        }

        @Override
        public void endStream() {
            ended = true;
        }

        @Override
        public void endStream(List<? extends Header> trailers) {
            ended = true;
        }
    }
}
