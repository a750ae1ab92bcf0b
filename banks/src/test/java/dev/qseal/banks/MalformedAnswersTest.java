package dev.qseal.banks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.banks.belfius.BelfiusClient;
import dev.qseal.banks.cic.CicClient;
import dev.qseal.banks.cic.CicSession;
import dev.qseal.banks.ing.IngClient;
import dev.qseal.simulators.SimulatorResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bank answers that cannot be used give typed errors naming bank and step, and nothing is cached from them. */
class MalformedAnswersTest {
    static final Sandbox S = Sandbox.get();
    static final String TOKEN = "{\"access_token\":\"t-1\",\"expires_in\":900,\"token_type\":\"Bearer\",\"client_id\":\"c-1\"}";

    @Test
    void htmlMissingFieldsAnd500AreTypedErrorsAndNoTokenIsCachedFromThem() {
        try (RogueBank bank = new RogueBank(r -> SimulatorResponse.html(200, "<html><body>Maintenance</body></html>"))) {
            IngClient ing = IngClient.create(S.credentials(), bank.baseUri(), bank.baseUri(), FlowOptions.defaults());
            BankProtocolException html = assertThrows(BankProtocolException.class, ing::applicationToken);
            assertEquals("ING", html.bank());
            assertEquals("application token", html.step());
            assertTrue(html.getMessage().contains("expected a JSON object, got text/html"), html.getMessage());

            bank.answer(r -> SimulatorResponse.json(200, "{\"expires_in\":900,\"client_id\":\"c-1\"}"));
            BankProtocolException missing = assertThrows(BankProtocolException.class, ing::applicationToken);
            assertTrue(missing.getMessage().contains("\"access_token\""), missing.getMessage());

            bank.answer(r -> SimulatorResponse.json(200, "{\"access_token\":\"t-0\",\"expires_in\":-5,\"client_id\":\"c-1\"}"));
            assertThrows(BankProtocolException.class, ing::applicationToken);

            bank.answer(r -> SimulatorResponse.json(200, "{\"access_token\":\"t-0\",\"expi"));
            assertThrows(BankProtocolException.class, ing::applicationToken);

            bank.answer(r -> SimulatorResponse.json(500, "{\"message\":\"Internal Server Error\"}"));
            BankRejectedException e500 = assertThrows(BankRejectedException.class, ing::applicationToken);
            assertEquals(500, e500.status());

            bank.answer(r -> SimulatorResponse.json(200, TOKEN));
            assertEquals("t-1", ing.applicationToken().token().value());
            assertEquals("t-1", ing.applicationToken().token().value());
            assertEquals(6, bank.requests.get(), "each failed exchange was retried afresh; the good token is then reused");
        }
    }

    /** Found while fuzzing ING's answers (by reading: Jazzer's mutations never grew expires_in so large): past Instant's range. */
    @Test
    void aTokenLifetimeBeyondAnyClockIsAProtocolError() {
        try (RogueBank bank = new RogueBank(r -> SimulatorResponse.json(200,
                "{\"access_token\":\"t-1\",\"expires_in\":9223372036854775807,\"token_type\":\"Bearer\",\"client_id\":\"c-1\"}"))) {
            IngClient ing = IngClient.create(S.credentials(), bank.baseUri(), bank.baseUri(), FlowOptions.defaults());
            BankProtocolException e = assertThrows(BankProtocolException.class, ing::applicationToken);
            assertTrue(e.getMessage().contains("\"expires_in\""), e.getMessage());
        }
    }

    @Test
    void aRedirectLoopOnTheBankingPageIsAProtocolError() {
        try (RogueBank bank = new RogueBank(r -> SimulatorResponse.redirect(302, "/loop").withHeader("Set-Cookie", "a=b"))) {
            bank.answer(r -> SimulatorResponse.redirect(r.endpoint().equals("web") ? 302 : 303,
                    r.endpoint().equals("web") ? "/loop" : bank.endpointUri("web") + "/home").withHeader("Set-Cookie", "a=b"));
            CicClient cic = CicClient.create(S.credentials(), URI.create(bank.baseUri() + "/login"), FlowOptions.defaults());
            CicSession session = cic.login("user", "pw".toCharArray(), StandardCharsets.UTF_8);
            BankProtocolException e = assertThrows(BankProtocolException.class, () -> cic.bankingPage(session));
            assertEquals("CIC", e.bank());
            assertTrue(e.getMessage().contains("redirect loop"), e.getMessage());
        }
    }

    @Test
    void aLoginRedirectWithoutCookiesOrLocationIsAProtocolError() {
        try (RogueBank bank = new RogueBank(r -> SimulatorResponse.redirect(303, "/home"))) {
            CicClient cic = CicClient.create(S.credentials(), URI.create(bank.baseUri() + "/login"), FlowOptions.defaults());
            assertThrows(BankProtocolException.class, () -> cic.login("user", "pw".toCharArray(), StandardCharsets.UTF_8));
            bank.answer(r -> SimulatorResponse.of(302, "text/html", ""));
            assertThrows(BankProtocolException.class, () -> cic.login("user", "pw".toCharArray(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void belfiusAnsweringHtmlToTheFirstCallIsAProtocolError() {
        try (RogueBank bank = new RogueBank(r -> SimulatorResponse.html(201, "<html/>"))) {
            BelfiusClient b = BelfiusClient.create(S.credentials(), bank.baseUri(), "tpp", "client", FlowOptions.defaults());
            BankProtocolException e = assertThrows(BankProtocolException.class, () -> b.openSession("1"));
            assertEquals("signed first call", e.step());
        }
    }
}
