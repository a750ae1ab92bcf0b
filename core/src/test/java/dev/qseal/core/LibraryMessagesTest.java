package dev.qseal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Library messages make sense in any program: no string literal in core's main sources names a CLI flag
 * ({@code --cert}, {@code --key-id}, {@code -H}...) or tells the user to run a shell command; the CLI adds
 * flag hints from the typed exceptions' fields.
 */
class LibraryMessagesTest {
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern FLAG = Pattern.compile("(^|[^-\\w])--[a-z][a-z-]*|(^|[^\\w])-H\\b|\\bexport it\\b|\\bpass it with\\b");

    @Test
    void noCoreMessageNamesACliFlag() throws IOException {
        Path main = Path.of("src/main/java");
        assertTrue(Files.isDirectory(main), "run from the core module: " + main.toAbsolutePath());
        List<String> found = new ArrayList<>();
        int files;
        try (Stream<Path> all = Files.walk(main)) {
            List<Path> java = all.filter(p -> p.toString().endsWith(".java")).toList();
            files = java.size();
            for (Path p : java) {
                List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).trim();
                    if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
                        continue;
                    }
                    Matcher m = LITERAL.matcher(line);
                    while (m.find()) {
                        if (FLAG.matcher(m.group(1)).find()) {
                            found.add(main.relativize(p) + ":" + (i + 1) + ": " + m.group());
                        }
                    }
                }
            }
        }
        assertTrue(files > 50, "scanned " + files + " files");
        assertEquals(List.of(), found);
    }

    @Test
    void thePatternFindsWhatItLooksFor() {
        assertTrue(FLAG.matcher("pass --cert or add ?cert=").find());
        assertTrue(FLAG.matcher("pass it with -H 'x: y'").find());
        assertTrue(!FLAG.matcher("-----BEGIN CERTIFICATE-----").find());
        assertTrue(!FLAG.matcher("sha-256=:...:").find());
    }
}
