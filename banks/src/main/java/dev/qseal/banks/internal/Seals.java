package dev.qseal.banks.internal;

import dev.qseal.core.RequestSigner;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.headers.HeaderRules;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place the flows turn a bank profile into a signer:
 * {@code BankProfiles.named(p).signer(key).keyId(..).clock(..).build()} — every rule (headers,
 * carrier, keyId form, date style, digest label) comes from the profile table.
 */
public final class Seals {
    private Seals() {
    }

    /** Seals a request: adds the generated headers and the signature header(s). */
    @FunctionalInterface
    public interface Seal {
        HttpRequest seal(HttpRequest request);
    }

    /** A signer of the named profile; {@code keyId} overrides what the profile derives (client id, TPP-ID, kid). */
    public static Seal of(String profile, SigningKey key, Optional<String> keyId, Clock clock) {
        BankProfile.SignerBuilder b = BankProfiles.named(profile).signer(key).clock(clock);
        keyId.ifPresent(b::keyId);
        RequestSigner signer = b.build();
        return r -> signer.sign(r).request();
    }

    /**
     * The headers the named profile generates (Date in its style, Digest with its label, its
     * request-id header) without a signature: for calls a bank wants unsigned (Belfius' session
     * endpoint).
     */
    public static HttpRequest unsigned(String profile, HttpRequest request, Clock clock) {
        HeaderRules rules = BankProfiles.named(profile).headerRules();
        HttpRequest.Builder b = request.toBuilder();
        if (!request.headers().contains("Date")) {
            b.header("Date", rules.dateStyle().format(clock.instant()));
        }
        if (!request.headers().contains("Digest")) {
            b.header("Digest", Digests.digestValue(rules.digestAlgorithm(), rules.digestLabel(), request.bodyBytesUnsafe()));
        }
        rules.requestIdHeader().filter(h -> !request.headers().contains(h)).ifPresent(h -> b.header(h, UUID.randomUUID().toString()));
        return b.build();
    }
}
