package dev.qseal.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.simulators.ing.IngSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator base over real HTTPS on loopback: client authentication, 404, body limit, 401 bodies. */
class BankSimulatorTest {
    static SandboxPki pki;

    @BeforeAll
    static void pki() {
        pki = SandboxPki.create();
    }

    static HttpClient client(SandboxPki.Identity clientIdentity) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientIdentity != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("qwac", clientIdentity.privateKey(), "pw".toCharArray(), new Certificate[] {clientIdentity.certificate()});
            kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, "pw".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Test
    void unknownPathIs404AndIsObserved() throws Exception {
        try (IngSimulator sim = new IngSimulator(SimulatorSetup.from(pki))) {
            HttpResponse<String> r = client(pki.qwac()).send(HttpRequest.newBuilder(URI.create(sim.baseUri() + "/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode());
            List<Observation> seen = sim.drainObservations();
            assertEquals(1, seen.size());
            assertEquals(404, seen.get(0).status());
            assertEquals("ING", seen.get(0).bank());
        }
    }

    @Test
    void withoutAClientCertificateTheHandshakeFails() throws Exception {
        try (IngSimulator sim = new IngSimulator(SimulatorSetup.from(pki))) {
            HttpClient noCert = client(null);
            assertThrows(IOException.class, () -> noCert.send(HttpRequest.newBuilder(URI.create(sim.baseUri() + "/v3/accounts")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            HttpClient foreign = client(SandboxPki.foreignClientCertificate());
            assertThrows(IOException.class, () -> foreign.send(HttpRequest.newBuilder(URI.create(sim.baseUri() + "/v3/accounts")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertTrue(sim.drainObservations().isEmpty());
            // the authorization host asks for no certificate
            HttpResponse<String> page = noCert.send(HttpRequest.newBuilder(URI.create(sim.authorizationBaseUri() + "/authorize/v2/NL")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, page.statusCode());
        }
    }

    @Test
    void anOversizeBodyIs413() throws Exception {
        try (IngSimulator sim = new IngSimulator(SimulatorSetup.from(pki))) {
            HttpResponse<String> r = client(pki.qwac()).send(HttpRequest.newBuilder(URI.create(sim.baseUri() + "/oauth2/token"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[BankSimulator.MAX_BODY + 10])).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, r.statusCode());
        }
    }

    @Test
    void anUnsignedAccountsCallIs401WithTheBanksErrorBody() throws Exception {
        try (IngSimulator sim = new IngSimulator(SimulatorSetup.from(pki).withClock(Clock.systemUTC()))) {
            HttpResponse<String> r = client(pki.qwac()).send(HttpRequest.newBuilder(URI.create(sim.baseUri() + "/v3/accounts"))
                    .header("Authorization", "Bearer made-up").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode());
            assertTrue(r.body().contains("\"error\":\"invalid_token\""), r.body());
            assertTrue(r.headers().firstValue("x-ing-response-id").isPresent());
        }
    }
}
