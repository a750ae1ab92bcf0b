package dev.qseal.banks.itsme;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * itsme's rules for free text, checked before anything is sent: the graphic characters of ISO 8859-15
 * only (the seed's "Supported character set"; C0/C1 control characters are not graphic characters of
 * ISO 8859), at most {@code max} characters, not blank. Signer roles must also be ISO-8859-1
 * compatible (the seed says so for that field), i.e. none of {@code € Š š Ž ž Œ œ Ÿ}.
 */
final class FreeText {
    private static final Charset ISO_8859_15 = Charset.forName("ISO-8859-15");

    private FreeText() {
    }

    static void check(String field, String value, int max, boolean alsoLatin1) {
        if (value.isBlank()) {
            throw new ItsmeFreeTextException(field, -1, field + " is empty: give a text or leave the field out");
        }
        CharsetEncoder latin9 = ISO_8859_15.newEncoder();
        CharsetEncoder latin1 = StandardCharsets.ISO_8859_1.newEncoder();
        int position = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            position++;
            String ch = new String(Character.toChars(cp));
            boolean control = cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
            if (control || !latin9.canEncode(ch)) {
                throw new ItsmeFreeTextException(field, cp, field + ": the character " + shown(cp) + " at position " + position
                        + " is not in ISO 8859-15, the only character set itsme accepts in free text"
                        + " (replace curly quotes, long dashes and the like with their plain forms)");
            }
            if (alsoLatin1 && !latin1.canEncode(ch)) {
                throw new ItsmeFreeTextException(field, cp, field + ": the character " + shown(cp) + " at position " + position
                        + " is not ISO-8859-1 compatible, which itsme requires for this field");
            }
            i += Character.charCount(cp);
        }
        if (position > max) {
            throw new ItsmeFreeTextException(field, -1, field + " is " + position + " characters long; itsme allows at most " + max);
        }
    }

    private static String shown(int cp) {
        String hex = String.format(Locale.ROOT, "U+%04X", cp);
        return Character.isISOControl(cp) ? hex : "'" + new String(Character.toChars(cp)) + "' (" + hex + ")";
    }
}
