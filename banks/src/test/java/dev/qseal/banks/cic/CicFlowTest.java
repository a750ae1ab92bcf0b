package dev.qseal.banks.cic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.banks.BankConnectionException;
import dev.qseal.banks.BankRejectedException;
import dev.qseal.banks.Exchange;
import dev.qseal.banks.FlowOptions;
import dev.qseal.banks.Sandbox;
import dev.qseal.banks.TppCredentials;
import dev.qseal.core.BadInputException;
import dev.qseal.simulators.Observation;
import dev.qseal.simulators.cic.CicSimulator;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CicFlowTest {
    static final Sandbox S = Sandbox.get();
    /** A distinctive PSU password: it must appear in no log line, message, record or toString. */
    static final String CANARY = "Zébulon-canary-7f3q";

    @Test
    void loginThenBankingPageWithCookiesAndNoClientCertificate() {
        for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1)) {
            try (CicSimulator sim = new CicSimulator(S.setup(Clock.systemUTC()), "jdupont", CANARY.toCharArray())) {
                CicClient cic = CicClient.create(S.credentials(), sim.fallbackUrl(), FlowOptions.defaults());
                assertTrue(cic.loginForm().contains("_cm_pwd"));
                CicSession session = cic.login("jdupont", CANARY.toCharArray(), cs);
                assertTrue(session.cookies().containsKey("IdSes"));
                assertTrue(cic.bankingPage(session).contains("Bienvenue"));
                List<Observation> seen = sim.drainObservations();
                assertEquals(List.of(200, 303, 200), seen.stream().map(Observation::status).toList());
                assertTrue(seen.get(1).checks().contains("_charset_ is " + (cs == StandardCharsets.UTF_8 ? "utf-8" : "iso-8859-1")));
            }
        }
    }

    @Test
    void wrongPasswordIsRefusedAsTheBankDoes() {
        try (CicSimulator sim = new CicSimulator(S.setup(Clock.systemUTC()), "jdupont", CANARY.toCharArray())) {
            CicClient cic = CicClient.create(S.credentials(), sim.fallbackUrl(), FlowOptions.defaults());
            BankRejectedException e = assertThrows(BankRejectedException.class,
                    () -> cic.login("jdupont", "not-it".toCharArray(), StandardCharsets.UTF_8));
            assertEquals("login (form POST)", e.step());
        }
    }

    @Test
    void aPasswordIso88591CannotEncodeIsRefusedBeforeSending() {
        try (CicSimulator sim = new CicSimulator(S.setup(Clock.systemUTC()), "jdupont", CANARY.toCharArray())) {
            CicClient cic = CicClient.create(S.credentials(), sim.fallbackUrl(), FlowOptions.defaults());
            BadInputException e = assertThrows(BadInputException.class,
                    () -> cic.login("jdupont", (CANARY + "€").toCharArray(), StandardCharsets.ISO_8859_1));
            assertFalse(e.getMessage().contains(CANARY));
            assertTrue(sim.drainObservations().isEmpty());
        }
    }

    @Test
    void theFallbackRefusesAForeignQwacAtTheHandshake() {
        try (CicSimulator sim = new CicSimulator(S.setup(Clock.systemUTC()), "jdupont", CANARY.toCharArray())) {
            TppCredentials foreign = TppCredentials.builder().qwac(S.foreignQwacRef).sealKey(S.sealKey())
                    .trustAnchors(S.pki.trustAnchors()).build();
            BankConnectionException e = assertThrows(BankConnectionException.class,
                    () -> CicClient.create(foreign, sim.fallbackUrl(), FlowOptions.defaults()).login("jdupont", CANARY.toCharArray(), StandardCharsets.UTF_8));
            assertEquals("CIC", e.bank());
            assertFalse(e.getMessage().contains(CANARY));
        }
    }

    @Test
    void canaryPasswordAppearsInNoRecordMessageToStringOrLogLine() throws IOException {
        List<Exchange> records = Collections.synchronizedList(new ArrayList<>());
        List<String> seen = new ArrayList<>();
        try (CicSimulator sim = new CicSimulator(S.setup(Clock.systemUTC()), "jdupont", CANARY.toCharArray())) {
            CicClient cic = CicClient.create(S.credentials(), sim.fallbackUrl(), FlowOptions.builder().recorder(records::add).build());
            CicSession session = cic.login("jdupont", CANARY.toCharArray(), StandardCharsets.UTF_8);
            cic.bankingPage(session);
            seen.add(session.toString());
            seen.add(cic.toString());
            seen.add(sim.toString());
            try {
                cic.login("jdupont", (CANARY + "x").toCharArray(), StandardCharsets.ISO_8859_1);
            } catch (BankRejectedException e) {
                seen.add(e.getMessage());
                seen.add(e.toString());
            }
            sim.drainObservations().forEach(o -> seen.add(o.toString()));
        }
        records.forEach(r -> {
            seen.add(r.render());
            seen.add(r.toString());
        });
        assertTrue(records.stream().anyMatch(r -> r.requestBody().contains("_cm_pwd=" + Exchange.REDACTED)));
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/banks-test.log"));
        if (Files.exists(log)) {
            seen.add(Files.readString(log, StandardCharsets.UTF_8));
        }
        List<String> forms = List.of(CANARY, URLEncoder.encode(CANARY, StandardCharsets.UTF_8),
                URLEncoder.encode(CANARY, StandardCharsets.ISO_8859_1), "canary-7f3q");
        for (String s : seen) {
            for (String f : forms) {
                assertFalse(s.contains(f), "the PSU password leaked into: " + s);
            }
        }
    }
}
