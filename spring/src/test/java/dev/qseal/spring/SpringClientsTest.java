package dev.qseal.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.psd2.testing.Bodies;
import dev.qseal.psd2.testing.Psd2TestPki;
import dev.qseal.psd2.testing.VerifyingServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

class SpringClientsTest {
    private static final Psd2TestPki.Leaf TPP = Psd2TestPki.shared().leaf().issue();
    private static final String JSON = "{\"access\":{\"accounts\":[]},\"validUntil\":\"2026-12-31\"}";

    private static SealingClientHttpRequestInterceptor interceptor(BankProfile profile) {
        return new SealingClientHttpRequestInterceptor(profile.signer(TPP.signingKey()).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "ing-jws", "rfc9421"})
    void restClientRequestsAreSealed(String name) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build())) {
            RestClient client = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory())
                    .requestInterceptor(interceptor(profile)).build();
            ResponseEntity<String> r = client.post().uri(server.uri("/v1/consents?x=%20y"))
                    .contentType(MediaType.APPLICATION_JSON).body(JSON).retrieve().toEntity(String.class);
            assertEquals(200, r.getStatusCode().value(), r.getBody());
            assertEquals(JSON, new String(server.received().get(0).bodyBytesUnsafe(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "rfc9421"})
    void restTemplateRequestsAreSealed(String name) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build())) {
            RestTemplate template = new RestTemplate(new JdkClientHttpRequestFactory());
            template.getInterceptors().add(interceptor(profile));
            assertEquals(200, template.getForEntity(server.uri("/v1/accounts"), String.class).getStatusCode().value());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "ing-jws", "rfc9421"})
    void webClientRequestsAreSealedWithoutBlocking(String name) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build())) {
            WebClient client = WebClient.builder().filter(new SealingExchangeFilterFunction(profile.signer(TPP.signingKey()).build())).build();
            ResponseEntity<String> r = client.post().uri(server.uri("/v1/consents")).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(JSON).retrieve().toEntity(String.class).block(Duration.ofSeconds(30));
            assertEquals(200, r.getStatusCode().value(), r.getBody());
            assertEquals(JSON, new String(server.received().get(0).bodyBytesUnsafe(), StandardCharsets.UTF_8));
            if (!name.equals("ing-jws")) { // ING's JWS signs content-type: its calls all have a body
                ResponseEntity<String> get = client.get().uri(server.uri("/v1/accounts?withBalance=true"))
                        .retrieve().toEntity(String.class).block(Duration.ofSeconds(30));
                assertEquals(200, get.getStatusCode().value(), get.getBody());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "ing-jws", "rfc9421"})
    void webClientStreamsALargeBodySignedWithItsPrecomputedDigest(String name, @TempDir Path dir) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        Path file = Bodies.largeFile(dir, 20L * 1024 * 1024);
        String[] digest = Bodies.precomputedDigest(profile, file);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build())) {
            WebClient client = WebClient.builder().filter(new SealingExchangeFilterFunction(profile.signer(TPP.signingKey()).build())).build();
            ResponseEntity<String> r = client.post().uri(server.uri("/v1/files"))
                    .contentType(MediaType.APPLICATION_OCTET_STREAM).header(digest[0], digest[1])
                    .body(BodyInserters.fromDataBuffers(DataBufferUtils.read(file, DefaultDataBufferFactory.sharedInstance, 64 * 1024)))
                    .retrieve().toEntity(String.class).block(Duration.ofSeconds(60));
            assertEquals(200, r.getStatusCode().value(), r.getBody());
            assertEquals(Files.size(file), server.received().get(0).bodyBytesUnsafe().length);
        }
    }
}
