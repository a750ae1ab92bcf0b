package dev.qseal.core.jws;

import dev.qseal.core.jws.internal.Base64Url;
import dev.qseal.core.jws.internal.Json;
import dev.qseal.core.MalformedSignatureException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JWS protected header as qseal reads and writes it for detached HTTP-header signatures (JAdES
 * {@code sigD} with {@code mId = http://uri.etsi.org/19182/HttpHeaders}, as ING uses it).
 *
 * <p>Parsing checks only JSON well-formedness and the type of each member qseal knows; whether the
 * header is acceptable (crit, b64, mId, x5t#S256...) is the verifier's decision, so that it can say
 * precisely what is wrong. Members qseal does not know are kept in {@link #members()} and ignored
 * unless listed in {@code crit}.
 */
public final class JwsHeader {
    /** The {@code sigD.mId} of the JAdES HTTP-headers mechanism (ETSI TS 119 182-1 §5.2.8.2). */
    public static final String HTTP_HEADERS_MID = "http://uri.etsi.org/19182/HttpHeaders";

    private final String encoded;
    /** The JSON text; for a header this side wrote, decoded from {@link #encoded} on first use. */
    private String json;
    /** Parsed at once for a received header; for one this side wrote, on first use (a signer seldom asks). */
    private Map<String, Object> members;
    /** {@code crit} and {@code sigD.pars} as lists of strings, once checked (by {@link #checkTypes} or the first read). */
    private List<String> critList;
    private List<String> parsList;

    private JwsHeader(String encoded, String json, Map<String, Object> members) {
        this.encoded = encoded;
        this.json = json;
        this.members = members;
    }

    /**
     * Decodes and parses the first part of a compact JWS.
     *
     * @throws MalformedSignatureException if it is not unpadded base64url of a UTF-8 JSON object whose
     *                                     known members have the right types; never anything else
     */
    public static JwsHeader parse(String encoded) {
        if (encoded.length() > Json.MAX_CHARS * 4 / 3 + 4) {
            throw new MalformedSignatureException("the JWS protected header is " + encoded.length()
                    + " characters of base64url; qseal accepts at most " + (Json.MAX_CHARS * 4 / 3 + 4));
        }
        byte[] bytes = Base64Url.decode(encoded, "the JWS protected header");
        String json;
        try {
            json = isAscii(bytes) ? new String(bytes, StandardCharsets.US_ASCII) : StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedSignatureException("the JWS protected header is not UTF-8");
        }
        JwsHeader h = new JwsHeader(encoded, json, Json.parseObject(json));
        h.checkTypes();
        return h;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Wraps a header the signer wrote (it writes only what it can parse back), given as the base64url of its UTF-8
     * JSON: the JSON is decoded, and its members parsed, when first asked for (a signer seldom asks).
     */
    static JwsHeader ofWrittenEncoded(String encoded) {
        return new JwsHeader(encoded, null, null);
    }

    private void checkTypes() {
        type("alg", String.class);
        type("b64", Boolean.class);
        type("sigT", String.class);
        type("x5t#S256", String.class);
        type("kid", String.class);
        if (members.containsKey("crit")) {
            critList = asStrings(members.get("crit"), "the JWS header member \"crit\"");
        }
        stringList("x5c");
        Object sigD = members.get("sigD");
        if (sigD != null) {
            if (!(sigD instanceof Map)) {
                throw new MalformedSignatureException("the JWS header member \"sigD\" must be a JSON object");
            }
            Map<?, ?> m = (Map<?, ?>) sigD;
            if (m.containsKey("mId") && !(m.get("mId") instanceof String)) {
                throw new MalformedSignatureException("sigD.mId must be a string");
            }
            if (m.containsKey("pars")) {
                parsList = asStrings(m.get("pars"), "sigD.pars");
            }
        }
    }

    private void type(String name, Class<?> type) {
        Object v = members.get(name);
        if (v != null && !type.isInstance(v)) {
            throw new MalformedSignatureException("the JWS header member \"" + name + "\" must be a "
                    + (type == String.class ? "string" : type == Boolean.class ? "boolean" : type.getSimpleName())
                    + ", not " + describe(v));
        }
    }

    private void stringList(String name) {
        if (members.containsKey(name)) {
            asStrings(members.get(name), "the JWS header member \"" + name + "\"");
        }
    }

    private static List<String> asStrings(Object v, String what) {
        if (!(v instanceof List)) {
            throw new MalformedSignatureException(what + " must be an array of strings, not " + describe(v));
        }
        for (Object o : (List<?>) v) {
            if (!(o instanceof String)) {
                throw new MalformedSignatureException(what + " must be an array of strings; it holds " + describe(o));
            }
        }
        // Json's arrays are unmodifiable and hold no null: every element checked to be a String, the list is one
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) v;
        return strings;
    }

    private static String describe(Object v) {
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof BigDecimal) {
            return "a number";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof Map) {
            return "an object";
        }
        return "null";
    }

    /** The header as sent: unpadded base64url, exactly the first part of the compact form. */
    public String encoded() {
        return encoded;
    }

    /** The decoded JSON text. */
    public String json() {
        String j = json;
        if (j == null) {
            j = new String(java.util.Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            json = j; // an equal string if another thread decodes too
        }
        return j;
    }

    /** Every member, in the order written (nested objects as maps, arrays as lists). */
    public Map<String, Object> members() {
        Map<String, Object> m = members;
        if (m == null) {
            m = Json.parseObject(json()); // an unmodifiable map: a second thread parsing too gets an equal one
            members = m;
        }
        return m;
    }

    public Optional<String> alg() {
        return Optional.ofNullable((String) members().get("alg"));
    }

    /** {@code b64}, if present. */
    public Optional<Boolean> b64() {
        return Optional.ofNullable((Boolean) members().get("b64"));
    }

    /** {@code crit}, if present. */
    public Optional<List<String>> crit() {
        if (critList == null && members().containsKey("crit")) {
            critList = asStrings(members().get("crit"), "crit");
        }
        return Optional.ofNullable(critList);
    }

    public Optional<String> sigT() {
        return Optional.ofNullable((String) members().get("sigT"));
    }

    /** {@code sigD}, if present, as a map of its members. */
    public Optional<Map<?, ?>> sigD() {
        return Optional.ofNullable((Map<?, ?>) members().get("sigD"));
    }

    /** {@code sigD.pars} as written (names in the signer's case). */
    public Optional<List<String>> pars() {
        if (parsList == null) {
            parsList = sigD().filter(m -> m.containsKey("pars")).map(m -> asStrings(m.get("pars"), "sigD.pars")).orElse(null);
        }
        return Optional.ofNullable(parsList);
    }

    /** {@code sigD.mId}. */
    public Optional<String> mId() {
        return sigD().map(m -> (String) m.get("mId"));
    }

    /** {@code x5t#S256} as written. */
    public Optional<String> x5tS256() {
        return Optional.ofNullable((String) members().get("x5t#S256"));
    }

    public Optional<String> kid() {
        return Optional.ofNullable((String) members().get("kid"));
    }

    /** {@code x5c}: standard base64 (padded) DER certificates, leaf first. */
    public Optional<List<String>> x5c() {
        return members().containsKey("x5c") ? Optional.of(asStrings(members().get("x5c"), "x5c")) : Optional.empty();
    }

    @Override
    public String toString() {
        return json();
    }
}
