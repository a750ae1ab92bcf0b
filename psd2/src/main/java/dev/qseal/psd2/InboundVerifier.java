package dev.qseal.psd2;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.BadInputException;
import dev.qseal.core.QsealException;
import dev.qseal.core.RequestVerifier;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ASPSP side of a sealed request, independent of any server framework (the Servlet filter and
 * the WebFlux filter only convert and call it): finds the signer's certificate with a
 * {@link TrustResolver}, verifies the signature with the {@link BankProfile}'s verifier for that
 * certificate, checks the certificate with the {@link Psd2Policy} (qualified seal, chain, validity,
 * the role the endpoint requires), and refuses a replay: the request id (the profile's request-id
 * header, else {@code X-Request-ID}/{@code Request-ID}, else the signature itself) per signer is
 * remembered in a {@link ReplayStore} for twice the allowed skew. If the store cannot answer, the
 * request is refused (fail closed). Refusals are logged with their diagnosis at INFO. The certificate's
 * validity is judged at the verifier's clock: the signature was just accepted within the allowed skew
 * of it, so that is the signing time to within the skew. Thread-safe.
 *
 * <pre>{@code
 * InboundVerifier verifier = InboundVerifier.builder(BankProfiles.BERLIN_GROUP)
 *         .certificatePolicy(Psd2Policy.builder().trustAnchors(roots).berlinGroupRoles().build())
 *         .replayStore(redis.replayStore("aspsp:replay:"))
 *         .build();
 * }</pre>
 */
public final class InboundVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(InboundVerifier.class);

    private final BankProfile profile;
    private final TrustResolver trust;
    private final Psd2Policy policy;
    private final ReplayStore replays;
    private final Clock clock;
    private final Duration replayWindow;
    private final UnaryOperator<BankProfile.VerifierBuilder> customizer;

    private InboundVerifier(Builder b) {
        this.profile = b.profile;
        this.trust = b.trust;
        this.policy = b.policy;
        this.replays = b.replays != null ? b.replays : ReplayStore.inMemory(100_000, b.clock);
        this.clock = b.clock;
        this.replayWindow = b.profile.verification().maxSkew().multipliedBy(2);
        this.customizer = b.customizer;
    }

    public static Builder builder(BankProfile profile) {
        return new Builder(profile);
    }

    /** Decides about {@code request} (its target is the path the role rules apply to). Never throws for anything in the request. */
    public InboundDecision verify(HttpRequest request) {
        InboundDecision d = decide(request);
        if (!d.isAccepted()) {
            LOG.info("refused {} {}: {}", request.method(), pathOf(request.target()), d);
        }
        return d;
    }

    private InboundDecision decide(HttpRequest request) {
        List<X509Certificate> chain;
        try {
            Optional<List<X509Certificate>> found = trust.resolve(request);
            if (found.isEmpty() || found.get().isEmpty()) {
                return InboundDecision.refuse(CertificateFailure.CERTIFICATE_MISSING.name(),
                        "no signer certificate: the request carries none the trust resolver knows (header, x5c, keyId)");
            }
            chain = found.get();
        } catch (QsealException e) {
            return InboundDecision.refuse(CertificateFailure.CERTIFICATE_MALFORMED.name(), e.getMessage());
        }
        VerificationResult result;
        try {
            RequestVerifier verifier = customizer.apply(profile.verifier(chain.get(0)).clock(clock)).build();
            result = verifier.verify(request);
        } catch (QsealException e) {
            return InboundDecision.refuse(CertificateFailure.CERTIFICATE_INVALID.name(), "the signer certificate cannot verify: " + e.getMessage());
        }
        if (!result.isValid()) {
            return InboundDecision.refuse(result.failure().orElseThrow().name(), result.message());
        }
        Psd2Certificate accepted = null;
        if (policy != null) {
            CertificateCheck check = policy.check(chain, clock.instant(), request.target());
            if (!check.isValid()) {
                return InboundDecision.refuse(check.failure().orElseThrow().name(), check.message());
            }
            accepted = check.certificate().orElseThrow();
        }
        String key = signerId(chain.get(0)) + ":" + requestId(request);
        try {
            if (!replays.firstSeen(key, replayWindow)) {
                return InboundDecision.refuse(InboundDecision.REPLAYED, "request id " + requestId(request)
                        + " of this signer was already accepted within the last " + replayWindow.toSeconds() + " s");
            }
        } catch (BackendUnavailableException e) {
            return InboundDecision.refuse(InboundDecision.REPLAY_CHECK_UNAVAILABLE, e.getMessage());
        } catch (RuntimeException e) {
            return InboundDecision.refuse(InboundDecision.REPLAY_CHECK_UNAVAILABLE, "the replay store failed: " + e);
        }
        return InboundDecision.accept(accepted);
    }

    private String requestId(HttpRequest request) {
        Optional<String> named = profile.headerRules().requestIdHeader().flatMap(h -> request.headers().first(h));
        if (named.isEmpty()) {
            named = request.headers().first("X-Request-ID").or(() -> request.headers().first("Request-ID"));
        }
        if (named.isPresent() && named.get().length() <= 200) {
            return named.get();
        }
        // no usable id: the signature value is unique per signed request
        StringBuilder sig = new StringBuilder();
        for (String h : List.of("Signature", "Authorization", "x-jws-signature", "Signature-Input")) {
            request.headers().values(h).forEach(v -> sig.append(v).append('\n'));
        }
        return "sig-" + sha256Hex(sig.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String signerId(X509Certificate leaf) {
        try {
            return sha256Hex(leaf.getEncoded()).substring(0, 32);
        } catch (CertificateEncodingException e) {
            throw new BadInputException("the signer certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pathOf(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** Builder for {@link InboundVerifier}. */
    public static final class Builder {
        private final BankProfile profile;
        private TrustResolver trust = TrustResolver.standard();
        private Psd2Policy policy;
        private boolean withoutPolicy;
        private ReplayStore replays;
        private Clock clock = Clock.systemUTC();
        private UnaryOperator<BankProfile.VerifierBuilder> customizer = UnaryOperator.identity();

        private Builder(BankProfile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
        }

        /** Where the signer's certificate comes from; default {@link TrustResolver#standard()}. */
        public Builder trustResolver(TrustResolver resolver) {
            this.trust = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The PSD2 certificate checks, including the role per endpoint. Required unless {@link #withoutCertificatePolicy()}. */
        public Builder certificatePolicy(Psd2Policy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Checks the signature only: any certificate the resolver returns is taken as the signer's (tests, or trust decided by the resolver). */
        public Builder withoutCertificatePolicy() {
            this.withoutPolicy = true;
            return this;
        }

        /** Where accepted request ids are remembered; default a bounded in-memory store (one instance only). */
        public Builder replayStore(ReplayStore store) {
            this.replays = Objects.requireNonNull(store, "store");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Adjusts each signature verifier (e.g. {@code v -> v.require("psu-id")}); the clock is already set. */
        public Builder verifier(UnaryOperator<BankProfile.VerifierBuilder> customizer) {
            this.customizer = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        /** @throws BadInputException if neither a certificate policy nor its named opt-out was given */
        public InboundVerifier build() {
            if (policy == null && !withoutPolicy) {
                throw new BadInputException("an inbound verifier needs a PSD2 certificate policy (trust anchors, roles per endpoint), "
                        + "or withoutCertificatePolicy() to check signatures only");
            }
            return new InboundVerifier(this);
        }
    }
}
