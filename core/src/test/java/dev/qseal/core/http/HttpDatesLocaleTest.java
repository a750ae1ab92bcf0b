package dev.qseal.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.TestKeys;
import dev.qseal.core.cavage.CavageSignature;
import dev.qseal.core.cavage.CavageSigner;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.profile.Profiles;
import dev.qseal.core.SignedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Date and created/expires formatting is the same whatever the JVM's default locale (DESIGN.md §4). */
class HttpDatesLocaleTest {
    private static final Pattern IMF_FIXDATE = Pattern.compile(
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT");
    private static final Pattern ISO = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    private static final List<Locale> HOSTILE = List.of(
            new Locale("ar", "EG"), Locale.forLanguageTag("th-TH-u-nu-thai-ca-buddhist"), new Locale("th", "TH", "TH"),
            Locale.forLanguageTag("hi-IN-u-nu-deva"), new Locale("fa", "IR"), Locale.forLanguageTag("ar-SA-u-ca-islamic"),
            new Locale("tr", "TR"), Locale.JAPAN, Locale.forLanguageTag("my-MM"));

    static <T> T under(Locale locale, Supplier<T> body) {
        Locale saved = Locale.getDefault();
        Locale savedFormat = Locale.getDefault(Locale.Category.FORMAT);
        Locale savedDisplay = Locale.getDefault(Locale.Category.DISPLAY);
        try {
            Locale.setDefault(locale);
            return body.get();
        } finally {
            Locale.setDefault(saved);
            Locale.setDefault(Locale.Category.FORMAT, savedFormat);
            Locale.setDefault(Locale.Category.DISPLAY, savedDisplay);
        }
    }

    @Provide
    Arbitrary<Locale> hostileLocales() {
        return Arbitraries.of(HOSTILE);
    }

    @Test
    void publishedDateFormatsWithTwoDigitDay() {
        // the Date of draft-cavage Appendix C, and a single-digit day (RFC_1123_DATE_TIME would print "5 Jan")
        assertEquals("Sun, 05 Jan 2014 21:31:40 GMT", HttpDates.rfc7231(Instant.parse("2014-01-05T21:31:40.999Z")));
        assertEquals("2014-01-05T21:31:40Z", HttpDates.iso8601(Instant.parse("2014-01-05T21:31:40.999Z")));
        // BNG Bank's documented example
        assertEquals(Instant.parse("2018-12-21T15:53:06Z"), HttpDates.parse("Fri, 21 Dec 2018 15:53:06 GMT").orElseThrow());
    }

    @Property(tries = 100)
    void datesAreAsciiAndEnglishUnderAnyLocale(@ForAll("hostileLocales") Locale locale,
            @ForAll @LongRange(min = 0, max = 4_102_444_800L) long epochSecond) {
        Instant t = Instant.ofEpochSecond(epochSecond);
        String reference = HttpDates.rfc7231(t);
        String rfc = under(locale, () -> HttpDates.rfc7231(t));
        String iso = under(locale, () -> HttpDates.iso8601(t));
        assertTrue(IMF_FIXDATE.matcher(rfc).matches(), locale + ": " + rfc);
        assertTrue(ISO.matcher(iso).matches(), locale + ": " + iso);
        assertEquals(reference, rfc);
        assertEquals(t, under(locale, () -> HttpDates.parse(rfc).orElseThrow()));
        assertEquals(t, under(locale, () -> HttpDates.parse(iso).orElseThrow()));
    }

    @Test
    void createdExpiresAndProfileDatesAreAsciiUnderArabicAndThaiLocales() {
        var kp = TestKeys.rfc9421TestKeyRsa(); // 2048 bits: signs in FIPS mode too
        var key = TestKeys.signingKey("test", kp);
        Instant now = Instant.parse("2021-06-29T13:06:04Z");
        for (Locale locale : HOSTILE) {
            CavageSignature sig = under(locale, () -> CavageSigner.builder(key).keyId("k")
                    .algorithm(SignatureAlgorithm.RSA_PKCS1_SHA256).algorithmName("hs2019")
                    .headers("(created)", "(expires)").validity(Duration.ofSeconds(300)).build()
                    .sign(HttpRequest.builder("GET", "/").build(), now));
            assertEquals("(created): 1624971964\n(expires): 1624972264", sig.signingString(), locale.toString());
            assertTrue(sig.headerValue().contains("created=1624971964,expires=1624972264"), sig.headerValue());
            assertTrue(sig.headerValue().chars().allMatch(c -> c < 128), sig.headerValue());

            SignedRequest belfius = under(locale, () -> Profiles.BELFIUS.signer(key).keyId("tpp").build()
                    .sign(HttpRequest.builder("GET", "/x").header("Client-Id", "c").build(), now));
            assertEquals("2021-06-29T13:06:04Z", belfius.request().headers().first("Date").orElseThrow(), locale.toString());
            SignedRequest ing = under(locale, () -> Profiles.ING_CLIENT.signer(key).keyId("client").build()
                    .sign(HttpRequest.builder("GET", "/x").build(), now));
            assertEquals("Tue, 29 Jun 2021 13:06:04 GMT", ing.request().headers().first("Date").orElseThrow(), locale.toString());
        }
    }
}
