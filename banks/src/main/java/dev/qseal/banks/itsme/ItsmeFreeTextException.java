package dev.qseal.banks.itsme;

import dev.qseal.core.BadInputException;
import java.util.OptionalInt;

/**
 * A free-text field for itsme (description, signer role, document id) breaks itsme's rules: a
 * character outside ISO 8859-15 (curly quotes, long dashes, emoji...), too long, or empty. Names
 * the field and, for a character, the character, its code point and its position.
 */
public class ItsmeFreeTextException extends BadInputException {
    private final String field;
    private final int codePoint;

    ItsmeFreeTextException(String field, int codePoint, String message) {
        super(message);
        this.field = field;
        this.codePoint = codePoint;
    }

    /** The field, e.g. {@code description (FR)}. */
    public String field() {
        return field;
    }

    /** The offending character, when a character is the problem. */
    public OptionalInt offendingCodePoint() {
        return codePoint < 0 ? OptionalInt.empty() : OptionalInt.of(codePoint);
    }
}
