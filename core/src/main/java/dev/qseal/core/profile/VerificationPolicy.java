package dev.qseal.core.profile;

import dev.qseal.core.BadInputException;
import dev.qseal.core.RequestVerifier;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.key.SignatureAlgorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a bank verifies, as data: the components a signature must cover (always, with a body, and headers
 * that must be signed when present), whether weaker coverage than qseal's strict default is accepted,
 * the clock skew, the signature and digest algorithms allowed, and whether the keyId must be the one the
 * profile derives from the certificate. Part of a {@link BankProfile}; immutable, {@link #toBuilder()}.
 *
 * <p>qseal's strict default applies on top unless {@link #allowsWeakCoverage()}: the method and target,
 * and with a body the digest, covered and matching.
 */
public final class VerificationPolicy {
    /** The strict default: nothing required beyond the method, target and body digest; one default skew; any fitting algorithm. */
    public static final VerificationPolicy STRICT = builder().build();

    private final List<String> required;
    private final List<String> requiredWithBody;
    private final List<String> requiredWhenPresent;
    private final boolean weakCoverage;
    private final Duration maxSkew;
    private final List<SignatureAlgorithm> algorithms;
    private final List<DigestAlgorithm> digestAlgorithms;
    private final boolean keyIdFromCertificate;

    private VerificationPolicy(Builder b) {
        this.required = List.copyOf(b.required);
        this.requiredWithBody = List.copyOf(b.requiredWithBody);
        this.requiredWhenPresent = List.copyOf(b.requiredWhenPresent);
        this.weakCoverage = b.weakCoverage;
        this.maxSkew = b.maxSkew;
        this.algorithms = List.copyOf(b.algorithms);
        this.digestAlgorithms = List.copyOf(b.digestAlgorithms);
        this.keyIdFromCertificate = b.keyIdFromCertificate;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.required = required;
        b.requiredWithBody = requiredWithBody;
        b.requiredWhenPresent = requiredWhenPresent;
        b.weakCoverage = weakCoverage;
        b.maxSkew = maxSkew;
        b.algorithms = algorithms;
        b.digestAlgorithms = digestAlgorithms;
        b.keyIdFromCertificate = keyIdFromCertificate;
        return b;
    }

    /** Components every signature must cover, in the format's spelling ({@code (request-target)}, {@code @method}, {@code digest}). */
    public List<String> required() {
        return required;
    }

    /** Components a signature of a request with a body must cover as well. */
    public List<String> requiredWithBody() {
        return requiredWithBody;
    }

    /** Headers that must be covered when the request has them; an entry ending in {@code *} is a prefix ({@code psu-*}). */
    public List<String> requiredWhenPresent() {
        return requiredWhenPresent;
    }

    /** Whether a signature may cover less than the method, target and body digest (a bank whose own rules sign less). */
    public boolean allowsWeakCoverage() {
        return weakCoverage;
    }

    /** How far {@code Date}, {@code created} or {@code sigT} may be from the verifier's clock. */
    public Duration maxSkew() {
        return maxSkew;
    }

    /** The signature algorithms accepted; empty: every one the format verifies that fits the key. */
    public List<SignatureAlgorithm> algorithms() {
        return algorithms;
    }

    /** The digest algorithms accepted in {@code Digest}; empty: every one qseal knows. */
    public List<DigestAlgorithm> digestAlgorithms() {
        return digestAlgorithms;
    }

    /** Whether the keyId must be exactly the one the profile derives from the verification certificate ({@code SN=<hex>}...). */
    public boolean keyIdFromCertificate() {
        return keyIdFromCertificate;
    }

    @Override
    public String toString() {
        return "VerificationPolicy[required " + required + (requiredWithBody.isEmpty() ? "" : " +body " + requiredWithBody)
                + (weakCoverage ? ", weak coverage allowed" : "") + ", skew " + maxSkew.getSeconds() + " s]";
    }

    /** Builder for {@link VerificationPolicy}. */
    public static final class Builder {
        private List<String> required = List.of();
        private List<String> requiredWithBody = List.of();
        private List<String> requiredWhenPresent = List.of();
        private boolean weakCoverage;
        private Duration maxSkew = RequestVerifier.DEFAULT_MAX_SKEW;
        private List<SignatureAlgorithm> algorithms = List.of();
        private List<DigestAlgorithm> digestAlgorithms = List.of();
        private boolean keyIdFromCertificate = true;

        private Builder() {
        }

        public Builder required(String... components) {
            this.required = lower(components);
            return this;
        }

        public Builder requiredWithBody(String... components) {
            this.requiredWithBody = lower(components);
            return this;
        }

        public Builder requiredWhenPresent(String... headers) {
            this.requiredWhenPresent = lower(headers);
            return this;
        }

        /** Accept signatures covering less than qseal's strict default (method, target, body digest). */
        public Builder allowWeakCoverage(boolean allow) {
            this.weakCoverage = allow;
            return this;
        }

        public Builder maxSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative()) {
                throw new BadInputException("the maximum clock skew must not be negative");
            }
            this.maxSkew = skew;
            return this;
        }

        public Builder algorithms(SignatureAlgorithm... algorithms) {
            this.algorithms = List.of(algorithms);
            return this;
        }

        public Builder digestAlgorithms(DigestAlgorithm... algorithms) {
            this.digestAlgorithms = List.of(algorithms);
            return this;
        }

        public Builder keyIdFromCertificate(boolean check) {
            this.keyIdFromCertificate = check;
            return this;
        }

        public VerificationPolicy build() {
            return new VerificationPolicy(this);
        }

        private static List<String> lower(String... in) {
            List<String> out = new ArrayList<>();
            for (String s : in) {
                String l = s.trim();
                if (!l.isEmpty()) {
                    out.add(l.startsWith("@") || l.startsWith("(") || l.startsWith("\"") ? l : l.toLowerCase(Locale.ROOT));
                }
            }
            return List.copyOf(out);
        }
    }
}
