package dev.qseal.testvectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the published test vectors bundled in this module as classpath resources.
 *
 * <p>Names are paths relative to {@code dev/qseal/testvectors/}, e.g.
 * {@code "cavage-draft10-appendixC.txt"} or {@code "rfc7520/4_1.rsa_v15_signature.json"}.
 * Contents are returned exactly as published: nothing is trimmed or re-encoded, except by
 * {@link #sections(String)}, whose rules are documented there.
 */
public final class TestVectors {

    /** Classpath folder holding the vectors. */
    public static final String ROOT = "/dev/qseal/testvectors/";

    public static final String CAVAGE_DRAFT10 = "cavage-draft10-appendixC.txt";
    public static final String CAVAGE_DRAFT12 = "cavage-draft12-appendixC.txt";
    public static final String RFC9421_APPENDIX_B = "rfc9421-appendixB.txt";
    public static final String RFC9530_DIGESTS = "rfc9530-digest-examples.txt";
    public static final String BERLIN_GROUP = "berlin-group-and-bank-profiles.txt";
    public static final String RFC_JWS = "rfc_jws_vectors.json";
    public static final String RFC7515_A2_PAYLOAD = "rfc7515_A2_payload.bin";

    /** Joins a section title and a subsection title into a {@link #sections(String)} key. */
    public static final String KEY_SEPARATOR = " / ";

    private static final Pattern SECTION = Pattern.compile("^===\\s+(.*?)\\s+===$");
    private static final Pattern SUBSECTION = Pattern.compile("^---\\s+(.*?)\\s+---$");

    private TestVectors() {
    }

    /** The exact bytes of a vector file. */
    public static byte[] bytes(String name) {
        String path = resourcePath(name);
        try (InputStream in = TestVectors.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test vector '" + name + "' (classpath resource " + path + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test vector '" + name + "'", e);
        }
    }

    /** The content of a vector file decoded as strict UTF-8 (malformed input is an error, not replaced). */
    public static String text(String name) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes(name)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("test vector '" + name + "' is not UTF-8 text; use bytes()", e);
        }
    }

    /**
     * Splits a file in the sectioned text format into named blocks, in file order.
     *
     * <ul>
     *   <li>A line {@code === Title ===} starts a section, a line {@code --- title ---} a subsection
     *       of the current section.</li>
     *   <li>A subsection's key is {@code "Title / title"} (see {@link #KEY_SEPARATOR}); a subsection
     *       that comes before any section is keyed by its own title. The lines of a section before its
     *       first subsection are keyed by the section title (the key is present only if there are any).</li>
     *   <li>Lines starting with {@code #} are comments and are dropped; other lines are kept exactly
     *       (trailing spaces included).</li>
     *   <li>Text before the first heading is not returned (a file with no headings gives an empty map).</li>
     *   <li>Empty lines at the start and end of a block are dropped and the remaining lines joined with
     *       {@code "\n"}, without a trailing newline: a Cavage signing string comes out byte-exact.</li>
     * </ul>
     *
     * @throws IllegalStateException if the file has the same key twice
     */
    public static Map<String, String> sections(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        String section = null;
        String key = null;
        boolean isSection = false;
        List<String> block = new ArrayList<>();
        for (String line : text(name).split("\n", -1)) {
            Matcher sec = SECTION.matcher(line);
            Matcher sub = SUBSECTION.matcher(line);
            if (sec.matches() || sub.matches()) {
                put(out, name, key, isSection, block);
                isSection = sec.matches();
                if (isSection) {
                    section = sec.group(1);
                    key = section;
                } else {
                    key = section == null ? sub.group(1) : section + KEY_SEPARATOR + sub.group(1);
                }
                block = new ArrayList<>();
            } else if (!line.startsWith("#")) {
                block.add(line);
            }
        }
        put(out, name, key, isSection, block);
        return Collections.unmodifiableMap(out);
    }

    /**
     * One block of {@link #sections(String)}: {@code section(name, "C.3 All Headers Test", "signing string")}.
     * With no subsection, the lines the section holds before its first subsection.
     *
     * @throws IllegalArgumentException if there is no such block (the message lists the keys there are)
     */
    public static String section(String name, String title, String... subtitle) {
        if (subtitle.length > 1) {
            throw new IllegalArgumentException("at most one subsection title");
        }
        String key = subtitle.length == 0 ? title : title + KEY_SEPARATOR + subtitle[0];
        Map<String, String> all = sections(name);
        String value = all.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no section '" + key + "' in " + name + "; there are: " + all.keySet());
        }
        return value;
    }

    /**
     * The first PEM block with this label, e.g. {@code "RSA PRIVATE KEY"} or {@code "PUBLIC KEY"}: from its
     * {@code -----BEGIN label-----} line to its {@code -----END label-----} line, lines joined with
     * {@code "\n"} and ending with one {@code "\n"}, as in a PEM file.
     *
     * @throws IllegalArgumentException if the file has no such block
     */
    public static String pemBlock(String name, String label) {
        List<String> blocks = pemBlocks(name, label);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no PEM block '" + label + "' in " + name);
        }
        return blocks.get(0);
    }

    /** Every PEM block with this label, in file order (e.g. RFC 9421 has several {@code PUBLIC KEY}s). */
    public static List<String> pemBlocks(String name, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text(name).split("\n", -1)) {
            String stripped = line.strip();
            if (current == null) {
                if (stripped.equals(begin)) {
                    current = new StringBuilder(stripped).append('\n');
                }
            } else {
                current.append(stripped).append('\n');
                if (stripped.equals(end)) {
                    blocks.add(current.toString());
                    current = null;
                }
            }
        }
        if (current != null) {
            throw new IllegalStateException("unterminated PEM block '" + label + "' in " + name);
        }
        return List.copyOf(blocks);
    }

    /**
     * The DER bytes inside a PEM block (base64 body between the BEGIN and END lines). Blocks with
     * RFC 1421 headers such as {@code Proc-Type} (encrypted legacy PEM) are refused.
     */
    public static byte[] pemDer(String pem) {
        StringBuilder b64 = new StringBuilder();
        for (String line : pem.split("\n")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("-----BEGIN ") || s.startsWith("-----END ")) {
                continue;
            }
            if (s.contains(":")) {
                throw new IllegalArgumentException("PEM block has headers (" + s + "); not plain base64");
            }
            b64.append(s);
        }
        return Base64.getDecoder().decode(b64.toString());
    }

    private static void put(Map<String, String> out, String name, String key, boolean isSection, List<String> block) {
        int from = 0;
        int to = block.size();
        while (from < to && block.get(from).isEmpty()) {
            from++;
        }
        while (to > from && block.get(to - 1).isEmpty()) {
            to--;
        }
        if (key == null) {
            return; // text before the first heading is not a block
        }
        if (isSection && from == to) {
            return; // a section whose content is all in subsections
        }
        String value = String.join("\n", block.subList(from, to));
        if (out.putIfAbsent(key, value) != null) {
            throw new IllegalStateException("test vector " + name + " has the section '" + key + "' twice");
        }
    }

    private static String resourcePath(String name) {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.contains("..") || name.contains("\\")) {
            throw new IllegalArgumentException("bad test vector name '" + name + "': use a relative path such as "
                    + "'rfc7520/4_1.rsa_v15_signature.json'");
        }
        return ROOT + name;
    }
}
