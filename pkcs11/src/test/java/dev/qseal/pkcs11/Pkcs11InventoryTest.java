package dev.qseal.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link Pkcs11Inventory} beside keys of the same process on the same token. */
@ExtendWith(SoftHsmExtension.class)
class Pkcs11InventoryTest {
    private static final String WRONG_PIN = "97531";

    private static void signs(Pkcs11SigningKey key) {
        byte[] msg = {7, 7};
        assertTrue(SignatureAlgorithm.RSA_PKCS1_SHA256.verify(key.publicKey(), msg, key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, msg)));
    }

    @Test
    void listingWithThePinBesideAnOpenKeyNeitherLogsTheKeyOutNorClosesItsSessions(SoftHsmToken t) {
        try (Pkcs11SigningKey key = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.RSA))) {
            signs(key);
            long epoch = key.token().epoch();
            for (int i = 0; i < 5; i++) {
                List<Pkcs11Inventory.Token> tokens = Pkcs11Inventory.list(t.modulePath(), Optional.of(t.label()), t.userPin().toCharArray());
                assertTrue(tokens.get(0).loggedIn);
                assertTrue(tokens.get(0).objects.stream().anyMatch(o -> o.type.equals("private-key")), "private keys listed");
                signs(key);
            }
            assertEquals(epoch, key.token().epoch(), "the key never had to log in again: the listing did not log the process out");
        }
    }

    @Test
    void aWrongPinIsWrongEvenWhileAKeyOfThisProcessIsLoggedInAndIsNotSentToTheToken(SoftHsmToken t) {
        try (Pkcs11SigningKey key = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.RSA))) {
            long refused = key.token().module.ck.refusedPins();
            KeyAccessException e = assertThrows(KeyAccessException.class,
                    () -> Pkcs11Inventory.list(t.modulePath(), Optional.of(t.label()), WRONG_PIN.toCharArray()));
            assertTrue(e.getMessage().contains("wrong PIN"), e.getMessage());
            assertFalse(e.getMessage().contains(WRONG_PIN), e.getMessage());
            assertEquals(refused, key.token().module.ck.refusedPins(), "the wrong PIN was not sent to the token");
            signs(key);
        }
    }

    @Test
    void withoutAPinNoPrivateObjectIsListedEvenWhileAKeyOfThisProcessIsLoggedIn(SoftHsmToken t) {
        try (Pkcs11SigningKey key = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.RSA))) {
            List<Pkcs11Inventory.Token> tokens = Pkcs11Inventory.list(t.modulePath(), Optional.of(t.label()), null);
            assertFalse(tokens.get(0).loggedIn);
            assertFalse(tokens.get(0).objects.isEmpty(), "public objects are listed");
            assertTrue(tokens.get(0).objects.stream().noneMatch(o -> o.type.equals("private-key")), "no private key without a PIN");
            signs(key);
        }
    }

    @Test
    void anAbsurdlyLongAttributeFromTheTokenFailsWithAClearError(SoftHsmToken t, @TempDir Path dir) throws Exception {
        Path value = dir.resolve("data.bin");
        Files.write(value, new byte[] {1, 2, 3});
        String label = "x".repeat(Cryptoki.MAX_LABEL + 1);
        pkcs11Tool(t, "--write-object", value.toString(), "--type", "data", "--label", label);
        try {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> Pkcs11Inventory.list(t.modulePath(), Optional.of(t.auxLabel()), null));
            assertTrue(e.getMessage().contains("CKA_LABEL") && e.getMessage().contains((Cryptoki.MAX_LABEL + 1) + " bytes"),
                    e.getMessage());
        } finally {
            pkcs11Tool(t, "--delete-object", "--type", "data", "--label", label);
        }
        assertFalse(Pkcs11Inventory.list(t.modulePath(), Optional.of(t.auxLabel()), null).get(0).objects.isEmpty());
    }

    private static void pkcs11Tool(SoftHsmToken t, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("pkcs11-tool", "--module", t.modulePath(), "--token-label",
                t.auxLabel(), "--login", "--pin", t.userPin()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("SOFTHSM2_CONF", t.confFile().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pkcs11-tool finished");
        assertEquals(0, p.exitValue(), "pkcs11-tool " + args[0] + ": " + out);
    }
}
