package dev.qseal.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.psd2.InboundVerifier;
import dev.qseal.psd2.Psd2Certificate;
import dev.qseal.psd2.Psd2Policy;
import dev.qseal.psd2.Psd2Role;
import dev.qseal.psd2.testing.Psd2TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A WebFlux server (Reactor Netty on loopback) behind the VerifyingWebFilter, called by a sealing WebClient. */
class VerifyingWebFilterTest {
    private static final BankProfile PROFILE = BankProfiles.BERLIN_GROUP;
    private static final Psd2TestPki PKI = Psd2TestPki.shared();
    private static final Psd2TestPki.Leaf PIS = PKI.leaf().roles(Psd2Role.PSP_PI).issue();
    private static final String PAYMENT = "{\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"10.00\"}}";
    private static DisposableServer server;

    @BeforeAll
    static void start() {
        InboundVerifier verifier = InboundVerifier.builder(PROFILE)
                .certificatePolicy(Psd2Policy.builder().trustAnchors(List.of(PKI.root())).intermediates(List.of(PKI.issuingCa()))
                        .berlinGroupRoles().build())
                .build();
        var handler = WebHttpHandlerBuilder.webHandler(exchange -> DataBufferUtils.join(exchange.getRequest().getBody())
                        .map(b -> b.readableByteCount()).defaultIfEmpty(0)
                        .flatMap(length -> {
                            Psd2Certificate tpp = exchange.getAttribute(VerifyingWebFilter.CERTIFICATE_ATTRIBUTE);
                            byte[] answer = (tpp.roleNames() + " " + length).getBytes(StandardCharsets.UTF_8);
                            exchange.getResponse().setStatusCode(HttpStatus.CREATED);
                            return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(answer)));
                        }))
                .filter(new VerifyingWebFilter(verifier))
                .build();
        server = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
    }

    private static WebClient client(Psd2TestPki.Leaf tpp) {
        return WebClient.builder().baseUrl("http://127.0.0.1:" + server.port())
                .filter(new SealingExchangeFilterFunction(PROFILE.signer(tpp.signingKey()).build())).build();
    }

    private static ResponseEntity<String> post(WebClient client, String path) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(PAYMENT)
                .exchangeToMono(r -> r.toEntity(String.class)).block(Duration.ofSeconds(30));
    }

    @Test
    void aSealedPaymentIsAcceptedAndItsBodyStillReadable() {
        ResponseEntity<String> r = post(client(PIS), "/v1/payments/sepa-credit-transfers");
        assertEquals(201, r.getStatusCode().value(), r.getBody());
        assertEquals("[PSP_PI] " + PAYMENT.length(), r.getBody());
    }

    @Test
    void aPisOnlyTppIsRefusedOnAnAisEndpointWithAProblemDocument() {
        ResponseEntity<String> r = post(client(PIS), "/v1/consents");
        assertEquals(401, r.getStatusCode().value());
        assertEquals(MediaType.APPLICATION_PROBLEM_JSON, r.getHeaders().getContentType());
        assertTrue(r.getBody().contains("\"failure\":\"ROLE_INVALID\""), r.getBody());
    }

    @Test
    void anUnsignedRequestIsRefused() {
        ResponseEntity<String> r = WebClient.create("http://127.0.0.1:" + server.port()).post().uri("/v1/payments/x")
                .bodyValue(PAYMENT).exchangeToMono(x -> x.toEntity(String.class)).block(Duration.ofSeconds(30));
        assertEquals(401, r.getStatusCode().value());
        assertTrue(r.getBody().contains("CERTIFICATE_MISSING"), r.getBody());
    }
}
