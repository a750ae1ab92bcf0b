package dev.qseal.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.QsealException;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SoftHsmExtension.class)
class Pkcs11HealingTest {

    @Test
    void aLogoutBehindTheKeysBackIsHealedByLoggingInAgain(SoftHsmToken t) throws Exception {
        try (Pkcs11SigningKey key = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.RSA))) {
            key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, new byte[] {1});
            long epoch = key.token().epoch();
            Pkcs11Token token = key.token();
            token.withSession((ck, session, e) -> {
                ck.logout(session); // the whole application is logged out: CKR_USER_NOT_LOGGED_IN next
                return null;
            });
            byte[] sig = key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, new byte[] {2});
            assertTrue(SignatureAlgorithm.RSA_PKCS1_SHA256.verify(key.publicKey(), new byte[] {2}, sig));
            assertEquals(epoch + 1, key.token().epoch(), "healed exactly once");
        }
    }

    @Test
    void theTokenDeletedAndRecreatedWhileThreadsSignRecoversWithoutARestart(SoftHsmToken t) throws Exception {
        try (Pkcs11SigningKey rsa = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.RSA));
             Pkcs11SigningKey ec = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.EC))) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger good = new AtomicInteger();
            AtomicInteger unavailable = new AtomicInteger();
            AtomicInteger goodAfter = new AtomicInteger();
            AtomicBoolean recreated = new AtomicBoolean();
            ConcurrentHashMap<String, Throwable> unexpected = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                final int n = i;
                final Pkcs11SigningKey key = i % 2 == 0 ? rsa : ec;
                final SignatureAlgorithm alg = i % 2 == 0 ? SignatureAlgorithm.RSA_PKCS1_SHA256 : SignatureAlgorithm.ECDSA_P256_SHA256_RAW;
                Thread th = new Thread(() -> {
                    for (int j = 0; !stop.get(); j++) {
                        byte[] msg = ByteBuffer.allocate(8).putInt(n).putInt(j).array();
                        try {
                            byte[] sig = key.sign(alg, msg);
                            if (!alg.verify(key.publicKey(), msg, sig)) {
                                unexpected.put("bad signature " + n + "/" + j, new AssertionError());
                                return;
                            }
                            good.incrementAndGet();
                            if (recreated.get()) {
                                goodAfter.incrementAndGet();
                            }
                        } catch (BackendUnavailableException | KeyNotFoundException e) {
                            unavailable.incrementAndGet(); // the token is away: a clear failure, never a wrong signature
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException ie) {
                                return;
                            }
                        } catch (QsealException | IllegalStateException e) {
                            unexpected.put(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                            return;
                        }
                    }
                }, "signer-" + i);
                threads.add(th);
                th.start();
            }
            Thread.sleep(500);
            int before = good.get();
            t.recreate();
            recreated.set(true);
            long deadline = System.currentTimeMillis() + 20_000;
            while (goodAfter.get() < 200 && System.currentTimeMillis() < deadline && unexpected.isEmpty()) {
                Thread.sleep(50);
            }
            stop.set(true);
            for (Thread th : threads) {
                th.join(10_000);
            }
            if (!unexpected.isEmpty()) {
                fail("unexpected failures: " + unexpected.keySet());
            }
            assertTrue(before > 0, "signed before the reset");
            assertTrue(goodAfter.get() >= 200, "signs again after the token came back: " + goodAfter.get()
                    + " (unavailable meanwhile: " + unavailable.get() + ")");
            // and a fresh signature on the main thread, with no restart
            assertTrue(SignatureAlgorithm.RSA_PKCS1_SHA256.verify(rsa.publicKey(), new byte[] {9},
                    rsa.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, new byte[] {9})));
        }
    }
}
