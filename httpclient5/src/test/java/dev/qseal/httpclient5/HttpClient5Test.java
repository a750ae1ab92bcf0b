package dev.qseal.httpclient5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.psd2.testing.Bodies;
import dev.qseal.psd2.testing.Psd2TestPki;
import dev.qseal.psd2.testing.VerifyingServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpClient5Test {
    private static final Psd2TestPki.Leaf TPP = Psd2TestPki.shared().leaf().issue();
    private static final String JSON = "{\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1.00\"}}";

    private static CloseableHttpClient classic(BankProfile profile) {
        return HttpClients.custom().addRequestInterceptorLast(new SealingRequestInterceptor(profile.signer(TPP.signingKey()).build())).build();
    }

    private static CloseableHttpAsyncClient async(BankProfile profile) {
        CloseableHttpAsyncClient c = HttpAsyncClients.custom()
                .addExecInterceptorFirst("qseal", new SealingAsyncExecHandler(profile.signer(TPP.signingKey()).build())).build();
        c.start();
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "ing-jws", "rfc9421"})
    void classicRequestsAreSealed(String name) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build());
             CloseableHttpClient client = classic(profile)) {
            HttpPost post = new HttpPost(server.uri("/v1/payments/sepa-credit-transfers?a=%2Fb"));
            post.setEntity(new StringEntity(JSON, ContentType.APPLICATION_JSON));
            int code = client.execute(post, r -> {
                EntityUtils.consume(r.getEntity());
                return r.getCode();
            });
            assertEquals(200, code);
            assertEquals(JSON, new String(server.received().get(0).bodyBytesUnsafe(), StandardCharsets.UTF_8));
            // a non-repeatable stream is read once and sent as read
            HttpPost stream = new HttpPost(server.uri("/v1/consents"));
            stream.setEntity(new InputStreamEntity(new java.io.ByteArrayInputStream(JSON.getBytes(StandardCharsets.UTF_8)), -1,
                    ContentType.APPLICATION_JSON));
            int streamed = client.execute(stream, r -> r.getCode());
            assertEquals(200, streamed);
            if (!name.equals("ing-jws")) {
                int get = client.execute(new HttpGet(server.uri("/v1/accounts")), r -> r.getCode());
                assertEquals(200, get);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "ing-jws", "rfc9421"})
    void classicStreamsALargeBodySignedWithItsPrecomputedDigest(String name, @TempDir Path dir) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        Path file = Bodies.largeFile(dir, 20L * 1024 * 1024);
        String[] digest = Bodies.precomputedDigest(profile, file);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build());
             CloseableHttpClient client = classic(profile);
             InputStream in = Files.newInputStream(file)) {
            HttpPost post = new HttpPost(server.uri("/v1/files"));
            post.addHeader(digest[0], digest[1]);
            post.setEntity(new InputStreamEntity(in, Files.size(file), ContentType.APPLICATION_OCTET_STREAM));
            int code = client.execute(post, r -> r.getCode());
            assertEquals(200, code);
            assertEquals(Files.size(file), server.received().get(0).bodyBytesUnsafe().length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "ing-jws", "rfc9421"})
    void asyncRequestsAreSealed(String name) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build());
             CloseableHttpAsyncClient client = async(profile)) {
            SimpleHttpRequest post = SimpleRequestBuilder.post(server.uri("/v1/consents")).setBody(JSON, ContentType.APPLICATION_JSON).build();
            Future<SimpleHttpResponse> f = client.execute(SimpleRequestProducer.create(post), SimpleResponseConsumer.create(), null);
            SimpleHttpResponse r = f.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.getCode(), r.getBodyText());
            assertEquals(JSON, new String(server.received().get(0).bodyBytesUnsafe(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "ing-jws", "rfc9421"})
    void asyncStreamsALargeFileSignedWithItsPrecomputedDigest(String name, @TempDir Path dir) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        Path file = Bodies.largeFile(dir, 20L * 1024 * 1024);
        String[] digest = Bodies.precomputedDigest(profile, file);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build());
             CloseableHttpAsyncClient client = async(profile)) {
            BasicHttpRequest post = new BasicHttpRequest("POST", server.uri("/v1/files"));
            post.addHeader(digest[0], digest[1]);
            AsyncRequestProducer producer = new BasicRequestProducer(post,
                    AsyncEntityProducers.create(file.toFile(), ContentType.APPLICATION_OCTET_STREAM));
            SimpleHttpResponse r = client.execute(producer, SimpleResponseConsumer.create(), null).get(60, TimeUnit.SECONDS);
            assertEquals(200, r.getCode(), r.getBodyText());
            assertEquals(Files.size(file), server.received().get(0).bodyBytesUnsafe().length);
        }
    }
}
