package dev.qseal.simulators.internal;

import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.core.verify.VerificationResult;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;

/**
 * The one place the simulators turn a bank profile into a verifier:
 * {@code BankProfiles.named(p).verifier(certificate).clock(clock)[.keyId(id)].build()} — coverage,
 * skew, algorithms and digest algorithms all come from the profile's verification policy.
 */
public final class ProfileChecks {
    private ProfileChecks() {
    }

    /** Verifies {@code request} as the bank of {@code profileName} does, at {@code clock}; {@code keyId} is the one expected. */
    public static VerificationResult verify(String profileName, X509Certificate certificate, HttpRequest request, Clock clock,
            Optional<String> keyId) {
        BankProfile.VerifierBuilder b = BankProfiles.named(profileName).verifier(certificate).clock(clock);
        keyId.ifPresent(b::keyId);
        return b.build().verify(request);
    }
}
