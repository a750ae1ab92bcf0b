package dev.qseal.core.profile;

import dev.qseal.core.BadInputException;
import dev.qseal.core.MissingCertificateException;
import dev.qseal.core.MissingKeyIdException;
import dev.qseal.core.RequestSigner;
import dev.qseal.core.SignatureFormat;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.cavage.CavageSignature;
import dev.qseal.core.cavage.CavageSigner;
import dev.qseal.core.cavage.Carrier;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.headers.HeaderRules;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Seals a request with a draft-cavage signature the way a bank's {@link Profile} says: adds the
 * headers its {@link HeaderRules} generate ({@code Date}, {@code Digest}, request id, certificate),
 * derives the keyId, and adds the signature. Immutable and thread-safe. {@link BankProfile#signer}
 * builds one for a Cavage bank profile.
 *
 * <pre>{@code
 * RequestSigner ing = BankProfiles.ING.signer(key).build();
 * SignedRequest signed = ing.sign(HttpRequest.builder("POST", "/oauth2/token").body(form).build());
 * }</pre>
 */
public final class ProfileSigner implements RequestSigner {
    /** How long a signature that signs {@code (expires)} stays valid when the caller does not say. */
    public static final java.time.Duration DEFAULT_VALIDITY = java.time.Duration.ofMinutes(5);

    private final Profile profile;
    private final SigningKey key;
    private final String keyId;
    private final List<String> headersOverride;
    private final Carrier carrier;
    private final SignatureAlgorithm algorithm;
    private final String algorithmName;
    private final Clock clock;
    private final HeaderRules.Generator generator;
    private final java.time.Duration validity;

    private ProfileSigner(Builder b) {
        this.profile = b.profile;
        this.key = b.key;
        this.headersOverride = b.headers == null ? null : List.copyOf(b.headers);
        this.carrier = b.carrier != null ? b.carrier : profile.carrier();
        this.algorithm = b.algorithm;
        this.algorithmName = b.algorithmName;
        this.clock = b.clock;
        this.validity = b.validity;
        // bound once, here: a missing certificate or key id is reported before any request
        try {
            this.generator = profile.headerRules().generator(key.certificate(), key.description());
            this.keyId = profile.keyIdStrategy().keyId(Optional.ofNullable(b.keyId), key.certificate());
        } catch (MissingKeyIdException e) {
            throw new MissingKeyIdException(profile.name(), "profile '" + profile.name() + "' needs an explicit keyId"
                    + " (the bank's identifier for the key): set one");
        } catch (MissingCertificateException e) {
            throw new MissingCertificateException(key.description(), "profile '" + profile.name() + "' needs the certificate of the key "
                    + key.description() + ", which has none: attach the certificate to the key");
        }
    }

    public static Builder builder(Profile profile, SigningKey key) {
        return new Builder(profile, key);
    }

    public Profile profile() {
        return profile;
    }

    /** Signs at the signer's clock. */
    @Override
    public SignedRequest sign(HttpRequest request) {
        return sign(request, clock.instant());
    }

    /**
     * Signs as of {@code now}.
     *
     * @throws dev.qseal.core.MissingComponentException if a header the profile needs cannot be generated and was not given
     * @throws BadInputException if a given {@code Digest} does not match the body
     */
    public SignedRequest sign(HttpRequest request, Instant now) {
        Prepared p = prepare(request, now);
        return p.finish(p.signer.sign(p.withHeaders, now));
    }

    /** Non-blocking {@link #sign(HttpRequest)}: a remote key keeps many signatures in flight. */
    @Override
    public CompletableFuture<SignedRequest> signAsync(HttpRequest request) {
        Instant now = clock.instant();
        Prepared p;
        try {
            p = prepare(request, now);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return p.signer.signAsync(p.withHeaders, now).thenApply(p::finish);
    }

    private Prepared prepare(HttpRequest request, Instant now) {
        Digests.requireGivenDigestMatchesBody(request);
        List<String> components = components(request);
        List<Headers.Field> generated = generator.generate(request.headers(), request.bodyBytesUnsafe(), components, now);
        boolean timed = components.contains("(created)") || components.contains("(expires)");
        CavageSigner.Builder sb = CavageSigner.builder(key)
                .keyId(keyId)
                .carrier(carrier)
                .algorithm(algorithm)
                // draft-12 allows (created)/(expires) only under hs2019: choose it when the caller did not
                .algorithmName(algorithmName == null && timed ? "hs2019" : algorithmName)
                .validity(validity == null && components.contains("(expires)") ? DEFAULT_VALIDITY : validity);
        boolean dateOnlyDefault = headersOverride == null && !profile.writeHeadersParameter() && components.equals(List.of("date"));
        if (!dateOnlyDefault) {
            sb.headers(components);
        }
        return new Prepared(request, request.withHeaders(generated), generated, sb.build());
    }

    private static final class Prepared {
        final HttpRequest unsigned;
        final HttpRequest withHeaders;
        final List<Headers.Field> generated;
        final CavageSigner signer;

        Prepared(HttpRequest unsigned, HttpRequest withHeaders, List<Headers.Field> generated, CavageSigner signer) {
            this.unsigned = unsigned;
            this.withHeaders = withHeaders;
            this.generated = generated;
            this.signer = signer;
        }

        SignedRequest finish(CavageSignature signature) {
            return SignedRequest.of(SignatureFormat.CAVAGE, unsigned, generated,
                    List.of(Headers.field(signature.headerName(), signature.headerValue())));
        }
    }

    /** The components to sign for this request: the override, or the profile's rules applied to it. */
    public List<String> components(HttpRequest request) {
        if (headersOverride != null) {
            return headersOverride;
        }
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

    /** Builder for {@link ProfileSigner}. */
    public static final class Builder {
        private final Profile profile;
        private final SigningKey key;
        private String keyId;
        private List<String> headers;
        private Carrier carrier;
        private SignatureAlgorithm algorithm;
        private String algorithmName;
        private Clock clock = Clock.systemUTC();
        private java.time.Duration validity;

        private Builder(Profile profile, SigningKey key) {
            this.profile = Objects.requireNonNull(profile, "profile");
            this.key = Objects.requireNonNull(key, "key");
        }

        /** The keyId, overriding what the profile would derive. */
        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /** The components to sign, overriding the profile's rules. */
        public Builder headers(List<String> components) {
            List<String> lower = new ArrayList<>();
            for (String c : components) {
                String l = c.trim().toLowerCase(Locale.ROOT);
                if (!l.isEmpty()) {
                    lower.add(l);
                }
            }
            this.headers = lower;
            return this;
        }

        public Builder carrier(Carrier carrier) {
            this.carrier = carrier;
            return this;
        }

        /** How to sign; default the key's default (RSA PKCS#1 v1.5 SHA-256 for RSA). */
        public Builder algorithm(SignatureAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** The {@code algorithm} parameter to write ({@code rsa-sha256}, {@code hs2019}, ...). */
        public Builder algorithmName(String name) {
            this.algorithmName = name;
            return this;
        }

        /** Adds draft-12 {@code created}/{@code expires} parameters, {@code expires = now + validity}. */
        public Builder validity(java.time.Duration validity) {
            this.validity = validity;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ProfileSigner build() {
            return new ProfileSigner(this);
        }
    }
}
