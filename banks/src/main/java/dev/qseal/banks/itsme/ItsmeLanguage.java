package dev.qseal.banks.itsme;

/**
 * The languages itsme supports for its screens and for free text (descriptions, signer roles). The
 * seed's field tables write them {@code 'en'}, {@code 'fr'}, {@code 'nl'}, {@code 'de'} while every
 * example sends {@code "EN"}, {@code "FR"}...: qseal sends the upper-case form of the examples.
 */
public enum ItsmeLanguage {
    EN, FR, NL, DE;

    /** The value sent on the wire ({@code "FR"}). */
    public String code() {
        return name();
    }
}
