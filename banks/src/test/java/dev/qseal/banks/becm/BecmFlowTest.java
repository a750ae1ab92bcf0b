package dev.qseal.banks.becm;

import dev.qseal.banks.PaymentAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.banks.AccessToken;
import dev.qseal.banks.BankRejectedException;
import dev.qseal.banks.ExchangeRecorder;
import dev.qseal.banks.FlowOptions;
import dev.qseal.banks.Sandbox;
import dev.qseal.banks.internal.BankHttp;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.profile.Profiles;
import dev.qseal.simulators.Observation;
import dev.qseal.simulators.becm.BecmSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BecmFlowTest {
    static final Sandbox S = Sandbox.get();
    static final String KID = "a1b2c3d4-kid";
    static final String X5U = "https://tpp.example.com/qsealc.pem";

    private static AccessToken token(BecmSimulator sim) {
        return new AccessToken(sim.issueAccessToken(), Instant.now().plusSeconds(900), "aisp", Optional.empty());
    }

    private static Map<String, String> psu() {
        Map<String, String> psu = new LinkedHashMap<>();
        psu.put("PSU-IP-Address", "192.0.2.10");
        psu.put("PSU-User-Agent", "Mozilla/5.0");
        return psu;
    }

    @Test
    void consentsAndAccountsWithKidAndWithX5u() {
        try (BecmSimulator sim = new BecmSimulator(S.setup(Clock.systemUTC()), KID, X5U)) {
            BecmClient becm = BecmClient.create(S.credentials(), sim.baseUri(), KID, FlowOptions.defaults());
            AccessToken t = token(sim);
            becm.consents(t, List.of("FR7630006000011234567890189"), psu());
            List<PaymentAccount> accounts = becm.accounts(t, psu());
            assertEquals("FR7630006000011234567890189", accounts.get(0).iban());
            assertEquals(1, BecmClient.create(S.credentials(), sim.baseUri(), X5U, FlowOptions.defaults()).accounts(t, Map.of()).size());
            List<Observation> seen = sim.drainObservations();
            assertTrue(seen.get(0).checks().stream().anyMatch(c -> c.contains("content-type digest")), seen.toString());
        }
    }

    @Test
    void anUnregisteredKeyIdIsRefused() {
        try (BecmSimulator sim = new BecmSimulator(S.setup(Clock.systemUTC()), KID, X5U)) {
            BankRejectedException e = assertThrows(BankRejectedException.class,
                    () -> BecmClient.create(S.credentials(), sim.baseUri(), "other", FlowOptions.defaults()).accounts(token(sim), Map.of()));
            assertEquals(401, e.status());
            assertEquals("accounts (STET AIS)", e.step());
        }
    }

    @Test
    void draft12FeaturesAndOtherAlgorithmsAndDigestsAreRefused() {
        try (BecmSimulator sim = new BecmSimulator(S.setup(Clock.systemUTC()), KID, X5U)) {
            String host = "127.0.0.1:" + sim.port();
            HttpRequest base = HttpRequest.builder("GET", BecmSimulator.ACCOUNTS).header("Host", host)
                    .header("Accept", "application/json").header("User-Agent", "test")
                    .header("Authorization", "Bearer " + sim.issueAccessToken()).header("X-Request-ID", "r1").build();
            HttpRequest created = Profiles.BECM.signer(S.sealKey()).keyId(KID)
                    .headers(List.of("(request-target)", "(created)", "host", "date", "x-request-id")).build().sign(base).request();
            assertTrue(rejected(sim, created).getMessage().contains("draft-cavage 11+"));
            HttpRequest hs2019 = Profiles.BECM.signer(S.sealKey()).keyId(KID).algorithmName("hs2019").build().sign(base).request();
            assertTrue(rejected(sim, hs2019).getMessage().contains("only the rsa-sha256"));
            HttpRequest sha512 = Profiles.BECM.signer(S.sealKey()).keyId(KID).build().sign(base.toBuilder()
                    .header("Digest", "SHA-512=z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==").build()).request();
            BankRejectedException e = rejected(sim, sha512);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("only the SHA-256 digest method"), e.getMessage());
        }
    }

    @Test
    void aMissingRequiredHeaderIsRefused() {
        try (BecmSimulator sim = new BecmSimulator(S.setup(Clock.systemUTC()), KID, X5U)) {
            HttpRequest noRequestId = HttpRequest.builder("GET", BecmSimulator.ACCOUNTS).header("Host", "127.0.0.1:" + sim.port())
                    .header("Accept", "application/json").header("User-Agent", "test")
                    .header("Authorization", "Bearer " + sim.issueAccessToken()).build();
            HttpRequest sealed = Profiles.BECM.signer(S.sealKey()).keyId(KID).headers(List.of("(request-target)", "host", "date"))
                    .build().sign(noRequestId).request().toBuilder().removeHeader("X-Request-ID").build();
            BankRejectedException e = rejected(sim, sealed);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("X-Request-ID header is required"), e.getMessage());
        }
    }

    private static BankRejectedException rejected(BecmSimulator sim, HttpRequest r) {
        BankHttp http = new BankHttp("Banque Europeenne Credit Mutuel", ExchangeRecorder.NONE, Duration.ofSeconds(10));
        return assertThrows(BankRejectedException.class,
                () -> http.expectJson("accounts", http.send("accounts", S.credentials().mutualTlsClient(), sim.baseUri(), r, Optional.empty()), 200));
    }
}
