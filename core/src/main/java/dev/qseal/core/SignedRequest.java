package dev.qseal.core;

import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link RequestSigner} returns, for every format: the sealed request, ready to send, and the
 * header fields that were added to it, in order (the generated ones, then the signature header(s)).
 * An HTTP adapter copies {@link #addedHeaders()} onto its own request object and needs nothing else.
 */
public final class SignedRequest {
    private final HttpRequest request;
    private final List<Headers.Field> generated;
    private final List<Headers.Field> signature;
    private final SignatureFormat format;

    private SignedRequest(HttpRequest request, List<Headers.Field> generated, List<Headers.Field> signature, SignatureFormat format) {
        this.request = request;
        this.generated = List.copyOf(generated);
        this.signature = List.copyOf(signature);
        this.format = format;
    }

    /**
     * The request with {@code generated} and then {@code signatureHeaders} appended to {@code unsigned}'s
     * headers: how every signer builds its result.
     */
    public static SignedRequest of(SignatureFormat format, HttpRequest unsigned, List<Headers.Field> generated,
            List<Headers.Field> signatureHeaders) {
        Objects.requireNonNull(format, "format");
        if (signatureHeaders.isEmpty()) {
            throw new IllegalArgumentException("a signed request has at least one signature header");
        }
        return new SignedRequest(unsigned.withHeaders(generated).withHeaders(signatureHeaders), generated, signatureHeaders, format);
    }

    /** The sealed request: the original headers, then every added header, and the body unchanged. */
    public HttpRequest request() {
        return request;
    }

    /** Every header added, in order: {@link #generatedHeaders()}, then {@link #signatureHeaders()}. */
    public List<Headers.Field> addedHeaders() {
        List<Headers.Field> all = new ArrayList<>(generated.size() + signature.size());
        all.addAll(generated);
        all.addAll(signature);
        return List.copyOf(all);
    }

    /** Headers qseal generated or computed ({@code Date}, {@code Digest}, {@code X-Request-ID}, certificate...), not the signature. */
    public List<Headers.Field> generatedHeaders() {
        return generated;
    }

    /**
     * The signature header(s): {@code Signature} or {@code Authorization} (Cavage), {@code x-jws-signature}
     * (detached JWS), {@code Signature-Input} and {@code Signature} (RFC 9421).
     */
    public List<Headers.Field> signatureHeaders() {
        return signature;
    }

    public SignatureFormat format() {
        return format;
    }

    @Override
    public String toString() {
        return "SignedRequest[" + format + ", " + request + ", added " + addedHeaders().size() + " headers]";
    }
}
