package dev.qseal.core.internal;

import dev.qseal.core.Limits;

/**
 * Makes text that came from outside (a keyId, a header name or value, a JSON member) safe to put in a
 * message: control characters, terminal escapes, line and paragraph separators and bidirectional
 * overrides are written as {@code \n}, {@code \r}, {@code \t} or {@code \\uXXXX}, so a message stays one
 * line and cannot move the cursor or recolour a terminal; and the text is cut at
 * {@link Limits#ECHO_CHARS} characters (or fewer) with "…" appended.
 */
public final class Untrusted {
    private Untrusted() {
    }

    /** {@code s} escaped and cut at {@link Limits#ECHO_CHARS} characters. */
    public static String echo(String s) {
        return echo(s, Limits.ECHO_CHARS);
    }

    /** {@code s} escaped and cut at {@code max} characters of the original. */
    public static String echo(String s, int max) {
        if (s == null) {
            return "null";
        }
        int n = Math.min(s.length(), max);
        if (n > 0 && n < s.length() && Character.isHighSurrogate(s.charAt(n - 1))) {
            n--;
        }
        StringBuilder out = new StringBuilder(n + 8);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        if (n < s.length()) {
            out.append('…');
        }
        return out.toString();
    }

    /** C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates and the BOM. */
    private static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c || c == 0xfeff;
    }
}
