package dev.qseal.spring;

import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.Outbound;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/** Spring's request parts as qseal's {@link HttpRequest} view. */
final class SpringRequests {
    private SpringRequests() {
    }

    /**
     * The view of an outgoing request: the target and, unless given, {@code Host} from the URI; the
     * headers in order; the body when at hand ({@code null}: none, or not read).
     */
    static HttpRequest view(String method, URI uri, HttpHeaders headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.builder(method, Outbound.target(uri));
        if (!headers.containsKey(HttpHeaders.HOST)) {
            b.header("Host", Outbound.authority(uri));
        }
        return finish(b, headers, body);
    }

    /** The view of an incoming request (its headers carry {@code Host}). */
    static HttpRequest inbound(String method, URI uri, HttpHeaders headers, byte[] body) {
        return finish(HttpRequest.builder(method, Outbound.target(uri)), headers, body);
    }

    private static HttpRequest finish(HttpRequest.Builder b, HttpHeaders headers, byte[] body) {
        for (Map.Entry<String, List<String>> e : headers.headerSet()) {
            for (String v : e.getValue()) {
                b.header(e.getKey(), v);
            }
        }
        HttpRequest view = b.build();
        // no bytes: at hand and empty, unless the caller gave the digest (then the body is elsewhere)
        return body != null || !Outbound.digestGiven(view.headers()) ? view.toBuilder().body(body == null ? new byte[0] : body).build() : view;
    }
}
