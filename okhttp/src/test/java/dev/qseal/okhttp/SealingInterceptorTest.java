package dev.qseal.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.psd2.testing.Bodies;
import dev.qseal.psd2.testing.Psd2TestPki;
import dev.qseal.psd2.testing.VerifyingServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealingInterceptorTest {
    private static final Psd2TestPki.Leaf TPP = Psd2TestPki.shared().leaf().issue();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final String JSON = "{\"access\":{\"balances\":[]},\"recurringIndicator\":false}";

    private static OkHttpClient client(BankProfile profile) {
        return new OkHttpClient.Builder().addInterceptor(new SealingInterceptor(profile.signer(TPP.signingKey()).build())).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "ing-jws", "rfc9421"})
    void aPostSealedThroughOkHttpVerifiesAtTheServer(String name) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build())) {
            Request request = new Request.Builder().url(server.uri("/v1/consents?a=b%20c").toString())
                    .post(RequestBody.create(JSON, JSON_TYPE)).build();
            try (Response response = client(profile).newCall(request).execute()) {
                assertEquals(200, response.code(), response.body().string());
            }
            assertEquals(JSON, new String(server.received().get(0).bodyBytesUnsafe(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "rfc9421"})
    void aGetWithoutBodyVerifies(String name) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build())) {
            Request request = new Request.Builder().url(server.uri("/v1/accounts?withBalance=true").toString()).build();
            try (Response response = client(profile).newCall(request).execute()) {
                assertEquals(200, response.code(), response.body().string());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ing", "ing-jws", "rfc9421"})
    void aLargeOneShotStreamedBodyIsSignedWithItsPrecomputedDigest(String name, @TempDir Path dir) throws Exception {
        BankProfile profile = BankProfiles.named(name);
        Path file = Bodies.largeFile(dir, 20L * 1024 * 1024);
        String[] digest = Bodies.precomputedDigest(profile, file);
        RequestBody streamed = new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get("application/octet-stream");
            }

            @Override
            public long contentLength() throws IOException {
                return Files.size(file);
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try (InputStream in = Files.newInputStream(file); Source source = Okio.source(in)) {
                    sink.writeAll(source);
                }
            }
        };
        try (VerifyingServer server = VerifyingServer.start(profile.verifier(TPP.certificate()).build())) {
            Request request = new Request.Builder().url(server.uri("/v1/files").toString())
                    .header(digest[0], digest[1]).post(streamed).build();
            try (Response response = client(profile).newCall(request).execute()) {
                assertEquals(200, response.code(), response.body().string());
            }
            assertEquals(Files.size(file), server.received().get(0).bodyBytesUnsafe().length);
        }
    }

    @Test
    void aOneShotBodyWithoutDigestIsRefused() {
        RequestBody oneShot = new RequestBody() {
            @Override
            public MediaType contentType() {
                return JSON_TYPE;
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.writeUtf8(JSON);
            }
        };
        Request request = new Request.Builder().url("http://127.0.0.1:9/x").post(oneShot).build();
        BadInputException e = assertThrows(BadInputException.class,
                () -> new SealingInterceptor(BankProfiles.ING.signer(TPP.signingKey()).build()).seal(request));
        assertTrue(e.getMessage().contains("one-shot"), e.getMessage());
    }
}
