package dev.qseal.core.profile;

import dev.qseal.core.BadInputException;
import dev.qseal.core.cavage.Carrier;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.DigestLabel;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The built-in bank profiles. Each one cites the bank document it follows. */
public final class Profiles {
    private Profiles() {
    }

    /**
     * ING application-token call ({@code POST /oauth2/token}): {@code Authorization: Signature},
     * {@code keyId="SN=<serial hex>"}, signs {@code (request-target) date digest}, RFC 7231 Date,
     * QSealC in {@code TPP-Signature-Certificate} as one-line PEM.
     */
    public static final Profile ING = Profile.builder("ing")
            .description("ING token call: Authorization: Signature, keyId SN=<serial hex>, TPP-Signature-Certificate")
            .carrier(Carrier.AUTHORIZATION)
            .signedHeaders("(request-target)", "date", "digest")
            .keyId(KeyIdStrategy.CERTIFICATE_SERIAL)
            .digestAlways(true)
            .certificateHeader("TPP-Signature-Certificate", CertificateEncoding.PEM_ONE_LINE)
            .build();

    /** ING customer-token and API calls: {@code Signature:} header, keyId = the client_id ING issued. */
    public static final Profile ING_CLIENT = Profile.builder("ing-client")
            .description("ING API calls: Signature header, keyId = client id (--key-id)")
            .signedHeaders("(request-target)", "date", "digest")
            .digestAlways(true)
            .build();

    /**
     * Belfius regulatory fallback: keyId = TPP-ID, ISO-8601 Date, signs
     * {@code (request-target) date digest request-id}; {@code Request-ID} generated, {@code Client-Id}
     * required. The Belfius text writes the digest label both as {@code SHA256=} (its formula) and
     * {@code SHA-256=} (its worked signing string); we follow the worked example and RFC 3230's
     * registered name, {@code SHA-256=}. A bank that wants the other spelling: copy the profile with
     * {@code .digest(SHA_256, DigestLabel.NO_HYPHEN)}.
     */
    public static final Profile BELFIUS = Profile.builder("belfius")
            .description("Belfius fallback: keyId = TPP-ID (--key-id), ISO-8601 Date, Request-ID, Client-Id")
            .signedHeaders("(request-target)", "date", "digest", "request-id")
            .dateStyle(DateStyle.ISO_8601)
            .digest(DigestAlgorithm.SHA_256, DigestLabel.STANDARD)
            .digestAlways(true)
            .requestIdHeader("Request-ID")
            .requiredHeaders("Client-Id")
            .build();

    /**
     * Banque Européenne Crédit Mutuel (STET): signs {@code (request-target) host date x-request-id},
     * plus {@code content-type digest} with a body and every {@code PSU-*} header present; the Bearer
     * {@code Authorization} is not signed; keyId = the JWK {@code kid} or {@code x5u}.
     */
    public static final Profile BECM = Profile.builder("becm")
            .description("Banque Europeenne Credit Mutuel / STET: host date x-request-id (+content-type digest, psu-*)")
            .signedHeaders("(request-target)", "host", "date", "x-request-id")
            .signedWithBody("content-type", "digest")
            .signedWhenPresent("psu-*")
            .requestIdHeader("X-Request-ID")
            .build();

    /**
     * Berlin Group NextGenPSD2: signs {@code digest x-request-id} plus {@code psu-id psu-corporate-id
     * tpp-redirect-uri} when present; keyId {@code SN=<hex>,CA=<issuer DN>}; certificate as base64 DER
     * in {@code TPP-Signature-Certificate}.
     */
    public static final Profile BERLIN_GROUP = Profile.builder("berlin-group")
            .description("Berlin Group NextGenPSD2: digest x-request-id (+psu-id psu-corporate-id tpp-redirect-uri)")
            .signedHeaders("digest", "x-request-id")
            .signedWhenPresent("psu-id", "psu-corporate-id", "tpp-redirect-uri")
            .keyId(KeyIdStrategy.CERTIFICATE_SERIAL_AND_ISSUER)
            .digestAlways(true)
            .requestIdHeader("X-Request-ID")
            .certificateHeader("TPP-Signature-Certificate", CertificateEncoding.BASE64_DER)
            .build();

    /** draft-cavage-10 defaults: {@code Signature:} header signing {@code date} only; keyId given. */
    public static final Profile CAVAGE_DEFAULT = Profile.builder("cavage-default")
            .description("draft-cavage-10 defaults: Signature header over date, keyId given (--key-id)")
            .writeHeadersParameter(false)
            .build();

    /**
     * ING onboarding call ({@code POST /oauth2/applications}, {@code PUT /oauth2/applications/{id}}):
     * detached JWS in {@code x-jws-signature}, PS256 by default, {@code sigD.pars} =
     * {@code (request-target) digest content-type}, {@code Digest: SHA-256=} generated, QSealC in
     * {@code TPP-Signature-Certificate} as one-line PEM (as {@link #ING}).
     */
    public static final JwsProfile ING_JWS = JwsProfile.builder("ing-jws")
            .description("ING onboarding (POST /oauth2/applications): x-jws-signature over (request-target) digest content-type")
            .signedHeaders("(request-target)", "digest", "content-type")
            .digest(DigestAlgorithm.SHA_256, DigestLabel.STANDARD)
            .certificateHeader("TPP-Signature-Certificate", CertificateEncoding.PEM_ONE_LINE)
            .build();

    private static final Map<String, JwsProfile> JWS_BY_NAME = Map.of(ING_JWS.name(), ING_JWS);

    /** Every built-in detached-JWS profile by name. */
    public static Map<String, JwsProfile> allJws() {
        return JWS_BY_NAME;
    }

    /** The built-in detached-JWS profile of that name (case-insensitive). */
    public static JwsProfile namedJws(String name) {
        JwsProfile p = JWS_BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new BadInputException("unknown JWS profile '" + name + "': use one of " + String.join(", ", JWS_BY_NAME.keySet()));
        }
        return p;
    }

    private static final Map<String, Profile> BY_NAME = new LinkedHashMap<>();

    static {
        for (Profile p : new Profile[] {ING, ING_CLIENT, BELFIUS, BECM, BERLIN_GROUP, CAVAGE_DEFAULT}) {
            BY_NAME.put(p.name(), p);
        }
    }

    /** Every built-in profile by name, in a stable order. */
    public static Map<String, Profile> all() {
        return java.util.Collections.unmodifiableMap(BY_NAME);
    }

    /** The built-in profile of that name (case-insensitive). */
    public static Profile named(String name) {
        Profile p = BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new BadInputException("unknown profile '" + name + "': use one of " + String.join(", ", BY_NAME.keySet()));
        }
        return p;
    }
}
