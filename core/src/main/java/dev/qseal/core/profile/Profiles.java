package dev.qseal.core.profile;

import dev.qseal.core.BadInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Cavage and detached-JWS parts of the built-in {@link BankProfiles}, by their old names: a
 * convenience that delegates to the one table in {@link BankProfiles}.
 */
public final class Profiles {
    private Profiles() {
    }

    /** The Cavage part of {@link BankProfiles#ING}. */
    public static final Profile ING = BankProfiles.ING.cavage().orElseThrow();
    /** The Cavage part of {@link BankProfiles#ING_CLIENT}. */
    public static final Profile ING_CLIENT = BankProfiles.ING_CLIENT.cavage().orElseThrow();
    /** The Cavage part of {@link BankProfiles#BELFIUS}. */
    public static final Profile BELFIUS = BankProfiles.BELFIUS.cavage().orElseThrow();
    /** The Cavage part of {@link BankProfiles#BECM}. */
    public static final Profile BECM = BankProfiles.BECM.cavage().orElseThrow();
    /** The Cavage part of {@link BankProfiles#BERLIN_GROUP}. */
    public static final Profile BERLIN_GROUP = BankProfiles.BERLIN_GROUP.cavage().orElseThrow();
    /** The Cavage part of {@link BankProfiles#CAVAGE_DEFAULT}. */
    public static final Profile CAVAGE_DEFAULT = BankProfiles.CAVAGE_DEFAULT.cavage().orElseThrow();
    /** The detached-JWS part of {@link BankProfiles#ING_JWS}. */
    public static final JwsProfile ING_JWS = BankProfiles.ING_JWS.jws().orElseThrow();

    /** Every built-in detached-JWS profile part by name. */
    public static Map<String, JwsProfile> allJws() {
        Map<String, JwsProfile> out = new LinkedHashMap<>();
        BankProfiles.all().forEach((n, p) -> p.jws().ifPresent(j -> out.put(n, j)));
        return Collections.unmodifiableMap(out);
    }

    /** The detached-JWS part of the built-in profile of that name (case-insensitive). */
    public static JwsProfile namedJws(String name) {
        BankProfile p = BankProfiles.named(name);
        return p.jws().orElseThrow(() -> new BadInputException("bank profile '" + p.name() + "' is not a detached-JWS profile: use one of "
                + String.join(", ", allJws().keySet())));
    }

    /** Every built-in Cavage profile part by name, in a stable order. */
    public static Map<String, Profile> all() {
        Map<String, Profile> out = new LinkedHashMap<>();
        BankProfiles.all().forEach((n, p) -> p.cavage().ifPresent(c -> out.put(n, c)));
        return Collections.unmodifiableMap(out);
    }

    /** The Cavage part of the built-in profile of that name (case-insensitive). */
    public static Profile named(String name) {
        BankProfile p = BankProfiles.named(name);
        return p.cavage().orElseThrow(() -> new BadInputException("bank profile '" + p.name() + "' is not a Cavage profile: use one of "
                + String.join(", ", all().keySet())));
    }
}
