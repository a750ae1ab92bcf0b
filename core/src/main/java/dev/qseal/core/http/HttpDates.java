package dev.qseal.core.http;

import dev.qseal.core.http.internal.DateCodec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The two {@code Date} header forms banks use, formatted the same whatever the JVM's locale.
 *
 * <p>RFC 7231 IMF-fixdate always has a two-digit day: {@link DateTimeFormatter#RFC_1123_DATE_TIME}
 * drops the leading zero ("Sun, 5 Jan 2014"), which banks reject, so it is not used.
 */
public final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    /** {@code Sun, 05 Jan 2014 21:31:40 GMT}. */
    public static String rfc7231(Instant instant) {
        return DateCodec.writeImfFixdate(instant, IMF_FIXDATE);
    }

    /** {@code 2018-08-04T12:23:34Z} (ISO-8601, UTC, whole seconds), as Belfius wants it. */
    public static String iso8601(Instant instant) {
        return DateCodec.writeIsoUtc(instant, ISO_SECONDS);
    }

    /** Parses either form (and any ISO-8601 instant with an offset); empty if it is neither. */
    public static Optional<Instant> parse(String value) {
        String v = value.trim();
        Optional<Instant> imf = DateCodec.imfFixdate(v, IMF_FIXDATE);
        return imf.isPresent() ? imf : DateCodec.isoOffset(v); // not IMF-fixdate: try ISO-8601
    }
}
