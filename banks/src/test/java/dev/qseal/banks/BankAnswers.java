package dev.qseal.banks;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.qseal.banks.internal.BankHttp;
import dev.qseal.banks.internal.Redactor;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the banks' fuzz targets share: a bank's answer made of fuzz data (a status, a Content-Type, the body),
 * recorded as {@link BankHttp#send} records every answer. Layout of an input, read from its end: the target's
 * own choice (one byte), the status index, the Content-Type index, then the body from the start.
 */
public final class BankAnswers {
    /** Statuses a bank answers with; an input's second-to-last byte picks one (0 = 200, 1 = 201, 2 = 409, ...). */
    public static final List<Integer> STATUSES = List.of(200, 201, 409, 400, 401, 500, 204, 302);
    /** Content-Types; the third-to-last byte picks one (0 = application/json). */
    public static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8", "text/html",
            "", "application/x-www-form-urlencoded");

    private BankAnswers() {
    }

    /** A {@link BankHttp} for {@code bank} that records nothing. */
    public static BankHttp http(String bank) {
        return new BankHttp(bank, ExchangeRecorder.NONE, Duration.ofSeconds(5));
    }

    /** The answer in {@code data}, already rendered for the exchange record (secrets redacted) as every answer is. */
    public static BankHttp.Response answer(FuzzedDataProvider data) {
        int status = data.pickValue(STATUSES);
        String contentType = data.pickValue(CONTENT_TYPES);
        byte[] body = data.consumeRemainingAsBytes();
        Redactor.body(contentType, body);
        return BankHttp.Response.of(status, contentType.isEmpty() ? Map.of() : Map.of("Content-Type", List.of(contentType)), body);
    }
}
