package dev.qseal.core.jws.internal;

import dev.qseal.core.BadInputException;
import dev.qseal.core.Limits;
import dev.qseal.core.QsealException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.internal.HeaderLines;
import dev.qseal.core.internal.Untrusted;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The detached payload of a JAdES HTTP-headers JWS: one {@code name: value} line per {@code sigD.pars}
 * entry, in that order, lower-case names, joined by LF with no trailing LF; {@code (request-target)}
 * is the lower-case method, a space and the target as sent. The lines are the draft-cavage ones, so
 * {@link HeaderLines#lines} makes them.
 */
public final class HttpHeaderPayload {
    private HttpHeaderPayload() {
    }

    /**
     * Lower-cases and checks a {@code pars} list: non-empty, no duplicates, header names or
     * {@code (request-target)}.
     *
     * @throws BadInputException naming the offending entry
     */
    public static List<String> normalise(List<String> pars) {
        if (pars.isEmpty()) {
            throw new BadInputException("sigD.pars must name at least one header");
        }
        if (pars.size() > Limits.JWS_PARS) {
            throw new BadInputException("sigD.pars names " + pars.size() + " headers; qseal accepts at most " + Limits.JWS_PARS);
        }
        List<String> out = new ArrayList<>(pars.size());
        for (String p : pars) {
            String l = p.trim().toLowerCase(Locale.ROOT);
            if (l.isEmpty()) {
                throw new BadInputException("sigD.pars has an empty name");
            }
            if (l.startsWith("(") && !l.equals("(request-target)")) {
                throw new BadInputException("sigD.pars names the pseudo-header '" + clip(l)
                        + "'; the HTTP-headers mechanism knows only (request-target) and header names");
            }
            if (!l.startsWith("(") && !isToken(l)) {
                throw new BadInputException("sigD.pars entry '" + clip(l) + "' is not a header name");
            }
            if (out.contains(l)) {
                throw new BadInputException("sigD.pars lists '" + clip(l) + "' twice");
            }
            out.add(l);
        }
        return List.copyOf(out);
    }

    /**
     * The payload lines for {@code request}.
     *
     * @throws dev.qseal.core.MissingComponentException if a named header is not in the request
     */
    public static String build(HttpRequest request, List<String> normalisedPars) {
        return HeaderLines.lines(request, normalisedPars);
    }

    /** SHA-256 of the certificate's DER: the bytes that {@code x5t#S256} carries base64url-encoded (RFC 7515 §4.1.8). */
    public static byte[] x5tS256(X509Certificate certificate) {
        try {
            return dev.qseal.core.key.HashAlgorithm.SHA_256.hash(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new QsealException("cannot encode the certificate " + certificate.getSubjectX500Principal().getName(), e);
        }
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** Untrusted text made safe to echo in a message (escaped, cut at 60 characters). */
    public static String clip(String s) {
        return Untrusted.echo(s, 60);
    }
}
