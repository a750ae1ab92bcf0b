package dev.qseal.psd2;

import dev.qseal.core.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The parser's only error on arbitrary input is its documented one. */
class CertificateParserPropertiesTest {
    private static void onlyBadInput(Runnable parse) {
        try {
            parse.run();
        } catch (BadInputException expected) {
            // the documented error
        }
    }

    /** Found by the property below on one CI run: a malformed %-escape in URL-encoded PEM text. */
    @Example
    void aMalformedPercentEscapeInUrlEncodedPemIsBadInput() {
        org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> CertificateParser.parseChain("-----BEGIN CERTIFICATE-----%-x-----END CERTIFICATE-----"));
    }

    @Property(tries = 300)
    void arbitraryTextGivesACertificateOrBadInput(@ForAll @Size(max = 400) String text) {
        onlyBadInput(() -> CertificateParser.parseChain(text));
        onlyBadInput(() -> CertificateParser.parseChain("-----BEGIN CERTIFICATE-----" + text + "-----END CERTIFICATE-----"));
    }

    @Property(tries = 300)
    void arbitraryBytesGiveACertificateOrBadInput(@ForAll @Size(max = 400) byte[] bytes) {
        onlyBadInput(() -> CertificateParser.parseChain(bytes));
        byte[] der = new byte[bytes.length + 2];
        der[0] = 0x30;
        der[1] = (byte) Math.min(bytes.length, 0x7f);
        System.arraycopy(bytes, 0, der, 2, bytes.length);
        onlyBadInput(() -> CertificateParser.parseChain(der));
        onlyBadInput(() -> CertificateParser.parseChain(Base64.getEncoder().encodeToString(der)));
        onlyBadInput(() -> CertificateParser.parseChain(new String(bytes, StandardCharsets.ISO_8859_1)));
    }
}
