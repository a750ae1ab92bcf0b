package dev.qseal.banks.itsme;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qseal.banks.BankAnswers;
import dev.qseal.banks.BankException;
import dev.qseal.banks.internal.BankHttp;
import dev.qseal.simulators.itsme.ItsmeTestUser;
import java.net.URI;
import java.util.List;

/**
 * Fuzz target for what itsme sends back: the identification answer, the identification status (user code and
 * PEM certificate chain), the sign answer and the sign status (OASIS DSS result, signature list). Only
 * {@link BankException}s may escape. Corpus under
 * {@code src/test/resources/dev/qseal/banks/itsme/ItsmeAnswersFuzzTestInputs/answers/} (layout: {@link BankAnswers});
 * {@code scripts/fuzz.sh} fuzzes it for real. Each run lasts {@code 2m}, as core's {@code FuzzSettings.RUN}.
 */
class ItsmeAnswersFuzzTest {
    private static final BankHttp HTTP = BankAnswers.http(ItsmeClient.BANK);
    private static final ItsmeTestUser TEST_USER = ItsmeWorld.user();
    private static final ItsmeUser USER = new ItsmeUser(TEST_USER.userCode(), TEST_USER.certificateChain());
    private static final List<ItsmeSigningSession.Item> ITEMS = List.of(
            new ItsmeSigningSession.Item("doc-1", new byte[32], null), new ItsmeSigningSession.Item("doc-2", new byte[32], null));
    private static final ItsmeSigningSession SESSION = new ItsmeSigningSession("ReqID1", "resp-1",
            URI.create("https://itsme.example/qes/sign"), USER.userCode(), USER, ITEMS);

    /** The last byte picks the step: 0 identification, 1 identification status, 2 sign, 3 sign status. */
    @FuzzTest(maxDuration = "2m")
    void answers(FuzzedDataProvider data) {
        int step = data.consumeInt(0, 3);
        try {
            BankHttp.Response r = BankAnswers.answer(data);
            switch (step) {
                case 0: ItsmeClient.readIdentification(HTTP, r).identificationUrl(); break;
                case 1: ItsmeClient.readIdentificationStatus(HTTP, r).ifPresent(ItsmeUser::certificate); break;
                case 2: ItsmeClient.readSignStart(HTTP, r, "ReqID1", USER, ITEMS).signingUrl(); break;
                default: ItsmeClient.readSignatureStatus(HTTP, r, SESSION).ifPresent(List::size); break;
            }
        } catch (BankException expected) {
            // documented
        }
    }
}
