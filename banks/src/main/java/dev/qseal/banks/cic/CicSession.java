package dev.qseal.banks.cic;

import dev.qseal.banks.Exchange;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CIC web-banking session after the fallback login: where the bank redirected and the session
 * cookies it set. The cookies are secrets: {@link #toString()} shows only their names.
 */
public final class CicSession {
    private final URI homepage;
    private final Map<String, String> cookies;

    CicSession(URI homepage, Map<String, String> cookies) {
        this.homepage = homepage;
        this.cookies = Map.copyOf(new LinkedHashMap<>(cookies));
    }

    /** The redirect destination: the PSU's banking homepage. */
    public URI homepage() {
        return homepage;
    }

    /** The session cookies by name (secret values). */
    public Map<String, String> cookies() {
        return cookies;
    }

    @Override
    public String toString() {
        return "CicSession[" + homepage + ", cookies " + cookies.keySet() + "=" + Exchange.REDACTED + "]";
    }
}
