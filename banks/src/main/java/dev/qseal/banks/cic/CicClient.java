package dev.qseal.banks.cic;

import dev.qseal.banks.BankProtocolException;
import dev.qseal.banks.BankRejectedException;
import dev.qseal.banks.Exchange;
import dev.qseal.banks.FlowOptions;
import dev.qseal.banks.TppCredentials;
import dev.qseal.banks.internal.BankHttp;
import dev.qseal.core.BadInputException;
import dev.qseal.core.http.HttpRequest;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * CIC's PSD2 fallback mechanism (seed 001): the login form over mutual TLS with the QWAC, the
 * {@code application/x-www-form-urlencoded} POST ({@code flag=password}, {@code _cm_user},
 * {@code _cm_pwd}, {@code _charset_} utf-8 or iso-8859-1 with non-ASCII percent-encoded in that
 * charset, non-empty {@code Accept} and {@code User-Agent}), the 302/303 with session cookies, then
 * the banking pages with the cookies and no client certificate.
 *
 * <p>The PSU password is taken as a {@code char[]}, encoded straight into the request bytes, and
 * those bytes are wiped after sending; it is never turned into a {@code String}, never logged, and
 * recorded only as {@value Exchange#REDACTED} (the login too). Thread-safe.
 */
public final class CicClient {
    static final String BANK = "CIC";
    static final String USER_AGENT = "qseal-banks/0.1 (PSD2 fallback)";
    /** Redirects followed to reach the banking page before giving up. */
    public static final int MAX_REDIRECTS = 5;

    private final TppCredentials tpp;
    private final URI fallback;
    private final BankHttp http;

    private CicClient(TppCredentials tpp, URI fallback, FlowOptions options) {
        this.tpp = Objects.requireNonNull(tpp);
        if (!"https".equals(fallback.getScheme()) || fallback.getRawPath() == null || fallback.getRawPath().isEmpty()) {
            throw new BadInputException("the CIC fallback URL must be an https URL with a path, not " + fallback);
        }
        this.fallback = fallback;
        this.http = new BankHttp(BANK, options.recorder(), options.timeout());
    }

    /** A client for the fallback mechanism at {@code fallbackUrl} (the full URL of the login form). */
    public static CicClient create(TppCredentials tpp, URI fallbackUrl, FlowOptions options) {
        return new CicClient(tpp, fallbackUrl, options);
    }

    /** {@code GET} the fallback URL with the QWAC: the HTML login form. */
    public String loginForm() {
        String step = "login form";
        HttpRequest r = HttpRequest.builder("GET", target(fallback))
                .header("Accept", "text/html")
                .header("User-Agent", USER_AGENT).build();
        BankHttp.Response resp = http.send(step, tpp.mutualTlsClient(), origin(fallback), r, Optional.empty());
        http.expectStatus(step, resp, 200);
        String page = new String(resp.body(), StandardCharsets.UTF_8);
        if (!page.toLowerCase(Locale.ROOT).contains("<form")) {
            throw new BankProtocolException(BANK, step, "the fallback page has no form");
        }
        return page;
    }

    /**
     * Logs the PSU in: the form POST over mutual TLS. {@code charset} is UTF-8 or ISO-8859-1.
     * {@code password} is not kept; wipe it when done.
     */
    public CicSession login(String user, char[] password, Charset charset) {
        String step = "login (form POST)";
        String charsetName;
        if (charset.equals(StandardCharsets.UTF_8)) {
            charsetName = "utf-8";
        } else if (charset.equals(StandardCharsets.ISO_8859_1)) {
            charsetName = "iso-8859-1";
        } else {
            throw new BadInputException("CIC supports only the utf-8 and iso-8859-1 charsets, not " + charset.name());
        }
        FormBody form = new FormBody();
        byte[] body = null;
        HttpRequest r = null;
        try {
            form.ascii("flag=password&_cm_user=");
            form.encoded(user.toCharArray(), charset, "the PSU login");
            form.ascii("&_cm_pwd=");
            form.encoded(password, charset, "the PSU password");
            form.ascii("&_charset_=" + charsetName);
            body = form.toByteArray();
            r = HttpRequest.builder("POST", target(fallback))
                    .header("Accept", "text/html,application/xhtml+xml")
                    .header("User-Agent", USER_AGENT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(body).build();
            String shown = "flag=password&_cm_user=" + Exchange.REDACTED + "&_cm_pwd=" + Exchange.REDACTED + "&_charset_=" + charsetName;
            BankHttp.Response resp = http.send(step, tpp.mutualTlsClient(), origin(fallback), r, Optional.of(shown));
            if (resp.status() == 200) {
                throw new BankRejectedException(BANK, step, 200, Optional.of("login_refused"),
                        Optional.of("the bank showed the login form again: the PSU credentials were refused"));
            }
            http.expectStatus(step, resp, 302, 303);
            URI location = location(step, fallback, resp);
            Map<String, String> cookies = new LinkedHashMap<>();
            takeCookies(resp, cookies);
            if (cookies.isEmpty()) {
                throw new BankProtocolException(BANK, step, "the redirect set no session cookie");
            }
            return new CicSession(location, cookies);
        } finally {
            form.wipe();
            if (body != null) {
                Arrays.fill(body, (byte) 0);
            }
            if (r != null) {
                Arrays.fill(r.bodyBytesUnsafe(), (byte) 0);
            }
        }
    }

    /**
     * The banking page the login redirected to, fetched with the session cookies and no client
     * certificate; follows up to {@link #MAX_REDIRECTS} further redirects.
     */
    public String bankingPage(CicSession session) {
        String step = "banking page (cookies, no client certificate)";
        Map<String, String> cookies = new LinkedHashMap<>(session.cookies());
        URI url = session.homepage();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (!"https".equals(url.getScheme())) {
                throw new BankProtocolException(BANK, step, "the bank redirected to a non-https URL");
            }
            StringJoiner cookie = new StringJoiner("; ");
            cookies.forEach((k, v) -> cookie.add(k + "=" + v));
            HttpRequest r = HttpRequest.builder("GET", target(url))
                    .header("Accept", "text/html")
                    .header("User-Agent", USER_AGENT)
                    .header("Cookie", cookie.toString()).build();
            BankHttp.Response resp = http.send(step, tpp.plainTlsClient(), origin(url), r, Optional.empty());
            takeCookies(resp, cookies);
            if (resp.status() == 301 || resp.status() == 302 || resp.status() == 303 || resp.status() == 307) {
                url = location(step, url, resp);
                continue;
            }
            http.expectStatus(step, resp, 200);
            if (!resp.header("Content-Type").orElse("").toLowerCase(Locale.ROOT).startsWith("text/html")) {
                throw new BankProtocolException(BANK, step, "expected an HTML page, got " + resp.header("Content-Type").orElse("no Content-Type"));
            }
            return new String(resp.body(), StandardCharsets.UTF_8);
        }
        throw new BankProtocolException(BANK, step, "more than " + MAX_REDIRECTS + " redirects: a redirect loop (the session may not have been accepted)");
    }

    private static URI location(String step, URI base, BankHttp.Response resp) {
        String loc = resp.header("Location").orElseThrow(() -> new BankProtocolException(BANK, step, "a redirect without Location"));
        try {
            return base.resolve(loc);
        } catch (IllegalArgumentException e) {
            throw new BankProtocolException(BANK, step, "the redirect Location is not a URL");
        }
    }

    private static void takeCookies(BankHttp.Response resp, Map<String, String> jar) {
        for (String sc : resp.headers("Set-Cookie")) {
            String pair = sc.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                jar.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
    }

    private static URI origin(URI u) {
        return URI.create(u.getScheme() + "://" + u.getRawAuthority());
    }

    private static String target(URI u) {
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    @Override
    public String toString() {
        return "CicClient[" + fallback + "]";
    }

    /** A form body built in one wipeable byte array (no intermediate strings for secrets). */
    private static final class FormBody {
        private byte[] buf = new byte[256];
        private int len;

        void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                put((byte) s.charAt(i));
            }
        }

        /** Percent-encodes {@code chars} in {@code charset} (x-www-form-urlencoded: space as +). */
        void encoded(char[] chars, Charset charset, String what) {
            ByteBuffer bytes;
            try {
                bytes = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(chars));
            } catch (CharacterCodingException e) {
                throw new BadInputException(what + " has characters that " + charset.name() + " cannot encode: use UTF-8");
            }
            try {
                while (bytes.hasRemaining()) {
                    int b = bytes.get() & 0xff;
                    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '.' || b == '_' || b == '*') {
                        put((byte) b);
                    } else if (b == ' ') {
                        put((byte) '+');
                    } else {
                        put((byte) '%');
                        put((byte) Character.toUpperCase(Character.forDigit(b >> 4, 16)));
                        put((byte) Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                    }
                }
            } finally {
                if (bytes.hasArray()) {
                    Arrays.fill(bytes.array(), (byte) 0);
                }
            }
        }

        private void put(byte b) {
            if (len == buf.length) {
                byte[] bigger = Arrays.copyOf(buf, buf.length * 2);
                Arrays.fill(buf, (byte) 0);
                buf = bigger;
            }
            buf[len++] = b;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }

        void wipe() {
            Arrays.fill(buf, (byte) 0);
        }
    }

}
