package dev.qseal.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.KeyAccessException;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Several users of one slot in one process: no user closes another's sessions or logs it out. */
@ExtendWith(SoftHsmExtension.class)
class Pkcs11SharedSlotTest {

    private static void signs(Pkcs11SigningKey key, int n) {
        byte[] msg = ByteBuffer.allocate(4).putInt(n).array();
        assertTrue(SignatureAlgorithm.RSA_PKCS1_SHA256.verify(key.publicKey(), msg, key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, msg)));
    }

    /** The same token through a second selector: another pool on the same slot. */
    private static String otherSelector(SoftHsmToken t, Pkcs11SigningKey key) {
        return t.uri(SoftHsmToken.RSA).replace("pkcs11:token=", "pkcs11:slot-id=" + Long.toUnsignedString(key.token().slot()) + ";token=");
    }

    @Test
    void healingOnePoolNeverClosesTheSessionsOfAnotherPoolOnTheSameSlot(SoftHsmToken t) {
        try (Pkcs11SigningKey a = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.RSA));
             Pkcs11SigningKey b = (Pkcs11SigningKey) KeySources.open(otherSelector(t, a))) {
            assertNotSame(a.token(), b.token());
            signs(a, 1);
            signs(b, 1);
            long epochB = b.token().epoch();
            a.token().heal(a.token().epoch(), "test");
            signs(a, 2);
            signs(b, 2);
            assertEquals(epochB, b.token().epoch(), "b's sessions survived a's heal");
        }
    }

    @Test
    void closingOnePoolDoesNotLogOutAnotherPoolOnTheSameSlot(SoftHsmToken t) {
        try (Pkcs11SigningKey a = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.RSA))) {
            signs(a, 1);
            long epoch = a.token().epoch();
            for (int i = 0; i < 3; i++) {
                try (Pkcs11SigningKey b = (Pkcs11SigningKey) KeySources.open(otherSelector(t, a))) {
                    signs(b, i);
                }
                signs(a, i);
            }
            assertEquals(epoch, a.token().epoch(), "a was never logged out by b's close");
        }
    }

    @Test
    void aSecondSelectorWithAWrongPinIsRefusedWithoutAskingTheToken(SoftHsmToken t) {
        try (Pkcs11SigningKey a = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.RSA))) {
            long refused = a.token().module.ck.refusedPins();
            String wrong = otherSelector(t, a).replace("pin-value=" + t.userPin(), "pin-value=4321");
            KeyAccessException e = assertThrows(KeyAccessException.class, () -> KeySources.open(wrong));
            assertTrue(e.getMessage().contains("wrong PIN"), e.getMessage());
            assertEquals(refused, a.token().module.ck.refusedPins());
            signs(a, 1);
        }
    }

    @Test
    void openingAndClosingTheSameKeyOnManyThreadsNeverHealsAndNeverSendsAWrongPin(SoftHsmToken t) throws Exception {
        String uri = t.uri(SoftHsmToken.RSA);
        long refused;
        try (Pkcs11SigningKey probe = (Pkcs11SigningKey) KeySources.open(uri)) {
            refused = probe.token().module.ck.refusedPins();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int th = 0; th < 4; th++) {
                results.add(pool.submit(() -> {
                    int healed = 0;
                    for (int i = 0; i < 30; i++) {
                        try (Pkcs11SigningKey key = (Pkcs11SigningKey) KeySources.open(uri)) {
                            signs(key, i);
                            healed += key.token().epoch() == 0 ? 0 : 1;
                        }
                    }
                    return healed;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(0, f.get(), "a key was logged out behind its back by another key's close");
            }
        } finally {
            pool.shutdownNow();
        }
        try (Pkcs11SigningKey probe = (Pkcs11SigningKey) KeySources.open(uri)) {
            assertEquals(refused, probe.token().module.ck.refusedPins(), "no C_Login was refused: no PIN retry used");
            signs(probe, 0);
        }
    }

    @Test
    void anOversizedPinSourceFileIsRefusedBeforeItIsRead(SoftHsmToken t, @TempDir Path dir) throws Exception {
        Path pin = dir.resolve("pin");
        Files.write(pin, new byte[Pkcs11Uri.MAX_PIN_FILE + 1]);
        // refused as any secret file over the limit (core's Secrets), named by its attribute, never by its path
        dev.qseal.core.QsealException e = assertThrows(dev.qseal.core.QsealException.class,
                () -> KeySources.open(t.uri(SoftHsmToken.RSA).replace("pin-value=" + t.userPin(), "pin-source=" + pin)));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }
}
