package dev.qseal.core.profile;

import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.jws.DetachedJws;
import java.util.List;

/** The outcome of {@link JwsProfileSigner#sign}: the request ready to send, and what was added to it. */
public final class SignedJwsRequest {
    private final HttpRequest request;
    private final List<Headers.Field> generated;
    private final DetachedJws jws;
    private final String signatureHeader;

    SignedJwsRequest(HttpRequest request, List<Headers.Field> generated, DetachedJws jws, String signatureHeader) {
        this.request = request;
        this.generated = List.copyOf(generated);
        this.jws = jws;
        this.signatureHeader = signatureHeader;
    }

    /** The request with every generated header and the JWS header added. */
    public HttpRequest request() {
        return request;
    }

    /** Headers qseal generated ({@code Digest}, {@code Date}, certificate), in order; not the JWS header. */
    public List<Headers.Field> generatedHeaders() {
        return generated;
    }

    public DetachedJws jws() {
        return jws;
    }

    /** The name of the header carrying the JWS ({@code x-jws-signature}). */
    public String signatureHeader() {
        return signatureHeader;
    }
}
