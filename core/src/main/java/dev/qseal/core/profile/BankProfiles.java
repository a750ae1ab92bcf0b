package dev.qseal.core.profile;

import dev.qseal.core.BadInputException;
import dev.qseal.core.cavage.Carrier;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.DigestLabel;
import dev.qseal.core.headers.CertificateEncoding;
import dev.qseal.core.headers.DateStyle;
import dev.qseal.core.key.SignatureAlgorithm;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one table of built-in bank profiles: how each bank signs and how it verifies. Each entry cites
 * the bank document it follows (see {@code /shared/seeds}). The CLI's {@code --profile}, the demo,
 * the flows and the simulators read their rules from here.
 */
public final class BankProfiles {
    private BankProfiles() {
    }

    private static final Duration THREE_MINUTES = Duration.ofMinutes(3);

    /**
     * ING application-token call ({@code POST /oauth2/token}): {@code Authorization: Signature},
     * {@code keyId="SN=<serial hex>"}, signs {@code (request-target) date digest}, RFC 7231 Date,
     * QSealC in {@code TPP-Signature-Certificate} as one-line PEM. ING verifies within +/- 3 minutes,
     * and the digest must match.
     */
    public static final BankProfile ING = BankProfile.builder("ing")
            .description("ING token call: Authorization: Signature, keyId SN=<serial hex>, TPP-Signature-Certificate")
            .cavage(Profile.builder("ing")
                    .description("ING token call: Authorization: Signature, keyId SN=<serial hex>, TPP-Signature-Certificate")
                    .carrier(Carrier.AUTHORIZATION)
                    .signedHeaders("(request-target)", "date", "digest")
                    .keyId(KeyIdStrategy.CERTIFICATE_SERIAL)
                    .digestAlways(true)
                    .certificateHeader("TPP-Signature-Certificate", CertificateEncoding.PEM_ONE_LINE)
                    .build())
            .verification(VerificationPolicy.builder().required("(request-target)", "date", "digest").maxSkew(THREE_MINUTES).build())
            .build();

    /** ING customer-token and API calls: {@code Signature:} header, keyId = the client_id ING issued. */
    public static final BankProfile ING_CLIENT = BankProfile.builder("ing-client")
            .description("ING API calls: Signature header, keyId = client id")
            .cavage(Profile.builder("ing-client")
                    .description("ING API calls: Signature header, keyId = client id")
                    .signedHeaders("(request-target)", "date", "digest")
                    .digestAlways(true)
                    .build())
            .verification(VerificationPolicy.builder().required("(request-target)", "date", "digest").maxSkew(THREE_MINUTES).build())
            .build();

    /**
     * ING onboarding call ({@code POST /oauth2/applications}, {@code PUT /oauth2/applications/{id}}):
     * detached JWS in {@code x-jws-signature}, PS256 by default, {@code sigD.pars} =
     * {@code (request-target) digest content-type}, {@code Digest: SHA-256=} generated, QSealC in
     * {@code TPP-Signature-Certificate} as one-line PEM (as {@link #ING}); {@code sigT} within +/- 3 minutes.
     */
    public static final BankProfile ING_JWS = BankProfile.builder("ing-jws")
            .description("ING onboarding (POST /oauth2/applications): x-jws-signature over (request-target) digest content-type")
            .jws(JwsProfile.builder("ing-jws")
                    .description("ING onboarding (POST /oauth2/applications): x-jws-signature over (request-target) digest content-type")
                    .signedHeaders("(request-target)", "digest", "content-type")
                    .digest(DigestAlgorithm.SHA_256, DigestLabel.STANDARD)
                    .certificateHeader("TPP-Signature-Certificate", CertificateEncoding.PEM_ONE_LINE)
                    .build())
            .verification(VerificationPolicy.builder().required("(request-target)", "digest", "content-type").maxSkew(THREE_MINUTES).build())
            .build();

    /**
     * Belfius regulatory fallback: keyId = TPP-ID, ISO-8601 Date, signs
     * {@code (request-target) date digest request-id}; {@code Request-ID} generated, {@code Client-Id}
     * required; verified within +/- 3 minutes. The Belfius text writes the digest label both as
     * {@code SHA256=} (its formula) and {@code SHA-256=} (its worked signing string); we follow the
     * worked example and RFC 3230's registered name, {@code SHA-256=}. A bank that wants the other
     * spelling: copy the Cavage part with {@code .digest(SHA_256, DigestLabel.NO_HYPHEN)}.
     */
    public static final BankProfile BELFIUS = BankProfile.builder("belfius")
            .description("Belfius fallback: keyId = TPP-ID, ISO-8601 Date, Request-ID, Client-Id")
            .cavage(Profile.builder("belfius")
                    .description("Belfius fallback: keyId = TPP-ID, ISO-8601 Date, Request-ID, Client-Id")
                    .signedHeaders("(request-target)", "date", "digest", "request-id")
                    .dateStyle(DateStyle.ISO_8601)
                    .digest(DigestAlgorithm.SHA_256, DigestLabel.STANDARD)
                    .digestAlways(true)
                    .requestIdHeader("Request-ID")
                    .requiredHeaders("Client-Id")
                    .build())
            .verification(VerificationPolicy.builder().required("(request-target)", "date", "digest", "request-id")
                    .maxSkew(THREE_MINUTES).build())
            .build();

    /**
     * Banque Européenne Crédit Mutuel (STET): signs {@code (request-target) host date x-request-id},
     * plus {@code content-type digest} with a body and every {@code PSU-*} header present; the Bearer
     * {@code Authorization} is not signed; keyId = the JWK {@code kid} or {@code x5u}. Verified with
     * rsa-sha256 and SHA-256 digests only.
     */
    public static final BankProfile BECM = BankProfile.builder("becm")
            .description("Banque Europeenne Credit Mutuel / STET: host date x-request-id (+content-type digest, psu-*)")
            .cavage(Profile.builder("becm")
                    .description("Banque Europeenne Credit Mutuel / STET: host date x-request-id (+content-type digest, psu-*)")
                    .signedHeaders("(request-target)", "host", "date", "x-request-id")
                    .signedWithBody("content-type", "digest")
                    .signedWhenPresent("psu-*")
                    .requestIdHeader("X-Request-ID")
                    .build())
            .verification(VerificationPolicy.builder().required("(request-target)", "host", "date", "x-request-id")
                    .requiredWithBody("content-type", "digest").requiredWhenPresent("psu-*")
                    .algorithms(SignatureAlgorithm.RSA_PKCS1_SHA256).digestAlgorithms(DigestAlgorithm.SHA_256).build())
            .build();

    /**
     * Berlin Group NextGenPSD2: signs {@code digest x-request-id} plus {@code psu-id psu-corporate-id
     * tpp-redirect-uri} when present; keyId {@code SN=<hex>,CA=<issuer DN>}; certificate as base64 DER
     * in {@code TPP-Signature-Certificate}. The standard does not sign the method and target, so its
     * policy accepts that weaker coverage by name.
     */
    public static final BankProfile BERLIN_GROUP = BankProfile.builder("berlin-group")
            .description("Berlin Group NextGenPSD2: digest x-request-id (+psu-id psu-corporate-id tpp-redirect-uri)")
            .cavage(Profile.builder("berlin-group")
                    .description("Berlin Group NextGenPSD2: digest x-request-id (+psu-id psu-corporate-id tpp-redirect-uri)")
                    .signedHeaders("digest", "x-request-id")
                    .signedWhenPresent("psu-id", "psu-corporate-id", "tpp-redirect-uri")
                    .keyId(KeyIdStrategy.CERTIFICATE_SERIAL_AND_ISSUER)
                    .digestAlways(true)
                    .requestIdHeader("X-Request-ID")
                    .certificateHeader("TPP-Signature-Certificate", CertificateEncoding.BASE64_DER)
                    .build())
            .verification(VerificationPolicy.builder().required("digest", "x-request-id")
                    .requiredWhenPresent("psu-id", "psu-corporate-id", "tpp-redirect-uri").allowWeakCoverage(true).build())
            .build();

    /**
     * draft-cavage-10 defaults: {@code Signature:} header signing {@code date} only; keyId given. Such a
     * signature does not cover the method, target or body, so its policy accepts weak coverage by name.
     */
    public static final BankProfile CAVAGE_DEFAULT = BankProfile.builder("cavage-default")
            .description("draft-cavage-10 defaults: Signature header over date, keyId given")
            .cavage(Profile.builder("cavage-default")
                    .description("draft-cavage-10 defaults: Signature header over date, keyId given")
                    .writeHeadersParameter(false)
                    .build())
            .verification(VerificationPolicy.builder().required("date").allowWeakCoverage(true).build())
            .build();

    /**
     * qseal's own Cavage default, what {@code sign cavage} uses without a profile: {@code Signature:} over
     * {@code (request-target) date} and, with a body, {@code digest}; keyId given. Verifies under the
     * strict default.
     */
    public static final BankProfile CAVAGE = BankProfile.builder("cavage")
            .description("qseal's Cavage default: Signature header over (request-target) date (+ digest with a body), keyId given")
            .cavage(Profile.builder("cavage")
                    .description("qseal's Cavage default: Signature header over (request-target) date (+ digest with a body), keyId given")
                    .signedHeaders("(request-target)", "date")
                    .signedWithBody("digest")
                    .build())
            .verification(VerificationPolicy.builder().required("(request-target)", "date").requiredWithBody("digest").build())
            .build();

    /**
     * RFC 9421 default: label {@code sig1} over {@code @method @authority @path content-digest} (+
     * {@code @query} after {@code @path} when there is a query), {@code created}; {@code Content-Digest}
     * SHA-512 generated. Verified strictly: method, authority, path (and query), body digest.
     */
    public static final BankProfile RFC9421_DEFAULT = BankProfile.builder("rfc9421")
            .description("RFC 9421: sig1 over @method @authority @path (@query) content-digest, created")
            .rfc9421(Rfc9421Profile.builder().build())
            .verification(VerificationPolicy.builder().required("@method", "@authority", "@path").build())
            .build();

    private static final Map<String, BankProfile> BY_NAME = new LinkedHashMap<>();

    static {
        for (BankProfile p : new BankProfile[] {ING, ING_CLIENT, ING_JWS, BELFIUS, BECM, BERLIN_GROUP, CAVAGE_DEFAULT, CAVAGE,
                RFC9421_DEFAULT}) {
            BY_NAME.put(p.name(), p);
        }
    }

    /** Every built-in profile by name, in a stable order. */
    public static Map<String, BankProfile> all() {
        return Collections.unmodifiableMap(BY_NAME);
    }

    /**
     * The built-in profile of that name (case-insensitive).
     *
     * @throws UnknownProfileException if there is none
     */
    public static BankProfile named(String name) {
        BankProfile p = BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new UnknownProfileException(name, "unknown bank profile '" + clip(name) + "': the built-ins are "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return p;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** No built-in bank profile has that name. {@link #name()} is the name asked for. */
    public static final class UnknownProfileException extends BadInputException {
        private final String name;

        UnknownProfileException(String name, String message) {
            super(message);
            this.name = name;
        }

        public String name() {
            return name;
        }
    }
}
