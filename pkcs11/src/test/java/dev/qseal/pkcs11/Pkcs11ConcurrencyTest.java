package dev.qseal.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SoftHsmExtension.class)
class Pkcs11ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 200;

    private static int run(Pkcs11SigningKey key, SignatureAlgorithm alg) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int thread = t;
                results.add(pool.submit((Callable<Integer>) () -> {
                    int ok = 0;
                    for (int i = 0; i < PER_THREAD; i++) {
                        byte[] msg = ByteBuffer.allocate(8).putInt(thread).putInt(i).array();
                        byte[] sig = key.sign(alg, msg);
                        if (!alg.verify(key.publicKey(), msg, sig)) {
                            throw new AssertionError("signature " + thread + "/" + i + " does not verify");
                        }
                        ok++;
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eightThreadsSignThousandsAndEverySignatureVerifies(SoftHsmToken t) throws Exception {
        try (Pkcs11SigningKey key = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.EC))) {
            assertEquals(THREADS * PER_THREAD, run(key, SignatureAlgorithm.ECDSA_P256_SHA256));
            assertTrue(key.openSessions() <= key.maxSessions(), key.openSessions() + " sessions open");
        }
    }

    @Test
    void moreSignersThanSessionsWaitInsteadOfFailingAndNoSessionIsOpenedTwice(SoftHsmToken t) throws Exception {
        try (Pkcs11SigningKey key = (Pkcs11SigningKey) KeySources.open(t.uri(t.auxLabel(), SoftHsmToken.RSA, "max-sessions=3"))) {
            long before = key.token().sessionsOpened();
            assertEquals(3, key.maxSessions());
            assertEquals(THREADS * PER_THREAD, run(key, SignatureAlgorithm.RSA_PSS_SHA256));
            assertTrue(key.openSessions() <= 3, key.openSessions() + " sessions open");
            assertTrue(key.token().sessionsOpened() - before <= 3,
                    "no session churn: " + (key.token().sessionsOpened() - before) + " sessions opened for " + THREADS * PER_THREAD + " signatures");
        }
    }
}
