package dev.qseal.core.rfc9421;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qseal.core.BadInputException;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.FuzzSettings;
import dev.qseal.core.TestKeys;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.internal.StructuredFields;
import java.time.Instant;

/**
 * Fuzz targets for RFC 8941 structured fields and the RFC 9421 verifier ({@code Signature-Input},
 * {@code Signature}). Corpus under {@code src/test/resources/dev/qseal/core/rfc9421/Rfc9421FuzzTestInputs/<method>/}.
 */
class Rfc9421FuzzTest {
    private static final MessageVerifier VERIFIER = MessageVerifier.builder(TestKeys.rfc9421TestKeyRsa().getPublic()).build();
    private static final Instant NOW = Instant.ofEpochSecond(1618884473);

    @FuzzTest(maxDuration = FuzzSettings.RUN)
    void structuredFields(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 3);
        String input = data.consumeRemainingAsString();
        try {
            switch (kind) {
                case 0: StructuredFields.parseDictionary(input); break;
                case 1: StructuredFields.parseList(input); break;
                case 2: StructuredFields.parseItem(input); break;
                default: StructuredFields.parseInnerList(input); break;
            }
        } catch (MalformedSignatureException expected) {
            // documented: the only exception the parser throws
        }
    }

    /** Any Signature-Input / Signature pair: an invalid result, never an exception. */
    @FuzzTest(maxDuration = FuzzSettings.RUN)
    void verifier(FuzzedDataProvider data) {
        HttpRequest request;
        try {
            request = Rfc9421Vectors.testRequestBuilder()
                    .header("Signature-Input", data.consumeString(4000))
                    .header("Signature", data.consumeRemainingAsString())
                    .build();
        } catch (BadInputException e) {
            return;
        }
        VERIFIER.verify(request, NOW);
    }
}
