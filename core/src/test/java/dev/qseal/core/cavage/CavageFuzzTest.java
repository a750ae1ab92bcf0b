package dev.qseal.core.cavage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qseal.core.Limits;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.FuzzSettings;
import dev.qseal.core.TestKeys;
import dev.qseal.core.http.HttpRequest;
import java.security.KeyPair;
import java.time.Instant;

/**
 * Fuzz targets for the Cavage parser and verifier. In {@code mvn verify} they replay the committed
 * corpus ({@code src/test/resources/dev/qseal/core/cavage/CavageFuzzTestInputs/<method>/}); with
 * {@code JAZZER_FUZZ=1} ({@code scripts/fuzz.sh}) they fuzz. Only the documented exception may escape.
 */
class CavageFuzzTest {
    private static final KeyPair RSA = TestKeys.cavageTestKey();
    private static final CavageVerifier VERIFIER = CavageVerifier.builder(RSA.getPublic()).build();
    private static final Instant NOW = Instant.parse("2014-01-05T21:31:40Z");

    /** {@code Signature} / {@code Authorization: Signature} parameters: MalformedSignatureException only, within the limits. */
    @FuzzTest(maxDuration = FuzzSettings.RUN)
    void signatureParameters(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        try {
            SignatureParameters p = SignatureParameters.parse(value);
            assertTrue(p.headers().size() <= Limits.SIGNED_COMPONENTS, "components: " + p.headers().size());
        } catch (MalformedSignatureException expected) {
            // documented
        }
    }

    /** The verifier never throws for anything in the request: every problem is an invalid result. */
    @FuzzTest(maxDuration = FuzzSettings.RUN)
    void verifier(FuzzedDataProvider data) {
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.builder("POST", "/foo?param=value&pet=dog")
                    .header("Host", "example.com")
                    .header("Date", data.consumeString(40))
                    .header("Digest", data.consumeString(80));
            if (data.consumeBoolean()) {
                b.header(data.consumeBoolean() ? "Authorization" : "Signature", data.consumeString(2000));
            }
            request = b.body(data.consumeRemainingAsBytes()).build();
        } catch (dev.qseal.core.BadInputException e) {
            return; // a header the request model refuses (e.g. a NUL character) never reaches a verifier
        }
        VERIFIER.verify(request, NOW);
    }
}
