package dev.qseal.banks.itsme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.cades.CadesVerifier;
import dev.qseal.core.BadInputException;
import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.verify.VerificationResult;
import dev.qseal.simulators.Observation;
import dev.qseal.simulators.itsme.ItsmeSimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The itsme Sign flow end to end against the simulator over mutual TLS: identification, signing, CAdES. */
class ItsmeFlowTest {

    @Test
    void twoDocumentsAreSignedByTheUserAndComeBackAsCadesSignaturesThatVerify() {
        try (ItsmeWorld w = new ItsmeWorld()) {
            ItsmeClient itsme = w.client();
            w.sim.pendingPolls(2);
            ItsmeIdentification id = itsme.identify(ItsmeLanguage.FR, ItsmeWorld.REDIRECT);
            assertTrue(id.identificationUrl().toString().startsWith(w.sim.endpointUri("web").toString()), id.toString());
            URI back = w.visit(id.identificationUrl(Map.of("ctx", "order 42")));
            assertEquals(ItsmeWorld.REDIRECT + "&ctx=order+42", back.toString(), "the caller's own parameters come back");
            ItsmeUser user = itsme.awaitIdentification(id);
            assertEquals(w.sim.user().certificate(), user.certificate());
            assertEquals(2, user.certificateChain().size());
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofMillis(1500)), w.sleeps, "two PENDINGs, waits growing");

            Map<String, byte[]> docs = new LinkedHashMap<>();
            docs.put("contract.txt", "Car insurance contract, signed with itsme\n".getBytes(StandardCharsets.UTF_8));
            docs.put("mandate.txt", "SEPA mandate\n".getBytes(StandardCharsets.UTF_8));
            ItsmeSignRequest request = ItsmeSignRequest.builder(ItsmeWorld.REDIRECT).language(ItsmeLanguage.FR)
                    .description(ItsmeLanguage.EN, "Car insurance contract")
                    .description(ItsmeLanguage.FR, "Contrat d'assurance voiture, échéance 2027")
                    .description(ItsmeLanguage.NL, "Contract verzekering auto")
                    .description(ItsmeLanguage.DE, "Kfz-Versicherungsvertrag für Ärzte")
                    .signPolicy(ItsmeSignRequest.ITSME_DEFAULT_POLICY).commitmentType("1.2.840.113549.1.9.16.6.5")
                    .signerRole(ItsmeLanguage.EN, "General Manager").signerRole(ItsmeLanguage.FR, "Gérant")
                    .build();
            w.sleeps.clear();
            ItsmeSigningSession session = itsme.signDocuments(user, docs, request);
            assertEquals(List.of("contract.txt", "mandate.txt"), session.ids());
            assertTrue(itsme.signatureStatus(session).isEmpty(), "pending until the user signs");
            back = w.visit(session.signingUrl(Map.of("step", "sign")));
            assertEquals(ItsmeWorld.REDIRECT + "&step=sign", back.toString());
            List<ItsmeSignature> signed = itsme.awaitSignatures(session);
            assertEquals(2, w.sleeps.size(), "two more PENDINGs after the user's visit");

            assertEquals(2, signed.size());
            CadesVerifier verifier = CadesVerifier.builder().trustAnchors(List.of(w.sim.user().root())).build();
            int i = 0;
            for (Map.Entry<String, byte[]> doc : docs.entrySet()) {
                ItsmeSignature s = signed.get(i);
                assertEquals(doc.getKey(), s.id());
                assertArrayEquals(session.preparedSignatures().orElseThrow().get(i).hashToSign(), s.hash());
                assertTrue(SignatureAlgorithm.RSA_PKCS1_SHA256.verifyDigest(user.certificate().getPublicKey(), s.hash(), s.signatureValue()));
                VerificationResult v = verifier.verify(s.cades().orElseThrow(), doc.getValue());
                assertTrue(v.isValid(), v.toString());
                assertFalse(verifier.verify(s.cades().orElseThrow(), "another document".getBytes(StandardCharsets.UTF_8)).isValid());
                i++;
            }
            String checks = w.sim.drainObservations().toString();
            assertTrue(checks.contains("asyncRespID is the sign session's respID; inDocs null"), checks);
            assertTrue(checks.contains("signed 2 hash(es) with signDigestBatch"), checks);
        }
    }

    @Test
    void aBatchOfSeventyIsSignedAndSeventyOneIsRefusedBeforeSending() {
        try (ItsmeWorld w = new ItsmeWorld()) {
            ItsmeClient itsme = w.client();
            ItsmeUser user = w.identifiedUser(itsme);
            Map<String, byte[]> hashes = new LinkedHashMap<>();
            for (int i = 1; i <= 71; i++) {
                hashes.put("doc-" + i, HashAlgorithm.SHA_256.hash(("document " + i).getBytes(StandardCharsets.UTF_8)));
            }
            w.sim.drainObservations();
            BadInputException tooMany = assertThrows(BadInputException.class, () -> itsme.signHashes(user, hashes, ItsmeWorld.request()));
            assertTrue(tooMany.getMessage().contains("1 to 70 hashes") && tooMany.getMessage().contains("got 71"), tooMany.getMessage());
            assertEquals(List.of(), w.sim.drainObservations(), "nothing was sent");

            hashes.remove("doc-71");
            ItsmeSigningSession session = itsme.signHashes(user, hashes, ItsmeWorld.request());
            assertTrue(session.preparedSignatures().isEmpty());
            w.visit(session.signingUrl());
            List<ItsmeSignature> signed = itsme.awaitSignatures(session);
            assertEquals(70, signed.size());
            for (ItsmeSignature s : signed) {
                assertArrayEquals(hashes.get(s.id()), s.hash());
                assertTrue(s.cades().isEmpty());
                assertTrue(SignatureAlgorithm.RSA_PKCS1_SHA256.verifyDigest(user.certificate().getPublicKey(), s.hash(), s.signatureValue()));
            }
        }
    }

    @Test
    void aValueThatDoesNotVerifyAgainstTheUsersCertificateIsATypedErrorAndNothingIsHandedOut() {
        try (ItsmeWorld w = new ItsmeWorld()) {
            ItsmeClient itsme = w.client();
            ItsmeUser user = w.identifiedUser(itsme);
            w.sim.signWith(w.sandbox.sealKey());
            ItsmeSigningSession session = itsme.signDocuments(user, Map.of("contract.txt", new byte[] {1, 2, 3}), ItsmeWorld.request());
            w.visit(session.signingUrl());
            ItsmeInvalidSignatureException e = assertThrows(ItsmeInvalidSignatureException.class, () -> itsme.awaitSignatures(session));
            assertEquals("itsme", e.bank());
            assertEquals("sign status", e.step());
            assertEquals("contract.txt", e.item());
            assertTrue(e.getMessage().contains("nothing of this session is used"), e.getMessage());
        }
    }

    @Test
    void theUserRefusingOrItsmeFailingIsAnOasisDssErrorNotASuccess() {
        try (ItsmeWorld w = new ItsmeWorld()) {
            ItsmeClient itsme = w.client();
            ItsmeUser user = w.identifiedUser(itsme);
            Map<String, byte[]> one = Map.of("a", HashAlgorithm.SHA_256.hash(new byte[1]));
            w.sim.signOutcome(ItsmeSimulator.SignOutcome.REFUSED_BY_USER);
            ItsmeSigningSession refused = itsme.signHashes(user, one, ItsmeWorld.request());
            w.visit(refused.signingUrl());
            ItsmeRejectedException e = assertThrows(ItsmeRejectedException.class, () -> itsme.awaitSignatures(refused));
            assertEquals(Optional.of(ItsmeClient.RESULT_REQUESTER_ERROR), e.resultMajor());
            assertEquals("sign status", e.step());
            assertTrue(e.getMessage().contains("refused to sign"), e.getMessage());

            w.sim.signOutcome(ItsmeSimulator.SignOutcome.ITSME_FAILED);
            ItsmeSigningSession failed = itsme.signHashes(user, one, ItsmeWorld.request());
            w.visit(failed.signingUrl());
            e = assertThrows(ItsmeRejectedException.class, () -> itsme.awaitSignatures(failed));
            assertEquals(Optional.of(ItsmeClient.RESULT_RESPONDER_ERROR), e.resultMajor());
        }
    }

    @Test
    void pollingGivesUpAtItsBoundWhenTheUserNeverComes() {
        try (ItsmeWorld w = new ItsmeWorld()) {
            ItsmeClient itsme = w.client(w.sim.baseUri(), ItsmeWorld.PARTNER, 5);
            ItsmeIdentification id = itsme.identify(ItsmeLanguage.NL, ItsmeWorld.REDIRECT);
            ItsmeTimeoutException e = assertThrows(ItsmeTimeoutException.class, () -> itsme.awaitIdentification(id));
            assertEquals(5, e.polls());
            assertEquals("user identification status", e.step());
            assertEquals(4, w.sleeps.size());
            assertEquals(Duration.ofMillis(3375), w.sleeps.get(3), "1 s x 1.5^3");

            // the time bound: waits of at most 5 s within 6 minutes, many polls allowed
            ItsmeClient patient = w.client(w.sim.baseUri(), ItsmeWorld.PARTNER, 10_000);
            ItsmeUser user = w.identifiedUser(patient);
            w.sleeps.clear();
            ItsmeSigningSession session = patient.signHashes(user, Map.of("a", new byte[32]), ItsmeWorld.request());
            ItsmeTimeoutException late = assertThrows(ItsmeTimeoutException.class, () -> patient.awaitSignatures(session));
            assertEquals("sign status", late.step());
            Duration waited = w.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
            assertTrue(waited.compareTo(Duration.ofMinutes(6)) <= 0 && waited.compareTo(Duration.ofMinutes(5)) > 0, waited.toString());
            assertTrue(late.polls() < 10_000);
        }
    }

    @Test
    void identificationRejectedExpiredOrFailedEndsWithTheTablesReason() {
        try (ItsmeWorld w = new ItsmeWorld()) {
            ItsmeClient itsme = w.client();
            for (ItsmeSimulator.IdentificationOutcome o : List.of(ItsmeSimulator.IdentificationOutcome.REJECTED,
                    ItsmeSimulator.IdentificationOutcome.EXPIRED, ItsmeSimulator.IdentificationOutcome.UNEXPECTED_ERROR)) {
                w.sim.identificationOutcome(o);
                ItsmeIdentification id = itsme.identify(ItsmeLanguage.EN, ItsmeWorld.REDIRECT);
                w.visit(id.identificationUrl());
                ItsmeRejectedException e = assertThrows(ItsmeRejectedException.class, () -> itsme.awaitIdentification(id));
                assertEquals(409, e.status());
                assertEquals("itsme", e.bank());
                assertEquals("user identification status", e.step());
                ItsmeStatusReason expected = ItsmeStatusReason.valueOf(o.name());
                assertEquals(Optional.of(expected), e.reason());
                assertEquals(o != ItsmeSimulator.IdentificationOutcome.UNEXPECTED_ERROR, expected.needsNewIdentification());
            }
        }
    }

    @Test
    void aSignStatusWithTheIdentificationsIdIsItsmes409WithoutPayload() {
        try (ItsmeWorld w = new ItsmeWorld()) {
            ItsmeClient itsme = w.client();
            ItsmeIdentification id = itsme.identify(ItsmeLanguage.FR, ItsmeWorld.REDIRECT);
            w.visit(id.identificationUrl());
            ItsmeUser user = itsme.awaitIdentification(id);
            ItsmeSigningSession wrong = new ItsmeSigningSession("ReqIDx", id.asyncRespId(), URI.create("https://x.example/"),
                    user.userCode(), user, List.of(new ItsmeSigningSession.Item("a", new byte[32], null)));
            ItsmeRejectedException e = assertThrows(ItsmeRejectedException.class, () -> itsme.signatureStatus(wrong));
            assertEquals(Optional.of(ItsmeStatusReason.NO_PAYLOAD), e.reason());
            assertTrue(w.sim.drainObservations().toString().contains("asyncRespID is the identification's"));
        }
    }

    @Test
    void theSimulatorsOwnChecksGiveTheirStatusReasons() {
        try (ItsmeWorld w = new ItsmeWorld()) {
            ItsmeClient itsme = w.client();
            ItsmeUser user = w.identifiedUser(itsme);
            Map<String, byte[]> two = new LinkedHashMap<>();
            two.put("a", new byte[32]);
            two.put("b", new byte[32]);
            w.sim.batchSigning(false);
            assertReason(ItsmeStatusReason.ONLY_SINGLE_HASH_SUPPORTED, "sign document", () -> itsme.signHashes(user, two, ItsmeWorld.request()));
            w.sim.batchSigning(true);
            w.sim.allowedToSign(false);
            assertReason(ItsmeStatusReason.NOT_ALLOWED_TO_SIGN, "sign document", () -> itsme.signHashes(user, two, ItsmeWorld.request()));
            w.sim.allowedToSign(true);
            ItsmeClient stranger = w.client(w.sim.baseUri(), "anotherPartner", 3);
            assertReason(ItsmeStatusReason.INVALID_REQUESTOR, "user identification", () -> stranger.identify(ItsmeLanguage.FR, ItsmeWorld.REDIRECT));
            assertReason(ItsmeStatusReason.UNAUTHORIZED_URL, "user identification",
                    () -> itsme.identify(ItsmeLanguage.FR, "https://elsewhere.example.com/back"));
            assertReason(ItsmeStatusReason.UNAUTHORIZED_URL, "sign document", () -> itsme.signHashes(user, two,
                    ItsmeSignRequest.builder("https://sca.example.com/other").build()));
        }
    }

    static void assertReason(ItsmeStatusReason reason, String step, org.junit.jupiter.api.function.Executable call) {
        ItsmeRejectedException e = assertThrows(ItsmeRejectedException.class, call);
        assertEquals(Optional.of(reason), e.reason(), e.getMessage());
        assertEquals(reason.httpStatus(), e.status());
        assertEquals("itsme", e.bank());
        assertEquals(step, e.step());
        assertTrue(e.getMessage().contains(reason.name()), e.getMessage());
    }

    @Test
    void ownParametersThatClashWithItsmesAreRefused() {
        ItsmeIdentification id = new ItsmeIdentification("x", URI.create("https://itsme.example/qes/identify_yourself?language=FR&q=abc"));
        assertThrows(BadInputException.class, () -> id.identificationUrl(Map.of("q", "mine")));
        assertEquals("https://itsme.example/qes/identify_yourself?language=FR&q=abc&sid=a%26b",
                id.identificationUrl(Map.of("sid", "a&b")).toString());
        assertThrows(BadInputException.class, () -> ItsmeSignRequest.builder("http://sca.example.com/back"));
        assertThrows(BadInputException.class, () -> ItsmeSignRequest.builder("/relative"));
    }
}
