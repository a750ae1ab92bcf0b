package dev.qseal.banks.internal;

import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.profile.JwsProfileSigner;
import dev.qseal.core.profile.ProfileSigner;
import dev.qseal.core.profile.Profiles;
import java.time.Clock;
import java.util.Optional;

/**
 * The one place the flows turn a bank profile into a signer: {@code Profiles.named(p).signer(key)}
 * (Cavage) or {@code Profiles.namedJws(p).signer(key)} (detached JWS), at the flow's clock. When
 * the core's {@code BankProfile}/{@code RequestSigner} seam is merged, this becomes
 * {@code BankProfiles.named(p).signer(key).keyId(..).clock(..).build()}.
 */
public final class Seals {
    private Seals() {
    }

    /** Seals a request: adds the generated headers and the signature header. */
    @FunctionalInterface
    public interface Seal {
        HttpRequest seal(HttpRequest request);
    }

    /** A Cavage signer of the named profile; {@code keyId} overrides the profile's derivation (client id, TPP-ID, kid). */
    public static Seal cavage(String profile, SigningKey key, Optional<String> keyId, Clock clock) {
        ProfileSigner.Builder b = Profiles.named(profile).signer(key).clock(clock);
        keyId.ifPresent(b::keyId);
        ProfileSigner signer = b.build();
        return r -> signer.sign(r).request();
    }

    /**
     * The headers the named profile generates (Date in its style, Digest with its label, its
     * request-id header) without a signature: for calls a bank wants unsigned (Belfius' session
     * endpoint).
     */
    public static HttpRequest unsigned(String profile, HttpRequest request, Clock clock) {
        dev.qseal.core.profile.Profile p = Profiles.named(profile);
        HttpRequest.Builder b = request.toBuilder();
        if (!request.headers().contains("Date")) {
            b.header("Date", p.dateStyle().format(clock.instant()));
        }
        if (!request.headers().contains("Digest")) {
            b.header("Digest", dev.qseal.core.digest.Digests.digestValue(p.digestAlgorithm(), p.digestLabel(), request.bodyBytesUnsafe()));
        }
        p.requestIdHeader().filter(h -> !request.headers().contains(h)).ifPresent(h -> b.header(h, java.util.UUID.randomUUID().toString()));
        return b.build();
    }

    /** A detached-JWS signer of the named profile. */
    public static Seal jws(String profile, SigningKey key, Clock clock) {
        JwsProfileSigner signer = Profiles.namedJws(profile).signer(key).clock(clock).build();
        return r -> signer.sign(r).request();
    }
}
