package dev.qseal.core;

import dev.qseal.core.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Turns an HTTP/1.1 request as printed in a spec into an {@link HttpRequest}. */
public final class TestRequests {
    private TestRequests() {
    }

    /**
     * Parses {@code METHOD target HTTP/1.1}, header lines (a line starting with a space or tab continues the
     * previous header as an obs-fold, kept with {@code foldBreak} + the line's own indentation), an empty line,
     * then the body (lines joined with LF; no body when nothing follows).
     */
    public static HttpRequest parse(List<String> lines, String foldBreak) {
        String[] requestLine = lines.get(0).split(" ");
        HttpRequest.Builder b = HttpRequest.builder(requestLine[0], requestLine[1]);
        int i = 1;
        String name = null;
        StringBuilder value = null;
        for (; i < lines.size() && !lines.get(i).isEmpty(); i++) {
            String line = lines.get(i);
            if (line.startsWith(" ") || line.startsWith("\t")) {
                value.append(foldBreak).append(line);
                continue;
            }
            if (name != null) {
                b.header(name, value.toString());
            }
            int colon = line.indexOf(':');
            name = line.substring(0, colon);
            value = new StringBuilder(line.substring(colon + 1).stripLeading());
        }
        if (name != null) {
            b.header(name, value.toString());
        }
        if (i + 1 < lines.size()) {
            b.body(String.join("\n", lines.subList(i + 1, lines.size())).getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    public static HttpRequest parse(String message) {
        return parse(List.of(message.split("\n", -1)), "\r\n");
    }
}
