package dev.qseal.banks.ing;

import dev.qseal.banks.PaymentAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.banks.AccessToken;
import dev.qseal.banks.BankConnectionException;
import dev.qseal.banks.BankRejectedException;
import dev.qseal.banks.Exchange;
import dev.qseal.banks.FlowOptions;
import dev.qseal.banks.Sandbox;
import dev.qseal.banks.TppCredentials;
import dev.qseal.core.BadInputException;
import dev.qseal.simulators.ing.IngSimulator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IngFlowTest {
    static final Sandbox S = Sandbox.get();

    private static IngClient client(TppCredentials tpp, IngSimulator sim, FlowOptions options) {
        return IngClient.create(tpp, sim.baseUri(), sim.authorizationBaseUri(), options);
    }

    private static long tokenRequests(IngSimulator sim) {
        return sim.drainObservations().stream().filter(o -> o.target().equals("/oauth2/token")).count();
    }

    @Test
    void wholeFlowRunsEndToEndOverMutualTls() throws Exception {
        List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
        try (IngSimulator sim = new IngSimulator(S.setup(Clock.systemUTC()))) {
            TppCredentials tpp = S.credentials();
            IngClient ing = client(tpp, sim, FlowOptions.builder().recorder(exchanges::add).build());

            IngApplication onboarded = ing.onboard("ops@tpp.example.com", List.of(URI.create("https://tpp.example.com/cb")));
            assertFalse(onboarded.clientId().isEmpty());
            AccessToken mtls = ing.mtlsToken(onboarded.clientId());
            assertEquals(onboarded.clientId(), ing.application(mtls).clientId());
            IngApplication updated = ing.updateApplication(mtls, onboarded.clientId(), "new@tpp.example.com",
                    List.of(URI.create("https://tpp.example.com/cb"), URI.create("https://tpp.example.com/cb2")));
            assertEquals(2, updated.redirectUris().size());

            IngApplicationToken app = ing.applicationToken();
            assertEquals(onboarded.clientId(), app.clientId(), "the newest registration of the QSealC answers");
            URI redirect = URI.create("https://tpp.example.com/cb2");
            String state = "abc=%#;,+/_ 123";
            URI authorize = ing.authorizationUrl(Optional.of("NL"), List.of("payment-accounts:balances:view",
                    "payment-accounts:transactions:view"), state, Optional.of(redirect));
            assertTrue(authorize.toString().contains("/authorize/v2/NL?client_id="), authorize.toString());
            assertTrue(authorize.toString().contains("scope=payment-accounts%3Abalances%3Aview+payment-accounts"), authorize.toString());
            HttpResponse<Void> consent = tpp.plainTlsClient().send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(302, consent.statusCode());
            String code = IngClient.authorizationCode(URI.create(consent.headers().firstValue("Location").orElseThrow()), state);

            AccessToken customer = ing.customerToken(code, Optional.of(redirect));
            assertTrue(customer.refreshToken().isPresent());
            List<PaymentAccount> accounts = ing.accounts(customer);
            assertEquals("NL69INGB0123456789", accounts.get(0).iban());
            AccessToken refreshed = ing.refresh(customer);
            assertNotEquals(customer.value(), refreshed.value());
            assertEquals(1, ing.accounts(refreshed).size());
            IngPayment payment = ing.initiatePayment("Jane Doe", "NL44RABO0123456789", "12.34", "EUR");
            assertEquals("RCVD", payment.transactionStatus());

            // the code is single use
            BankRejectedException again = assertThrows(BankRejectedException.class, () -> ing.customerToken(code, Optional.of(redirect)));
            assertEquals(400, again.status());
            // nothing recorded shows a token or the code
            for (Exchange e : exchanges) {
                String all = e.render();
                assertFalse(all.contains(customer.value()) || all.contains(refreshed.value()) || all.contains(code)
                        || all.contains(app.token().value()) || all.contains(mtls.value()), e.toString());
            }
        }
    }

    @Test
    void applicationTokenIsReusedAndSixteenConcurrentAskersMakeOneRequest() throws Exception {
        try (IngSimulator sim = new IngSimulator(S.setup(Clock.systemUTC()))) {
            IngClient ing = client(S.credentials(), sim, FlowOptions.defaults());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<IngApplicationToken>> all = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    all.add(pool.submit(() -> {
                        go.await();
                        return ing.applicationToken();
                    }));
                }
                go.countDown();
                String first = all.get(0).get().token().value();
                for (Future<IngApplicationToken> f : all) {
                    assertEquals(first, f.get().token().value());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(first(ing), ing.applicationToken().token().value());
            assertEquals(1, tokenRequests(sim));
        }
    }

    private static String first(IngClient ing) {
        return ing.applicationToken().token().value();
    }

    @Test
    void expiredApplicationTokenIsFetchedAgain() {
        Sandbox.MovableClock clock = new Sandbox.MovableClock(Instant.now());
        try (IngSimulator sim = new IngSimulator(S.setup(clock))) {
            IngClient ing = client(S.credentials(), sim, FlowOptions.builder().clock(clock).build());
            String t1 = ing.applicationToken().token().value();
            clock.advance(Duration.ofSeconds(800));
            assertEquals(t1, ing.applicationToken().token().value(), "still 100 s to live: reused");
            clock.advance(Duration.ofSeconds(60));
            String t2 = ing.applicationToken().token().value();
            assertNotEquals(t1, t2, "40 s before expiry: renewed");
            assertEquals(2, tokenRequests(sim));
        }
    }

    @Test
    void anAuthorizationCodeOlderThanTenMinutesIsRefused() throws Exception {
        Sandbox.MovableClock clock = new Sandbox.MovableClock(Instant.now());
        try (IngSimulator sim = new IngSimulator(S.setup(clock))) {
            TppCredentials tpp = S.credentials();
            IngClient ing = client(tpp, sim, FlowOptions.builder().clock(clock).build());
            URI authorize = ing.authorizationUrl(Optional.empty(), List.of("payment-accounts:balances:view"), "s1", Optional.empty());
            HttpResponse<Void> consent = tpp.plainTlsClient().send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.discarding());
            String code = IngClient.authorizationCode(URI.create(consent.headers().firstValue("Location").orElseThrow()), "s1");
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            BankRejectedException e = assertThrows(BankRejectedException.class, () -> ing.customerToken(code, Optional.empty()));
            assertEquals(400, e.status());
            assertEquals("customer token", e.step());
            assertTrue(e.getMessage().contains("expired"), e.getMessage());
        }
    }

    @Test
    void skewedBankClockGivesA401NamingBankAndStep() {
        Clock bank = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(4));
        try (IngSimulator sim = new IngSimulator(S.setup(bank))) {
            IngClient ing = client(S.credentials(), sim, FlowOptions.defaults());
            BankRejectedException e = assertThrows(BankRejectedException.class, ing::applicationToken);
            assertEquals(401, e.status());
            assertEquals("ING", e.bank());
            assertEquals("application token", e.step());
            assertTrue(e.getMessage().contains("CLOCK_SKEW"), e.getMessage());
            assertEquals(Optional.of("invalid_signature"), e.errorCode());
        }
    }

    @Test
    void aForeignClientCertificateIsRefusedAtTheHandshake() {
        try (IngSimulator sim = new IngSimulator(S.setup(Clock.systemUTC()))) {
            TppCredentials foreign = TppCredentials.builder().qwac(S.foreignQwacRef).sealKey(S.sealKey())
                    .trustAnchors(S.pki.trustAnchors()).build();
            BankConnectionException e = assertThrows(BankConnectionException.class, () -> client(foreign, sim, FlowOptions.defaults())
                    .applicationToken());
            assertEquals("ING", e.bank());
            assertEquals("application token", e.step());
            assertTrue(sim.drainObservations().isEmpty(), "the request never reached the bank");
        }
    }

    @Test
    void oneKeyForQwacAndQsealcIsRefused() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> TppCredentials.builder().qwac(S.qsealcRef).sealKey(S.sealKey()).build());
        assertTrue(e.getMessage().contains("same key"), e.getMessage());
    }

    @Test
    void stateOutsideIngsAllowedCharactersIsRefused() {
        try (IngSimulator sim = new IngSimulator(S.setup(Clock.systemUTC()))) {
            IngClient ing = client(S.credentials(), sim, FlowOptions.defaults());
            assertThrows(BadInputException.class, () -> ing.authorizationUrl(Optional.empty(), List.of("x"), "a&b", Optional.empty()));
            assertThrows(BadInputException.class, () -> ing.authorizationUrl(Optional.empty(), List.of("x"), "  ", Optional.empty()));
            assertThrows(BadInputException.class, () -> ing.authorizationUrl(Optional.of("FR"), List.of("x"), "ok", Optional.empty()));
        }
    }

    @Test
    void callbackWithAnotherStateIsRefused() {
        URI cb = URI.create("https://tpp.example.com/cb?state=other&code=abc");
        Exception e = assertThrows(dev.qseal.banks.BankProtocolException.class, () -> IngClient.authorizationCode(cb, "mine"));
        assertTrue(e.getMessage().startsWith("ING, callback"), e.getMessage());
        assertEquals("abc", IngClient.authorizationCode(URI.create("https://tpp.example.com/cb?state=mine&code=abc"), "mine"));
    }

}
