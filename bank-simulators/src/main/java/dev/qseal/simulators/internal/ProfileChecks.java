package dev.qseal.simulators.internal;

import dev.qseal.core.cavage.CavageVerifier;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.jws.DetachedJwsVerifier;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.profile.JwsProfile;
import dev.qseal.core.profile.Profile;
import dev.qseal.core.profile.Profiles;
import dev.qseal.core.verify.VerificationResult;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place the simulators turn a bank profile into a verifier. It reads the coverage rules
 * from the built-in profile tables; the skews and algorithm sets below are the verification
 * policies the seeds give (ING, Belfius ±3 min; BECM rsa-sha256 only), kept here until
 * {@code BankProfile.verifier(certificate)} carries them, when this class shrinks to one call.
 */
public final class ProfileChecks {
    private static final Duration BANK_SKEW = Duration.ofMinutes(3);

    private ProfileChecks() {
    }

    /** Verifies a Cavage-signed request as the bank of {@code profileName} does, at {@code clock}. */
    public static VerificationResult verifyCavage(String profileName, X509Certificate certificate, HttpRequest request, Clock clock) {
        Profile profile = Profiles.named(profileName);
        CavageVerifier.Builder b = CavageVerifier.builder(certificate)
                .requireSigned(coverage(profile, request).toArray(new String[0]))
                .maxSkew(BANK_SKEW);
        if (profile == Profiles.BECM) {
            b.allowedAlgorithms(List.of(SignatureAlgorithm.RSA_PKCS1_SHA256));
        }
        return b.build().verify(request, clock.instant());
    }

    /** Verifies a detached-JWS request ({@code x-jws-signature}) as ING does, at {@code clock}. */
    public static VerificationResult verifyJws(String profileName, X509Certificate certificate, HttpRequest request, Clock clock) {
        JwsProfile profile = Profiles.namedJws(profileName);
        return DetachedJwsVerifier.builder(certificate)
                .requireSigned(profile.signedHeaders().toArray(new String[0]))
                .headerName(profile.signatureHeader())
                .maxSkew(BANK_SKEW)
                .build()
                .verify(request, clock.instant());
    }

    /** The components the profile requires to be signed for this request. */
    public static List<String> coverage(Profile profile, HttpRequest request) {
        List<String> out = new ArrayList<>(profile.signedHeaders());
        if (request.hasBody()) {
            for (String h : profile.signedWithBody()) {
                if (!out.contains(h)) {
                    out.add(h);
                }
            }
        }
        for (String pattern : profile.signedWhenPresent()) {
            for (String name : request.headers().names()) {
                boolean match = pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : name.equals(pattern);
                if (match && !out.contains(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}
