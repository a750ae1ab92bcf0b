package dev.qseal.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.Limits;
import org.junit.jupiter.api.Test;

class UntrustedTest {
    @Test
    void controlCharactersAndTerminalEscapesAreEscaped() {
        String echoed = Untrusted.echo("key\u001b[2J\r\nInjected: yes\u0007\u009b\u202e");
        assertEquals("key\\u001b[2J\\r\\nInjected: yes\\u0007\\u009b\\u202e", echoed);
        assertTrue(echoed.chars().allMatch(c -> c >= 0x20 && c != 0x7f));
    }

    @Test
    void longTextIsCutWithAnEllipsis() {
        String echoed = Untrusted.echo("k".repeat(47_000));
        assertEquals(Limits.ECHO_CHARS + 1, echoed.length());
        assertTrue(echoed.endsWith("…"));
        assertEquals("short", Untrusted.echo("short"));
    }

    @Test
    void aSurrogatePairIsNotSplitByTheCut() {
        String s = "a".repeat(Limits.ECHO_CHARS - 1) + "\uD83D\uDE00tail";
        String echoed = Untrusted.echo(s);
        assertFalse(echoed.contains("\uD83D…"), echoed);
    }
}
