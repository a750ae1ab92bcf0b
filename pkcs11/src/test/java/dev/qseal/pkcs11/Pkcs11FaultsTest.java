package dev.qseal.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.QsealException;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SoftHsmExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Pkcs11FaultsTest {
    /** A PIN that must never show up in any message or log line. */
    private static final String WRONG_PIN = "864209753";

    private static void assertNoPin(Throwable e, String pin) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(pin), "PIN in message: " + t.getMessage());
            assertFalse(String.valueOf(t).contains(pin), "PIN in toString: " + t);
        }
    }

    @Test
    @Order(1)
    void aWrongPinFailsFastWithKeyAccessAndNeverLocksTheToken(SoftHsmToken t) {
        String uri = t.uri(t.auxLabel(), SoftHsmToken.RSA, "").replace("pin-value=" + t.userPin(), "pin-value=" + WRONG_PIN);
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> KeySources.open(uri));
        assertTrue(e.getMessage().contains("wrong PIN") && e.getMessage().contains(t.auxLabel()), e.getMessage());
        assertNoPin(e, WRONG_PIN);
        // one attempt only: the right PIN still works afterwards
        try (SigningKey key = KeySources.open(t.uri(t.auxLabel(), SoftHsmToken.RSA, ""))) {
            assertTrue(SignatureAlgorithm.RSA_PKCS1_SHA256.verify(key.publicKey(), new byte[] {1}, key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, new byte[] {1})));
        }
    }

    @Test
    @Order(2)
    void aDifferentPinForATokenThisProcessIsLoggedInToIsRefused(SoftHsmToken t) {
        try (SigningKey open = KeySources.open(t.uri(SoftHsmToken.RSA))) {
            String uri = t.uri(SoftHsmToken.EC).replace("pin-value=" + t.userPin(), "pin-value=" + WRONG_PIN);
            KeyAccessException e = assertThrows(KeyAccessException.class, () -> KeySources.open(uri));
            assertNoPin(e, WRONG_PIN);
            open.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, new byte[] {2});
        }
    }

    @Test
    void aReferenceWithoutAPinSaysNotLoggedInRatherThanNoSuchKey(SoftHsmToken t) {
        String noPin = t.uri(t.auxLabel(), SoftHsmToken.RSA, "").replace("&pin-value=" + t.userPin(), "");
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> KeySources.open(noPin));
        assertTrue(e.getMessage().contains("not logged in") && e.getMessage().contains("no PIN"), e.getMessage());
        assertFalse(e.getMessage().contains("--"), "no CLI flag in a library message: " + e.getMessage());
    }

    @Test
    void aMissingObjectIsKeyNotFoundNamingIt(SoftHsmToken t) {
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class, () -> KeySources.open(t.uri("no-such-key")));
        assertTrue(e.getMessage().contains("no-such-key"), e.getMessage());
        assertFalse(e.getMessage().contains("--"), "no CLI flag in a library message: " + e.getMessage());
        assertNoPin(e, t.userPin());
    }

    @Test
    void anUnknownTokenIsKeyNotFoundListingTheTokens(SoftHsmToken t) {
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class,
                () -> KeySources.open(t.uri("nosuchtoken", SoftHsmToken.RSA, "")));
        assertTrue(e.getMessage().contains("nosuchtoken") && e.getMessage().contains("'" + t.label() + "'"), e.getMessage());
    }

    @Test
    void aMissingModuleFileIsKeyNotFoundNamingThePath(SoftHsmToken t) {
        String uri = t.uri(SoftHsmToken.RSA).replace(t.modulePath(), "/nonexistent/libpkcs11.so");
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class, () -> KeySources.open(uri));
        assertTrue(e.getMessage().contains("/nonexistent/libpkcs11.so"), e.getMessage());
    }

    @Test
    void aModuleThatIsNotAPkcs11LibraryIsBadInput(SoftHsmToken t, @TempDir Path dir) throws Exception {
        Path text = dir.resolve("not-a-library.so");
        Files.write(text, "this is not an ELF file".getBytes(StandardCharsets.UTF_8));
        BadInputException e1 = assertThrows(BadInputException.class,
                () -> KeySources.open(t.uri(SoftHsmToken.RSA).replace(t.modulePath(), text.toString())));
        assertTrue(e1.getMessage().contains("not a PKCS#11 module"), e1.getMessage());
        // a real shared library, but not a PKCS#11 one
        Path libz = Paths.get(System.getProperty("java.home"), "lib", "libzip.so");
        assertTrue(Files.isRegularFile(libz), libz + " exists");
        BadInputException e2 = assertThrows(BadInputException.class,
                () -> KeySources.open(t.uri(SoftHsmToken.RSA).replace(t.modulePath(), libz.toString())));
        assertTrue(e2.getMessage().contains("not a PKCS#11 module") && e2.getMessage().contains("C_GetFunctionList"), e2.getMessage());
    }

    @Test
    void aCertificateThatDoesNotBelongToTheKeyIsBadInput(SoftHsmToken t) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> KeySources.open(t.uri(SoftHsmToken.RSA_NO_CERT, "cert=" + t.certFile(SoftHsmToken.RSA))));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
        // also for a key with no public key object, where only a test signature can tell
        BadInputException bare = assertThrows(BadInputException.class,
                () -> KeySources.open(t.uri(SoftHsmToken.RSA_BARE, "cert=" + t.certFile(SoftHsmToken.RSA))));
        assertTrue(bare.getMessage().contains("does not belong"), bare.getMessage());
        assertThrows(KeyNotFoundException.class,
                () -> KeySources.open(t.uri(SoftHsmToken.RSA_NO_CERT, "cert=/nonexistent/cert.pem")));
    }

    @Test
    void aMalformedReferenceIsBadInput(SoftHsmToken t) {
        assertThrows(BadInputException.class, () -> KeySources.open("pkcs11:token=qseal;object"));
        assertThrows(BadInputException.class, () -> KeySources.open("pkcs11:object=x?module-path=" + t.modulePath()));
    }

    @Test
    @Order(100)
    void noPinAppearsInTheLog(SoftHsmToken t) throws Exception {
        Path log = Paths.get(System.getProperty("org.slf4j.simpleLogger.logFile", "target/pkcs11-test.log"));
        if (Files.exists(log)) {
            String text = Files.readString(log);
            assertFalse(text.contains(WRONG_PIN), "the wrong PIN is in the log");
            assertFalse(text.contains("pin-value=" + t.userPin()), "a PIN is in the log");
            assertTrue(text.contains("DEBUG"), "the log is written at debug level, so this check means something");
        }
    }

    @Test
    void everyFailureIsAQsealException(SoftHsmToken t) {
        QsealException e = assertThrows(QsealException.class, () -> KeySources.open(t.uri(SoftHsmToken.RSA).replace("type=private", "type=cert")));
        assertEquals(BadInputException.class, e.getClass());
    }
}
