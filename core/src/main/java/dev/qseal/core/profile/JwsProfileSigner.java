package dev.qseal.core.profile;

import dev.qseal.core.BadInputException;
import dev.qseal.core.RequestSigner;
import dev.qseal.core.SignatureFormat;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.headers.HeaderRules;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.jws.DetachedJws;
import dev.qseal.core.jws.DetachedJwsSigner;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Seals a request with a detached JWS the way a {@link JwsProfile} says: adds the headers its
 * {@link HeaderRules} generate ({@code Digest}, {@code Date} or a request id if listed, the certificate
 * header), then the JWS header. Immutable and thread-safe. {@link BankProfile#signer} builds one for
 * a detached-JWS bank profile.
 *
 * <pre>{@code
 * RequestSigner ing = BankProfiles.ING_JWS.signer(key).build();
 * SignedRequest signed = ing.sign(HttpRequest.builder("POST", "/oauth2/applications")
 *         .header("Content-Type", "application/json").body(json).build());
 * }</pre>
 */
public final class JwsProfileSigner implements RequestSigner {
    private final JwsProfile profile;
    private final DetachedJwsSigner signer;
    private final Clock clock;
    private final HeaderRules.Generator generator;

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
        this.generator = profile.headerRules().generator(b.key.certificate(), b.key.description());
        this.signer = sb.build();
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
    @Override
    public SignedRequest sign(HttpRequest request) {
        return sign(request, clock.instant());
    }

    /**
     * Signs as of {@code now}.
     *
     * @throws dev.qseal.core.MissingComponentException if a header in pars cannot be generated and was not given
     * @throws BadInputException if a given {@code Digest} does not match the body
     */
    public SignedRequest sign(HttpRequest request, Instant now) {
        HttpRequest withHeaders = prepare(request, now);
        return finish(request, withHeaders, signer.sign(withHeaders, now));
    }

    /** Non-blocking {@link #sign(HttpRequest)}: a remote key keeps many signatures in flight. */
    @Override
    public CompletableFuture<SignedRequest> signAsync(HttpRequest request) {
        Instant now = clock.instant();
        HttpRequest withHeaders;
        try {
            withHeaders = prepare(request, now);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return signer.signAsync(withHeaders, now).thenApply(jws -> finish(request, withHeaders, jws));
    }

    private HttpRequest prepare(HttpRequest request, Instant now) {
        Digests.requireGivenDigestMatchesBody(request);
        List<Headers.Field> generated = generator.generate(request.headers(), request.bodyBytesUnsafe(), signer.pars(), now);
        return request.withHeaders(generated);
    }

    private SignedRequest finish(HttpRequest unsigned, HttpRequest withHeaders, DetachedJws jws) {
        List<Headers.Field> all = withHeaders.headers().fields();
        List<Headers.Field> generated = all.subList(unsigned.headers().fields().size(), all.size());
        return SignedRequest.of(SignatureFormat.DETACHED_JWS, unsigned, generated,
                List.of(Headers.field(profile.signatureHeader(), jws.compact())));
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
