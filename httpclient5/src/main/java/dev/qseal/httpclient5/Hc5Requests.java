package dev.qseal.httpclient5;

import dev.qseal.core.SignedRequest;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.Outbound;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.ProtocolException;

/** An Apache HttpClient 5 request as qseal's view, and the signature back onto it. */
final class Hc5Requests {
    private Hc5Requests() {
    }

    static URI uri(org.apache.hc.core5.http.HttpRequest request) throws ProtocolException {
        try {
            return request.getUri();
        } catch (URISyntaxException e) {
            throw new ProtocolException("the request URI is not valid: " + e.getMessage(), e);
        }
    }

    /** Adds the body's Content-Type as a header when missing, so that the header signed is the header sent. */
    static void contentType(org.apache.hc.core5.http.HttpRequest request, String contentType) {
        if (contentType != null && !request.containsHeader("Content-Type")) {
            request.addHeader("Content-Type", contentType);
        }
    }

    /** The view: target and (unless given) {@code Host} from the URI, headers in order, the body when read ({@code null}: not). */
    static HttpRequest view(org.apache.hc.core5.http.HttpRequest request, byte[] body) throws ProtocolException {
        URI uri = uri(request);
        HttpRequest.Builder b = HttpRequest.builder(request.getMethod(), Outbound.target(uri));
        if (!request.containsHeader("Host")) {
            b.header("Host", Outbound.authority(uri));
        }
        for (Header h : request.getHeaders()) {
            b.header(h.getName(), h.getValue());
        }
        if (body != null || !digestGiven(request)) {
            b.body(body == null ? new byte[0] : body); // no body at all: at hand and empty
        }
        return b.build();
    }

    static boolean digestGiven(org.apache.hc.core5.http.HttpRequest request) {
        return request.containsHeader("Digest") || request.containsHeader("Content-Digest");
    }

    static void apply(SignedRequest signed, org.apache.hc.core5.http.HttpRequest request) {
        for (Headers.Field f : signed.addedHeaders()) {
            request.addHeader(f.name(), f.value());
        }
    }
}
