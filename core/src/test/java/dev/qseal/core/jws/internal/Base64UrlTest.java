package dev.qseal.core.jws.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qseal.core.MalformedSignatureException;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Base64Url accepts exactly the canonical form: the one re-encoding the decoded bytes gives back. */
class Base64UrlTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Test
    void everyLastCharacterIsAcceptedExactlyWhenReEncodingGivesTheSameText() {
        Random random = new Random(7515);
        int accepted = 0;
        for (int len = 1; len <= 9; len++) {
            byte[] data = new byte[len];
            random.nextBytes(data);
            String canonical = Base64Url.encode(data);
            assertArrayEquals(data, Base64Url.decode(canonical, "test"));
            String head = canonical.substring(0, canonical.length() - 1);
            for (char last : ALPHABET.toCharArray()) {
                String v = head + last;
                byte[] lenient = Base64.getUrlDecoder().decode(v);
                boolean isCanonical = Base64.getUrlEncoder().withoutPadding().encodeToString(lenient).equals(v);
                if (isCanonical) {
                    assertArrayEquals(lenient, Base64Url.decode(v, "test"), v);
                    accepted++;
                } else {
                    MalformedSignatureException e = assertThrows(MalformedSignatureException.class, () -> Base64Url.decode(v, "test"), v);
                    assertEquals("test is not canonical base64url (its last character has unused bits set)", e.getMessage());
                }
            }
        }
        // lengths 1..9 end in groups of 2, 3 and 4 characters: 4, 16 and 64 canonical last characters
        assertEquals(3 * 4 + 3 * 16 + 3 * 64, accepted);
    }
}
