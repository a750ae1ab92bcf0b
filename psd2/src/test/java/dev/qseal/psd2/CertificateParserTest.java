package dev.qseal.psd2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.psd2.testing.Psd2TestPki;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateParserTest {
    private final Psd2TestPki.Leaf leaf = Psd2TestPki.shared().leaf().issue();
    private final X509Certificate cert = leaf.certificate();

    private static String b64(X509Certificate c) throws Exception {
        return Base64.getEncoder().encodeToString(c.getEncoded());
    }

    private static String pem(X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void readsTheForms_a_gatewayMeets() throws Exception {
        String oneLine = "-----BEGIN CERTIFICATE-----" + b64(cert) + "-----END CERTIFICATE-----";
        for (String form : List.of(pem(cert), oneLine, b64(cert), URLEncoder.encode(pem(cert), StandardCharsets.UTF_8),
                pem(cert).replace("\n", "\r\n"), "  " + b64(cert) + "\n")) {
            assertEquals(cert, CertificateParser.parse(form), form.substring(0, 30));
        }
        assertEquals(cert, CertificateParser.parse(cert.getEncoded()));
        assertEquals(cert, CertificateParser.parse(pem(cert).getBytes(StandardCharsets.US_ASCII)));
        assertEquals(cert, CertificateParser.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(cert.getEncoded())));
    }

    @Test
    void readsAChainInOrder() throws Exception {
        String chain = pem(leaf.chain().get(0)) + "some text between\n" + pem(leaf.chain().get(1));
        assertEquals(leaf.chain(), CertificateParser.parseChain(chain));
        assertEquals(leaf.chain(), CertificateParser.parseChain(chain.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void garbageGivesBadInputNamingTheProblem() {
        for (String bad : List.of("", "   ", "not a certificate!", "-----BEGIN CERTIFICATE-----QUJD-----END CERTIFICATE-----",
                "-----BEGIN CERTIFICATE-----MIIB", Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.US_ASCII)))) {
            BadInputException e = assertThrows(BadInputException.class, () -> CertificateParser.parseChain(bad));
            assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("certificate"), e.getMessage());
        }
        assertThrows(BadInputException.class, () -> CertificateParser.parseChain(new byte[] {0x30, 0x03, 1, 2, 3}));
    }

    @Test
    void refusesInputAboveTheLimit() {
        String huge = "A".repeat(CertificateParser.MAX_INPUT + 1);
        BadInputException e = assertThrows(BadInputException.class, () -> CertificateParser.parseChain(huge));
        assertTrue(e.getMessage().contains("at most"), e.getMessage());
    }

    /**
     * Found while fuzzing the parser (by reading it: Jazzer's inputs stay short): a lazy BEGIN(.*?)END regex read
     * 256 KiB of BEGIN markers without END some 2.5 billion times, over a minute. The reads are counted, not timed.
     */
    @Test
    void pemBlocksAreFoundInOnePassOverTheText() {
        String markers = "-----BEGIN CERTIFICATE-----".repeat(1200);
        long[] reads = {0};
        CharSequence counted = new CharSequence() {
            @Override
            public int length() {
                return markers.length();
            }

            @Override
            public char charAt(int index) {
                reads[0]++;
                return markers.charAt(index);
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                return markers.subSequence(start, end);
            }

            @Override
            public String toString() {
                return markers;
            }
        };
        assertEquals(List.of(), CertificateParser.pemBlocks(counted));
        assertTrue(reads[0] < 20L * markers.length(), reads[0] + " character reads for " + markers.length() + " characters");
        assertThrows(BadInputException.class, () -> CertificateParser.parseChain(markers));
    }
}
