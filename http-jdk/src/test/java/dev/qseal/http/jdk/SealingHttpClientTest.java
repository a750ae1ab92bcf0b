package dev.qseal.http.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.RequestSigner;
import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.psd2.testing.Bodies;
import dev.qseal.psd2.testing.Psd2TestPki;
import dev.qseal.psd2.testing.VerifyingServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealingHttpClientTest {
    private static final Psd2TestPki.Leaf TPP = Psd2TestPki.shared().leaf().issue();
    private static final byte[] JSON = "{\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"12.30\"}}".getBytes(StandardCharsets.UTF_8);

    private static RequestSigner signer(BankProfile profile) {
        return profile.signer(TPP.signingKey()).build();
    }

    private static HttpClient client(BankProfile profile) {
        return SealingHttpClient.wrap(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), signer(profile));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "ing-jws", "rfc9421"})
    void aPostSealedThroughTheJdkClientVerifiesAtTheServer(String name) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build())) {
            HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/payments/sepa-credit-transfers?x=1%202"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON))
                    .build();
            HttpResponse<String> response = client(profile).send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(new String(JSON, StandardCharsets.UTF_8), new String(server.received().get(0).bodyBytesUnsafe(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "ing-jws", "rfc9421"})
    void aBodyFromAOneShotPublisherIsReadOnceAndSentAsSigned(String name) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build())) {
            HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/consents"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(JSON)))
                    .build();
            HttpResponse<String> response = client(profile).sendAsync(request, HttpResponse.BodyHandlers.ofString()).get();
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(JSON.length, server.received().get(0).bodyBytesUnsafe().length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "ing-jws", "rfc9421"})
    void aLargeStreamedBodyIsSignedWithItsPrecomputedDigest(String name, @TempDir Path dir) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        Path file = Bodies.largeFile(dir, 20L * 1024 * 1024); // above what an adapter buffers
        String[] digest = Bodies.precomputedDigest(profile, file);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build())) {
            HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/files"))
                    .header("Content-Type", "application/octet-stream")
                    .header(digest[0], digest[1])
                    .POST(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
            HttpResponse<String> response = client(profile).send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(Files.size(file), server.received().get(0).bodyBytesUnsafe().length);
        }
    }

    @Test
    void aLargeBodyWithoutDigestIsRefusedBeforeSending(@TempDir Path dir) throws Exception {
        Path file = Bodies.largeFile(dir, 17L * 1024 * 1024);
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:9/x"))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        BadInputException e = assertThrows(BadInputException.class,
                () -> SealingHttpClient.wrap(HttpClient.newHttpClient(), signer(BankProfiles.ING)).seal(request));
        assertTrue(e.getMessage().contains("Digest"), e.getMessage());
    }

    @Test
    void hostIsSignedButLeftToTheClient() throws Exception {
        BankProfile becm = BankProfiles.named("becm");
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create("https://api.bank.test:8443/stet/psd2/v1/accounts"))
                .header("X-Request-ID", "99391c7e-ad88-49ec-a2ad-99ddcb1f7721").GET().build();
        RequestSigner s = becm.signer(TPP.signingKey()).keyId("tpp-key").build();
        HttpRequest sealed = SealingHttpClient.wrap(HttpClient.newHttpClient(), s).seal(request);
        assertTrue(sealed.headers().firstValue("Host").isEmpty());
        String signature = sealed.headers().firstValue("Signature").orElseThrow();
        assertTrue(signature.contains("host"), signature);
        // what was signed: the Host the JDK will send
        dev.qseal.core.http.HttpRequest view = dev.qseal.core.http.HttpRequest.builder("GET", "/stet/psd2/v1/accounts")
                .header("Host", "api.bank.test:8443").build();
        assertEquals("api.bank.test:8443", view.headers().first("Host").orElseThrow());
        assertTrue(becm.verifier(TPP.certificate()).build().verify(withHeaders(view, sealed)).isValid());
    }

    private static dev.qseal.core.http.HttpRequest withHeaders(dev.qseal.core.http.HttpRequest view, HttpRequest sealed) {
        dev.qseal.core.http.HttpRequest.Builder b = view.toBuilder();
        sealed.headers().map().forEach((n, vs) -> vs.forEach(v -> b.header(n, v)));
        return b.build();
    }
}
