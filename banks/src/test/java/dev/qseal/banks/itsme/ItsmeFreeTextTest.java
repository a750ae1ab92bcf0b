package dev.qseal.banks.itsme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Free text is checked before anything is sent: ISO 8859-15 only, 255 / 50 characters, every language. */
class ItsmeFreeTextTest {
    static final String BACK = "https://sca.example.com/itsme/back";

    static ItsmeSignRequest.Builder described(String fr) {
        return ItsmeSignRequest.builder(BACK).description(ItsmeLanguage.EN, "Car insurance contract").description(ItsmeLanguage.FR, fr)
                .description(ItsmeLanguage.NL, "Contract verzekering auto").description(ItsmeLanguage.DE, "Kfz-Versicherungsvertrag");
    }

    @Test
    void accentsAndTheEuroSignOfIso885915Pass() {
        ItsmeSignRequest r = described("Contrat d'assurance voiture: 12,50 € par mois, Œuvre, naïveté").build();
        assertEquals(4, r.description().size());
    }

    @Test
    void aCurlyApostropheIsNamedWithItsFieldAndPosition() {
        ItsmeFreeTextException e = assertThrows(ItsmeFreeTextException.class, () -> described("Contrat d\u2019assurance").build());
        assertEquals("description (FR)", e.field());
        assertEquals(OptionalInt.of(0x2019), e.offendingCodePoint());
        assertTrue(e.getMessage().contains("'\u2019' (U+2019) at position 10"), e.getMessage());
        assertTrue(e.getMessage().contains("ISO 8859-15"), e.getMessage());
    }

    @Test
    void longDashesEmojiAndControlCharactersAreRefused() {
        assertEquals(OptionalInt.of(0x2014), assertThrows(ItsmeFreeTextException.class,
                () -> described("Contrat \u2014 voiture").build()).offendingCodePoint());
        ItsmeFreeTextException emoji = assertThrows(ItsmeFreeTextException.class, () -> described("Contrat \uD83D\uDE97").build());
        assertEquals(OptionalInt.of(0x1F697), emoji.offendingCodePoint());
        assertTrue(emoji.getMessage().contains("U+1F697"), emoji.getMessage());
        ItsmeFreeTextException newline = assertThrows(ItsmeFreeTextException.class, () -> described("ligne 1\nligne 2").build());
        assertTrue(newline.getMessage().contains("U+000A at position 8"), newline.getMessage());
    }

    @Test
    void descriptionsOfAtMost255CharactersInEveryLanguage() {
        described("x".repeat(255)).build();
        ItsmeFreeTextException e = assertThrows(ItsmeFreeTextException.class, () -> described("x".repeat(256)).build());
        assertEquals("description (FR)", e.field());
        assertTrue(e.getMessage().contains("256 characters long; itsme allows at most 255"), e.getMessage());
        ItsmeFreeTextException missing = assertThrows(ItsmeFreeTextException.class,
                () -> ItsmeSignRequest.builder(BACK).description(ItsmeLanguage.EN, "Contract").build());
        assertTrue(missing.getMessage().contains("missing: FR, NL, DE"), missing.getMessage());
        assertThrows(ItsmeFreeTextException.class, () -> described("   ").build());
    }

    @Test
    void signerRolesOfAtMost50CharactersAndIso88591Compatible() {
        ItsmeSignRequest.Builder b = ItsmeSignRequest.builder(BACK).signPolicy(ItsmeSignRequest.ITSME_DEFAULT_POLICY);
        b.signerRole(ItsmeLanguage.FR, "g".repeat(50)).build();
        ItsmeFreeTextException tooLong = assertThrows(ItsmeFreeTextException.class, () -> ItsmeSignRequest.builder(BACK)
                .signPolicy(ItsmeSignRequest.ITSME_DEFAULT_POLICY).signerRole(ItsmeLanguage.NL, "z".repeat(51)).build());
        assertEquals("signer role (NL)", tooLong.field());
        ItsmeFreeTextException euro = assertThrows(ItsmeFreeTextException.class, () -> ItsmeSignRequest.builder(BACK)
                .signPolicy(ItsmeSignRequest.ITSME_DEFAULT_POLICY).signerRole(ItsmeLanguage.EN, "Treasurer (€)").build());
        assertTrue(euro.getMessage().contains("ISO-8859-1"), euro.getMessage());
        assertThrows(dev.qseal.core.BadInputException.class,
                () -> ItsmeSignRequest.builder(BACK).signerRole(ItsmeLanguage.EN, "Manager").build(), "a role needs a policy");
    }
}
