package dev.qseal.core.http.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parsing and writing of the two date forms every verifier reads and many signers write on every request (a
 * {@code Date} header in RFC 7231 IMF-fixdate, a JWS {@code sigT} in RFC 3339), with a fast path for the form
 * signers actually send and the {@link DateTimeFormatter} as the authority for everything else. Writing takes the
 * fast path for the years 1 to 9999 and gives exactly what the formatter gives (DateCodecTest compares them).
 *
 * <p>The fast path accepts only text that its formatter parses to the same instant: exactly
 * {@code Sun, 05 Jan 2014 21:31:40 GMT} (29 characters, English names as written, day-of-week matching the date)
 * or exactly {@code 2014-01-05T21:31:40Z} (20 characters), with every field in its plain range (day within the
 * month, hour 0-23, minute and second 0-59). Anything else (other offsets, fractions, lower-case letters,
 * 24:00, a day past the month's end, a wrong day-of-week...) is handed to the formatter unchanged, so what is
 * accepted and refused is exactly what the formatter decides. Measured: the formatter was 6-8% of a Cavage or JWS
 * verification (benchmarks/profiles/verify.md).
 */
public final class DateCodec {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private DateCodec() {
    }

    /** {@code instant}'s whole seconds written by {@code imfFixdate} ({@code EEE, dd MMM yyyy HH:mm:ss 'GMT'}, US, UTC). */
    public static String writeImfFixdate(Instant instant, DateTimeFormatter imfFixdate) {
        long second = instant.getEpochSecond(); // the floor: what truncating to seconds gives
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(second, 86400));
        if (day.getYear() < 1 || day.getYear() > 9999) {
            return imfFixdate.format(Instant.ofEpochSecond(second));
        }
        StringBuilder sb = new StringBuilder(29);
        sb.append(DAYS[day.getDayOfWeek().ordinal()]).append(", ");
        two(sb, day.getDayOfMonth()).append(' ').append(MONTHS[day.getMonthValue() - 1]).append(' ');
        four(sb, day.getYear()).append(' ');
        return time(sb, Math.floorMod(second, 86400)).append(" GMT").toString();
    }

    /** {@code instant}'s whole seconds written by {@code isoSeconds} ({@code yyyy-MM-dd'T'HH:mm:ss'Z'}, UTC). */
    public static String writeIsoUtc(Instant instant, DateTimeFormatter isoSeconds) {
        long second = instant.getEpochSecond();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(second, 86400));
        if (day.getYear() < 1 || day.getYear() > 9999) {
            return isoSeconds.format(Instant.ofEpochSecond(second));
        }
        StringBuilder sb = new StringBuilder(20);
        four(sb, day.getYear()).append('-');
        two(sb, day.getMonthValue()).append('-');
        two(sb, day.getDayOfMonth()).append('T');
        return time(sb, Math.floorMod(second, 86400)).append('Z').toString();
    }

    private static StringBuilder time(StringBuilder sb, long secondOfDay) {
        int s = (int) secondOfDay;
        two(sb, s / 3600).append(':');
        two(sb, s / 60 % 60).append(':');
        return two(sb, s % 60);
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static StringBuilder four(StringBuilder sb, int v) {
        return two(two(sb, v / 100), v % 100);
    }

    /** {@code value} parsed by {@code imfFixdate} (a formatter of {@code EEE, dd MMM yyyy HH:mm:ss 'GMT'}, US, UTC), or empty. */
    public static Optional<Instant> imfFixdate(String value, DateTimeFormatter imfFixdate) {
        Instant fast = fastImfFixdate(value);
        if (fast != null) {
            return Optional.of(fast);
        }
        try {
            return Optional.of(Instant.from(imfFixdate.parse(value)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code value} parsed as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} does, or empty. */
    public static Optional<Instant> isoOffset(String value) {
        Instant fast = fastIsoUtc(value);
        if (fast != null) {
            return Optional.of(fast);
        }
        try {
            return Optional.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(value, Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code Sun, 05 Jan 2014 21:31:40 GMT} in its plain form, or null (then the formatter decides). */
    static Instant fastImfFixdate(String v) {
        if (v.length() != 29 || v.charAt(3) != ',' || v.charAt(4) != ' ' || v.charAt(7) != ' ' || v.charAt(11) != ' '
                || v.charAt(16) != ' ' || v.charAt(19) != ':' || v.charAt(22) != ':' || !v.endsWith(" GMT")) {
            return null;
        }
        int month = indexOf(MONTHS, v, 8) + 1;
        int dow = indexOf(DAYS, v, 0);
        int year = digits(v, 12, 4);
        if (month == 0 || dow < 0 || year < 1) {
            return null;
        }
        Instant t = instant(year, month, digits(v, 5, 2), digits(v, 17, 2), digits(v, 20, 2), digits(v, 23, 2));
        // 1970-01-01 was a Thursday (index 3 from Monday)
        if (t == null || Math.floorMod(Math.floorDiv(t.getEpochSecond(), 86400) + 3, 7) != dow) {
            return null; // a day-of-week that does not match: the formatter refuses it
        }
        return t;
    }

    /** {@code 2014-01-05T21:31:40Z} in its plain form, or null (then the formatter decides). */
    static Instant fastIsoUtc(String v) {
        if (v.length() != 20 || v.charAt(4) != '-' || v.charAt(7) != '-' || v.charAt(10) != 'T' || v.charAt(13) != ':'
                || v.charAt(16) != ':' || v.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(v, 0, 4);
        return year < 0 ? null : instant(year, digits(v, 5, 2), digits(v, 8, 2), digits(v, 11, 2), digits(v, 14, 2), digits(v, 17, 2));
    }

    /** The instant of a date and time in their plain ranges (any negative = not digits), or null. */
    private static Instant instant(int year, int month, int day, int hour, int minute, int second) {
        if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86400 + hour * 3600L + minute * 60L + second);
    }

    /** The decimal number in {@code v[from, from + n)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String v, int from, int n) {
        int out = 0;
        for (int i = from; i < from + n; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            out = out * 10 + (c - '0');
        }
        return out;
    }

    private static int indexOf(String[] names, String v, int from) {
        for (int i = 0; i < names.length; i++) {
            if (v.startsWith(names[i], from)) {
                return i;
            }
        }
        return -1;
    }
}
