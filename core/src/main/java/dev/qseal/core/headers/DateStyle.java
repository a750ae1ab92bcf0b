package dev.qseal.core.headers;

import dev.qseal.core.http.HttpDates;
import java.time.Instant;

/** How a bank wants the generated {@code Date} header written. */
public enum DateStyle {
    /** {@code Sun, 05 Jan 2014 21:31:40 GMT} (RFC 7231 IMF-fixdate). */
    RFC_7231,
    /** {@code 2018-08-04T12:23:34Z} (Belfius). */
    ISO_8601;

    public String format(Instant instant) {
        return this == ISO_8601 ? HttpDates.iso8601(instant) : HttpDates.rfc7231(instant);
    }
}
