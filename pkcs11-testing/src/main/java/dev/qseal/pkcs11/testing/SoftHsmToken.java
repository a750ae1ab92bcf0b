package dev.qseal.pkcs11.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway SoftHSM2 token made by {@code scripts/softhsm-token.sh} (shipped in this jar), ready
 * for tests: module path, token label, PINs, and the keys on it with their PEM files.
 *
 * <p>Objects on the token (label, CKA_ID): {@link #RSA} (01, RSA-2048 with certificate),
 * {@link #EC} (02, P-256 with certificate), {@link #RSA_NO_CERT} (03, RSA-2048 whose certificate is
 * only in {@link #certFile}), {@link #EC384} (04, P-384 with certificate), {@link #RSA_BARE} (05,
 * private key only). The same keys are on the auxiliary token {@link #auxLabel()}, which no test
 * logs in to until it wants to (e.g. to see a real wrong-PIN failure).
 *
 * <p>SoftHSM reads {@code SOFTHSM2_CONF} when the module is initialised; {@link SoftHsmExtension}
 * sets it in this process (with the C library's {@code setenv}) before any test runs.
 */
public final class SoftHsmToken {
    public static final String RSA = "seal-rsa";
    public static final String EC = "seal-ec";
    public static final String RSA_NO_CERT = "seal-rsa-nocert";
    public static final String EC384 = "seal-ec384";
    public static final String RSA_BARE = "seal-rsa-bare";

    private final Path dir;
    private final String label;
    private final String auxLabel;
    private final String userPin;
    private final String soPin;
    private final Path script;
    private volatile String modulePath;
    private volatile Path conf;

    SoftHsmToken(Path dir, String label, String userPin, String soPin) {
        this.dir = dir;
        this.label = label;
        this.auxLabel = label + "-aux";
        this.userPin = userPin;
        this.soPin = soPin;
        this.script = dir.resolve("softhsm-token.sh");
    }

    /** Creates the main and the auxiliary token (deleting earlier ones with those labels). */
    void create() {
        extractScript();
        runScript(auxLabel);
        runScript(label);
    }

    /**
     * Deletes the main token and creates it again with the same keys, labels and ids (as after an
     * HSM reset and restore). Takes a second or two; a process using the token sees it vanish.
     */
    public void recreate() {
        runScript(label);
    }

    private void extractScript() {
        try (InputStream in = SoftHsmToken.class.getResourceAsStream("softhsm-token.sh")) {
            if (in == null) {
                throw new IllegalStateException("softhsm-token.sh is missing from the qseal-pkcs11-testing jar");
            }
            Files.createDirectories(dir);
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void runScript(String tokenLabel) {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), dir.toString(), tokenLabel, userPin, soPin);
        pb.redirectErrorStream(false);
        pb.redirectError(dir.resolve("softhsm-token.log").toFile());
        try {
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("softhsm-token.sh did not finish in 10 minutes");
            }
            if (p.exitValue() != 0) {
                String log = Files.exists(dir.resolve("softhsm-token.log"))
                        ? Files.readString(dir.resolve("softhsm-token.log")) : "";
                throw new IllegalStateException("softhsm-token.sh failed (exit " + p.exitValue() + "): " + tail(log));
            }
            Map<String, String> kv = new HashMap<>();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            modulePath = kv.get("module");
            conf = Paths.get(kv.get("conf"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run softhsm-token.sh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the SoftHSM token", e);
        }
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    /** The SoftHSM2 PKCS#11 library, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}. */
    public String modulePath() {
        return modulePath;
    }

    /** The main token's label. */
    public String label() {
        return label;
    }

    /** A second token with the same keys, for tests that must be the first to log in to a token. */
    public String auxLabel() {
        return auxLabel;
    }

    /** The user PIN of both tokens (a test PIN, not a secret). */
    public String userPin() {
        return userPin;
    }

    public String soPin() {
        return soPin;
    }

    /** The directory holding the configuration, the token files and the keys. */
    public Path directory() {
        return dir;
    }

    /** The SoftHSM configuration file ({@code SOFTHSM2_CONF}). */
    public Path confFile() {
        return conf;
    }

    /** The unencrypted PEM private key of an object, the same key that is on the token. */
    public Path keyFile(String objectLabel) {
        return dir.resolve("keys").resolve(objectLabel + ".key.pem");
    }

    /** The PEM certificate of an object. */
    public Path certFile(String objectLabel) {
        return dir.resolve("keys").resolve(objectLabel + ".cert.pem");
    }

    /** A {@code pkcs11:} reference to an object on the main token, with the module and the PIN. */
    public String uri(String objectLabel) {
        return uri(label, objectLabel, "");
    }

    /** As {@link #uri(String)} with more query attributes, e.g. {@code "cert=/x.pem&max-sessions=4"}. */
    public String uri(String objectLabel, String extraQuery) {
        return uri(label, objectLabel, extraQuery);
    }

    /** A reference to an object on any token of this SoftHSM directory. */
    public String uri(String tokenLabel, String objectLabel, String extraQuery) {
        return "pkcs11:token=" + enc(tokenLabel) + ";object=" + enc(objectLabel) + ";type=private?module-path="
                + modulePath + "&pin-value=" + userPin + (extraQuery.isEmpty() ? "" : "&" + extraQuery);
    }

    private static String enc(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    /** The object labels on the tokens. */
    public static List<String> objectLabels() {
        return List.of(RSA, EC, RSA_NO_CERT, EC384, RSA_BARE);
    }

    @Override
    public String toString() {
        return "SoftHsmToken[" + label + " in " + dir + "]";
    }
}
