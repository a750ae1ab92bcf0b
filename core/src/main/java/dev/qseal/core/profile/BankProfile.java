package dev.qseal.core.profile;

import dev.qseal.core.BadInputException;
import dev.qseal.core.RequestSigner;
import dev.qseal.core.RequestVerifier;
import dev.qseal.core.SignatureFormat;
import dev.qseal.core.cavage.CavageVerifier;
import dev.qseal.core.headers.HeaderRules;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.jws.DetachedJwsVerifier;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.CertificateValidityCheck;
import dev.qseal.core.key.ReloadingSigningKey;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.rfc9421.MessageSigner;
import dev.qseal.core.rfc9421.MessageVerifier;
import dev.qseal.core.rfc9421.Rfc9421Algorithm;
import dev.qseal.core.verify.VerificationResult;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A bank's whole contract as data, for both sides of the wire: the shared {@linkplain #headerRules()
 * header rules}, the format part ({@link #cavage()}, {@link #jws()} or {@link #rfc9421()}) and the
 * {@linkplain #verification() verification policy}. {@link #signer(SigningKey)} and
 * {@link #verifier(X509Certificate)} build a {@link RequestSigner} and a {@link RequestVerifier} from it,
 * so that the CLI, flows, simulators and adapters never re-state a bank's rules. The built-ins are in
 * {@link BankProfiles}; a bank that differs is a copy adjusted with {@link #toBuilder()}.
 *
 * <pre>{@code
 * RequestSigner ing = BankProfiles.ING.signer(key).build();
 * SignedRequest sealed = ing.sign(request);
 * VerificationResult r = BankProfiles.ING.verifier(certificate).build().verify(sealed.request());
 * }</pre>
 */
public final class BankProfile {
    private final String name;
    private final String description;
    private final SignatureFormat format;
    private final Profile cavage;
    private final JwsProfile jws;
    private final Rfc9421Profile rfc9421;
    private final VerificationPolicy verification;

    private BankProfile(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name").trim().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw new BadInputException("a bank profile needs a name");
        }
        this.description = b.description;
        int parts = (b.cavage != null ? 1 : 0) + (b.jws != null ? 1 : 0) + (b.rfc9421 != null ? 1 : 0);
        if (parts != 1) {
            throw new BadInputException("bank profile '" + name + "' must have exactly one format part (Cavage, detached JWS or RFC 9421), not "
                    + parts);
        }
        this.cavage = b.cavage;
        this.jws = b.jws;
        this.rfc9421 = b.rfc9421;
        this.format = cavage != null ? SignatureFormat.CAVAGE : jws != null ? SignatureFormat.DETACHED_JWS : SignatureFormat.RFC_9421;
        this.verification = b.verification;
        checkSignerMeetsPolicy();
    }

    /** A profile whose own signatures would fail its own verification is a contradiction: refuse it. */
    private void checkSignerMeetsPolicy() {
        List<String> always;
        List<String> withBody = new ArrayList<>();
        switch (format) {
            case CAVAGE:
                always = cavage.signedHeaders();
                withBody.addAll(cavage.signedWithBody());
                break;
            case DETACHED_JWS:
                always = jws.signedHeaders();
                break;
            default:
                always = rfc9421.components(false, false);
                withBody.addAll(rfc9421.componentsWithBody());
                break;
        }
        for (String r : verification.required()) {
            if (!always.contains(r)) {
                throw new BadInputException("bank profile '" + name + "' requires '" + r + "' to be signed, but its signer does not sign it");
            }
        }
        withBody.addAll(always);
        for (String r : verification.requiredWithBody()) {
            if (!withBody.contains(r)) {
                throw new BadInputException("bank profile '" + name + "' requires '" + r
                        + "' to be signed with a body, but its signer does not sign it");
            }
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.description = description;
        b.cavage = cavage;
        b.jws = jws;
        b.rfc9421 = rfc9421;
        b.verification = verification;
        return b;
    }

    /** The profile's name as {@link BankProfiles#named} knows it: {@code ing}, {@code ing-jws}... */
    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public SignatureFormat format() {
        return format;
    }

    /** The shared header rules: Date style, digest, request id, certificate header, required headers. */
    public HeaderRules headerRules() {
        return cavage != null ? cavage.headerRules() : jws != null ? jws.headerRules() : rfc9421.headerRules();
    }

    /** The Cavage part (carrier, components, keyId), when {@link #format()} is {@link SignatureFormat#CAVAGE}. */
    public Optional<Profile> cavage() {
        return Optional.ofNullable(cavage);
    }

    /** The detached-JWS part ({@code sigD.pars}, signature header, {@code x5c}), when the format is {@link SignatureFormat#DETACHED_JWS}. */
    public Optional<JwsProfile> jws() {
        return Optional.ofNullable(jws);
    }

    /** The RFC 9421 part (label, components, parameters), when the format is {@link SignatureFormat#RFC_9421}. */
    public Optional<Rfc9421Profile> rfc9421() {
        return Optional.ofNullable(rfc9421);
    }

    /** How the bank verifies: coverage, digest, skew, algorithms, keyId. */
    public VerificationPolicy verification() {
        return verification;
    }

    /** A signer that applies this profile with {@code key}. */
    public SignerBuilder signer(SigningKey key) {
        return new SignerBuilder(Objects.requireNonNull(key, "key"));
    }

    /** A verifier that checks signatures made with the key of {@code certificate} as the bank does. */
    public VerifierBuilder verifier(X509Certificate certificate) {
        return new VerifierBuilder(Objects.requireNonNull(certificate, "certificate"), certificate.getPublicKey());
    }

    /**
     * A verifier for signatures made with the private half of {@code key}. A detached JWS names its
     * certificate, so a {@link SignatureFormat#DETACHED_JWS} profile needs {@link #verifier(X509Certificate)}.
     */
    public VerifierBuilder verifier(PublicKey key) {
        if (format == SignatureFormat.DETACHED_JWS) {
            throw new BadInputException("bank profile '" + name + "' verifies a detached JWS, which names its certificate"
                    + " (x5t#S256): verify with the certificate, not a bare public key");
        }
        return new VerifierBuilder(null, Objects.requireNonNull(key, "key"));
    }

    @Override
    public String toString() {
        return "BankProfile[" + name + ", " + format + "]";
    }

    /** Builds the {@link RequestSigner} of a {@link BankProfile}. */
    public final class SignerBuilder {
        private final SigningKey key;
        private String keyId;
        private Clock clock = Clock.systemUTC();
        private List<String> headers;
        private SignatureAlgorithm algorithm;
        private boolean allowInvalidCertificate;

        private SignerBuilder(SigningKey key) {
            this.key = key;
        }

        /**
         * Signs even when the key's certificate has expired or is not yet valid (tests, replaying old vectors).
         * By default the signer refuses ({@link dev.qseal.core.KeyAccessException}) at the signer's clock, and
         * warns from 30 days before expiry ({@link CertificateValidityCheck}).
         */
        public SignerBuilder allowInvalidCertificate() {
            this.allowInvalidCertificate = true;
            return this;
        }

        private SigningKey checkedKey() {
            if (key instanceof CertificateValidityCheck || key.certificate().isEmpty() && !(key instanceof ReloadingSigningKey)) {
                return key;
            }
            CertificateValidityCheck.Builder b = CertificateValidityCheck.builder(key).clock(clock);
            if (allowInvalidCertificate) {
                b.allowInvalidCertificate();
            }
            return b.build();
        }

        /** The keyId (Cavage {@code keyId}, JWS {@code kid}, RFC 9421 {@code keyid}), overriding what the profile derives. */
        public SignerBuilder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        public SignerBuilder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The components to sign, overriding the profile's (Cavage headers, {@code sigD.pars}, RFC 9421 components). */
        public SignerBuilder headers(List<String> components) {
            this.headers = List.copyOf(components);
            return this;
        }

        /** How to sign; default the format's default for the key. */
        public SignerBuilder algorithm(SignatureAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /**
         * @throws dev.qseal.core.MissingCertificateException if the profile derives the keyId from, or sends,
         *                                                    a certificate the key does not have
         * @throws dev.qseal.core.MissingKeyIdException       if the profile needs a keyId and none was given
         */
        public RequestSigner build() {
            SigningKey key = checkedKey();
            switch (format) {
                case CAVAGE: {
                    ProfileSigner.Builder b = cavage.signer(key).keyId(keyId).algorithm(algorithm).clock(clock);
                    if (headers != null) {
                        b.headers(headers);
                    }
                    return b.build();
                }
                case DETACHED_JWS: {
                    JwsProfileSigner.Builder b = jws.signer(key).algorithm(algorithm).kid(keyId).clock(clock);
                    if (headers != null) {
                        b.headers(headers);
                    }
                    return b.build();
                }
                default:
                    return new Rfc9421ProfileSigner(rfc9421, components -> {
                        MessageSigner.Builder b = MessageSigner.builder(key).label(rfc9421.label())
                                .components(headers != null ? headers : components)
                                .created(rfc9421.created()).includeAlg(rfc9421.includeAlg())
                                .headerRules(rfc9421.headerRules()).clock(clock);
                        rfc9421.expiresIn().ifPresent(b::expiresIn);
                        if (keyId != null) {
                            b.keyId(keyId);
                        }
                        if (algorithm != null) {
                            b.algorithm(algorithm);
                        }
                        return b.build();
                    });
            }
        }
    }

    /** Builds the {@link RequestVerifier} of a {@link BankProfile}: its policy, with the named opt-outs. */
    public final class VerifierBuilder {
        private final X509Certificate certificate;
        private final PublicKey key;
        private Clock clock = Clock.systemUTC();
        private Duration maxSkew = verification.maxSkew();
        private boolean ignoreClock;
        private boolean weakCoverage = verification.allowsWeakCoverage();
        private boolean noBody;
        private long maxBodySize = -1;
        private final List<String> extra = new ArrayList<>();
        private String keyId;

        private VerifierBuilder(X509Certificate certificate, PublicKey key) {
            this.certificate = certificate;
            this.key = key;
        }

        public VerifierBuilder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Overrides the policy's skew. */
        public VerifierBuilder maxSkew(Duration skew) {
            this.maxSkew = Objects.requireNonNull(skew, "skew");
            return this;
        }

        /** Compare no time in the request with the clock: for inspecting recorded requests, never for live ones. */
        public VerifierBuilder ignoreClock() {
            this.ignoreClock = true;
            return this;
        }

        /** Accept less coverage than the method, target and body digest (the profile's own requirements still apply). */
        public VerifierBuilder allowWeakCoverage() {
            this.weakCoverage = true;
            return this;
        }

        /** The body is not at hand: check the signature, not the digest; a valid result says "digest not checked". */
        public VerifierBuilder noBody() {
            this.noBody = true;
            return this;
        }

        /** The largest body accepted, in bytes (a larger one fails as {@code BODY_TOO_LARGE}); default no limit. */
        public VerifierBuilder maxBodySize(long bytes) {
            this.maxBodySize = VerificationResult.requireMaxBodySize(bytes);
            return this;
        }

        /** Components that must be covered besides the profile's. */
        public VerifierBuilder require(String... components) {
            for (String c : components) {
                if (!c.isBlank()) {
                    extra.add(c.trim().startsWith("@") ? c.trim() : c.trim().toLowerCase(Locale.ROOT));
                }
            }
            return this;
        }

        /** The keyId the signature must name exactly (else, for a profile that derives it, the derived one). */
        public VerifierBuilder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        public RequestVerifier build() {
            RequestVerifier plain = build(false);
            RequestVerifier withBody = verification.requiredWithBody().isEmpty() ? plain : build(true);
            boolean bodyNotAtHand = noBody;
            String description = "RequestVerifier[" + name + ", " + format + ", " + verification + "]";
            return new RequestVerifier() {
                @Override
                public VerificationResult verify(HttpRequest request) {
                    return (request.hasBody() || (bodyNotAtHand && hasDigestHeader(request)) ? withBody : plain).verify(request);
                }

                @Override
                public String toString() {
                    return description;
                }
            };
        }

        private boolean hasDigestHeader(HttpRequest request) {
            return request.headers().contains("Digest") || request.headers().contains("Content-Digest");
        }

        private RequestVerifier build(boolean body) {
            List<String> required = new ArrayList<>(verification.required());
            if (body) {
                required.addAll(verification.requiredWithBody());
            }
            required.addAll(extra);
            String[] req = required.toArray(new String[0]);
            switch (format) {
                case CAVAGE: {
                    CavageVerifier.Builder b = certificate != null ? CavageVerifier.builder(certificate) : CavageVerifier.builder(key);
                    b.clock(clock).requireSigned(req).requireSignedWhenPresent(verification.requiredWhenPresent().toArray(new String[0]));
                    if (ignoreClock) {
                        b.ignoreClockAndExpiry();
                    } else {
                        b.maxSkew(maxSkew);
                    }
                    if (!verification.algorithms().isEmpty()) {
                        b.allowedAlgorithms(verification.algorithms());
                    }
                    if (!verification.digestAlgorithms().isEmpty()) {
                        b.allowedDigestAlgorithms(verification.digestAlgorithms());
                    }
                    String expected = keyId;
                    if (expected == null && verification.keyIdFromCertificate() && certificate != null
                            && cavage.keyIdStrategy() != KeyIdStrategy.EXPLICIT) {
                        expected = cavage.keyIdStrategy().keyId(Optional.empty(), Optional.of(certificate));
                    }
                    if (expected != null) {
                        b.expectKeyId(expected);
                    }
                    finish(b::allowWeakCoverage, b::noBody);
                    if (maxBodySize >= 0) {
                        b.maxBodySize(maxBodySize);
                    }
                    return b.build();
                }
                case DETACHED_JWS: {
                    DetachedJwsVerifier.Builder b = DetachedJwsVerifier.builder(certificate).clock(clock).requireSigned(req)
                            .headerName(jws.signatureHeader());
                    if (ignoreClock) {
                        b.ignoreClock();
                    } else {
                        b.maxSkew(maxSkew);
                    }
                    if (!verification.algorithms().isEmpty()) {
                        b.allowedAlgorithms(verification.algorithms());
                    }
                    finish(b::allowWeakCoverage, b::noBody);
                    if (maxBodySize >= 0) {
                        b.maxBodySize(maxBodySize);
                    }
                    return b.build();
                }
                default: {
                    MessageVerifier.Builder b = MessageVerifier.builder(key).clock(clock).label(rfc9421.label()).requireComponents(req);
                    if (ignoreClock) {
                        b.ignoreClockAndExpiry();
                    } else {
                        b.maxSkew(maxSkew);
                    }
                    if (!verification.algorithms().isEmpty()) {
                        List<Rfc9421Algorithm> algs = new ArrayList<>();
                        for (SignatureAlgorithm a : verification.algorithms()) {
                            Rfc9421Algorithm.of(a).ifPresent(algs::add);
                        }
                        b.allowedAlgorithms(algs);
                    }
                    if (keyId != null) {
                        b.expectKeyId(keyId);
                    }
                    finish(b::allowWeakCoverage, b::noBody);
                    if (maxBodySize >= 0) {
                        b.maxBodySize(maxBodySize);
                    }
                    return b.build();
                }
            }
        }

        private void finish(Runnable allowWeak, Runnable noBodyOption) {
            if (weakCoverage) {
                allowWeak.run();
            }
            if (noBody) {
                noBodyOption.run();
            }
        }
    }

    /** Builder for {@link BankProfile}. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private Profile cavage;
        private JwsProfile jws;
        private Rfc9421Profile rfc9421;
        private VerificationPolicy verification = VerificationPolicy.STRICT;

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** Makes this a Cavage profile (and drops any other format part). */
        public Builder cavage(Profile part) {
            this.cavage = Objects.requireNonNull(part, "part");
            this.jws = null;
            this.rfc9421 = null;
            return this;
        }

        /** Makes this a detached-JWS profile (and drops any other format part). */
        public Builder jws(JwsProfile part) {
            this.jws = Objects.requireNonNull(part, "part");
            this.cavage = null;
            this.rfc9421 = null;
            return this;
        }

        /** Makes this an RFC 9421 profile (and drops any other format part). */
        public Builder rfc9421(Rfc9421Profile part) {
            this.rfc9421 = Objects.requireNonNull(part, "part");
            this.cavage = null;
            this.jws = null;
            return this;
        }

        public Builder verification(VerificationPolicy policy) {
            this.verification = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** @throws BadInputException if there is not exactly one format part, or the policy requires what the signer does not sign */
        public BankProfile build() {
            return new BankProfile(this);
        }
    }
}
