package dev.qseal.banks.belfius;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qseal.banks.BankAnswers;
import dev.qseal.banks.BankException;
import dev.qseal.banks.internal.BankHttp;

/**
 * Fuzz target for Belfius's answer to the signed first call (a JSON:API fallback session). Only
 * {@link BankException}s may escape. Corpus under
 * {@code src/test/resources/dev/qseal/banks/belfius/BelfiusAnswersFuzzTestInputs/session/} (layout: {@link BankAnswers},
 * with a last byte this target ignores). Each run lasts {@code 2m}, as core's {@code FuzzSettings.RUN}.
 */
class BelfiusAnswersFuzzTest {
    private static final BankHttp HTTP = BankAnswers.http(BelfiusClient.BANK);

    @FuzzTest(maxDuration = "2m")
    void session(FuzzedDataProvider data) {
        data.consumeByte();
        try {
            BelfiusClient.readSession(HTTP, "signed first call", BankAnswers.answer(data)).link();
        } catch (BankException expected) {
            // documented
        }
    }
}
