package dev.qseal.banks.itsme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.banks.BankAnswers;
import dev.qseal.banks.BankException;
import dev.qseal.banks.BankProtocolException;
import dev.qseal.banks.BankRejectedException;
import dev.qseal.banks.RogueBank;
import dev.qseal.banks.internal.BankHttp;
import dev.qseal.simulators.SimulatorResponse;
import dev.qseal.simulators.itsme.ItsmeTestUser;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** itsme answers that cannot be used (HTML, missing fields, 500, odd results) give typed errors naming bank "itsme" and the step. */
class ItsmeMalformedAnswersTest {
    static final String PENDING = "{\"result\":{\"maj\":\"" + ItsmeClient.RESULT_PENDING + "\"},\"reqID\":\"r\",\"respID\":\"resp-1\","
            + "\"optOutp\":{\"itsme\":{\"signingUrl\":\"https://itsme.example/qes/sign?q=1\",\"userCode\":\"u\"}}}";

    static <T extends BankException> T assertStep(Class<T> type, String step, Executable call) {
        T e = assertThrows(type, call);
        assertEquals("itsme", e.bank());
        assertEquals(step, e.step());
        return e;
    }

    @Test
    void userIdentificationAnswers() {
        try (ItsmeWorld w = new ItsmeWorld(); RogueBank bank = new RogueBank(r -> SimulatorResponse.html(200, "<html>Maintenance</html>"))) {
            ItsmeClient c = w.client(bank.baseUri(), ItsmeWorld.PARTNER, 3);
            Executable identify = () -> c.identify(ItsmeLanguage.FR, ItsmeWorld.REDIRECT);
            assertTrue(assertStep(BankProtocolException.class, "user identification", identify).getMessage().contains("text/html"));
            bank.answer(r -> SimulatorResponse.json(200, "{\"status\":\"OK\",\"identificationUrl\":\"https://itsme.example/x\"}"));
            assertTrue(assertStep(BankProtocolException.class, "user identification", identify).getMessage().contains("\"asyncRespID\""));
            bank.answer(r -> SimulatorResponse.json(200, "{\"status\":\"OK\",\"asyncRespID\":\"a\",\"identificationUrl\":\"javascript:x\"}"));
            assertStep(BankProtocolException.class, "user identification", identify);
            bank.answer(r -> SimulatorResponse.json(200, "{\"status\":\"KO\",\"asyncRespID\":\"a\",\"identificationUrl\":\"https://i.example/\"}"));
            assertStep(BankProtocolException.class, "user identification", identify);
            bank.answer(r -> SimulatorResponse.json(500, "{\"message\":\"Internal Server Error\"}"));
            assertEquals(500, assertStep(BankRejectedException.class, "user identification", identify).status());
            bank.answer(r -> SimulatorResponse.html(400, "<html>Bad request</html>"));
            ItsmeRejectedException html400 = assertStep(ItsmeRejectedException.class, "user identification", identify);
            assertEquals(java.util.Optional.empty(), html400.reason());
            bank.answer(r -> SimulatorResponse.redirect(302, "https://elsewhere.example/"));
            assertStep(BankProtocolException.class, "user identification", identify);
        }
    }

    @Test
    void identificationStatusAnswers() {
        ItsmeTestUser u = ItsmeWorld.user();
        String chain = ItsmeTestUser.pem(u.certificateChain());
        String leaf = ItsmeTestUser.pem(List.of(u.certificate()));
        try (ItsmeWorld w = new ItsmeWorld(); RogueBank bank = new RogueBank(r -> SimulatorResponse.html(200, "<html/>"))) {
            ItsmeClient c = w.client(bank.baseUri(), ItsmeWorld.PARTNER, 3);
            ItsmeIdentification id = new ItsmeIdentification("a", URI.create("https://itsme.example/x"));
            Executable status = () -> c.identificationStatus(id);
            String step = "user identification status";
            assertStep(BankProtocolException.class, step, status);
            bank.answer(r -> SimulatorResponse.json(200, json("OK", "u", leaf, null)));
            assertTrue(assertStep(BankProtocolException.class, step, status).getMessage().contains("fullCertificateChain"));
            bank.answer(r -> SimulatorResponse.json(200, json("OK", "u", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", chain)));
            assertStep(BankProtocolException.class, step, status);
            String other = ItsmeTestUser.pem(List.of(w.sandbox.pki.qsealc().certificate()));
            bank.answer(r -> SimulatorResponse.json(200, json("OK", "u", other, chain)));
            assertTrue(assertStep(BankProtocolException.class, step, status).getMessage().contains("not the first certificate"));
            String reversed = ItsmeTestUser.pem(List.of(u.certificate(), w.sandbox.pki.ca().certificate()));
            bank.answer(r -> SimulatorResponse.json(200, json("OK", "u", leaf, reversed)));
            assertTrue(assertStep(BankProtocolException.class, step, status).getMessage().contains("not issued by"));
            bank.answer(r -> SimulatorResponse.json(200, json("OK", "u", leaf, chain)));
            assertEquals(u.certificate(), c.identificationStatus(id).orElseThrow().certificate());
            assertEquals(6, bank.requests.get(), "one request per call");
            assertEquals(List.of(), w.sleeps, "identificationStatus asks once, it does not poll");
        }
    }

    /** Found by reading while fuzzing itsme's answers: qseal's KeyType refused the key with a non-bank UnsupportedAlgorithmException. */
    @Test
    void aUserCertificateWithAKeyQsealCannotNameIsAProtocolError() throws Exception {
        KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        X500Name name = new X500Name("CN=itsme user");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(Instant.now()), Date.from(Instant.now().plusSeconds(3600)), name, ed448.getPublic())
                .build(new JcaContentSignerBuilder("Ed448").build(ed448.getPrivate())));
        String pem = ItsmeTestUser.pem(List.of(cert));
        BankHttp.Response answer = BankHttp.Response.of(200, Map.of("Content-Type", List.of("application/json")),
                json("OK", "u", pem, pem).getBytes(StandardCharsets.UTF_8));
        BankProtocolException e = assertStep(BankProtocolException.class, "user identification status",
                () -> ItsmeClient.readIdentificationStatus(BankAnswers.http(ItsmeClient.BANK), answer));
        assertTrue(e.getMessage().contains("key of type EdDSA"), e.getMessage());
    }

    private static String json(String status, String userCode, String certificate, String chain) {
        com.fasterxml.jackson.databind.node.ObjectNode n = dev.qseal.banks.internal.Json.MAPPER.createObjectNode();
        n.put("status", status).put("userCode", userCode).put("certificate", certificate);
        if (chain != null) {
            n.put("fullCertificateChain", chain);
        }
        return n.toString();
    }

    @Test
    void signAnswers() {
        ItsmeTestUser u = ItsmeWorld.user();
        ItsmeUser user = new ItsmeUser(u.userCode(), u.certificateChain());
        try (ItsmeWorld w = new ItsmeWorld(); RogueBank bank = new RogueBank(r -> SimulatorResponse.html(200, "<html/>"))) {
            ItsmeClient c = w.client(bank.baseUri(), ItsmeWorld.PARTNER, 3);
            java.util.Map<String, byte[]> one = java.util.Map.of("doc", new byte[32]);
            Executable start = () -> c.signHashes(user, one, ItsmeWorld.request());
            assertStep(BankProtocolException.class, "sign document", start);
            bank.answer(r -> SimulatorResponse.json(200, "{\"reqID\":\"r\",\"respID\":\"x\"}"));
            assertTrue(assertStep(BankProtocolException.class, "sign document", start).getMessage().contains("\"maj\""));
            bank.answer(r -> SimulatorResponse.json(200, PENDING.replace("\"signingUrl\"", "\"signingURL\"")));
            assertTrue(assertStep(BankProtocolException.class, "sign document", start).getMessage().contains("\"signingUrl\""));
            bank.answer(r -> SimulatorResponse.json(200, PENDING.replace(ItsmeClient.RESULT_PENDING, "urn:something:else")));
            assertTrue(assertStep(BankProtocolException.class, "sign document", start).getMessage().contains("unknown OASIS DSS"));
            bank.answer(r -> SimulatorResponse.json(200, PENDING.replace(ItsmeClient.RESULT_PENDING, ItsmeClient.RESULT_SUCCESS)));
            assertStep(BankProtocolException.class, "sign document", start);

            bank.answer(r -> SimulatorResponse.json(200, PENDING));
            ItsmeSigningSession session = c.signHashes(user, one, ItsmeWorld.request());
            assertEquals("resp-1", session.respId());
            Supplier<String> value = () -> Base64.getEncoder().encodeToString(u.signingKey().signDigest(
                    dev.qseal.core.key.SignatureAlgorithm.RSA_PKCS1_SHA256, new byte[32]));
            String ok = "{\"result\":{\"maj\":\"" + ItsmeClient.RESULT_SUCCESS + "\"},\"reqID\":\"r\",\"respID\":\"resp-1\",\"sigObj\":"
                    + "[{\"b64Sig\":{\"value\":\"" + value.get() + "\"},\"whichDoc\":\"doc\"}]}";
            Executable status = () -> c.signatureStatus(session);
            String step = "sign status";
            for (String bad : List.of(ok.replace(",\"sigObj\"", ",\"sigObjects\""), ok.replace("whichDoc", "which"),
                    ok.replace("\"whichDoc\":\"doc\"", "\"whichDoc\":\"other\""), ok.replace("resp-1", "resp-2"),
                    ok.replace("[{", "[{\"b64Sig\":{\"value\":\"AAAA\"},\"whichDoc\":\"doc\"},{"), ok.replace("\"b64Sig\"", "\"sig\""),
                    ok.replace("[{\"b64Sig\":{\"value\":\"" + value.get() + "\"},\"whichDoc\":\"doc\"}]", "[]"))) {
                bank.answer(r -> SimulatorResponse.json(200, bad));
                assertStep(BankProtocolException.class, step, status);
            }
            bank.answer(r -> SimulatorResponse.json(200, ok.replace(value.get(), "not base64!")));
            assertStep(ItsmeInvalidSignatureException.class, step, status);
            bank.answer(r -> SimulatorResponse.json(200, ok.replace(value.get(), Base64.getEncoder().encodeToString(new byte[256]))));
            assertStep(ItsmeInvalidSignatureException.class, step, status);
            bank.answer(r -> SimulatorResponse.html(200, "<html/>"));
            assertStep(BankProtocolException.class, step, status);
            bank.answer(r -> SimulatorResponse.json(500, ""));
            assertEquals(500, assertStep(ItsmeRejectedException.class, step, status).status());
            bank.answer(r -> SimulatorResponse.json(200, ok.replace("whichDoc", "whichdoc")));
            assertEquals(1, c.signatureStatus(session).orElseThrow().size(), "the table's spelling whichdoc is read too");
        }
    }
}
