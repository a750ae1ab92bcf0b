package dev.qseal.cli;

import dev.qseal.core.BadInputException;
import dev.qseal.core.Limits;
import dev.qseal.core.internal.BoundedRead;
import dev.qseal.core.internal.Untrusted;
import dev.qseal.core.http.HttpDates;
import dev.qseal.core.http.HttpRequest;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The request a command signs or verifies: method, target, headers, body, and the clock. */
final class RequestOptions {
    @Option(names = "--method", required = true, paramLabel = "M", description = "HTTP method, e.g. POST")
    String method;

    @Option(names = "--target", required = true, paramLabel = "T",
            description = "request target exactly as sent: /path?query (not re-encoded)")
    String target;

    @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'", description = "a request header (repeatable, in message order)")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body-file", paramLabel = "F", description = "the exact body bytes; no file means no body (digest of the empty string)")
    Path bodyFile;

    @Option(names = "--now", paramLabel = "INSTANT", description = "fix the clock, e.g. 2014-01-05T21:31:40Z (for reproducible output)")
    String now;

    HttpRequest toRequest() {
        if (target.length() > Limits.HEADER_CHARS) {
            throw new BadInputException("--target is " + target.length() + " characters long; qseal accepts at most " + Limits.HEADER_CHARS);
        }
        if (headers.size() > Limits.HEADER_COUNT) {
            throw new BadInputException(headers.size() + " -H headers given; qseal accepts at most " + Limits.HEADER_COUNT);
        }
        HttpRequest.Builder b = HttpRequest.builder(method, target);
        for (String h : headers) {
            if (h.length() > Limits.HEADER_CHARS) {
                throw new BadInputException("a -H header is " + h.length() + " characters long; qseal accepts at most " + Limits.HEADER_CHARS);
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new BadInputException("-H '" + clip(h) + "' is not 'Name: value'");
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1);
            // drop the separator's leading whitespace only; the value is otherwise taken as given
            int i = 0;
            while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            b.header(name, value.substring(i));
        }
        if (bodyFile != null) {
            b.body(readFile(bodyFile, Limits.BODY_BYTES, "body file"));
        }
        return b.build();
    }

    Instant clock() {
        return now == null ? Instant.now() : parseInstant(now);
    }

    static Instant parseInstant(String s) {
        String v = s.trim();
        if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9') && v.length() <= 12) {
            return Instant.ofEpochSecond(Long.parseLong(v));
        }
        return HttpDates.parse(v).orElseThrow(() -> new BadInputException(
                "--now '" + clip(v) + "' is not an instant: use ISO-8601 like 2014-01-05T21:31:40Z"));
    }

    /** The bytes of {@code p}, at most {@code max} of them (see {@link Limits}). */
    static byte[] readFile(Path p, int max, String what) {
        try {
            return BoundedRead.file(p, max, "the " + what + " " + p);
        } catch (NoSuchFileException e) {
            throw new BadInputException(what + " " + p + " not found");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + what + " " + p + ": " + e.getClass().getSimpleName());
        }
    }

    /** What the user typed, made safe to echo: escaped and cut at 40 characters. */
    static String clip(String s) {
        return Untrusted.echo(s, 40);
    }
}
