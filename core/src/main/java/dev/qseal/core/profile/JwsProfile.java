package dev.qseal.core.profile;

import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.DigestLabel;
import dev.qseal.core.headers.CertificateEncoding;
import dev.qseal.core.headers.HeaderRules;
import dev.qseal.core.jws.DetachedJws;
import dev.qseal.core.jws.DetachedJwsSigner;
import dev.qseal.core.key.SigningKey;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A bank's rules for detached-JWS sealing as data: which headers {@code sigD.pars} lists, how the
 * generated {@code Digest} is written, which header carries the certificate and which the JWS, and
 * whether {@code x5c} is sent. The JWS counterpart of {@link Profile}, kept apart because most of a
 * Cavage profile (carrier, keyId derivation, the {@code headers=} parameter) means nothing here and
 * a JWS has rules of its own; like {@link Profile} it is a value, adjusted with {@link #toBuilder()}.
 */
public final class JwsProfile {
    private final String name;
    private final String description;
    private final List<String> signedHeaders;
    private final HeaderRules headerRules;
    private final String signatureHeader;
    private final boolean includeX5c;

    private JwsProfile(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.description = b.description;
        this.signedHeaders = b.signedHeaders.stream().map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableList());
        this.headerRules = b.headerRules.build();
        this.signatureHeader = b.signatureHeader;
        this.includeX5c = b.includeX5c;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.description = description;
        b.signedHeaders = signedHeaders;
        b.headerRules = headerRules.toBuilder();
        b.signatureHeader = signatureHeader;
        b.includeX5c = includeX5c;
        return b;
    }

    /** A signer that applies this profile with {@code key}. */
    public JwsProfileSigner.Builder signer(SigningKey key) {
        return JwsProfileSigner.builder(this, key);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** {@code sigD.pars}, lower-case, in order. */
    public List<String> signedHeaders() {
        return signedHeaders;
    }

    /** The header rules (digest, certificate header, ...). */
    public HeaderRules headerRules() {
        return headerRules;
    }

    public DigestAlgorithm digestAlgorithm() {
        return headerRules.digestAlgorithm();
    }

    public DigestLabel digestLabel() {
        return headerRules.digestLabel();
    }

    /** A header that carries the QSealC, e.g. {@code TPP-Signature-Certificate}. */
    public Optional<String> certificateHeader() {
        return headerRules.certificateHeader();
    }

    public CertificateEncoding certificateEncoding() {
        return headerRules.certificateEncoding();
    }

    /** The header that carries the JWS: {@code x-jws-signature}. */
    public String signatureHeader() {
        return signatureHeader;
    }

    /** Whether the protected header carries {@code x5c}. */
    public boolean includeX5c() {
        return includeX5c;
    }

    @Override
    public String toString() {
        return "JwsProfile[" + name + "]";
    }

    /** Builder for {@link JwsProfile}; defaults are ING's. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private List<String> signedHeaders = DetachedJwsSigner.DEFAULT_PARS;
        private HeaderRules.Builder headerRules = HeaderRules.builder();
        private String signatureHeader = DetachedJws.HEADER;
        private boolean includeX5c;

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        public Builder signedHeaders(String... h) {
            this.signedHeaders = List.of(h);
            return this;
        }

        public Builder digest(DigestAlgorithm algorithm, DigestLabel label) {
            headerRules.digest(algorithm, label);
            return this;
        }

        public Builder certificateHeader(String header, CertificateEncoding encoding) {
            headerRules.certificateHeader(header, encoding);
            return this;
        }

        /** Replaces every header rule at once. */
        public Builder headerRules(HeaderRules rules) {
            this.headerRules = rules.toBuilder();
            return this;
        }

        public Builder signatureHeader(String header) {
            this.signatureHeader = Objects.requireNonNull(header);
            return this;
        }

        public Builder includeX5c(boolean include) {
            this.includeX5c = include;
            return this;
        }

        public JwsProfile build() {
            return new JwsProfile(this);
        }
    }
}
