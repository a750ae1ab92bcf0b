package dev.qseal.psd2;

import dev.qseal.core.BadInputException;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates from anywhere: a certificate or a chain (leaf first, as given) from a {@code String}
 * or {@code byte[]} holding PEM (one or more {@code CERTIFICATE} blocks, with or without line breaks,
 * as in ING's one-line {@code TPP-Signature-Certificate}), URL-encoded PEM (as proxies forward client
 * certificates), base64 of the DER (Berlin Group, JWS {@code x5c}), or the DER bytes themselves
 * (also a DER PKCS#7 bundle). Inputs above {@link #MAX_INPUT} are refused.
 */
public final class CertificateParser {
    /** The largest input read: 256 KiB, several chains' worth. */
    public static final int MAX_INPUT = 256 * 1024;
    private static final int MAX_CERTIFICATES = 16;
    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----");
    private static final Pattern PEM_END = Pattern.compile("-----END (?:X509 |TRUSTED )?CERTIFICATE-----");

    private CertificateParser() {
    }

    /** The first (leaf) certificate in {@code text}. */
    public static X509Certificate parse(String text) {
        return parseChain(text).get(0);
    }

    /** The first (leaf) certificate in {@code bytes}. */
    public static X509Certificate parse(byte[] bytes) {
        return parseChain(bytes).get(0);
    }

    /**
     * Every certificate in {@code text}, in the order given.
     *
     * @throws BadInputException if the text holds no certificate, is too large or cannot be parsed
     */
    public static List<X509Certificate> parseChain(String text) {
        if (text == null || text.isBlank()) {
            throw new BadInputException("no certificate given: expected PEM, base64 DER or one-line PEM text");
        }
        if (text.length() > MAX_INPUT) {
            throw new BadInputException("the certificate text has " + text.length() + " characters; at most " + MAX_INPUT + " are read");
        }
        String t = text.strip();
        if (t.startsWith("-----BEGIN") && t.indexOf('%') >= 0 || t.startsWith("-----BEGIN%20") || t.startsWith("-----BEGIN+")) {
            try {
                t = URLDecoder.decode(t, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("the URL-encoded PEM text has a malformed %-escape: it is not a certificate");
            }
        }
        if (t.contains("-----BEGIN")) {
            List<X509Certificate> out = new ArrayList<>();
            for (CharSequence block : pemBlocks(t)) {
                if (out.size() == MAX_CERTIFICATES) {
                    throw new BadInputException("more than " + MAX_CERTIFICATES + " certificates given");
                }
                out.add(single(base64(block.toString()), "PEM certificate block " + (out.size() + 1)));
            }
            if (out.isEmpty()) {
                throw new BadInputException("the PEM text holds no complete CERTIFICATE block "
                        + "('-----BEGIN CERTIFICATE-----' ... '-----END CERTIFICATE-----')");
            }
            return List.copyOf(out);
        }
        return List.of(single(base64(t), "base64 certificate"));
    }

    /**
     * Every certificate in {@code bytes}: PEM text, base64 text or DER (one certificate or a PKCS#7 bundle).
     *
     * @throws BadInputException if they hold no certificate, are too large or cannot be parsed
     */
    public static List<X509Certificate> parseChain(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new BadInputException("no certificate given: the input is empty");
        }
        if (bytes.length > MAX_INPUT) {
            throw new BadInputException("the certificate input has " + bytes.length + " bytes; at most " + MAX_INPUT + " are read");
        }
        if ((bytes[0] & 0xff) == 0x30) {
            return der(bytes);
        }
        return parseChain(new String(bytes, StandardCharsets.US_ASCII));
    }

    /**
     * The text between each {@code BEGIN} marker and the first {@code END} marker after it, in one pass: a lazy
     * {@code BEGIN(.*?)END} regex rescans to the end for every {@code BEGIN} without an {@code END}, quadratic in the
     * input (over a minute for {@link #MAX_INPUT} characters of {@code BEGIN} markers).
     */
    static List<CharSequence> pemBlocks(CharSequence text) {
        List<CharSequence> blocks = new ArrayList<>();
        Matcher begin = PEM_BEGIN.matcher(text);
        Matcher end = PEM_END.matcher(text);
        int from = 0;
        while (begin.find(from) && end.find(begin.end())) {
            blocks.add(text.subSequence(begin.end(), end.start()));
            from = end.end();
        }
        return blocks;
    }

    private static byte[] base64(String s) {
        String compact = s.replaceAll("\\s+", "");
        try {
            if (compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0) {
                return Base64.getUrlDecoder().decode(compact);
            }
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("the certificate is neither PEM nor valid base64 of a DER certificate");
        }
    }

    private static X509Certificate single(byte[] der, String what) {
        List<X509Certificate> certs = der(der);
        if (certs.size() != 1) {
            throw new BadInputException("the " + what + " holds " + certs.size() + " certificates; expected one");
        }
        return certs.get(0);
    }

    private static List<X509Certificate> der(byte[] der) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(der))) {
                if (out.size() == MAX_CERTIFICATES) {
                    throw new BadInputException("more than " + MAX_CERTIFICATES + " certificates given");
                }
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new BadInputException("the DER input holds no certificate");
            }
            return List.copyOf(out);
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof BadInputException) {
                throw (BadInputException) e;
            }
            throw new BadInputException("the certificate cannot be parsed as DER X.509: " + e.getMessage(), e);
        }
    }
}
