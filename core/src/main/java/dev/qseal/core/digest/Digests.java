package dev.qseal.core.digest;

import dev.qseal.core.BadInputException;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.http.internal.BareItem;
import dev.qseal.core.http.internal.Item;
import dev.qseal.core.http.internal.Member;
import dev.qseal.core.http.internal.StructuredFields;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Body digests: RFC 3230 {@code Digest: SHA-256=<base64>} and RFC 9530
 * {@code Content-Digest: sha-256=:<base64>:}. A missing body is the empty body. Streams are read
 * in chunks, never copied whole.
 */
public final class Digests {
    private static final int CHUNK = 16 * 1024;
    private static final int MAX_HEADER = 8 * 1024;

    private Digests() {
    }

    /** The raw digest of {@code body}. */
    public static byte[] hash(DigestAlgorithm algorithm, byte[] body) {
        return algorithm.hash().newDigest().digest(body);
    }

    /** The raw digest of everything {@code body} yields (read to the end, not closed). */
    public static byte[] hash(DigestAlgorithm algorithm, InputStream body) {
        MessageDigest md = algorithm.hash().newDigest();
        byte[] buf = new byte[CHUNK];
        try {
            for (int n; (n = body.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the body to digest failed: " + e.getMessage(), e);
        }
        return md.digest();
    }

    /**
     * The raw digest of the file at {@code body}, read in chunks: constant memory whatever its size.
     *
     * @throws BadInputException if the file does not exist or cannot be read
     */
    public static byte[] hash(DigestAlgorithm algorithm, java.nio.file.Path body) {
        try (InputStream in = java.nio.file.Files.newInputStream(body)) {
            return hash(algorithm, in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException("the body file " + body + " does not exist");
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException("cannot read the body file " + body + ": " + e.getMessage());
        }
    }

    /**
     * The value of an RFC 3230 {@code Digest} header for a body streamed from {@code body} (read to the end,
     * not closed), in constant memory: for signing a request whose body is sent separately.
     */
    public static String digestValue(DigestAlgorithm algorithm, DigestLabel label, InputStream body) {
        return formatDigest(algorithm, label, hash(algorithm, body));
    }

    /** The value of an RFC 3230 {@code Digest} header for the file at {@code body}, in constant memory. */
    public static String digestValue(DigestAlgorithm algorithm, DigestLabel label, java.nio.file.Path body) {
        return formatDigest(algorithm, label, hash(algorithm, body));
    }

    /** The value of an RFC 9530 {@code Content-Digest} header for the file at {@code body}, in constant memory. */
    public static String contentDigestValue(DigestAlgorithm algorithm, java.nio.file.Path body) {
        return formatContentDigest(algorithm, hash(algorithm, body));
    }

    /** The value of an RFC 3230 {@code Digest} header for {@code body}, e.g. {@code SHA-256=X48E...}. */
    public static String digestValue(DigestAlgorithm algorithm, DigestLabel label, byte[] body) {
        return formatDigest(algorithm, label, hash(algorithm, body));
    }

    /** {@link #digestValue(DigestAlgorithm, DigestLabel, byte[])} with the standard {@code SHA-256=} label. */
    public static String digestValue(byte[] body) {
        return digestValue(DigestAlgorithm.SHA_256, DigestLabel.STANDARD, body);
    }

    /** Formats a computed digest as an RFC 3230 value. */
    public static String formatDigest(DigestAlgorithm algorithm, DigestLabel label, byte[] digest) {
        return label.format(algorithm) + "=" + Base64.getEncoder().encodeToString(digest);
    }

    /** Formats a computed digest as an RFC 9530 {@code Content-Digest} dictionary member. */
    public static String formatContentDigest(DigestAlgorithm algorithm, byte[] digest) {
        return algorithm.token() + "=:" + Base64.getEncoder().encodeToString(digest) + ":";
    }

    /** The value of an RFC 9530 {@code Content-Digest} header for {@code body}, e.g. {@code sha-256=:X48E...=:}. */
    public static String contentDigestValue(DigestAlgorithm algorithm, byte[] body) {
        return formatContentDigest(algorithm, hash(algorithm, body));
    }

    /**
     * Parses an RFC 3230 {@code Digest} value ({@code SHA-256=abc, SHA-512=def}) into the digests of
     * the algorithms qseal knows; others are skipped, as RFC 3230 allows.
     *
     * @throws BadInputException if the value is malformed (no {@code =}, bad base64, wrong length)
     */
    public static Map<DigestAlgorithm, byte[]> parseDigest(String value) {
        if (value.length() > MAX_HEADER) {
            throw new BadInputException("Digest header is longer than " + MAX_HEADER + " characters");
        }
        Map<DigestAlgorithm, byte[]> out = new LinkedHashMap<>();
        for (String member : value.split(",")) {
            String m = member.trim();
            if (m.isEmpty()) {
                continue;
            }
            int eq = m.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("Digest member '" + abbreviate(m) + "' is not <algorithm>=<base64>");
            }
            Optional<DigestAlgorithm> alg = DigestAlgorithm.parse(m.substring(0, eq));
            if (alg.isEmpty()) {
                continue;
            }
            out.put(alg.get(), decode(m.substring(eq + 1).trim(), alg.get(), "Digest"));
        }
        return out;
    }

    /**
     * Parses an RFC 9530 {@code Content-Digest} value ({@code sha-256=:abc=:, sha-512=:def=:}); unknown
     * algorithms are skipped.
     */
    public static Map<DigestAlgorithm, byte[]> parseContentDigest(String value) {
        if (value.length() > MAX_HEADER) {
            throw new BadInputException("Content-Digest header is longer than " + MAX_HEADER + " characters");
        }
        Map<String, Member> dictionary;
        try {
            dictionary = StructuredFields.parseDictionary(value);
        } catch (MalformedSignatureException e) {
            throw new BadInputException("Content-Digest is not an RFC 8941 Dictionary of <algorithm>=:<base64>: members: " + e.getMessage());
        }
        Map<DigestAlgorithm, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Member> e : dictionary.entrySet()) {
            String key = e.getKey();
            if (!(e.getValue() instanceof Item) || ((Item) e.getValue()).value().type() != BareItem.Type.BYTE_SEQUENCE) {
                throw new BadInputException("Content-Digest member '" + abbreviate(key) + "' is not <algorithm>=:<base64>:");
            }
            Optional<DigestAlgorithm> alg = DigestAlgorithm.parse(key);
            if (alg.isEmpty() || !alg.get().token().equals(key)) {
                continue;
            }
            byte[] d = ((Item) e.getValue()).value().asBytes();
            if (d.length != alg.get().hash().length()) {
                throw new BadInputException("Content-Digest value for " + key + " has " + d.length + " bytes; a " + key
                        + " digest has " + alg.get().hash().length());
            }
            out.put(alg.get(), d);
        }
        return out;
    }

    /**
     * Refuses a request whose given {@code Digest} does not match its given body: signing it would
     * seal a request the bank rejects. A request without body bytes (headers-only signing) passes:
     * its caller owns the digest.
     *
     * @throws BadInputException naming the mismatch
     */
    public static void requireGivenDigestMatchesBody(dev.qseal.core.http.HttpRequest request) {
        if (!request.bodyAtHand()) {
            return;
        }
        byte[] body = request.bodyBytesUnsafe();
        for (String value : request.headers().values("Digest")) {
            for (Map.Entry<DigestAlgorithm, byte[]> e : parseDigest(value).entrySet()) {
                if (!java.security.MessageDigest.isEqual(e.getValue(), hash(e.getKey(), body))) {
                    throw new BadInputException("the Digest header given does not match the body (" + body.length
                            + " bytes): drop it to let qseal compute it, or give the body it was computed over");
                }
            }
        }
    }

    private static byte[] decode(String b64, DigestAlgorithm alg, String header) {
        byte[] d;
        try {
            d = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(header + " value for " + alg.token() + " is not valid base64");
        }
        if (d.length != alg.hash().length()) {
            throw new BadInputException(header + " value for " + alg.token() + " has " + d.length
                    + " bytes; a " + alg.token() + " digest has " + alg.hash().length());
        }
        return d;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
