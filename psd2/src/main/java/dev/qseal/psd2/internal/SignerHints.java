package dev.qseal.psd2.internal;

import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.jws.JwsHeader;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a request's signature headers say about their signer: the keyId and the JWS x5c. */
public final class SignerHints {
    private static final Pattern KEY_ID = Pattern.compile("(?i)(?:^|[\\s,;])keyid=\"([^\"]{1,1024})\"");
    private static final int MAX_HEADER = 64 * 1024;

    private SignerHints() {
    }

    /** The key identifier of a Cavage ({@code Signature}, {@code Authorization: Signature}), RFC 9421 ({@code Signature-Input}) or JWS signature. */
    public static Optional<String> keyId(HttpRequest request) {
        for (String header : List.of("Signature", "Authorization", "Signature-Input")) {
            for (String v : request.headers().values(header)) {
                if (v.length() > MAX_HEADER) {
                    continue;
                }
                Matcher m = KEY_ID.matcher(v.startsWith("Signature ") ? v.substring("Signature".length()) : v);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return jwsHeader(request).flatMap(JwsHeader::kid);
    }

    /** The {@code x5c} member (base64 DER, leaf first) of the JWS in {@code x-jws-signature}. */
    public static Optional<List<String>> jwsX5c(HttpRequest request) {
        return jwsHeader(request).flatMap(JwsHeader::x5c);
    }

    private static Optional<JwsHeader> jwsHeader(HttpRequest request) {
        Optional<String> jws = request.headers().first("x-jws-signature");
        if (jws.isEmpty() || jws.get().length() > MAX_HEADER) {
            return Optional.empty();
        }
        int dot = jws.get().indexOf('.');
        return Optional.of(JwsHeader.parse(dot < 0 ? jws.get() : jws.get().substring(0, dot)));
    }
}
