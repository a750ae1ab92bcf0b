package dev.qseal.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.http.jdk.SealingHttpClient;
import dev.qseal.okhttp.SealingInterceptor;
import dev.qseal.psd2.InboundVerifier;
import dev.qseal.psd2.Psd2Certificate;
import dev.qseal.psd2.Psd2Policy;
import dev.qseal.psd2.Psd2Role;
import dev.qseal.psd2.testing.Psd2TestPki;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway story end to end: TPPs seal requests through java.net.http and OkHttp; an ASPSP's
 * Jetty verifies them with the Servlet filter (Berlin Group profile, PSD2 certificate checks with
 * the roles per endpoint, replay protection); a certificate without the PIS role is refused on a
 * payments endpoint.
 */
class GatewayIntegrationTest {
    private static final BankProfile PROFILE = BankProfiles.BERLIN_GROUP;
    private static final Psd2TestPki PKI = Psd2TestPki.shared();
    private static final Psd2TestPki.Leaf PIS_AND_AIS = PKI.leaf().roles(Psd2Role.PSP_AI, Psd2Role.PSP_PI).issue();
    private static final Psd2TestPki.Leaf AIS_ONLY = PKI.leaf().roles(Psd2Role.PSP_AI)
            .organization("Account Insights BV", "PSDNL-DNB-R123456").issue();
    private static final String PAYMENT = "{\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"123.50\"},"
            + "\"creditorAccount\":{\"iban\":\"BE68539007547034\"},\"creditorName\":\"Merchant\"}";

    private static Server jetty;
    private static String base;

    @BeforeAll
    static void startAspsp() throws Exception {
        InboundVerifier verifier = InboundVerifier.builder(PROFILE)
                .certificatePolicy(Psd2Policy.builder().trustAnchors(List.of(PKI.root())).intermediates(List.of(PKI.issuingCa()))
                        .berlinGroupRoles().build())
                .build();
        jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new VerifyingFilter(verifier)), "/v1/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Psd2Certificate tpp = (Psd2Certificate) req.getAttribute(VerifyingFilter.CERTIFICATE_ATTRIBUTE);
                byte[] body = req.getInputStream().readAllBytes();
                resp.setStatus(req.getMethod().equals("POST") ? 201 : 200);
                resp.setContentType("text/plain");
                resp.getWriter().print(tpp.organizationIdentifier().orElse("?") + " " + body.length);
            }
        }), "/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    @AfterAll
    static void stopAspsp() throws Exception {
        jetty.stop();
    }

    private static HttpClient jdk(Psd2TestPki.Leaf tpp) {
        return SealingHttpClient.wrap(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                PROFILE.signer(tpp.signingKey()).build());
    }

    private static OkHttpClient okhttp(Psd2TestPki.Leaf tpp) {
        return new OkHttpClient.Builder().addInterceptor(new SealingInterceptor(PROFILE.signer(tpp.signingKey()).build())).build();
    }

    private static HttpRequest payment() {
        return HttpRequest.newBuilder(URI.create(base + "/v1/payments/sepa-credit-transfers"))
                .header("Content-Type", "application/json")
                .header("PSU-IP-Address", "192.168.8.78")
                .POST(HttpRequest.BodyPublishers.ofString(PAYMENT)).build();
    }

    @Test
    void aPaymentSealedThroughJavaNetHttpIsAccepted() throws Exception {
        HttpResponse<String> r = jdk(PIS_AND_AIS).send(payment(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("PSDBE-NBB-0123456789 " + PAYMENT.getBytes(StandardCharsets.UTF_8).length, r.body());
    }

    @Test
    void requestsSealedThroughOkHttpAreAccepted() throws Exception {
        Request accounts = new Request.Builder().url(base + "/v1/accounts?withBalance=true").build();
        try (Response r = okhttp(AIS_ONLY).newCall(accounts).execute()) {
            assertEquals(200, r.code(), r.body().string());
        }
        Request pay = new Request.Builder().url(base + "/v1/payments/sepa-credit-transfers")
                .post(RequestBody.create(PAYMENT, MediaType.get("application/json"))).build();
        try (Response r = okhttp(PIS_AND_AIS).newCall(pay).execute()) {
            assertEquals(201, r.code(), r.body().string());
        }
    }

    @Test
    void aCertificateWithoutThePisRoleIsRefusedOnAPaymentsEndpoint() throws Exception {
        HttpResponse<String> viaJdk = jdk(AIS_ONLY).send(payment(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, viaJdk.statusCode());
        assertEquals("application/problem+json", viaJdk.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(viaJdk.body().contains("\"failure\":\"ROLE_INVALID\""), viaJdk.body());
        // the diagnosis (who, which roles) stays in the gateway's log
        assertFalse(viaJdk.body().contains("PSDNL-DNB-R123456"), viaJdk.body());

        Request pay = new Request.Builder().url(base + "/v1/payments/sepa-credit-transfers")
                .post(RequestBody.create(PAYMENT, MediaType.get("application/json"))).build();
        try (Response r = okhttp(AIS_ONLY).newCall(pay).execute()) {
            assertEquals(401, r.code());
            assertTrue(r.body().string().contains("ROLE_INVALID"));
        }
    }

    @Test
    void aReplayedRequestIsRefused() throws Exception {
        HttpRequest sealed = ((SealingHttpClient) jdk(PIS_AND_AIS)).seal(HttpRequest.newBuilder(payment(), (n, v) -> true)
                .setHeader("X-Request-ID", UUID.randomUUID().toString()).build());
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertEquals(201, plain.send(sealed, HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> again = plain.send(sealed, HttpResponse.BodyHandlers.ofString());
        assertEquals(401, again.statusCode());
        assertTrue(again.body().contains("\"failure\":\"REPLAYED\""), again.body());
    }

    @Test
    void aChangedBodyIsRefusedNamingTheFailure() throws Exception {
        HttpRequest sealed = ((SealingHttpClient) jdk(PIS_AND_AIS)).seal(payment());
        HttpRequest tampered = HttpRequest.newBuilder(sealed, (n, v) -> true)
                .POST(HttpRequest.BodyPublishers.ofString(PAYMENT.replace("123.50", "923.50"))).build();
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(tampered, HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("\"failure\":\"DIGEST_MISMATCH\""), r.body());
    }

    @Test
    void aCertificateFromAnUntrustedQtspIsRefused() throws Exception {
        Psd2TestPki.Leaf rogue = Psd2TestPki.create("Rogue").leaf().issue();
        HttpResponse<String> r = jdk(rogue).send(payment(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("\"failure\":\"CERTIFICATE_UNTRUSTED\""), r.body());
    }

    @Test
    void anUnsignedRequestIsRefused() throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(payment(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("\"failure\":\"CERTIFICATE_MISSING\""), r.body());
    }

    @Test
    void aBodyAboveTheLimitIsRefusedUnread() throws Exception {
        HttpRequest huge = HttpRequest.newBuilder(URI.create(base + "/v1/payments/x"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[VerifyingFilter.DEFAULT_MAX_BODY + 1])).build();
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(huge, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode());
    }
}
