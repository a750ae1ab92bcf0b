package dev.qseal.okhttp;

import dev.qseal.core.BadInputException;
import dev.qseal.core.RequestSigner;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.Outbound;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;

/**
 * An OkHttp application {@link Interceptor} that seals each request: it turns the request into
 * qseal's view ({@code Host} from the URL, as OkHttp will send it; {@code Content-Type} from the
 * body, set explicitly so that the header signed is the header sent), reads a body of up to
 * {@link Outbound#MAX_BUFFERED_BODY} bytes once, calls the {@link RequestSigner} and adds
 * {@link SignedRequest#addedHeaders()}. A request that carries {@code Digest} or
 * {@code Content-Digest} already is signed as given and its body (also a one-shot body) streams unread.
 *
 * <pre>{@code
 * OkHttpClient client = new OkHttpClient.Builder()
 *         .addInterceptor(new SealingInterceptor(BankProfiles.ING.signer(key).build()))
 *         .build();
 * }</pre>
 * Register it with {@code addInterceptor} (not as a network interceptor): a redirect or retry then
 * goes through it again and is sealed for its own target.
 */
public final class SealingInterceptor implements Interceptor {
    private final RequestSigner signer;

    public SealingInterceptor(RequestSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(seal(chain.request()));
    }

    /** The sealed copy of {@code request}. */
    public Request seal(Request request) throws IOException {
        Request.Builder out = request.newBuilder();
        RequestBody body = request.body();
        if (body != null && body.contentType() != null && request.header("Content-Type") == null) {
            out.header("Content-Type", body.contentType().toString());
        }
        Request withType = out.build();
        HttpRequest.Builder view = HttpRequest.builder(request.method(), Outbound.target(request.url().uri()));
        if (request.header("Host") == null) {
            view.header("Host", Outbound.authority(request.url().uri()));
        }
        for (int i = 0; i < withType.headers().size(); i++) {
            view.header(withType.headers().name(i), withType.headers().value(i));
        }
        HttpRequest unsigned = view.build();
        byte[] bytes = null;
        if (body != null && !Outbound.digestGiven(unsigned.headers())) {
            if (body.isOneShot()) {
                throw new BadInputException("the request body is one-shot, so it cannot be read to digest it and still be sent: "
                        + "compute its digest while producing it and set the Digest or Content-Digest header");
            }
            long length = body.contentLength();
            if (length > Outbound.MAX_BUFFERED_BODY) {
                throw Outbound.bodyTooLarge(length);
            }
            Buffer buffer = new Buffer();
            BufferedSink limited = Okio.buffer(new ForwardingSink(buffer) {
                @Override
                public void write(Buffer source, long byteCount) throws IOException {
                    if (buffer.size() + byteCount > Outbound.MAX_BUFFERED_BODY) {
                        throw Outbound.bodyTooLarge(-1);
                    }
                    super.write(source, byteCount);
                }
            });
            body.writeTo(limited);
            limited.flush();
            bytes = buffer.readByteArray();
            unsigned = unsigned.toBuilder().body(bytes).build();
        }
        if (body == null) {
            unsigned = unsigned.toBuilder().body(new byte[0]).build(); // no body: at hand and empty
        }
        SignedRequest signed = signer.sign(unsigned);
        Request.Builder sealed = withType.newBuilder();
        if (bytes != null) {
            MediaType type = body.contentType();
            sealed.method(request.method(), RequestBody.create(bytes, type));
        }
        for (Headers.Field f : signed.addedHeaders()) {
            sealed.addHeader(f.name(), f.value());
        }
        return sealed.build();
    }
}
