package dev.qseal.cli;

import dev.qseal.core.MissingCertificateException;
import dev.qseal.core.MissingComponentException;
import dev.qseal.core.MissingKeyIdException;

/** Turns core's typed, library-neutral exceptions into the command-line advice only the CLI can give. */
final class FlagHints {
    private FlagHints() {
    }

    /** A hint naming the flag that fixes {@code e}, starting with a space; empty when there is none. */
    static String hint(Throwable e) {
        if (e instanceof MissingCertificateException) {
            return " (pass --cert CERTREF, or add ?cert= to the key reference)";
        }
        if (e instanceof MissingKeyIdException) {
            return " (pass --key-id ID)";
        }
        if (e instanceof MissingComponentException) {
            String c = ((MissingComponentException) e).component();
            if (!c.isEmpty() && !c.startsWith("@") && !c.startsWith("(") && !c.startsWith("\"")) {
                return " (give it with -H '" + c + ": ...')";
            }
        }
        return "";
    }
}
