package dev.qseal.banks.becm;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qseal.banks.BankAnswers;
import dev.qseal.banks.BankException;
import dev.qseal.banks.internal.BankHttp;

/**
 * Fuzz target for BECM's STET accounts answer. Only {@link BankException}s may escape. Corpus under
 * {@code src/test/resources/dev/qseal/banks/becm/BecmAnswersFuzzTestInputs/accounts/} (layout: {@link BankAnswers},
 * with a last byte this target ignores). Each run lasts {@code 2m}, as core's {@code FuzzSettings.RUN}.
 */
class BecmAnswersFuzzTest {
    private static final BankHttp HTTP = BankAnswers.http(BecmClient.BANK);

    @FuzzTest(maxDuration = "2m")
    void accounts(FuzzedDataProvider data) {
        data.consumeByte();
        try {
            BecmClient.readAccounts(HTTP, "accounts (STET AIS)", BankAnswers.answer(data)).forEach(Object::toString);
        } catch (BankException expected) {
            // documented
        }
    }
}
