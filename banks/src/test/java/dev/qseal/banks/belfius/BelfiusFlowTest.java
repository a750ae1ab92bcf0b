package dev.qseal.banks.belfius;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.banks.BankRejectedException;
import dev.qseal.banks.ExchangeRecorder;
import dev.qseal.banks.FlowOptions;
import dev.qseal.banks.Sandbox;
import dev.qseal.banks.TppCredentials;
import dev.qseal.banks.internal.BankHttp;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.DigestLabel;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.core.profile.Profiles;
import dev.qseal.simulators.Observation;
import dev.qseal.simulators.belfius.BelfiusSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BelfiusFlowTest {
    static final Sandbox S = Sandbox.get();
    static final String TPP_ID = "62f02718-eeee-46e1-b5eb-e8fd6e799c2e";
    static final String CLIENT_ID = "4df63778-1295-11ea-8d71-362b9e155667";

    @Test
    void signedFirstCallThenUnsignedSessionEndpoint() {
        try (BelfiusSimulator sim = new BelfiusSimulator(S.setup(Clock.systemUTC()), TPP_ID, CLIENT_ID)) {
            BelfiusClient belfius = BelfiusClient.create(S.credentials(), sim.baseUri(), TPP_ID, CLIENT_ID, FlowOptions.defaults());
            BelfiusSession session = belfius.openSession("12345");
            String page = belfius.customerInterface(session);
            assertTrue(page.contains("Belfius Direct Net"), page);
            List<Observation> seen = sim.drainObservations();
            assertEquals(List.of(201, 200), seen.stream().map(Observation::status).toList());
            assertTrue(seen.get(1).checks().contains("no HTTP signature on the session endpoint"), seen.toString());
        }
    }

    @Test
    void skewedClockIsRefusedWithTheBanksErrorBody() {
        try (BelfiusSimulator sim = new BelfiusSimulator(S.setup(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5))), TPP_ID, CLIENT_ID)) {
            BelfiusClient belfius = BelfiusClient.create(S.credentials(), sim.baseUri(), TPP_ID, CLIENT_ID, FlowOptions.defaults());
            BankRejectedException e = assertThrows(BankRejectedException.class, () -> belfius.openSession("12345"));
            assertEquals(401, e.status());
            assertEquals("Belfius", e.bank());
            assertEquals("signed first call", e.step());
            assertEquals(Optional.of("invalid_date"), e.errorCode());
        }
    }

    @Test
    void aTamperedSignedHeaderGives401NamingBankAndStep() {
        try (BelfiusSimulator sim = new BelfiusSimulator(S.setup(Clock.systemUTC()), TPP_ID, CLIENT_ID)) {
            HttpRequest sealed = BankProfiles.BELFIUS.signer(S.sealKey()).keyId(TPP_ID).build().sign(request()).request();
            HttpRequest tampered = sealed.toBuilder().removeHeader("Request-ID").header("Request-ID", "2323enkjdgdgjd").build();
            BankRejectedException e = assertThrows(BankRejectedException.class, () -> send(sim, "signed first call", tampered));
            assertEquals(401, e.status());
            assertEquals(Optional.of("invalid_signature"), e.errorCode());
            assertTrue(e.getMessage().startsWith("Belfius, signed first call: the bank answered 401"), e.getMessage());
            assertTrue(e.getMessage().contains("SIGNATURE_MISMATCH"), e.getMessage());
        }
    }

    @Test
    void anotherDigestLabelIsRefusedNamingTheExpectedOne() {
        try (BelfiusSimulator sim = new BelfiusSimulator(S.setup(Clock.systemUTC()), TPP_ID, CLIENT_ID)) {
            HttpRequest sealed = Profiles.BELFIUS.toBuilder().digest(DigestAlgorithm.SHA_256, DigestLabel.NO_HYPHEN).build()
                    .signer(S.sealKey()).keyId(TPP_ID).build().sign(request()).request();
            BankRejectedException e = assertThrows(BankRejectedException.class, () -> send(sim, "signed first call", sealed));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("expected the digest label SHA-256= but got SHA256="), e.getMessage());
        }
    }

    @Test
    void aMissingMandatoryHeaderIsRefused() {
        try (BelfiusSimulator sim = new BelfiusSimulator(S.setup(Clock.systemUTC()), TPP_ID, CLIENT_ID)) {
            HttpRequest noClientId = BankProfiles.BELFIUS.signer(S.sealKey()).keyId(TPP_ID).build().sign(request()).request()
                    .toBuilder().removeHeader("Client-Id").build();
            BankRejectedException e = assertThrows(BankRejectedException.class, () -> send(sim, "signed first call", noClientId));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("Client-Id header is mandatory"), e.getMessage());
        }
    }

    private static HttpRequest request() {
        return HttpRequest.builder("POST", BelfiusSimulator.SESSIONS)
                .header("Content-Type", "application/json")
                .header("Client-Id", CLIENT_ID)
                .body("{\"data\":{\"type\":\"sample-token\",\"attributes\":{\"appReference\":\"12345\"}}}".getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static void send(BelfiusSimulator sim, String step, HttpRequest r) {
        TppCredentials tpp = S.credentials();
        BankHttp http = new BankHttp("Belfius", ExchangeRecorder.NONE, Duration.ofSeconds(10));
        http.expectJson(step, http.send(step, tpp.mutualTlsClient(), sim.baseUri(), r, Optional.empty()), 201);
    }
}
