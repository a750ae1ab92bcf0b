package dev.qseal.core.profile;

import dev.qseal.core.cavage.Carrier;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.DigestLabel;
import dev.qseal.core.headers.CertificateEncoding;
import dev.qseal.core.headers.DateStyle;
import dev.qseal.core.headers.HeaderRules;
import dev.qseal.core.key.SigningKey;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A bank's signing rules as data: which headers are signed and in what order, the carrier, how
 * keyId is derived, how {@code Date} and {@code Digest} are written, and which extra headers are
 * generated. A profile is a value: copy one with {@link #toBuilder()} and adjust it for a bank that
 * differs; there is nothing to subclass. The built-in ones are in {@link Profiles}.
 */
public final class Profile {
    private final String name;
    private final String description;
    private final Carrier carrier;
    private final List<String> signedHeaders;
    private final List<String> signedWithBody;
    private final List<String> signedWhenPresent;
    private final KeyIdStrategy keyIdStrategy;
    private final HeaderRules headerRules;
    private final boolean writeHeadersParameter;

    private Profile(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.description = b.description;
        this.carrier = b.carrier;
        this.signedHeaders = lower(b.signedHeaders);
        this.signedWithBody = lower(b.signedWithBody);
        this.signedWhenPresent = lower(b.signedWhenPresent);
        this.keyIdStrategy = b.keyIdStrategy;
        this.headerRules = b.headerRules.build();
        this.writeHeadersParameter = b.writeHeadersParameter;
    }

    private static List<String> lower(List<String> in) {
        return in.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableList());
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.description = description;
        b.carrier = carrier;
        b.signedHeaders = signedHeaders;
        b.signedWithBody = signedWithBody;
        b.signedWhenPresent = signedWhenPresent;
        b.keyIdStrategy = keyIdStrategy;
        b.headerRules = headerRules.toBuilder();
        b.writeHeadersParameter = writeHeadersParameter;
        return b;
    }

    /** A signer that applies this profile with {@code key}. */
    public ProfileSigner.Builder signer(SigningKey key) {
        return ProfileSigner.builder(this, key);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public Carrier carrier() {
        return carrier;
    }

    /** Components always signed, in order. */
    public List<String> signedHeaders() {
        return signedHeaders;
    }

    /** Components signed after {@link #signedHeaders()} when the request has a body. */
    public List<String> signedWithBody() {
        return signedWithBody;
    }

    /**
     * Headers signed last, when the request has them, in message order. An entry ending in
     * {@code *} is a prefix ({@code psu-*}).
     */
    public List<String> signedWhenPresent() {
        return signedWhenPresent;
    }

    public KeyIdStrategy keyIdStrategy() {
        return keyIdStrategy;
    }

    /** The header rules (Date style, digest, request id, certificate header, required headers). */
    public HeaderRules headerRules() {
        return headerRules;
    }

    public DateStyle dateStyle() {
        return headerRules.dateStyle();
    }

    public DigestAlgorithm digestAlgorithm() {
        return headerRules.digestAlgorithm();
    }

    public DigestLabel digestLabel() {
        return headerRules.digestLabel();
    }

    /** Whether {@code Digest} is added even when it is not signed (always for GETs too: the empty-body digest). */
    public boolean digestAlways() {
        return headerRules.digestAlways();
    }

    /** A request-id header generated (random UUID) when the caller gives none: {@code X-Request-ID}, {@code Request-ID}. */
    public Optional<String> requestIdHeader() {
        return headerRules.requestIdHeader();
    }

    /** A header that carries the QSealC, e.g. {@code TPP-Signature-Certificate}. */
    public Optional<String> certificateHeader() {
        return headerRules.certificateHeader();
    }

    public CertificateEncoding certificateEncoding() {
        return headerRules.certificateEncoding();
    }

    /** Headers the caller must supply (qseal cannot invent them), e.g. Belfius' {@code Client-Id}. */
    public List<String> requiredHeaders() {
        return headerRules.requiredHeaders();
    }

    /** Whether the {@code headers=} parameter is written (always, except for the draft-10 default of {@code date} alone). */
    public boolean writeHeadersParameter() {
        return writeHeadersParameter;
    }

    @Override
    public String toString() {
        return "Profile[" + name + "]";
    }

    /** Builder for {@link Profile}; defaults are the draft-10 ones (sign {@code date}, {@code Signature:} carrier). */
    public static final class Builder {
        private final String name;
        private String description = "";
        private Carrier carrier = Carrier.SIGNATURE;
        private List<String> signedHeaders = List.of("date");
        private List<String> signedWithBody = List.of();
        private List<String> signedWhenPresent = List.of();
        private KeyIdStrategy keyIdStrategy = KeyIdStrategy.EXPLICIT;
        private HeaderRules.Builder headerRules = HeaderRules.builder();
        private boolean writeHeadersParameter = true;

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        public Builder carrier(Carrier c) {
            this.carrier = Objects.requireNonNull(c);
            return this;
        }

        public Builder signedHeaders(String... h) {
            this.signedHeaders = List.of(h);
            return this;
        }

        public Builder signedWithBody(String... h) {
            this.signedWithBody = List.of(h);
            return this;
        }

        public Builder signedWhenPresent(String... h) {
            this.signedWhenPresent = List.of(h);
            return this;
        }

        public Builder keyId(KeyIdStrategy s) {
            this.keyIdStrategy = Objects.requireNonNull(s);
            return this;
        }

        public Builder dateStyle(DateStyle s) {
            headerRules.dateStyle(s);
            return this;
        }

        public Builder digest(DigestAlgorithm algorithm, DigestLabel label) {
            headerRules.digest(algorithm, label);
            return this;
        }

        public Builder digestAlways(boolean always) {
            headerRules.digestAlways(always);
            return this;
        }

        public Builder requestIdHeader(String header) {
            headerRules.requestIdHeader(header);
            return this;
        }

        public Builder certificateHeader(String header, CertificateEncoding encoding) {
            headerRules.certificateHeader(header, encoding);
            return this;
        }

        public Builder requiredHeaders(String... h) {
            headerRules.requiredHeaders(h);
            return this;
        }

        /** Replaces every header rule at once. */
        public Builder headerRules(HeaderRules rules) {
            this.headerRules = rules.toBuilder();
            return this;
        }

        public Builder writeHeadersParameter(boolean write) {
            this.writeHeadersParameter = write;
            return this;
        }

        public Profile build() {
            return new Profile(this);
        }
    }
}
