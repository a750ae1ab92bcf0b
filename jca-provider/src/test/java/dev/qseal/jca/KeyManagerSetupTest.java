package dev.qseal.jca;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;

/**
 * A broken KeyRef in the QSEAL key store must not leave a TLS handshake silently without a client
 * certificate (the JDK's {@code PKIX} key manager asks lazily and skips what it cannot read): it
 * fails {@code load}, before the key managers are set up, or, for a key that may still open with a
 * password given later, is logged at WARN with its cause when a key manager asks for it.
 */
class KeyManagerSetupTest {
    static final String UNSET = "QSEAL_JCA_TEST_VARIABLE_THAT_IS_NEVER_SET";

    static KeyStore load(String refs) throws Exception {
        KeyStore ks = KeyStore.getInstance("QSEAL");
        ks.load(new ByteArrayInputStream(refs.getBytes(StandardCharsets.UTF_8)), null);
        return ks;
    }

    @Test
    void anUnsetPasswordVariableFailsTheLoadAndNamesTheAttributeNotItsValue() {
        Fixtures f = Fixtures.get();
        String ref = "file:" + f.rsaEncryptedKey + "?password-env=" + UNSET + "&cert=" + f.rsaCert;
        IOException e = assertThrows(IOException.class, () -> load(f.ecRef() + "\n" + ref + "\n"));
        // the value of password-env is never echoed: a password typed there by mistake would be shown
        assertTrue(e.getMessage().contains("password-env") && e.getMessage().contains("rsa-encrypted.key.pem"), e.getMessage());
        assertFalse(e.getMessage().contains(UNSET), e.getMessage());
    }

    @Test
    void aMissingKeyFileFailsTheLoad() {
        Fixtures f = Fixtures.get();
        Path missing = f.dir.resolve("no-such-key.pem");
        IOException e = assertThrows(IOException.class, () -> load("file:" + missing + "?cert=" + f.rsaCert));
        assertTrue(e.getMessage().contains("no-such-key.pem") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void aListedKeyThatStillCannotOpenWhenThePkixKeyManagerAsksIsLoggedAtWarnWithTheCause() throws Exception {
        Fixtures f = Fixtures.get();
        // an encrypted key that names no password source may open with the KeyManagerFactory password,
        // so load leaves it; the PKIX key manager then asks without a password
        String ref = "file:" + f.rsaEncryptedKey + "?cert=" + f.rsaCert;
        KeyStore ks = load(ref + "\n");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, null);
        X509KeyManager km = (X509KeyManager) kmf.getKeyManagers()[0];
        assertNull(km.chooseClientAlias(new String[] {"RSA"}, null, null), "no usable client key");

        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"));
        String warn = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("WARN") && l.contains("rsa-encrypted.key.pem") && l.contains("is not offered"))
                .findFirst().orElse("");
        assertTrue(warn.contains("KeyAccessException"), "a WARN line with the cause, got: '" + warn + "'");
        assertFalse(warn.contains(Fixtures.ENCRYPTED_KEY_PASSWORD));
    }
}
