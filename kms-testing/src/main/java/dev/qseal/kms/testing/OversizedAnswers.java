package dev.qseal.kms.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.remote.RemoteCallException;
import dev.qseal.core.key.remote.RemoteResponses;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/** The answer bound as every vendor module must show it against its stand-in's {@code padding} switch. */
public final class OversizedAnswers {
    private static final byte[] DATA = "an answer-bound check".getBytes(StandardCharsets.UTF_8);

    private OversizedAnswers() {
    }

    /**
     * With {@code key} (a P-256 key whose public key is {@code publicKey}): a padded but small answer is read as
     * usual; an answer at the bound fails at once (one sign call, no retry, within 10 s) with a message that names
     * the bound and none of {@code secrets}. Leaves the padding at the bound.
     */
    public static void assertFinalAndBounded(SigningKey key, PublicKey publicKey, IntConsumer padding, IntSupplier signCalls,
            String... secrets) {
        padding.accept(4096); // valid JSON: a small padding is read as usual
        assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(publicKey, DATA, key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
        padding.accept(RemoteResponses.MAX_BYTES);
        int before = signCalls.getAsInt();
        BackendUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThrows(BackendUnavailableException.class, () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
        assertTrue(e.getMessage().contains("larger than 256 KiB"), e.getMessage());
        assertFalse(e instanceof RemoteCallException, "a broken endpoint is not retried: " + e);
        assertEquals(1, signCalls.getAsInt() - before);
        for (String secret : secrets) {
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
    }
}
