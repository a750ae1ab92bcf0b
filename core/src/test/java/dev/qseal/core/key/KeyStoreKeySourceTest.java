package dev.qseal.core.key;

import static dev.qseal.core.key.Tools.keytool;
import static dev.qseal.core.key.Tools.openssl;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyStoreKeySourceTest {
    static final String STORE_PASS = "St0re-Pa55-qseal";
    static final String KEY_PASS = "K3y-Pa55-different";
    static final byte[] MESSAGE = "(request-target): post /payments".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path d;
    static X509Certificate leaf;
    static X509Certificate ca;

    /**
     * An RSA leaf issued by an EC CA, exported by OpenSSL to PKCS#12 (alias "seal"), converted by
     * keytool to JKS; "multi" stores add a second key entry and a trusted-certificate entry.
     */
    @BeforeAll
    static void generate() throws IOException {
        openssl(d, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-subj", "/CN=qseal test CA", "-days", "30", "-out", "ca.pem");
        openssl(d, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-subj", "/CN=qseal seal",
                "-out", "leaf.csr");
        openssl(d, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "30", "-out", "leaf.pem");
        openssl(d, "pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-certfile", "ca.pem", "-name", "seal",
                "-passout", "pass:" + STORE_PASS, "-out", "k.p12");
        keytool(d, "-importkeystore", "-noprompt", "-srckeystore", "k.p12", "-srcstoretype", "PKCS12",
                "-srcstorepass", STORE_PASS, "-destkeystore", "k.jks", "-deststoretype", "JKS", "-deststorepass", STORE_PASS);
        keytool(d, "-importkeystore", "-noprompt", "-srckeystore", "k.p12", "-srcstoretype", "PKCS12",
                "-srcstorepass", STORE_PASS, "-srcalias", "seal", "-destalias", "seal", "-destkeypass", KEY_PASS,
                "-destkeystore", "keypass.jks", "-deststoretype", "JKS", "-deststorepass", STORE_PASS);
        for (String type : List.of("p12", "jks")) {
            String multi = "multi." + type;
            Files.copy(d.resolve("k." + type), d.resolve(multi), StandardCopyOption.REPLACE_EXISTING);
            String storeType = type.equals("p12") ? "PKCS12" : "JKS";
            keytool(d, "-genkeypair", "-keystore", multi, "-storetype", storeType, "-storepass", STORE_PASS,
                    "-keypass", STORE_PASS, "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=other", "-validity", "30");
            keytool(d, "-importcert", "-noprompt", "-keystore", multi, "-storetype", storeType, "-storepass", STORE_PASS,
                    "-alias", "trusted-ca", "-file", "ca.pem");
        }
        Files.writeString(d.resolve("store-pass.txt"), STORE_PASS + "\r\n");
        Files.writeString(d.resolve("key-pass.txt"), KEY_PASS + "\n");
        Files.writeString(d.resolve("wrong-pass.txt"), "wr0ng-Pa55");
        leaf = Certificates.load(d.resolve("leaf.pem")).get(0);
        ca = Certificates.load(d.resolve("ca.pem")).get(0);
    }

    static String passFile() {
        return "password-file=" + d.resolve("store-pass.txt");
    }

    private static void assertIsTheSealKey(SigningKey key) {
        assertArrayEquals(leaf.getPublicKey().getEncoded(), key.publicKey().getEncoded());
        assertEquals(KeyType.RSA, key.keyType());
        byte[] sig = key.sign(SignatureAlgorithm.RSA_PSS_SHA256, MESSAGE);
        assertTrue(JcaCheck.verify(leaf.getPublicKey(), SignatureAlgorithm.RSA_PSS_SHA256, MESSAGE, sig));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs12:k.p12", "jks:k.jks"})
    void opensEntryByAliasWithPasswordFromEnvironment(String schemeAndFile) {
        String[] parts = schemeAndFile.split(":");
        KeyStoreKeySource source = new KeyStoreKeySource(new Secrets(Map.of("P12_PASS", STORE_PASS)::get));
        SigningKey key = source.open(KeyRef.parse(parts[0] + ":" + d.resolve(parts[1]) + "?alias=seal&password-env=P12_PASS"),
                SecretProvider.NONE);
        assertIsTheSealKey(key);
        assertEquals(List.of(leaf, ca), key.certificateChain());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs12:k.p12", "jks:k.jks"})
    void opensTheOnlyKeyEntryWithoutAlias(String schemeAndFile) {
        String[] parts = schemeAndFile.split(":");
        SigningKey key = KeySources.open(parts[0] + ":" + d.resolve(parts[1]) + "?" + passFile());
        assertIsTheSealKey(key);
        assertEquals(List.of(leaf, ca), key.certificateChain());
    }

    @Test
    void aliasMatchesCaseInsensitively() {
        assertIsTheSealKey(KeySources.open("pkcs12:" + d.resolve("multi.p12") + "?alias=SEAL&" + passFile()));
    }

    @Test
    void picksTheNamedEntryAmongSeveral() {
        SigningKey other = KeySources.open("jks:" + d.resolve("multi.jks") + "?alias=other&" + passFile());
        assertEquals(KeyType.EC_P256, other.keyType());
        assertIsTheSealKey(KeySources.open("jks:" + d.resolve("multi.jks") + "?alias=seal&" + passFile()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs12:multi.p12", "jks:multi.jks"})
    void severalKeysWithoutAliasIsAnErrorListingThem(String schemeAndFile) {
        String[] parts = schemeAndFile.split(":");
        BadInputException e = assertThrows(BadInputException.class,
                () -> KeySources.open(parts[0] + ":" + d.resolve(parts[1]) + "?" + passFile()));
        assertTrue(e.getMessage().contains("'other', 'seal'"), e.getMessage());
        assertTrue(e.getMessage().contains("alias="), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs12:multi.p12", "jks:multi.jks"})
    void unknownAliasIsKeyNotFoundListingTheAliases(String schemeAndFile) {
        String[] parts = schemeAndFile.split(":");
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class,
                () -> KeySources.open(parts[0] + ":" + d.resolve(parts[1]) + "?alias=sael&" + passFile()));
        assertTrue(e.getMessage().contains("'sael'"), e.getMessage());
        assertTrue(e.getMessage().contains("'other', 'seal'"), e.getMessage());
    }

    @Test
    void certificateEntryIsNotAKey() {
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class,
                () -> KeySources.open("pkcs12:" + d.resolve("multi.p12") + "?alias=trusted-ca&" + passFile()));
        assertTrue(e.getMessage().contains("certificate, not a key"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs12:k.p12", "jks:k.jks"})
    void wrongStorePasswordIsKeyAccessErrorWithoutThePassword(String schemeAndFile) {
        String[] parts = schemeAndFile.split(":");
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> KeySources.open(
                parts[0] + ":" + d.resolve(parts[1]) + "?password-file=" + d.resolve("wrong-pass.txt")));
        assertTrue(e.getMessage().startsWith("wrong password for keystore " + d.resolve(parts[1])), e.getMessage());
        String all = Tools.allMessages(e);
        assertFalse(all.contains("wr0ng-Pa55"), all);
        assertFalse(all.contains(STORE_PASS), all);
    }

    @Test
    void missingStorePasswordSaysHowToGiveOne() {
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> KeySources.open("pkcs12:" + d.resolve("k.p12")));
        assertTrue(e.getMessage().contains("password-env="), e.getMessage());
    }

    @Test
    void storePasswordFromSecretProvider() {
        SigningKey key = KeySources.open(KeyRef.parse("pkcs12:" + d.resolve("k.p12")),
                (ref, what) -> java.util.Optional.of(STORE_PASS.toCharArray()));
        assertIsTheSealKey(key);
    }

    @Test
    void separateKeyPasswordIsUsedWhenGiven() {
        SigningKey key = KeySources.open("jks:" + d.resolve("keypass.jks") + "?alias=seal&" + passFile()
                + "&key-password-file=" + d.resolve("key-pass.txt"));
        assertIsTheSealKey(key);
    }

    @Test
    void differentKeyPasswordNotGivenIsKeyAccessErrorWithHint() {
        KeyAccessException e = assertThrows(KeyAccessException.class,
                () -> KeySources.open("jks:" + d.resolve("keypass.jks") + "?alias=seal&" + passFile()));
        assertTrue(e.getMessage().contains("key-password-env="), e.getMessage());
        assertFalse(Tools.allMessages(e).contains(KEY_PASS));
        assertFalse(Tools.allMessages(e).contains(STORE_PASS));
    }

    @Test
    void certAttributeReplacesTheStoredChain() {
        SigningKey key = KeySources.open("pkcs12:" + d.resolve("k.p12") + "?" + passFile() + "&cert=" + d.resolve("leaf.pem"));
        assertEquals(List.of(leaf), key.certificateChain());
    }

    @Test
    void mismatchingCertAttributeIsRejected() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> KeySources.open("pkcs12:" + d.resolve("k.p12") + "?" + passFile() + "&cert=" + d.resolve("ca.pem")));
        assertTrue(e.getMessage().contains("does not belong to the key"), e.getMessage());
    }

    @Test
    void missingStoreIsKeyNotFound() {
        Path missing = d.resolve("absent.p12");
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class,
                () -> KeySources.open("pkcs12:" + missing + "?" + passFile()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void pemFileGivenAsKeystoreIsKeyAccessError() {
        KeyAccessException e = assertThrows(KeyAccessException.class,
                () -> KeySources.open("pkcs12:" + d.resolve("leaf.key") + "?" + passFile()));
        assertTrue(e.getMessage().contains(d.resolve("leaf.key").toString()), e.getMessage());
    }
}
