package dev.qseal.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PKCS#11 fault campaign: everything that went wrong together once, at the same time, on a real
 * SoftHSM2 token. Eight signers share a pool of two sessions (session exhaustion) on two keys of one
 * token, while an inventory lists the token over and over with the right PIN, a wrong PIN and no
 * PIN, and the token is deleted and created again twice.
 *
 * <p>Asserted: no crash (this class runs in a JVM of its own, see the pom: a SIGSEGV fails the
 * build as a lost fork), every signature verifies with the certificate's key, signing recovers
 * after each re-creation within a bound, and the token refused no PIN that qseal sent on its own:
 * the only refused logins are the inventory's wrong PINs that had to reach the token (no key was
 * logged in to check them against). Afterwards a fresh login with the right PIN works.
 */
@ExtendWith(SoftHsmExtension.class)
class Pkcs11FaultCampaignTest {
    private static final int SIGNERS = 8;
    private static final int ROUNDS = 2;
    /** How long signing may take to come back after the token was re-created (generous: CI machines are slow). */
    private static final long RECOVERY_BOUND_MS = 30_000;
    private static final String WRONG_PIN = "000000";

    @Test
    void signersInventoryWrongPinsAndTokenRecreationTogetherNeverCrashNeverMisSignAndRecover(SoftHsmToken t) throws Exception {
        String pool = "max-sessions=2&wait-ms=20000";
        try (Pkcs11SigningKey rsa = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.RSA, pool));
             Pkcs11SigningKey ec = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.EC, pool))) {
            assertEquals(2, rsa.maxSessions(), "a pool smaller than the signers");
            PublicKey rsaPub = TestKeys.certificate(t.certFile(SoftHsmToken.RSA)).getPublicKey();
            PublicKey ecPub = TestKeys.certificate(t.certFile(SoftHsmToken.EC)).getPublicKey();
            Cryptoki ck = rsa.token().module.ck;
            long refusedBefore = ck.refusedPins();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong good = new AtomicLong();
            AtomicLong unavailable = new AtomicLong();
            AtomicLong listings = new AtomicLong();
            AtomicLong wrongPinsSentToToken = new AtomicLong();
            Map<String, Throwable> unexpected = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < SIGNERS; i++) {
                final int n = i;
                final boolean useRsa = i % 2 == 0;
                threads.add(new Thread(() -> {
                    Pkcs11SigningKey key = useRsa ? rsa : ec;
                    PublicKey pub = useRsa ? rsaPub : ecPub;
                    SignatureAlgorithm alg = useRsa ? SignatureAlgorithm.RSA_PSS_SHA256 : SignatureAlgorithm.ECDSA_P256_SHA256;
                    for (int j = 0; !stop.get(); j++) {
                        byte[] msg = ByteBuffer.allocate(8).putInt(n).putInt(j).array();
                        try {
                            byte[] sig = key.sign(alg, msg);
                            if (!alg.verify(pub, msg, sig)) {
                                unexpected.put("signature " + n + "/" + j + " does not verify", new AssertionError());
                                return;
                            }
                            good.incrementAndGet();
                        } catch (BackendUnavailableException e) {
                            unavailable.incrementAndGet(); // the token is away: a clear, retryable failure
                            pause(20);
                        } catch (RuntimeException e) {
                            unexpected.put("signer " + n + ": " + e, e);
                            return;
                        }
                    }
                }, "signer-" + i));
            }
            threads.add(new Thread(() -> {
                while (!stop.get()) {
                    try {
                        Pkcs11Inventory.Token tok = Pkcs11Inventory.list(t.modulePath(), Optional.of(t.label()), t.userPin().toCharArray()).get(0);
                        if (!tok.loggedIn) {
                            unexpected.put("the right PIN did not log the inventory in", new AssertionError());
                        }
                        listings.incrementAndGet();
                    } catch (BackendUnavailableException | IndexOutOfBoundsException e) {
                        pause(20); // the token is away
                    } catch (RuntimeException e) {
                        unexpected.put("inventory with the right PIN: " + e, e);
                    }
                    try {
                        if (!Pkcs11Inventory.list(t.modulePath(), Optional.of(t.label()), WRONG_PIN.toCharArray()).isEmpty()) {
                            unexpected.put("a wrong PIN listed the token", new AssertionError());
                        } // else the token is away for the moment
                    } catch (KeyAccessException e) {
                        if (e.getMessage().contains("CKR_PIN_INCORRECT")) {
                            wrongPinsSentToToken.incrementAndGet(); // no key was logged in to check it against
                        }
                    } catch (BackendUnavailableException e) {
                        pause(20);
                    } catch (RuntimeException e) {
                        unexpected.put("inventory with a wrong PIN: " + e, e);
                    }
                    try {
                        for (Pkcs11Inventory.Token tok : Pkcs11Inventory.list(t.modulePath(), Optional.of(t.label()), null)) {
                            if (tok.objects.stream().anyMatch(o -> o.type.equals("private-key"))) {
                                unexpected.put("private keys listed without a PIN", new AssertionError());
                            }
                        }
                    } catch (BackendUnavailableException e) {
                        pause(20);
                    } catch (RuntimeException e) {
                        unexpected.put("inventory without a PIN: " + e, e);
                    }
                }
            }, "inventory"));
            threads.forEach(Thread::start);
            try {
                waitFor(() -> good.get() >= 200 && listings.get() >= 3, RECOVERY_BOUND_MS, "signing and listing before any fault");
                for (int round = 1; round <= ROUNDS && unexpected.isEmpty(); round++) {
                    t.recreate();
                    long after = good.get();
                    long listed = listings.get();
                    waitFor(() -> good.get() >= after + 200 && listings.get() > listed, RECOVERY_BOUND_MS,
                            "signing and listing again after re-creation " + round);
                }
            } finally {
                stop.set(true);
                for (Thread th : threads) {
                    th.join(30_000);
                }
            }
            if (!unexpected.isEmpty()) {
                fail("unexpected: " + unexpected.keySet());
            }
            assertEquals(wrongPinsSentToToken.get(), ck.refusedPins() - refusedBefore,
                    "the token refused no PIN but the wrong ones the inventory had to send it (none burnt by qseal)");
            // the PIN is not locked or low on retries, and a fresh login with it works
            rsa.token().module.enter();
            try {
                long flags = ck.tokenInfo(rsa.token().slot()).flags;
                assertEquals(0, flags & (Cryptoki.CKF_USER_PIN_LOCKED | Cryptoki.CKF_USER_PIN_FINAL_TRY), "PIN flags " + Long.toHexString(flags));
            } finally {
                rsa.token().module.exit();
            }
        }
        try (Pkcs11SigningKey fresh = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.RSA))) {
            byte[] msg = {1, 2, 3};
            assertTrue(SignatureAlgorithm.RSA_PKCS1_SHA256.verify(fresh.publicKey(), msg, fresh.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, msg)));
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Condition {
        boolean holds();
    }

    private static void waitFor(Condition c, long boundMs, String what) throws InterruptedException {
        long deadline = System.nanoTime() + boundMs * 1_000_000;
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + boundMs + " ms");
            }
            Thread.sleep(50);
        }
    }
}
