package dev.qseal.simulators.cic;

import dev.qseal.simulators.BankSimulator;
import dev.qseal.simulators.SimulatorRequest;
import dev.qseal.simulators.SimulatorResponse;
import dev.qseal.simulators.SimulatorSetup;
import dev.qseal.simulators.internal.SimSupport;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CIC's PSD2 fallback mechanism (seed 001). On the fallback host (client certificate required):
 * {@code GET} {@value #FALLBACK} shows the login form; {@code POST} takes an
 * {@code application/x-www-form-urlencoded} body with {@code flag=password}, {@code _cm_user},
 * {@code _cm_pwd} and {@code _charset_} ({@code utf-8} or {@code iso-8859-1}, non-ASCII
 * percent-encoded in that charset), with non-empty {@code Accept} and {@code User-Agent}; valid
 * credentials get a 303 to the PSU's banking homepage with session cookies, invalid ones the form
 * again. The homepage is on a second host that needs no client certificate, only the cookies.
 *
 * <p>The PSU's password is held as a {@code char[]} copy, compared without building a string, and
 * never appears in an observation, a log line or an answer.
 */
public final class CicSimulator extends BankSimulator {
    public static final String FALLBACK = "/fr/banque/psd2/fallback.html";
    public static final String HOMEPAGE = "/fr/banque/pageaccueil.html";
    static final Duration SESSION_LIFETIME = Duration.ofMinutes(10);

    private final String psuUser;
    private final char[] psuPassword;
    private final URI web;
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();

    /** A CIC whose one PSU logs in as {@code user} with {@code password} (copied; wipe yours when done). */
    public CicSimulator(SimulatorSetup setup, String user, char[] password) {
        super("CIC", setup);
        this.psuUser = user;
        this.psuPassword = password.clone();
        this.web = addEndpoint("web", false);
    }

    /** The full URL of the fallback mechanism (client certificate required). */
    public URI fallbackUrl() {
        return URI.create(baseUri() + FALLBACK);
    }

    @Override
    protected SimulatorResponse handle(SimulatorRequest r) {
        if (r.endpoint().equals("web")) {
            return r.method().equals("GET") && r.path().equals(HOMEPAGE) ? homepage(r) : notFound(r);
        }
        if (!r.path().equals(FALLBACK)) {
            return notFound(r);
        }
        if (r.method().equals("GET")) {
            r.checked("QWAC presented at the TLS handshake");
            return loginForm(null);
        }
        if (r.method().equals("POST")) {
            return login(r);
        }
        return SimulatorResponse.html(405, "<html><body>Method not allowed</body></html>");
    }

    private static SimulatorResponse loginForm(String error) {
        return SimulatorResponse.html(200, "<!DOCTYPE html><html><head><title>CIC - Authentification</title></head><body>"
                + (error == null ? "" : "<p class=\"error\">" + error + "</p>")
                + "<form method=\"post\" action=\"" + FALLBACK + "\">"
                + "<input type=\"hidden\" name=\"flag\" value=\"password\">"
                + "<input type=\"hidden\" name=\"_charset_\">"
                + "<label>Identifiant <input name=\"_cm_user\"></label>"
                + "<label>Mot de passe <input type=\"password\" name=\"_cm_pwd\"></label>"
                + "<button type=\"submit\">Valider</button></form></body></html>");
    }

    private SimulatorResponse login(SimulatorRequest r) {
        byte[] body = r.view().bodyBytesUnsafe();
        try {
            r.checked("QWAC presented at the TLS handshake");
            if (!r.header("Content-Type").map(v -> v.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")).orElse(false)) {
                return bad("Content-Type must be application/x-www-form-urlencoded");
            }
            for (String h : new String[] {"Accept", "User-Agent"}) {
                if (r.header(h).map(String::isBlank).orElse(true)) {
                    return bad("the " + h + " header must be set and not empty");
                }
            }
            r.checked("Content-Type x-www-form-urlencoded; Accept and User-Agent set and not empty");
            Map<String, byte[]> fields = new HashMap<>();
            for (int start = 0; start <= body.length; ) {
                int end = indexOf(body, (byte) '&', start);
                int eq = indexOf(body, (byte) '=', start);
                if (eq < 0 || eq > end) {
                    return bad("every form field must be name=value");
                }
                Optional<byte[]> name = percentDecode(body, start, eq);
                Optional<byte[]> value = percentDecode(body, eq + 1, end);
                if (name.isEmpty() || value.isEmpty()) {
                    return bad("the form body is not valid percent-encoding of ASCII (non-ASCII must be percent-encoded)");
                }
                String n = new String(name.get(), StandardCharsets.US_ASCII);
                if (fields.put(n, value.get()) != null) {
                    return bad("form field " + n + " given twice");
                }
                start = end + 1;
            }
            r.checked("body is valid x-www-form-urlencoded ASCII (non-ASCII percent-encoded)");
            String charsetName = fields.containsKey("_charset_") ? new String(fields.get("_charset_"), StandardCharsets.US_ASCII) : "";
            Charset charset;
            if (charsetName.equalsIgnoreCase("utf-8")) {
                charset = StandardCharsets.UTF_8;
            } else if (charsetName.equalsIgnoreCase("iso-8859-1")) {
                charset = StandardCharsets.ISO_8859_1;
            } else {
                return bad("_charset_ must be utf-8 or iso-8859-1");
            }
            r.checked("_charset_ is " + charsetName.toLowerCase(Locale.ROOT));
            if (!Arrays.equals(fields.get("flag"), "password".getBytes(StandardCharsets.US_ASCII))) {
                return bad("flag must be password");
            }
            if (!fields.containsKey("_cm_user") || !fields.containsKey("_cm_pwd")) {
                return bad("_cm_user and _cm_pwd are required");
            }
            r.checked("flag=password, _cm_user and _cm_pwd present");
            Optional<char[]> user = decode(fields.get("_cm_user"), charset);
            Optional<char[]> password = decode(fields.get("_cm_pwd"), charset);
            fields.values().forEach(v -> Arrays.fill(v, (byte) 0));
            if (user.isEmpty() || password.isEmpty()) {
                return bad("_cm_user or _cm_pwd is not valid " + charsetName);
            }
            boolean ok = Arrays.equals(user.get(), psuUser.toCharArray()) & constantTimeEquals(password.get(), psuPassword);
            Arrays.fill(user.get(), '\0');
            Arrays.fill(password.get(), '\0');
            if (!ok) {
                r.checked("PSU credentials refused");
                return loginForm("Identifiant ou mot de passe incorrect.");
            }
            r.checked("PSU credentials valid (decoded as " + charsetName.toLowerCase(Locale.ROOT) + ")");
            String id = SimSupport.token();
            sessions.put(id, clock().instant().plus(SESSION_LIFETIME));
            return SimulatorResponse.redirect(303, web + HOMEPAGE)
                    .withHeader("Set-Cookie", "IdSes=" + id + "; Path=/; Secure; HttpOnly")
                    .withHeader("Set-Cookie", "cm_lang=fr; Path=/; Secure");
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private SimulatorResponse homepage(SimulatorRequest r) {
        String id = null;
        for (String cookieHeader : r.headers().values("Cookie")) {
            for (String c : cookieHeader.split(";")) {
                String t = c.trim();
                if (t.startsWith("IdSes=")) {
                    id = t.substring(6);
                }
            }
        }
        Instant expires = id == null ? null : sessions.get(id);
        if (expires == null || clock().instant().isAfter(expires)) {
            r.checked("no valid session cookie");
            return SimulatorResponse.redirect(302, baseUri() + FALLBACK);
        }
        r.checked("session cookie valid; no client certificate needed");
        return SimulatorResponse.html(200, "<!DOCTYPE html><html><head><title>CIC - Accueil</title></head>"
                + "<body><h1>Bienvenue</h1><p>Vos comptes: Compte courant FR76 3004 7140 0000 0000 0000 123</p></body></html>");
    }

    private static SimulatorResponse bad(String message) {
        return SimulatorResponse.html(400, "<!DOCTYPE html><html><head><title>CIC - Erreur</title></head><body><p>"
                + message + "</p></body></html>");
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return b.length;
    }

    /** Percent-decodes {@code b[from, to)} ({@code +} is a space); empty for a non-ASCII byte or a bad escape. */
    private static Optional<byte[]> percentDecode(byte[] b, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (c > 126 || c < 33) {
                return Optional.empty();
            }
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= to) {
                    return Optional.empty();
                }
                int hi = Character.digit(b[i + 1], 16);
                int lo = Character.digit(b[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return Optional.of(out.toByteArray());
    }

    private static Optional<char[]> decode(byte[] bytes, Charset charset) {
        try {
            CharBuffer cb = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            if (cb.hasArray()) {
                Arrays.fill(cb.array(), '\0');
            }
            return Optional.of(out);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static boolean constantTimeEquals(char[] a, char[] b) {
        int diff = a.length ^ b.length;
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            diff |= (i < a.length ? a[i] : 0) ^ (i < b.length ? b[i] : 0);
        }
        return diff == 0;
    }

    /** Also wipes the PSU password copy. */
    @Override
    public void close() {
        super.close();
        Arrays.fill(psuPassword, '\0');
    }
}
