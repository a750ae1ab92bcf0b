package dev.qseal.core.profile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.KeyAccessException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProfileSignerCertificateValidityTest {
    private static final Clock LONG_AFTER = Clock.fixed(Instant.now().plusSeconds(20L * 365 * 86_400), ZoneOffset.UTC);

    @Test
    void everyProfileRefusesToSignWithAnExpiredCertificateByDefault() {
        for (BankProfile profile : BankProfiles.all().values()) {
            KeyAccessException e = assertThrows(KeyAccessException.class, () -> profile.signer(BankProfileSeamTest.KEY)
                    .clock(LONG_AFTER).keyId("tpp-1").build().sign(withClientId()), profile.name());
            assertTrue(e.getMessage().contains("expired"), e.getMessage());
        }
    }

    @Test
    void theNamedOptOutSignsAnyway() {
        for (BankProfile profile : BankProfiles.all().values()) {
            assertFalse(profile.signer(BankProfileSeamTest.KEY).clock(LONG_AFTER).keyId("tpp-1").allowInvalidCertificate()
                    .build().sign(withClientId()).signatureHeaders().isEmpty(), profile.name());
        }
    }

    private static dev.qseal.core.http.HttpRequest withClientId() {
        return BankProfileSeamTest.request().toBuilder().header("Client-Id", "client-1").build();
    }
}
