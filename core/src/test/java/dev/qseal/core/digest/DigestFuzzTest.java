package dev.qseal.core.digest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qseal.core.BadInputException;
import dev.qseal.core.FuzzSettings;

/** Fuzz targets for {@code Digest} and {@code Content-Digest} values. Corpus under {@code DigestFuzzTestInputs/<method>/}. */
class DigestFuzzTest {
    @FuzzTest(maxDuration = FuzzSettings.RUN)
    void digestHeaders(FuzzedDataProvider data) {
        boolean content = data.consumeBoolean();
        String value = data.consumeRemainingAsString();
        try {
            if (content) {
                Digests.parseContentDigest(value);
            } else {
                Digests.parseDigest(value);
            }
        } catch (BadInputException expected) {
            // documented
        }
    }
}
