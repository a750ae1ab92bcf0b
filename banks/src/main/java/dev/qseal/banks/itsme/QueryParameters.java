package dev.qseal.banks.itsme;

import dev.qseal.core.BadInputException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Adds a caller's own query parameters to an itsme URL, keeping every parameter it already has as it is. */
final class QueryParameters {
    private QueryParameters() {
    }

    static URI append(URI url, Map<String, String> own) {
        if (own.isEmpty()) {
            return url;
        }
        String s = url.toString();
        String fragment = "";
        int hash = s.indexOf('#');
        if (hash >= 0) {
            fragment = s.substring(hash);
            s = s.substring(0, hash);
        }
        String query = url.getRawQuery() == null ? "" : url.getRawQuery();
        StringBuilder sb = new StringBuilder(s);
        char sep = s.indexOf('?') < 0 ? '?' : (s.endsWith("?") || s.endsWith("&") ? '\0' : '&');
        for (Map.Entry<String, String> e : own.entrySet()) {
            String name = URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8);
            if (e.getKey().isEmpty()) {
                throw new BadInputException("a query parameter of the caller has an empty name");
            }
            for (String pair : query.split("&")) {
                if (pair.equals(name) || pair.startsWith(name + "=")) {
                    throw new BadInputException("the URL itsme gave already has a query parameter named '" + e.getKey()
                            + "': choose another name for your own parameter so that itsme's stays as it is");
                }
            }
            if (sep != '\0') {
                sb.append(sep);
            }
            sep = '&';
            sb.append(name).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return URI.create(sb.append(fragment).toString());
    }
}
