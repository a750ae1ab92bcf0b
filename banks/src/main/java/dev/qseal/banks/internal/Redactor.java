package dev.qseal.banks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qseal.banks.Exchange;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Replaces secrets in what is recorded: bearer tokens, cookies, OAuth tokens and codes in JSON,
 * form bodies, URLs and {@code Location} headers, and the PSU password field of a form. Signatures,
 * digests and certificates are public and kept.
 */
public final class Redactor {
    static final Set<String> SECRET_FIELDS = Set.of("access_token", "refresh_token", "id_token", "code", "_cm_pwd", "_cm_user",
            "password", "client_secret");
    private static final int MAX_SHOWN = 8 * 1024;

    private Redactor() {
    }

    public static String header(String name, String value) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "authorization":
                return value.regionMatches(true, 0, "Bearer ", 0, 7) ? "Bearer " + Exchange.REDACTED : value;
            case "cookie":
                return cookies(value, "; ");
            case "set-cookie": {
                int eq = value.indexOf('=');
                int semi = value.indexOf(';');
                return (eq < 0 ? value : value.substring(0, eq)) + "=" + Exchange.REDACTED + (semi < 0 ? "" : value.substring(semi));
            }
            case "location":
                return url(value);
            default:
                return value;
        }
    }

    private static String cookies(String value, String separator) {
        StringBuilder sb = new StringBuilder();
        for (String c : value.split(";")) {
            int eq = c.indexOf('=');
            if (sb.length() > 0) {
                sb.append(separator);
            }
            sb.append((eq < 0 ? c : c.substring(0, eq)).trim()).append('=').append(Exchange.REDACTED);
        }
        return sb.toString();
    }

    /** A URL with the values of secret query parameters redacted. */
    public static String url(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        return url.substring(0, q + 1) + form(url.substring(q + 1));
    }

    /** A form ({@code a=1&b=2}) with secret values redacted. */
    public static String form(String form) {
        StringBuilder sb = new StringBuilder();
        for (String pair : form.split("&", -1)) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            sb.append(eq >= 0 && SECRET_FIELDS.contains(key.toLowerCase(Locale.ROOT)) ? key + "=" + Exchange.REDACTED : pair);
        }
        return sb.toString();
    }

    /** A body as text, secrets redacted (JSON fields or form fields by name); binary shown as a size. */
    public static String body(String contentType, byte[] body) {
        if (body.length == 0) {
            return "";
        }
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String text = new String(body, StandardCharsets.UTF_8);
        if (ct.contains("json")) {
            try {
                JsonNode n = Json.MAPPER.readTree(body);
                redactJson(n);
                return clip(Json.MAPPER.writeValueAsString(n));
            } catch (java.io.IOException e) {
                return clip(text);
            }
        }
        if (ct.startsWith("application/x-www-form-urlencoded")) {
            return clip(form(text));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 32 && c != '\n' && c != '\r' && c != '\t') {
                return "[" + body.length + " bytes]";
            }
        }
        return clip(text);
    }

    private static void redactJson(JsonNode n) {
        if (n instanceof ObjectNode) {
            ObjectNode o = (ObjectNode) n;
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            java.util.List<String> secret = new java.util.ArrayList<>();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (SECRET_FIELDS.contains(e.getKey().toLowerCase(Locale.ROOT)) && e.getValue().isValueNode()) {
                    secret.add(e.getKey());
                } else {
                    redactJson(e.getValue());
                }
            }
            secret.forEach(k -> o.put(k, Exchange.REDACTED));
        } else if (n != null && n.isArray()) {
            n.forEach(Redactor::redactJson);
        }
    }

    private static String clip(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "... [" + (s.length() - MAX_SHOWN) + " more characters]";
    }
}
