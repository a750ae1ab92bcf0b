package dev.qseal.core.profile;

import dev.qseal.core.BadInputException;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.jws.DetachedJws;
import dev.qseal.core.jws.DetachedJwsSigner;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Seals a request with a detached JWS the way a {@link JwsProfile} says: adds the headers it
 * generates ({@code Digest}, {@code Date} or a request id if listed, the certificate header), then
 * the JWS header. Immutable and thread-safe.
 *
 * <pre>{@code
 * JwsProfileSigner ing = Profiles.ING_JWS.signer(key).build();
 * SignedJwsRequest signed = ing.sign(HttpRequest.builder("POST", "/oauth2/applications")
 *         .header("Content-Type", "application/json").body(json).build());
 * }</pre>
 */
public final class JwsProfileSigner {
    private final JwsProfile profile;
    private final DetachedJwsSigner signer;
    private final Clock clock;
    private final String certificateHeaderValue;

    private JwsProfileSigner(Builder b) {
        this.profile = b.profile;
        this.clock = b.clock;
        DetachedJwsSigner.Builder sb = DetachedJwsSigner.builder(b.key)
                .signedHeaders(b.headers != null ? b.headers : profile.signedHeaders())
                .includeX5c(profile.includeX5c());
        if (b.algorithm != null) {
            sb.algorithm(b.algorithm);
        }
        if (b.kid != null) {
            sb.kid(b.kid);
        }
        this.signer = sb.build();
        this.certificateHeaderValue = profile.certificateHeader().map(h -> profile.certificateEncoding().encode(
                b.key.certificate().orElseThrow(() -> new BadInputException("profile '" + profile.name() + "' sends the certificate in "
                        + h + ", but the key has none: pass --cert or add ?cert= to the key reference")))).orElse(null);
    }

    public static Builder builder(JwsProfile profile, SigningKey key) {
        return new Builder(profile, key);
    }

    public JwsProfile profile() {
        return profile;
    }

    /** The underlying JWS signer (its algorithm and pars). */
    public DetachedJwsSigner jwsSigner() {
        return signer;
    }

    /** Signs at the signer's clock. */
    public SignedJwsRequest sign(HttpRequest request) {
        return sign(request, clock.instant());
    }

    /**
     * Signs as of {@code now}.
     *
     * @throws BadInputException if a header in pars cannot be generated and was not given, or a given
     *                           {@code Digest} does not match the body
     */
    public SignedJwsRequest sign(HttpRequest request, Instant now) {
        checkGivenDigest(request);
        Headers headers = request.headers();
        for (String p : signer.pars()) {
            if (p.startsWith("(") || headers.contains(p)) {
                continue;
            }
            String[] f = generate(p, request, now);
            headers = headers.with(f[0], f[1]);
        }
        if (certificateHeaderValue != null && !headers.contains(profile.certificateHeader().get())) {
            headers = headers.with(profile.certificateHeader().get(), certificateHeaderValue);
        }
        List<Headers.Field> generated = new ArrayList<>();
        for (int i = request.headers().fields().size(); i < headers.fields().size(); i++) {
            generated.add(headers.fields().get(i));
        }
        HttpRequest withHeaders = request.toBuilder().headers(headers).build();
        DetachedJws jws = signer.sign(withHeaders, now);
        return new SignedJwsRequest(withHeaders.withHeader(profile.signatureHeader(), jws.compact()), generated, jws,
                profile.signatureHeader());
    }

    private String[] generate(String component, HttpRequest request, Instant now) {
        switch (component) {
            case "digest":
                return new String[] {"Digest", Digests.digestValue(profile.digestAlgorithm(), profile.digestLabel(), request.bodyBytesUnsafe())};
            case "date":
                return new String[] {"Date", DateStyle.RFC_7231.format(now)};
            case "x-request-id":
                return new String[] {"X-Request-ID", UUID.randomUUID().toString()};
            default:
                if (certificateHeaderValue != null && profile.certificateHeader().get().equalsIgnoreCase(component)) {
                    return new String[] {profile.certificateHeader().get(), certificateHeaderValue};
                }
                throw new BadInputException("header '" + component + "' is to be signed but was not given, and qseal cannot generate it: "
                        + "pass it with -H '" + component + ": ...'");
        }
    }

    private static void checkGivenDigest(HttpRequest request) {
        if (request.body().isEmpty()) {
            return;
        }
        byte[] body = request.bodyBytesUnsafe();
        for (String value : request.headers().values("Digest")) {
            for (Map.Entry<DigestAlgorithm, byte[]> e : Digests.parseDigest(value).entrySet()) {
                if (!MessageDigest.isEqual(e.getValue(), Digests.hash(e.getKey(), body))) {
                    throw new BadInputException("the Digest header given does not match the body (" + body.length
                            + " bytes): drop it to let qseal compute it, or give the body it was computed over");
                }
            }
        }
    }

    /** Builder for {@link JwsProfileSigner}. */
    public static final class Builder {
        private final JwsProfile profile;
        private final SigningKey key;
        private List<String> headers;
        private SignatureAlgorithm algorithm;
        private String kid;
        private Clock clock = Clock.systemUTC();

        private Builder(JwsProfile profile, SigningKey key) {
            this.profile = Objects.requireNonNull(profile, "profile");
            this.key = Objects.requireNonNull(key, "key");
        }

        /** {@code sigD.pars}, overriding the profile's. */
        public Builder headers(List<String> pars) {
            this.headers = List.copyOf(pars);
            return this;
        }

        /** {@code alg}; default PS256 for RSA, ES* by curve for EC. */
        public Builder algorithm(SignatureAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** Adds a {@code kid} member to the protected header. */
        public Builder kid(String kid) {
            this.kid = kid;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public JwsProfileSigner build() {
            return new JwsProfileSigner(this);
        }
    }
}
