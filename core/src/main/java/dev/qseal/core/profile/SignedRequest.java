package dev.qseal.core.profile;

import dev.qseal.core.cavage.CavageSignature;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import java.util.List;

/** The outcome of {@link ProfileSigner#sign}: the request ready to send, and what was added to it. */
public final class SignedRequest {
    private final HttpRequest request;
    private final List<Headers.Field> generated;
    private final CavageSignature signature;

    SignedRequest(HttpRequest request, List<Headers.Field> generated, CavageSignature signature) {
        this.request = request;
        this.generated = List.copyOf(generated);
        this.signature = signature;
    }

    /** The request with every generated header and the signature header added. */
    public HttpRequest request() {
        return request;
    }

    /** Headers qseal generated or computed ({@code Date}, {@code Digest}, request ids, certificate), in order; not the signature. */
    public List<Headers.Field> generatedHeaders() {
        return generated;
    }

    public CavageSignature signature() {
        return signature;
    }
}
