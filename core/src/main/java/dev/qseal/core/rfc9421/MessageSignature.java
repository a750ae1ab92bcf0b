package dev.qseal.core.rfc9421;

import dev.qseal.core.http.internal.StructuredFields;
import dev.qseal.core.http.internal.InnerList;
import dev.qseal.core.http.internal.Member;
import dev.qseal.core.BadInputException;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One RFC 9421 signature made by {@link MessageSigner}: the {@code Signature-Input} and
 * {@code Signature} dictionary members, the headers the signer generated because they were covered
 * but absent ({@code Content-Digest}, {@code Date}), and the signature base that was signed.
 */
public final class MessageSignature {
    private final String label;
    private final InnerList signatureParams;
    private final byte[] signature;
    private final String signatureBase;
    private final Headers generatedHeaders;

    MessageSignature(String label, InnerList signatureParams, byte[] signature, String signatureBase, Headers generatedHeaders) {
        this.label = label;
        this.signatureParams = signatureParams;
        this.signature = signature.clone();
        this.signatureBase = signatureBase;
        this.generatedHeaders = generatedHeaders;
    }

    public String label() {
        return label;
    }

    /** The covered components and signature parameters. */
    public InnerList signatureParams() {
        return signatureParams;
    }

    /** The raw signature (or MAC) bytes. */
    public byte[] signature() {
        return signature.clone();
    }

    /** The exact signature base that was signed (LF-joined, no trailing LF). */
    public String signatureBase() {
        return signatureBase;
    }

    /** Headers that were covered but absent and that the signer generated, in order; add them to the message. */
    public Headers generatedHeaders() {
        return generatedHeaders;
    }

    /** The {@code Signature-Input} header value: {@code sig1=("@method" ...);created=...}. */
    public String signatureInputValue() {
        return label + "=" + signatureParams.serialize();
    }

    /** The {@code Signature} header value: {@code sig1=:base64:}. */
    public String signatureValue() {
        return label + "=:" + Base64.getEncoder().encodeToString(signature) + ":";
    }

    /** Every header to add, in order: the generated ones, then {@code Signature-Input} and {@code Signature}. */
    public List<Headers.Field> headersToAdd() {
        Headers all = generatedHeaders.with("Signature-Input", signatureInputValue()).with("Signature", signatureValue());
        return all.fields();
    }

    /**
     * The request with the generated headers, {@code Signature-Input} and {@code Signature} added.
     * Signatures already on the request stay (new header lines are appended, which RFC 9110 combines).
     *
     * @throws BadInputException if the request already carries a signature with this label
     */
    public HttpRequest applyTo(HttpRequest request) {
        checkLabelFree(request.headers());
        HttpRequest.Builder b = request.toBuilder();
        for (Headers.Field f : headersToAdd()) {
            b.header(f.name(), f.value());
        }
        return b.build();
    }

    /** The response with the generated headers, {@code Signature-Input} and {@code Signature} added. */
    public HttpResponse applyTo(HttpResponse response) {
        checkLabelFree(response.headers());
        HttpResponse.Builder b = response.toBuilder();
        for (Headers.Field f : headersToAdd()) {
            b.header(f.name(), f.value());
        }
        return b.build();
    }

    void checkLabelFree(Headers headers) {
        for (String name : List.of("Signature-Input", "Signature")) {
            List<String> values = headers.values(name);
            if (values.isEmpty()) {
                continue;
            }
            Map<String, Member> dict;
            try {
                dict = StructuredFields.parseDictionary(String.join(", ", values));
            } catch (MalformedSignatureException e) {
                throw new BadInputException("the message's " + name + " header cannot be parsed, so another signature"
                        + " cannot be added to it: " + e.getMessage());
            }
            if (dict.containsKey(label)) {
                throw new BadInputException("the message already has a signature labelled '" + label + "': choose another label");
            }
        }
    }

    @Override
    public String toString() {
        return "Signature-Input: " + signatureInputValue() + "\nSignature: " + signatureValue();
    }
}
