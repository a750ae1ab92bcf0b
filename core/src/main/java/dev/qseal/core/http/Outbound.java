package dev.qseal.core.http;

import dev.qseal.core.BadInputException;
import java.net.URI;
import java.util.Locale;

/**
 * What every HTTP-client adapter needs to turn its outgoing request into an {@link HttpRequest}:
 * the request target and {@code Host} from the URI (clients set {@code Host} themselves and often
 * forbid setting it, yet {@code host} and {@code @authority} are signed), when the caller's
 * precomputed digest lets the body stream unread, and the buffering limit otherwise.
 */
public final class Outbound {
    /** The largest body an adapter reads into memory to digest it: 16 MiB. Larger bodies need a precomputed digest. */
    public static final int MAX_BUFFERED_BODY = 16 * 1024 * 1024;

    private Outbound() {
    }

    /** The request target as the client sends it: the raw path ({@code /} when empty) and the raw query. */
    public static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /**
     * The {@code Host} value clients send for {@code uri}: the host, with {@code :port} unless it is
     * the scheme's default (as java.net.http, OkHttp and Apache HttpClient write it).
     */
    public static String authority(URI uri) {
        if (uri.getHost() == null) {
            throw new BadInputException("the request URI has no host: " + uri.getScheme() + "://...");
        }
        int port = uri.getPort();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    /**
     * Whether the caller already put a body digest ({@code Digest} or {@code Content-Digest}) on the
     * request: then the adapter signs the headers as given and streams the body without reading it.
     */
    public static boolean digestGiven(Headers headers) {
        return headers.contains("Digest") || headers.contains("Content-Digest");
    }

    /** The error for a body too large to buffer. */
    public static BadInputException bodyTooLarge(long size) {
        return new BadInputException("the request body" + (size >= 0 ? " (" + size + " bytes)" : "") + " is larger than "
                + MAX_BUFFERED_BODY + " bytes, the most an adapter reads into memory: compute its digest while streaming "
                + "(Digests.hash over an InputStream) and set the Digest or Content-Digest header, then the body is sent unread");
    }
}
