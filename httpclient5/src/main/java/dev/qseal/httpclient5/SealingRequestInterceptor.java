package dev.qseal.httpclient5;

import dev.qseal.core.RequestSigner;
import dev.qseal.core.http.Outbound;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * An Apache HttpClient 5 <em>classic</em> {@link HttpRequestInterceptor} that seals each request:
 * it reads the entity (up to {@link Outbound#MAX_BUFFERED_BODY}; a non-repeatable entity is replaced
 * by the bytes read), signs qseal's view of the request and adds the added headers. A request that
 * carries {@code Digest} or {@code Content-Digest} already is signed as given and its entity streams
 * unread. Register it last, after the client's own protocol interceptors:
 *
 * <pre>{@code
 * CloseableHttpClient client = HttpClients.custom().addRequestInterceptorLast(new SealingRequestInterceptor(signer)).build();
 * }</pre>
 * For the async client, see {@link SealingAsyncExecHandler}.
 */
public final class SealingRequestInterceptor implements HttpRequestInterceptor {
    private final RequestSigner signer;

    public SealingRequestInterceptor(RequestSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    @Override
    public void process(HttpRequest request, EntityDetails details, HttpContext context) throws HttpException, IOException {
        HttpEntity entity = request instanceof ClassicHttpRequest ? ((ClassicHttpRequest) request).getEntity() : null;
        if (entity != null) {
            Hc5Requests.contentType(request, entity.getContentType());
        }
        byte[] body = null;
        if (entity != null && !Hc5Requests.digestGiven(request)) {
            if (entity.getContentLength() > Outbound.MAX_BUFFERED_BODY) {
                throw Outbound.bodyTooLarge(entity.getContentLength());
            }
            body = read(entity);
            if (!entity.isRepeatable()) {
                ((ClassicHttpRequest) request).setEntity(new ByteArrayEntity(body,
                        entity.getContentType() == null ? null : ContentType.parse(entity.getContentType()), entity.getContentEncoding()));
            }
        }
        Hc5Requests.apply(signer.sign(Hc5Requests.view(request, body)), request);
    }

    private static byte[] read(HttpEntity entity) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entity.writeTo(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (out.size() + (long) len > Outbound.MAX_BUFFERED_BODY) {
                    throw Outbound.bodyTooLarge(-1);
                }
                out.write(b, off, len);
            }
        });
        return out.toByteArray();
    }
}
