package dev.qseal.core.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.Limits;
import dev.qseal.core.QsealException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a careless operator or a hostile file does to the key sources: secrets typed into the wrong
 * attribute are never echoed, every file read is bounded, a damaged PEM is a clear bad input.
 */
class HostileKeyInputTest {
    static final String CANARY = "Canary-7f3a9c-Secret";

    @TempDir
    Path dir;

    private Path encryptedLookingKey() throws Exception {
        // an encrypted PKCS#8 PEM body is not needed: an unencrypted key shows the messages about attributes
        var kp = KeyPairGenerator.getInstance("EC").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Path f = dir.resolve("k.pem");
        Files.writeString(f, pem);
        return f;
    }

    private static String messageOf(Runnable r) {
        QsealException e = assertThrows(QsealException.class, r::run);
        return String.valueOf(e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"key-password", "pin", "passwd", "storepass", "password", "secret", "pass", "pin-value", "x-anything"})
    void unknownOrInlineSecretAttributesAreNeverEchoed(String attribute) throws Exception {
        Path key = encryptedLookingKey();
        String ref = "file:" + key + "?" + attribute + "=" + CANARY;
        assertFalse(KeyRef.parse(ref).toString().contains(CANARY), KeyRef.parse(ref).toString());
        String m = messageOf(() -> KeySources.open(ref));
        assertFalse(m.contains(CANARY), m);
        String m12 = messageOf(() -> KeySources.open("pkcs12:" + key + "?alias=a&" + attribute + "=" + CANARY));
        assertFalse(m12.contains(CANARY), m12);
    }

    @Test
    void pkcs11PathAttributesOtherThanKnownNamesAreRedacted() {
        KeyRef ref = KeyRef.parse("pkcs11:token=qseal;object=seal;pin-value=" + CANARY + "?module-path=/usr/lib/x.so&pin-value=" + CANARY);
        assertFalse(ref.toString().contains(CANARY), ref.toString());
        assertTrue(ref.toString().contains("token=qseal;object=seal"), ref.toString());
        assertTrue(ref.toString().contains("module-path=/usr/lib/x.so"), ref.toString());
    }

    @Test
    void aBareQueryWordIsRefusedWithoutEchoingIt() {
        String m = messageOf(() -> KeyRef.parse("file:/k.pem?" + CANARY));
        assertFalse(m.contains(CANARY), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password-env", "password-file", "key-password-env", "key-password-file"})
    void aSecretTypedWhereANameBelongsIsNotEchoed(String attribute) throws Exception {
        Path store = dir.resolve("k.p12");
        Files.write(store, new byte[] {0x30, 0x03, 0x02, 0x01, 0x03});
        String m = messageOf(() -> KeySources.open("pkcs12:" + store + "?password-file=" + dir.resolve("nope") + "&" + attribute + "=" + CANARY));
        assertFalse(m.contains(CANARY), m);
        Secrets env = new Secrets(name -> null);
        String m2 = messageOf(() -> env.find(KeyRef.parse("file:/k.pem?" + attribute + "=" + CANARY),
                attribute.startsWith("key-") ? "key-password" : "password", (r, w) -> Optional.empty(), "key password"));
        assertFalse(m2.contains(CANARY), m2);
        assertTrue(m2.contains(attribute), "the message names the attribute: " + m2);
    }

    @Test
    void keyAndCertificateFilesAreReadUpToTheLimit() throws Exception {
        Path big = dir.resolve("big.pem");
        Files.write(big, new byte[Limits.KEY_FILE_BYTES + 1]);
        String m = messageOf(() -> KeySources.open("file:" + big));
        assertTrue(m.contains("1 MiB"), m);
        assertThrows(BadInputException.class, () -> Certificates.load(big));
        assertThrows(BadInputException.class, () -> Certificates.loadPublicKey(big));
    }

    @Test
    void devZeroIsRefusedNotReadForever() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero), "no /dev/zero here");
        String m = messageOf(() -> KeySources.open("file:/dev/zero"));
        assertTrue(m.contains("larger than 1 MiB"), m);
        assertThrows(BadInputException.class, () -> Certificates.load(zero));
        assertThrows(BadInputException.class, () -> Certificates.loadPublicKey(zero));
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> Secrets.fromFile("/dev/zero", "password-file", "key password"));
        assertTrue(e.getMessage().contains("4 KiB"), e.getMessage());
    }

    @Test
    void secretFilesAtTheLimitAreRead() throws Exception {
        Path f = dir.resolve("pw");
        Files.write(f, "a".repeat(Limits.SECRET_FILE_BYTES).getBytes(StandardCharsets.US_ASCII));
        assertEquals(Limits.SECRET_FILE_BYTES, Secrets.fromFile(f.toString(), "password-file", "key password").length);
        Files.write(f, "a".repeat(Limits.SECRET_FILE_BYTES + 1).getBytes(StandardCharsets.US_ASCII));
        assertThrows(KeyAccessException.class, () -> Secrets.fromFile(f.toString(), "password-file", "key password"));
    }

    @Test
    void badBase64InsideAPemIsABadInputNotAnInternalError() throws Exception {
        Path key = dir.resolve("bad.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nMIIB!!!!not*base64@@@\n-----END PRIVATE KEY-----\n");
        BadInputException e = assertThrows(BadInputException.class, () -> KeySources.open("file:" + key));
        assertTrue(e.getMessage().contains("base64"), e.getMessage());
        Path cert = dir.resolve("bad.crt");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nMIIB!!!!not*base64@@@\n-----END CERTIFICATE-----\n");
        assertTrue(assertThrows(BadInputException.class, () -> Certificates.load(cert)).getMessage().contains("base64"));
        assertTrue(assertThrows(BadInputException.class, () -> Certificates.loadPublicKey(cert)).getMessage().contains("base64"));
    }
}
