package dev.qseal.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The fast paths of {@link DateCodec} decide exactly as the formatters they stand in front of: every canonical
 * value and thousands of one-character mutations of it (wrong day-of-week, day 31 of a short month, hour 24,
 * lower case, another offset...) give the formatter's answer.
 */
class DateCodecTest {
    /** The formatter HttpDates uses for RFC 7231 IMF-fixdate. */
    private static final DateTimeFormatter IMF =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_Z =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String MUTATIONS = "0123456789 ,:-+TZtzGMgmADFJMNOSWadefjmnorstuvy";

    private static Optional<Instant> imfByFormatter(String v) {
        try {
            return Optional.of(Instant.from(IMF.parse(v)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> isoByFormatter(String v) {
        try {
            return Optional.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(v, Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Test
    void canonicalImfFixdateTakesTheFastPathAndGivesTheFormattersInstant() {
        assertFastPathAgrees(IMF, DateCodec::fastImfFixdate, v -> DateCodec.imfFixdate(v, IMF), 14);
    }

    /** Random instants written by {@code writer} take the fast path and parse back to themselves. */
    private static void assertFastPathAgrees(DateTimeFormatter writer, Function<String, Instant> fast,
                                             Function<String, Optional<Instant>> parse, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE) * (random.nextBoolean() ? 1L : 3L));
            String v = writer.format(t);
            assertNotNull(fast.apply(v), v);
            assertEquals(Optional.of(t), parse.apply(v), v);
        }
    }

    @Test
    void mutatedImfFixdateIsDecidedAsTheFormatterDecides() {
        Random random = new Random(7231);
        String[] edges = {"Sat, 29 Feb 2020 10:00:00 GMT", "Sun, 29 Feb 2021 10:00:00 GMT", "Mon, 01 Mar 2021 10:00:00 GMT",
            "Thu, 31 Apr 2021 10:00:00 GMT", "Fri, 30 Apr 2021 24:00:00 GMT", "Sat, 01 Jan 0000 00:00:00 GMT",
            "Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 01 Mar 2024 12:00:60 GMT",
            "fri, 01 Mar 2024 12:00:00 GMT", "Fri, 01 MAR 2024 12:00:00 GMT", "Fri, 01 Mar 2024 12:00:00 gmt"};
        for (String v : edges) {
            assertEquals(imfByFormatter(v), DateCodec.imfFixdate(v, IMF), v);
        }
        for (int i = 0; i < 5000; i++) {
            String v = mutate(IMF.format(Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE))), random);
            assertEquals(imfByFormatter(v), DateCodec.imfFixdate(v, IMF), v);
        }
    }

    @Test
    void canonicalIsoUtcTakesTheFastPathAndGivesTheFormattersInstant() {
        assertFastPathAgrees(ISO_Z, DateCodec::fastIsoUtc, DateCodec::isoOffset, 3339);
    }

    @Test
    void mutatedIsoTimesAreDecidedAsTheFormatterDecides() {
        Random random = new Random(8601);
        String[] edges = {"2020-02-29T10:00:00Z", "2021-02-29T10:00:00Z", "2021-04-31T10:00:00Z", "2021-04-30T24:00:00Z",
            "0000-01-01T00:00:00Z", "2024-03-01T12:00:60Z", "2024-03-01t12:00:00z", "2024-03-01T12:00:00+01:00",
            "2024-03-01T12:00:00.5Z", "2024-03-01T12:00Z"};
        for (String v : edges) {
            assertEquals(isoByFormatter(v), DateCodec.isoOffset(v), v);
        }
        for (int i = 0; i < 5000; i++) {
            String v = mutate(ISO_Z.format(Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE))), random);
            assertEquals(isoByFormatter(v), DateCodec.isoOffset(v), v);
        }
    }

    @Test
    void writingGivesExactlyWhatTheFormattersWrite() {
        Random random = new Random(1123);
        long[] edges = {0, -1, 86399, 86400, -62135596800L /* 0001-01-01 */, -62135596801L, 253402300799L /* 9999-12-31T23:59:59 */,
            253402300800L, 951782400L /* 2000-02-29 */, Long.MIN_VALUE / 1000 / 1000 / 100, 1_000_000_000_000L};
        for (long e : edges) {
            assertWritesAsFormatters(Instant.ofEpochSecond(e, 999_999_999));
            assertWritesAsFormatters(Instant.ofEpochSecond(e));
        }
        for (int i = 0; i < 5000; i++) {
            assertWritesAsFormatters(Instant.ofEpochSecond(random.nextLong() % 400_000_000_000L, random.nextInt(1_000_000_000)));
        }
    }

    private static void assertWritesAsFormatters(Instant t) {
        Instant whole = t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertEquals(IMF.format(whole), DateCodec.writeImfFixdate(t, IMF), t.toString());
        assertEquals(ISO_Z.format(whole), DateCodec.writeIsoUtc(t, ISO_Z), t.toString());
    }

    private static String mutate(String v, Random random) {
        char[] c = v.toCharArray();
        int n = 1 + random.nextInt(2);
        for (int k = 0; k < n; k++) {
            c[random.nextInt(c.length)] = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
        }
        return new String(c);
    }
}
