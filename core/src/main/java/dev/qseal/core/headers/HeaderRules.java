package dev.qseal.core.headers;

import dev.qseal.core.MissingComponentException;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.DigestLabel;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.Headers;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The header rules a bank shares across formats, and the one place qseal generates headers: how
 * {@code Date} is written, the {@code Digest} algorithm and label, the {@code Content-Digest}
 * algorithm, the request-id header, the certificate header and its encoding, and the headers the
 * caller must supply. Every signer (Cavage, detached JWS, RFC 9421) asks {@link Generator#generate}
 * for the headers a request lacks. Immutable; adjust a copy with {@link #toBuilder()}.
 */
public final class HeaderRules {
    /** RFC 7231 Date, {@code Digest: SHA-256=}, {@code Content-Digest} SHA-512 (as RFC 9421's examples), nothing else. */
    public static final HeaderRules DEFAULT = builder().build();

    private final DateStyle dateStyle;
    private final DigestAlgorithm digestAlgorithm;
    private final DigestLabel digestLabel;
    private final DigestAlgorithm contentDigestAlgorithm;
    private final boolean digestAlways;
    private final String requestIdHeader;
    private final String certificateHeader;
    private final CertificateEncoding certificateEncoding;
    private final List<String> requiredHeaders;

    private HeaderRules(Builder b) {
        this.dateStyle = b.dateStyle;
        this.digestAlgorithm = b.digestAlgorithm;
        this.digestLabel = b.digestLabel;
        this.contentDigestAlgorithm = b.contentDigestAlgorithm;
        this.digestAlways = b.digestAlways;
        this.requestIdHeader = b.requestIdHeader;
        this.certificateHeader = b.certificateHeader;
        this.certificateEncoding = b.certificateEncoding;
        this.requiredHeaders = List.copyOf(b.requiredHeaders);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.dateStyle = dateStyle;
        b.digestAlgorithm = digestAlgorithm;
        b.digestLabel = digestLabel;
        b.contentDigestAlgorithm = contentDigestAlgorithm;
        b.digestAlways = digestAlways;
        b.requestIdHeader = requestIdHeader;
        b.certificateHeader = certificateHeader;
        b.certificateEncoding = certificateEncoding;
        b.requiredHeaders = requiredHeaders;
        return b;
    }

    public DateStyle dateStyle() {
        return dateStyle;
    }

    public DigestAlgorithm digestAlgorithm() {
        return digestAlgorithm;
    }

    public DigestLabel digestLabel() {
        return digestLabel;
    }

    /** The algorithm of a generated RFC 9530 {@code Content-Digest}. */
    public DigestAlgorithm contentDigestAlgorithm() {
        return contentDigestAlgorithm;
    }

    /** Whether {@code Digest} is added even when it is not signed (for a GET too: the empty-body digest). */
    public boolean digestAlways() {
        return digestAlways;
    }

    /** A request-id header generated (random UUID) when the caller gives none: {@code X-Request-ID}, {@code Request-ID}. */
    public Optional<String> requestIdHeader() {
        return Optional.ofNullable(requestIdHeader);
    }

    /** A header that carries the QSealC, e.g. {@code TPP-Signature-Certificate}. */
    public Optional<String> certificateHeader() {
        return Optional.ofNullable(certificateHeader);
    }

    public CertificateEncoding certificateEncoding() {
        return certificateEncoding;
    }

    /** Headers the caller must supply (qseal cannot invent them), e.g. Belfius' {@code Client-Id}. */
    public List<String> requiredHeaders() {
        return requiredHeaders;
    }

    /**
     * These rules bound to the signer's certificate (encoded once, here).
     *
     * @throws dev.qseal.core.MissingCertificateException if the rules send a certificate header and there is no certificate
     */
    public Generator generator(Optional<X509Certificate> certificate, String keyDescription) {
        String value = null;
        if (certificateHeader != null) {
            X509Certificate cert = certificate.orElseThrow(() -> new dev.qseal.core.MissingCertificateException(keyDescription,
                    "the rules send the certificate in " + certificateHeader + ", but the key " + keyDescription
                            + " has no certificate: attach the certificate to the key"));
            value = certificateEncoding.encode(cert);
        }
        return new Generator(value);
    }

    @Override
    public String toString() {
        return "HeaderRules[date " + dateStyle + ", digest " + digestLabel.format(digestAlgorithm)
                + (requestIdHeader != null ? ", " + requestIdHeader : "") + (certificateHeader != null ? ", " + certificateHeader : "") + "]";
    }

    /** {@link HeaderRules} with the certificate header's value computed: generates headers for one message at a time. */
    public final class Generator {
        private final String certificateValue;

        private Generator(String certificateValue) {
            this.certificateValue = certificateValue;
        }

        public HeaderRules rules() {
            return HeaderRules.this;
        }

        /**
         * The headers to add to a message with headers {@code present} and body {@code body} (not copied,
         * not modified): for each of {@code components} (lower-case header names; pseudo-components such
         * as {@code (request-target)} are skipped) that the message lacks, the generated header; then
         * {@code Digest} when the rules always send it, the request id, the certificate header.
         *
         * @throws dev.qseal.core.MissingComponentException naming a header that is neither present nor generated,
         *                                                  or a required header the caller did not supply
         */
        public List<Headers.Field> generate(Headers present, byte[] body, List<String> components, Instant now) {
            for (String required : requiredHeaders) {
                if (!present.contains(required)) {
                    throw new MissingComponentException(required.toLowerCase(Locale.ROOT), "the request has no " + required
                            + " header, which these rules require and qseal cannot invent: add it to the request");
                }
            }
            List<Headers.Field> out = new ArrayList<>();
            Headers headers = present;
            for (String c : components) {
                if (c.startsWith("(") || c.startsWith("@") || headers.contains(c)) {
                    continue;
                }
                Headers.Field f = generateOne(c, body, now).orElseThrow(() -> new MissingComponentException(c, "header '" + c
                        + "' is to be signed but the request has none, and qseal cannot generate it: add it to the request"));
                out.add(f);
                headers = headers.with(f.name(), f.value());
            }
            List<Headers.Field> extra = new ArrayList<>();
            if (digestAlways) {
                extra.add(generateOne("digest", body, now).orElseThrow());
            }
            if (requestIdHeader != null) {
                extra.add(Headers.field(requestIdHeader, UUID.randomUUID().toString()));
            }
            if (certificateValue != null) {
                extra.add(Headers.field(certificateHeader, certificateValue));
            }
            for (Headers.Field f : extra) {
                if (!headers.contains(f.name())) {
                    out.add(f);
                    headers = headers.with(f.name(), f.value());
                }
            }
            return List.copyOf(out);
        }

        private Optional<Headers.Field> generateOne(String component, byte[] body, Instant now) {
            switch (component.toLowerCase(Locale.ROOT)) {
                case "date":
                    return Optional.of(Headers.field("Date", dateStyle.format(now)));
                case "digest":
                    return Optional.of(Headers.field("Digest", Digests.digestValue(digestAlgorithm, digestLabel, body)));
                case "content-digest":
                    return Optional.of(Headers.field("Content-Digest", Digests.contentDigestValue(contentDigestAlgorithm, body)));
                case "x-request-id":
                    return Optional.of(Headers.field("X-Request-ID", UUID.randomUUID().toString()));
                case "request-id":
                    return Optional.of(Headers.field("Request-ID", UUID.randomUUID().toString()));
                default:
                    if (requestIdHeader != null && requestIdHeader.equalsIgnoreCase(component)) {
                        return Optional.of(Headers.field(requestIdHeader, UUID.randomUUID().toString()));
                    }
                    if (certificateValue != null && certificateHeader.equalsIgnoreCase(component)) {
                        return Optional.of(Headers.field(certificateHeader, certificateValue));
                    }
                    return Optional.empty();
            }
        }
    }

    /** Builder for {@link HeaderRules}. */
    public static final class Builder {
        private DateStyle dateStyle = DateStyle.RFC_7231;
        private DigestAlgorithm digestAlgorithm = DigestAlgorithm.SHA_256;
        private DigestLabel digestLabel = DigestLabel.STANDARD;
        private DigestAlgorithm contentDigestAlgorithm = DigestAlgorithm.SHA_512;
        private boolean digestAlways;
        private String requestIdHeader;
        private String certificateHeader;
        private CertificateEncoding certificateEncoding = CertificateEncoding.PEM_ONE_LINE;
        private List<String> requiredHeaders = List.of();

        private Builder() {
        }

        public Builder dateStyle(DateStyle style) {
            this.dateStyle = Objects.requireNonNull(style, "style");
            return this;
        }

        public Builder digest(DigestAlgorithm algorithm, DigestLabel label) {
            this.digestAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            this.digestLabel = Objects.requireNonNull(label, "label");
            return this;
        }

        public Builder contentDigest(DigestAlgorithm algorithm) {
            this.contentDigestAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        public Builder digestAlways(boolean always) {
            this.digestAlways = always;
            return this;
        }

        public Builder requestIdHeader(String header) {
            this.requestIdHeader = header == null ? null : Headers.field(header, "").name();
            return this;
        }

        public Builder certificateHeader(String header, CertificateEncoding encoding) {
            this.certificateHeader = header == null ? null : Headers.field(header, "").name();
            this.certificateEncoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        public Builder requiredHeaders(String... headers) {
            return requiredHeaders(List.of(headers));
        }

        public Builder requiredHeaders(List<String> headers) {
            this.requiredHeaders = List.copyOf(headers);
            return this;
        }

        public HeaderRules build() {
            return new HeaderRules(this);
        }
    }
}
