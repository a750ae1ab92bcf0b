package dev.qseal.core.profile;

import dev.qseal.core.BadInputException;
import dev.qseal.core.cavage.CavageSignature;
import dev.qseal.core.cavage.CavageSigner;
import dev.qseal.core.cavage.Carrier;
import dev.qseal.core.digest.Digests;
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
import java.util.UUID;

/**
 * Seals a request the way a bank's {@link Profile} says: adds the headers it generates
 * ({@code Date}, {@code Digest}, request id, certificate), derives the keyId, and adds the Cavage
 * signature. Immutable and thread-safe.
 *
 * <pre>{@code
 * ProfileSigner ing = Profiles.ING.signer(key).build();
 * SignedRequest signed = ing.sign(HttpRequest.builder("POST", "/oauth2/token").body(form).build());
 * }</pre>
 */
public final class ProfileSigner {
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
    private final String certificateHeaderValue;
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
        this.certificateHeaderValue = profile.certificateHeader().map(h -> profile.certificateEncoding().encode(
                key.certificate().orElseThrow(() -> new BadInputException("profile '" + profile.name() + "' sends the certificate in "
                        + h + ", but the key has none: pass --cert or add ?cert= to the key reference")))).orElse(null);
        // derived once, here: a missing certificate or key id is reported before any request
        this.keyId = profile.keyIdStrategy().keyId(Optional.ofNullable(b.keyId), key.certificate());
    }

    public static Builder builder(Profile profile, SigningKey key) {
        return new Builder(profile, key);
    }

    public Profile profile() {
        return profile;
    }

    /** Signs at the signer's clock. */
    public SignedRequest sign(HttpRequest request) {
        return sign(request, clock.instant());
    }

    /**
     * Signs as of {@code now}.
     *
     * @throws BadInputException if a header the profile needs cannot be generated and was not given,
     *                           or a given {@code Digest} does not match the body
     */
    public SignedRequest sign(HttpRequest request, Instant now) {
        for (String required : profile.requiredHeaders()) {
            if (!request.headers().contains(required)) {
                throw new BadInputException("profile '" + profile.name() + "' needs a " + required
                        + " header, which qseal cannot invent: pass it (e.g. -H '" + required + ": ...')");
            }
        }
        Digests.requireGivenDigestMatchesBody(request);
        List<String> components = components(request);
        List<Headers.Field> generated = new ArrayList<>();
        Headers headers = request.headers();
        for (String c : components) {
            if (c.startsWith("(") || headers.contains(c)) {
                continue;
            }
            String[] field = generate(c, request, now);
            headers = headers.with(field[0], field[1]);
        }
        if (profile.digestAlways() && !headers.contains("Digest")) {
            String[] f = generate("digest", request, now);
            headers = headers.with(f[0], f[1]);
        }
        if (profile.requestIdHeader().isPresent() && !headers.contains(profile.requestIdHeader().get())) {
            headers = headers.with(profile.requestIdHeader().get(), UUID.randomUUID().toString());
        }
        if (certificateHeaderValue != null && !headers.contains(profile.certificateHeader().get())) {
            headers = headers.with(profile.certificateHeader().get(), certificateHeaderValue);
        }
        for (int i = request.headers().fields().size(); i < headers.fields().size(); i++) {
            generated.add(headers.fields().get(i));
        }
        HttpRequest withHeaders = request.toBuilder().headers(headers).build();

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
        CavageSignature signature = sb.build().sign(withHeaders, now);
        HttpRequest signed = withHeaders.withHeader(signature.headerName(), signature.headerValue());
        return new SignedRequest(signed, generated, signature);
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

    private String[] generate(String component, HttpRequest request, Instant now) {
        byte[] body = request.bodyBytesUnsafe();
        switch (component) {
            case "date":
                return new String[] {"Date", profile.dateStyle().format(now)};
            case "digest":
                return new String[] {"Digest", Digests.digestValue(profile.digestAlgorithm(), profile.digestLabel(), body)};
            case "content-digest":
                return new String[] {"Content-Digest", Digests.contentDigestValue(profile.digestAlgorithm(), body)};
            case "x-request-id":
                return new String[] {"X-Request-ID", UUID.randomUUID().toString()};
            case "request-id":
                return new String[] {"Request-ID", UUID.randomUUID().toString()};
            default:
                if (profile.requestIdHeader().isPresent() && profile.requestIdHeader().get().equalsIgnoreCase(component)) {
                    return new String[] {profile.requestIdHeader().get(), UUID.randomUUID().toString()};
                }
                if (profile.certificateHeader().isPresent() && profile.certificateHeader().get().equalsIgnoreCase(component)
                        && certificateHeaderValue != null) {
                    return new String[] {profile.certificateHeader().get(), certificateHeaderValue};
                }
                throw new BadInputException("header '" + component + "' is to be signed but was not given, and qseal cannot generate it: "
                        + "pass it with -H '" + component + ": ...'");
        }
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
