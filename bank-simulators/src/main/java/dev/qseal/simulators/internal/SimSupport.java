package dev.qseal.simulators.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qseal.simulators.SimulatorResponse;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small shared pieces of the simulators: JSON, form bodies, random tokens, certificate headers. */
public final class SimSupport {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private SimSupport() {
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public static SimulatorResponse json(int status, JsonNode body) {
        try {
            return SimulatorResponse.json(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a JSON body, or empty when it is not JSON. */
    public static Optional<JsonNode> parseJson(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return Optional.ofNullable(n);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** A random opaque token, base64url of 32 bytes. */
    public static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Parses an {@code application/x-www-form-urlencoded} body of ASCII characters (UTF-8 after
     * percent-decoding). Empty when it is not such a body.
     */
    public static Optional<Map<String, String>> form(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        String s = new String(body, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 126 || s.charAt(i) < 32) {
                return Optional.empty();
            }
        }
        if (s.isEmpty()) {
            return Optional.of(out);
        }
        try {
            for (String pair : s.split("&", -1)) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (out.containsKey(k)) {
                    return Optional.empty();
                }
                out.put(k, v);
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /** The query parameters of a raw query (UTF-8 percent-decoding, {@code +} is a space). */
    public static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            try {
                out.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                out.putIfAbsent("", "");
            }
        }
        return out;
    }

    /**
     * The certificate in a {@code TPP-Signature-Certificate} header: one-line PEM (with or without
     * the BEGIN/END lines) or bare base64 DER. Empty when it does not parse.
     */
    public static Optional<X509Certificate> certificateHeader(String value) {
        String b64 = value.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "")
                .replaceAll("\\s+", "");
        try {
            byte[] der = Base64.getDecoder().decode(b64);
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code certificate} was issued by one of {@code cas} (signature and validity checked). */
    public static boolean issuedBy(X509Certificate certificate, List<X509Certificate> cas, java.time.Instant now) {
        for (X509Certificate ca : cas) {
            try {
                certificate.verify(ca.getPublicKey());
                certificate.checkValidity(java.util.Date.from(now));
                return true;
            } catch (GeneralSecurityException e) {
                // try the next CA
            }
        }
        return false;
    }

    /** The bearer token of an {@code Authorization: Bearer ...} header, if any. */
    public static Optional<String> bearer(Optional<String> authorization) {
        if (authorization.isPresent() && authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = authorization.get().substring(7).trim();
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        }
        return Optional.empty();
    }
}
