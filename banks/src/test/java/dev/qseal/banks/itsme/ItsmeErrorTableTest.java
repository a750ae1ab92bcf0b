package dev.qseal.banks.itsme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.simulators.itsme.ItsmeSimulator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every statusReason of itsme's error table becomes a typed error naming bank, step and reason; the simulator answers them itself. */
class ItsmeErrorTableTest {
    static ItsmeWorld w;
    static ItsmeClient itsme;
    static ItsmeUser user;

    @BeforeAll
    static void start() {
        w = new ItsmeWorld();
        itsme = w.client();
        user = w.identifiedUser(itsme);
    }

    @AfterAll
    static void stop() {
        w.close();
    }

    @ParameterizedTest
    @EnumSource(value = ItsmeStatusReason.class, names = {"PENDING", "NO_PAYLOAD"}, mode = EnumSource.Mode.EXCLUDE)
    void eachStatusReasonOfSignDocumentIsTyped(ItsmeStatusReason reason) {
        w.sim.failNext(ItsmeSimulator.SIGN_DOCUMENT, reason.httpStatus(), Optional.of(reason.name()));
        ItsmeFlowTest.assertReason(reason, "sign document",
                () -> itsme.signHashes(user, Map.of("a", new byte[32]), ItsmeWorld.request()));
    }

    @ParameterizedTest
    @EnumSource(value = ItsmeStatusReason.class, names = {"PENDING", "NO_PAYLOAD"}, mode = EnumSource.Mode.EXCLUDE)
    void eachStatusReasonOfUserIdentificationIsTyped(ItsmeStatusReason reason) {
        w.sim.failNext(ItsmeSimulator.USER_IDENTIFICATION, reason.httpStatus(), Optional.of(reason.name()));
        ItsmeFlowTest.assertReason(reason, "user identification", () -> itsme.identify(ItsmeLanguage.DE, ItsmeWorld.REDIRECT));
    }

    @Test
    void statusReasonsOfTheStatusCalls() {
        ItsmeIdentification id = itsme.identify(ItsmeLanguage.FR, ItsmeWorld.REDIRECT);
        w.sim.failNext(ItsmeSimulator.USER_IDENTIFICATION_STATUS, 409, Optional.of("UNEXPECTED_ERROR"));
        ItsmeRejectedException e = assertThrows(ItsmeRejectedException.class, () -> itsme.awaitIdentification(id));
        assertEquals(Optional.of(ItsmeStatusReason.UNEXPECTED_ERROR), e.reason());
        assertEquals(409, e.status());
        w.sim.failNext(ItsmeSimulator.USER_IDENTIFICATION_STATUS, 409, Optional.empty());
        e = assertThrows(ItsmeRejectedException.class, () -> itsme.identificationStatus(id));
        assertEquals(Optional.of(ItsmeStatusReason.NO_PAYLOAD), e.reason());
        assertTrue(e.getMessage().contains("respID of the sign session"), e.getMessage());

        ItsmeSigningSession session = itsme.signHashes(user, Map.of("a", new byte[32]), ItsmeWorld.request());
        w.sim.failNext(ItsmeSimulator.SIGN_DOCUMENT, 409, Optional.empty());
        e = assertThrows(ItsmeRejectedException.class, () -> itsme.awaitSignatures(session));
        assertEquals(Optional.of(ItsmeStatusReason.NO_PAYLOAD), e.reason());
        assertEquals("sign status", e.step());
        w.sim.failNext(ItsmeSimulator.SIGN_DOCUMENT, 400, Optional.of("SOMETHING_NEW"));
        e = assertThrows(ItsmeRejectedException.class, () -> itsme.signatureStatus(session));
        assertEquals(Optional.empty(), e.reason());
        assertEquals(Optional.of("SOMETHING_NEW"), e.errorCode());
        w.sim.failNext(ItsmeSimulator.SIGN_DOCUMENT, 500, Optional.empty());
        e = assertThrows(ItsmeRejectedException.class, () -> itsme.signatureStatus(session));
        assertEquals(500, e.status());
    }

    @Test
    void theSimulatorRefusesMalformedRequestsWithTheTablesReasons() throws Exception {
        String hash = Base64.getEncoder().encodeToString(new byte[32]);
        StringBuilder docs = new StringBuilder();
        for (int i = 0; i < 71; i++) {
            docs.append(i == 0 ? "" : ",").append("{\"di\":[{\"alg\":\"http://www.w3.org/2001/04/xmlenc#sha256\",\"value\":\"")
                    .append(hash).append("\"}],\"id\":\"d").append(i).append("\"}");
        }
        String itsmePart = "\"itsme\":{\"signer\":{\"userCode\":\"" + user.userCode() + "\"},\"partnerCode\":\"" + ItsmeWorld.PARTNER
                + "\",\"serviceCode\":\"" + ItsmeWorld.SERVICE + "\",\"redirectUrl\":\"" + ItsmeWorld.REDIRECT + "\"";
        assertEquals("BATCH_TOO_LARGE", raw(ItsmeSimulator.SIGN_DOCUMENT, "{\"inDocs\":{\"docHash\":[" + docs + "]},\"reqID\":\"r\","
                + "\"asyncRespID\":null,\"optInp\":{" + itsmePart + "}}}"));
        assertEquals("UNKNOWN", raw(ItsmeSimulator.SIGN_DOCUMENT, "{\"inDocs\":{\"docHash\":[{\"di\":[{\"alg\":\"http://www.w3.org/2001/04/xmlenc#sha256\","
                + "\"value\":\"" + hash + "\"}],\"id\":\"a\"}]},\"reqID\":\"r\",\"asyncRespID\":null,\"optInp\":{" + itsmePart
                + ",\"description\":[{\"lang\":\"EN\",\"value\":\"It\u2019s mine\"}]}}}"));
        assertEquals("NO_REQUEST", raw(ItsmeSimulator.USER_IDENTIFICATION, ""));
        assertEquals("MISSING_PARTNER_CODE", raw(ItsmeSimulator.USER_IDENTIFICATION, "{\"serviceCode\":\"s\"}"));
        assertEquals("MISSING_SERVICE_CODE", raw(ItsmeSimulator.USER_IDENTIFICATION, "{\"partnerCode\":\"p\"}"));
        String requestor = "\"partnerCode\":\"" + ItsmeWorld.PARTNER + "\",\"serviceCode\":\"" + ItsmeWorld.SERVICE + "\"";
        assertEquals("INVALID_URL", raw(ItsmeSimulator.USER_IDENTIFICATION, "{" + requestor + ",\"redirectUrl\":\"not a url\",\"lang\":\"FR\"}"));
        assertEquals("INVALID_LANG", raw(ItsmeSimulator.USER_IDENTIFICATION, "{" + requestor + ",\"redirectUrl\":\"" + ItsmeWorld.REDIRECT
                + "\",\"lang\":\"ES\"}"));
    }

    /** POSTs {@code body} over mutual TLS and returns the statusReason of the answer. */
    private static String raw(String path, String body) throws Exception {
        HttpResponse<String> r = w.tpp.mutualTlsClient().send(HttpRequest.newBuilder(URI.create(w.sim.baseUri() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        return dev.qseal.banks.internal.Json.MAPPER.readTree(r.body()).path("statusReason").asText();
    }
}
