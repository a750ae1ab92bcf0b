package dev.qseal.pkcs11;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.Secrets;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The attributes of an RFC 7512 {@code pkcs11:} URI that qseal understands. Path attributes
 * ({@code token}, {@code manufacturer}, {@code model}, {@code serial}, {@code slot-id} select the
 * token; {@code object}, {@code id}, {@code type} select the key) are percent-decoded here, since
 * {@link KeyRef#path()} is not; {@code id} is decoded to raw bytes. Query attributes: {@code module-path}
 * or {@code module-name}, {@code pin-source} or {@code pin-value}, and qseal's own {@code cert},
 * {@code max-sessions}, {@code wait-ms}.
 *
 * <p>{@link #toString()} never shows the PIN.
 */
final class Pkcs11Uri {
    private static final Set<String> PATH_ATTRS = Set.of("token", "manufacturer", "model", "serial", "slot-id",
            "slot-description", "slot-manufacturer", "library-description", "library-manufacturer",
            "library-version", "object", "id", "type");
    private static final Set<String> QUERY_ATTRS = Set.of("module-path", "module-name", "pin-source", "pin-value",
            "cert", "max-sessions", "wait-ms", "provider");
    private static final List<String> MODULE_DIRS = List.of("/usr/lib/pkcs11", "/usr/lib/x86_64-linux-gnu/pkcs11",
            "/usr/lib/aarch64-linux-gnu/pkcs11", "/usr/lib64/pkcs11", "/usr/local/lib/pkcs11", "/usr/lib",
            "/usr/lib/x86_64-linux-gnu", "/usr/lib/softhsm", "/usr/local/lib", "/usr/local/lib/softhsm");

    /** The longest pin-source file read (a PIN is at most a few dozen characters). */
    static final int MAX_PIN_FILE = dev.qseal.core.Limits.SECRET_FILE_BYTES;

    final String token;
    final String manufacturer;
    final String model;
    final String serial;
    final Long slotId;
    final String object;
    final byte[] id;
    final String modulePath;
    final Path cert;
    final Integer maxSessions;
    final long waitMillis;
    /** {@code provider=sunpkcs11}: sign through the JDK's SunPKCS11 instead of qseal's binding. */
    final boolean sunPkcs11;
    private final String pinSource;
    private final boolean hasPinValue;
    private final String shown;

    private Pkcs11Uri(Map<String, String> path, byte[] id, String modulePath, String pinSource, boolean hasPinValue,
            Path cert, Integer maxSessions, long waitMillis, String shown, boolean sunPkcs11) {
        this.token = path.get("token");
        this.manufacturer = path.get("manufacturer");
        this.model = path.get("model");
        this.serial = path.get("serial");
        this.slotId = path.containsKey("slot-id") ? parseSlotId(path.get("slot-id")) : null;
        this.object = path.get("object");
        this.id = id;
        this.modulePath = modulePath;
        this.pinSource = pinSource;
        this.hasPinValue = hasPinValue;
        this.cert = cert;
        this.maxSessions = maxSessions;
        this.waitMillis = waitMillis;
        this.shown = shown;
        this.sunPkcs11 = sunPkcs11;
    }

    /**
     * @throws BadInputException naming the attribute that is wrong (never its value if it may be secret)
     */
    static Pkcs11Uri parse(KeyRef ref) {
        if (!"pkcs11".equals(ref.scheme())) {
            throw new BadInputException("not a pkcs11: key reference: " + ref.scheme() + ":");
        }
        Map<String, String> path = new LinkedHashMap<>();
        byte[] id = null;
        String raw = ref.path();
        if (!raw.isEmpty()) {
            for (String part : raw.split(";", -1)) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new BadInputException("pkcs11: reference has a malformed path attribute (expected name=value "
                            + "separated by ';', e.g. pkcs11:token=qseal;object=seal-rsa)");
                }
                String name = part.substring(0, eq).toLowerCase(Locale.ROOT);
                String value = part.substring(eq + 1);
                if (name.equals("pin-value") || name.equals("pin-source")) {
                    throw new BadInputException("pkcs11: '" + name + "' is a query attribute: write it after '?', "
                            + "and prefer pin-source=FILE to pin-value");
                }
                if (!PATH_ATTRS.contains(name) && !name.startsWith("x-")) {
                    throw new BadInputException("pkcs11: unknown path attribute '" + name + "' (known: token, object, "
                            + "id, type, serial, manufacturer, model, slot-id)");
                }
                if (path.containsKey(name)) {
                    throw new BadInputException("pkcs11: path attribute '" + name + "' is repeated");
                }
                if (name.equals("id")) {
                    id = percentDecodeBytes(value, name);
                    path.put(name, HexFormat.of().formatHex(id));
                } else {
                    path.put(name, utf8(percentDecodeBytes(value, name), name));
                }
            }
        }
        for (String q : ref.query().keySet()) {
            if (!QUERY_ATTRS.contains(q) && !q.startsWith("x-")) {
                throw new BadInputException("pkcs11: unknown query attribute '" + q + "' (known: module-path, "
                        + "module-name, pin-source, pin-value, cert, max-sessions, wait-ms, provider)");
            }
        }
        String type = path.get("type");
        if (type != null && !type.equals("private")) {
            throw new BadInputException("pkcs11: type=" + type + " cannot sign: use type=private (or leave type out)");
        }
        if (path.get("object") == null && id == null) {
            throw new BadInputException("pkcs11: reference names no key: add object=LABEL or id=%01 to the path");
        }
        if (path.get("token") == null && path.get("serial") == null && path.get("slot-id") == null) {
            throw new BadInputException("pkcs11: reference names no token: add token=LABEL (or serial=) to the path");
        }
        if (path.containsKey("slot-id")) {
            parseSlotId(path.get("slot-id"));
        }
        String modulePath = modulePath(ref);
        String pinSource = ref.param("pin-source").orElse(null);
        boolean hasPinValue = ref.param("pin-value").isPresent();
        if (pinSource != null && hasPinValue) {
            throw new BadInputException("pkcs11: give either pin-source or pin-value, not both");
        }
        Path cert = ref.param("cert").map(Pkcs11Uri::filePath).orElse(null);
        Integer maxSessions = ref.param("max-sessions").map(v -> positiveInt("max-sessions", v)).orElse(null);
        long wait = ref.param("wait-ms").map(v -> (long) positiveInt("wait-ms", v)).orElse(30_000L);
        String provider = ref.param("provider").orElse("qseal").toLowerCase(Locale.ROOT);
        if (!provider.equals("qseal") && !provider.equals("sunpkcs11")) {
            throw new BadInputException("pkcs11: provider must be qseal (the default) or sunpkcs11, not '" + provider + "'");
        }
        return new Pkcs11Uri(path, id, modulePath, pinSource, hasPinValue, cert, maxSessions, wait, ref.toString(),
                provider.equals("sunpkcs11"));
    }

    private static String modulePath(KeyRef ref) {
        Optional<String> path = ref.param("module-path");
        Optional<String> name = ref.param("module-name");
        if (path.isPresent() && name.isPresent()) {
            throw new BadInputException("pkcs11: give either module-path or module-name, not both");
        }
        if (path.isPresent()) {
            if (path.get().isEmpty()) {
                throw new BadInputException("pkcs11: module-path is empty");
            }
            return path.get();
        }
        if (name.isPresent()) {
            String n = name.get();
            if (n.isEmpty() || n.contains("/") || n.contains("\\")) {
                throw new BadInputException("pkcs11: module-name must be a bare library name such as softhsm2; "
                        + "use module-path for a path");
            }
            for (String dir : MODULE_DIRS) {
                for (String file : List.of(n + ".so", "lib" + n + ".so", n)) {
                    Path p = Paths.get(dir, file);
                    if (Files.isRegularFile(p)) {
                        return p.toString();
                    }
                }
            }
            throw new KeyNotFoundException("pkcs11: no PKCS#11 module named '" + n + "' in " + MODULE_DIRS
                    + ": give its full path with module-path=");
        }
        throw new BadInputException("pkcs11: reference names no PKCS#11 module: add ?module-path=/path/to/module.so");
    }

    private static Long parseSlotId(String v) {
        try {
            return Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            throw new BadInputException("pkcs11: slot-id must be a decimal number");
        }
    }

    private static int positiveInt(String name, String v) {
        try {
            int i = Integer.parseInt(v);
            if (i > 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new BadInputException("pkcs11: " + name + " must be a positive whole number");
    }

    private static Path filePath(String v) {
        try {
            return v.startsWith("file:") ? Paths.get(URI.create(v)) : Paths.get(v);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("pkcs11: a cert or pin-source value is neither a file path nor a file: URI (the value is not shown, in case it is a secret)");
        }
    }

    private static byte[] percentDecodeBytes(String s, String attr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new BadInputException("pkcs11: bad percent-encoding in attribute '" + attr + "'");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }

    private static String utf8(byte[] b, String attr) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException("pkcs11: attribute '" + attr + "' is not UTF-8 after percent-decoding");
        }
    }

    /**
     * The PIN, from pin-source, pin-value or the secret provider, in a fresh array the caller zeroes.
     * Empty if none is given (tokens that need no login).
     */
    Optional<char[]> pin(KeyRef ref, SecretProvider secrets) {
        if (hasPinValue) {
            return Optional.of(ref.param("pin-value").orElseThrow().toCharArray());
        }
        if (pinSource != null) {
            // bounded, and messages name the attribute, never the path (it may be a PIN typed in the wrong place)
            return Optional.of(Secrets.fromFile(filePath(pinSource).toString(), "pin-source", "PIN"));
        }
        return secrets.get(ref, "PIN");
    }

    /** Identifies the token selection for caches and messages. */
    String tokenSelector() {
        StringBuilder sb = new StringBuilder();
        append(sb, "token", token);
        append(sb, "serial", serial);
        append(sb, "manufacturer", manufacturer);
        append(sb, "model", model);
        append(sb, "slot-id", slotId == null ? null : Long.toUnsignedString(slotId));
        return sb.toString();
    }

    /** Identifies the key within the token for messages. */
    String objectSelector() {
        StringBuilder sb = new StringBuilder();
        append(sb, "object", object);
        append(sb, "id", id == null ? null : HexFormat.of().formatHex(id));
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, String value) {
        if (value != null) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(name).append('=').append(value);
        }
    }

    /** The reference as given, with pin-value redacted. */
    @Override
    public String toString() {
        return shown;
    }
}
