package dev.qseal.core.cavage;

import dev.qseal.core.Limits;
import dev.qseal.core.internal.Untrusted;
import dev.qseal.core.MalformedSignatureException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of a Cavage signature: {@code keyId}, {@code algorithm}, {@code created},
 * {@code expires}, {@code headers} and {@code signature}. {@link #parse} reads what the drafts allow
 * (quoted strings with escapes, commas inside quotes, spaces around separators, unquoted integers
 * for created/expires, unknown parameters ignored) and throws only {@link MalformedSignatureException}.
 * {@link #format()} writes the canonical form: {@code keyId="..",algorithm="..",headers="..",signature=".."}.
 */
public final class SignatureParameters {
    /** Longest header value parsed; longer ones are refused before any work. */
    public static final int MAX_LENGTH = Limits.CAVAGE_PARAMETERS_CHARS;
    /** Most signed components accepted. */
    public static final int MAX_COMPONENTS = Limits.SIGNED_COMPONENTS;

    private final String keyId;
    private final String algorithm;
    private final Long created;
    private final Long expires;
    // the values exactly as written: draft-12 allows a decimal expires, and (expires) signs the text as sent
    private final String createdText;
    private final String expiresText;
    private final List<String> headers;
    private final boolean headersExplicit;
    private final String signature;

    private SignatureParameters(String keyId, String algorithm, Long created, Long expires, String createdText, String expiresText,
            List<String> headers, boolean headersExplicit, String signature) {
        this.createdText = createdText;
        this.expiresText = expiresText;
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.created = created;
        this.expires = expires;
        this.headers = headers;
        this.headersExplicit = headersExplicit;
        this.signature = signature;
    }

    /** Parameters for a new signature. {@code headersExplicit=false} omits {@code headers=} (it must then be just {@code date}). */
    static SignatureParameters of(String keyId, String algorithm, Long created, Long expires, List<String> headers,
            boolean headersExplicit, String signature) {
        return new SignatureParameters(keyId, algorithm, created, expires, created == null ? null : Long.toString(created),
                expires == null ? null : Long.toString(expires), List.copyOf(headers), headersExplicit, signature);
    }

    public String keyId() {
        return keyId;
    }

    /** The {@code algorithm} parameter as written, if present. Never trusted to pick the key type. */
    public Optional<String> algorithm() {
        return Optional.ofNullable(algorithm);
    }

    public Optional<Long> created() {
        return Optional.ofNullable(created);
    }

    public Optional<Long> expires() {
        return Optional.ofNullable(expires);
    }

    /** {@code created} exactly as written (what {@code (created)} signs). */
    public Optional<String> createdText() {
        return Optional.ofNullable(createdText);
    }

    /** {@code expires} exactly as written, e.g. {@code 1402170699.5} (what {@code (expires)} signs). */
    public Optional<String> expiresText() {
        return Optional.ofNullable(expiresText);
    }

    /** Signed components, lower case, in order; {@code [date]} when the parameter is absent (draft-10). */
    public List<String> headers() {
        return headers;
    }

    /** Whether {@code headers=} was present. */
    public boolean headersExplicit() {
        return headersExplicit;
    }

    /** The base64 signature value as written. */
    public String signature() {
        return signature;
    }

    /** The decoded signature bytes. */
    public byte[] signatureBytes() {
        try {
            return Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new MalformedSignatureException("the signature parameter is not valid base64");
        }
    }

    /** Canonical serialisation (no scheme prefix). */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("keyId=\"").append(quote(keyId)).append('"');
        if (algorithm != null) {
            sb.append(",algorithm=\"").append(quote(algorithm)).append('"');
        }
        if (created != null) {
            sb.append(",created=").append(createdText);
        }
        if (expires != null) {
            sb.append(",expires=").append(expiresText);
        }
        if (headersExplicit) {
            sb.append(",headers=\"").append(quote(String.join(" ", headers))).append('"');
        }
        sb.append(",signature=\"").append(quote(signature)).append('"');
        return sb.toString();
    }

    /** Escapes {@code \\} and {@code "} inside a quoted value, as {@link #parse} unescapes them. */
    private static String quote(String value) {
        if (value.indexOf('"') < 0 && value.indexOf('\\') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return format();
    }

    /**
     * Parses a {@code Signature} header value, or an {@code Authorization} value starting with the
     * {@code Signature} scheme.
     */
    public static SignatureParameters parse(String value) {
        if (value == null) {
            throw new MalformedSignatureException("no signature header value");
        }
        if (value.length() > MAX_LENGTH) {
            throw new MalformedSignatureException("signature header is longer than " + MAX_LENGTH + " characters");
        }
        String v = value.trim();
        if (v.regionMatches(true, 0, "Signature", 0, 9) && v.length() > 9 && (v.charAt(9) == ' ' || v.charAt(9) == '\t')) {
            v = v.substring(10).trim();
        }
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, Boolean> quoted = new LinkedHashMap<>();
        int i = 0;
        int n = v.length();
        while (i < n) {
            i = skipWs(v, i);
            if (i >= n) {
                break;
            }
            int nameStart = i;
            while (i < n && isNameChar(v.charAt(i))) {
                i++;
            }
            if (i == nameStart) {
                throw new MalformedSignatureException("expected a parameter name at position " + i + " of the signature header");
            }
            String name = v.substring(nameStart, i);
            i = skipWs(v, i);
            if (i >= n || v.charAt(i) != '=') {
                throw new MalformedSignatureException("parameter '" + clip(name) + "' has no '=' in the signature header");
            }
            i = skipWs(v, i + 1);
            String val;
            boolean isQuoted;
            int close = i < n && v.charAt(i) == '"' ? v.indexOf('"', i + 1) : -1;
            int backslash = close > 0 ? v.indexOf('\\', i + 1) : -1;
            if (close > 0 && (backslash < 0 || backslash > close)) {
                // the usual case, a quoted value without escapes: taken as it is
                val = v.substring(i + 1, close);
                i = close + 1;
                isQuoted = true;
            } else if (i < n && v.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = v.charAt(i);
                    if (c == '\\') {
                        if (i + 1 >= n) {
                            break;
                        }
                        sb.append(v.charAt(i + 1));
                        i += 2;
                    } else if (c == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        sb.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    throw new MalformedSignatureException("unterminated quoted value for '" + clip(name) + "' in the signature header");
                }
                val = sb.toString();
                isQuoted = true;
            } else {
                int start = i;
                while (i < n && v.charAt(i) != ',' && v.charAt(i) != ' ' && v.charAt(i) != '\t') {
                    i++;
                }
                val = v.substring(start, i);
                isQuoted = false;
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (params.containsKey(key)) {
                throw new MalformedSignatureException("parameter '" + clip(name) + "' appears twice in the signature header");
            }
            params.put(key, val);
            quoted.put(key, isQuoted);
            i = skipWs(v, i);
            if (i < n) {
                if (v.charAt(i) != ',') {
                    throw new MalformedSignatureException("expected ',' after parameter '" + clip(name) + "' in the signature header");
                }
                i++;
            }
        }
        String keyId = params.get("keyid");
        if (keyId == null) {
            throw new MalformedSignatureException("the signature header has no keyId parameter");
        }
        String signature = params.get("signature");
        if (signature == null || signature.isEmpty()) {
            throw new MalformedSignatureException("the signature header has no signature parameter");
        }
        String algorithm = params.get("algorithm");
        Long created = integer(params, "created");
        Long expires = integer(params, "expires");
        String headersValue = params.get("headers");
        List<String> headers;
        if (headersValue == null) {
            headers = List.of("date");
        } else {
            headers = new ArrayList<>();
            String hv = headersValue.trim();
            int hn = hv.length();
            for (int h = skipWs(hv, 0); h < hn; h = skipWs(hv, h)) {
                int end = h;
                while (end < hn && !isWs(hv.charAt(end))) {
                    end++;
                }
                if (headers.size() >= MAX_COMPONENTS) {
                    throw new MalformedSignatureException("the signature covers more than " + MAX_COMPONENTS + " components");
                }
                headers.add(hv.substring(h, end).toLowerCase(Locale.ROOT));
                h = end;
            }
            if (headers.isEmpty()) {
                throw new MalformedSignatureException("the headers parameter is empty");
            }
            headers = Collections.unmodifiableList(headers);
        }
        return new SignatureParameters(keyId, algorithm, created, expires, created == null ? null : params.get("created").trim(),
                expires == null ? null : params.get("expires").trim(), headers, headersValue != null, signature);
    }

    private static Long integer(Map<String, String> params, String name) {
        String s = params.get(name);
        if (s == null) {
            return null;
        }
        // draft-12: an integer; some signers send a decimal fraction, which we truncate
        String digits = s.trim();
        int dot = digits.indexOf('.');
        if (dot >= 0) {
            String frac = digits.substring(dot + 1);
            if (!frac.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new MalformedSignatureException("the " + name + " parameter is not a number");
            }
            digits = digits.substring(0, dot);
        }
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedSignatureException("the " + name + " parameter is not a Unix time in seconds");
        }
        return Long.parseLong(digits);
    }

    private static int skipWs(String v, int i) {
        while (i < v.length() && isWs(v.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWs(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** Untrusted text made safe to echo in a message: escaped, cut at 32 characters. */
    private static String clip(String s) {
        return Untrusted.echo(s, 32);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureParameters && ((SignatureParameters) o).format().equals(format());
    }

    @Override
    public int hashCode() {
        return Objects.hash(format());
    }
}
