package dev.qseal.banks.ing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qseal.banks.BankAnswers;
import dev.qseal.banks.BankException;
import dev.qseal.banks.internal.BankHttp;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;

/**
 * Fuzz targets for what ING sends back: every JSON answer the flow reads (onboarding, application metadata,
 * tokens, accounts, payment) and the authorization callback. Only {@link BankException}s may escape. Corpus under
 * {@code src/test/resources/dev/qseal/banks/ing/IngAnswersFuzzTestInputs/<method>/} (layout: {@link BankAnswers});
 * {@code scripts/fuzz.sh} fuzzes each for real. Each run lasts {@code 2m}, as core's {@code FuzzSettings.RUN}.
 */
class IngAnswersFuzzTest {
    private static final BankHttp HTTP = BankAnswers.http(IngClient.BANK);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** The last byte picks the step: 0 onboarding, 1 update, 2 metadata, 3 application token, 4 mTLS token, 5 customer token, 6 accounts, 7 payment. */
    @FuzzTest(maxDuration = "2m")
    void answers(FuzzedDataProvider data) {
        int step = data.consumeInt(0, 7);
        try {
            BankHttp.Response r = BankAnswers.answer(data);
            switch (step) {
                case 0: IngClient.readApplication(HTTP, "onboarding", r, 200, 201).redirectUris(); break;
                case 1: IngClient.readApplication(HTTP, "application update", r, 200).clientId(); break;
                case 2: IngClient.readApplications(HTTP, "application metadata", r).contact(); break;
                case 3: IngClient.readApplicationToken(HTTP, "application token", r, NOW).token().expiresAt(); break;
                case 4: IngClient.readToken(HTTP, "mTLS-only application token", r, false, NOW).toString(); break;
                case 5: IngClient.readToken(HTTP, "customer token", r, true, NOW).refreshToken(); break;
                case 6: IngClient.readAccounts(HTTP, "accounts (AIS)", r).forEach(Object::toString); break;
                default: IngClient.readPayment(HTTP, "payment initiation (PIS)", r).toString(); break;
            }
        } catch (BankException expected) {
            // documented
        }
    }

    /** The redirect back from ING's authorization page, as the TPP's callback endpoint receives it. */
    @FuzzTest(maxDuration = "2m")
    void callback(FuzzedDataProvider data) {
        URI callback;
        try {
            callback = new URI(data.consumeRemainingAsString());
        } catch (URISyntaxException notAUri) {
            return;
        }
        try {
            IngClient.authorizationCode(callback, "state-1");
        } catch (BankException expected) {
            // documented
        }
    }
}
