package dev.qseal.core.jws;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qseal.core.BadInputException;
import dev.qseal.core.FuzzSettings;
import dev.qseal.core.Limits;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.jws.internal.Base64Url;
import dev.qseal.core.jws.internal.Json;
import dev.qseal.core.key.SoftwareSigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Fuzz targets for the detached JWS: compact form, protected header JSON, and the verifier with its
 * diagnosis (whose work is counted and bounded). Corpus under
 * {@code src/test/resources/dev/qseal/core/jws/JwsFuzzTestInputs/<method>/}.
 */
class JwsFuzzTest {
    private static final SoftwareSigningKey KEY = JwsTestKeys.rsa();
    private static final DetachedJwsVerifier VERIFIER = DetachedJwsVerifier.builder(KEY.certificate().orElseThrow()).ignoreClock().build();
    private static final Instant NOW = Instant.parse("2019-11-19T17:28:15Z");

    @FuzzTest(maxDuration = FuzzSettings.RUN)
    void compact(FuzzedDataProvider data) {
        try {
            DetachedJws.parse(data.consumeRemainingAsString());
        } catch (MalformedSignatureException expected) {
            // documented
        }
    }

    @FuzzTest(maxDuration = FuzzSettings.RUN)
    void headerJson(FuzzedDataProvider data) {
        String json = data.consumeRemainingAsString();
        try {
            Json.parseObject(json);
            JwsHeader.parse(Base64Url.encode(json.getBytes(StandardCharsets.UTF_8)));
        } catch (MalformedSignatureException expected) {
            // documented
        }
    }

    /** Any JWS, any header values: an invalid result, never an exception, and a bounded diagnosis. */
    @FuzzTest(maxDuration = FuzzSettings.RUN)
    void verifier(FuzzedDataProvider data) {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request;
        try {
            request = HttpRequest.builder("POST", "/oauth2/applications")
                    .header("Content-Type", data.consumeString(100))
                    .header("Digest", data.consumeBoolean() ? Digests.digestValue(body) : data.consumeString(100))
                    .header(data.consumeString(20).isEmpty() ? "X-A" : "X-B", data.consumeString(100))
                    .body(body).build();
        } catch (BadInputException e) {
            return;
        }
        DiagnosisBudget budget = new DiagnosisBudget();
        String compact = data.consumeRemainingAsString();
        try {
            VERIFIER.verify(request, DetachedJws.parse(compact), NOW, budget);
        } catch (MalformedSignatureException expected) {
            return; // parse; the verifier itself never throws
        }
        assertTrue(budget.attempts() <= Limits.DIAGNOSIS_CANDIDATES + 1, "attempts: " + budget.attempts());
    }
}
