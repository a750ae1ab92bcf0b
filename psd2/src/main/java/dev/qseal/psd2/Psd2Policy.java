package dev.qseal.psd2;

import dev.qseal.core.BadInputException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an ASPSP accepts as a TPP's sealing certificate: a qualified certificate ({@code QcCompliance})
 * of the required {@link QcType} (a QSealC by default), with a {@code PSD2QcType} statement and an
 * {@code organizationIdentifier}, a key usage that allows signing, valid at the signing time, chaining
 * to a configured trust anchor (PKIX, no revocation checking), and holding the PSD2 role each endpoint
 * requires. Strict by default; each relaxation is a named opt-out. Immutable and thread-safe.
 *
 * <pre>{@code
 * Psd2Policy policy = Psd2Policy.builder()
 *         .trustAnchors(qtspRoots)
 *         .requireRole("/v1/payments", Psd2Role.PSP_PI)
 *         .requireRole("/v1/accounts", Psd2Role.PSP_AI)
 *         .build();
 * CertificateCheck check = policy.check(chain, signingTime, "/v1/payments/sepa-credit-transfers");
 * }</pre>
 */
public final class Psd2Policy {
    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> intermediates;
    private final boolean chainCheck;
    private final Optional<QcType> qcType;
    private final boolean requireQualified;
    private final boolean requirePsd2;
    private final Map<String, Set<Psd2Role>> endpointRoles;

    private Psd2Policy(Builder b) {
        this.anchors = Set.copyOf(b.anchors);
        this.intermediates = List.copyOf(b.intermediates);
        this.chainCheck = b.chainCheck;
        this.qcType = Optional.ofNullable(b.qcType);
        this.requireQualified = b.requireQualified;
        this.requirePsd2 = b.requirePsd2;
        this.endpointRoles = Map.copyOf(b.endpointRoles);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The roles a request to {@code path} requires (any one suffices): those of the longest
     * configured prefix that matches on a segment boundary; empty when no rule matches.
     */
    public Set<Psd2Role> requiredRoles(String path) {
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        String best = null;
        for (String prefix : endpointRoles.keySet()) {
            boolean matches = p.equals(prefix) || p.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
            if (matches && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? Set.of() : endpointRoles.get(best);
    }

    /**
     * Checks the signer's {@code chain} (leaf first; the leaf alone is fine when the configured
     * intermediates complete it) for a request to {@code path} signed at {@code signingTime}.
     */
    public CertificateCheck check(List<X509Certificate> chain, Instant signingTime, String path) {
        Objects.requireNonNull(signingTime, "signingTime");
        Objects.requireNonNull(path, "path");
        if (chain == null || chain.isEmpty()) {
            return CertificateCheck.invalid(CertificateFailure.CERTIFICATE_MISSING, "no signer certificate");
        }
        X509Certificate leaf = chain.get(0);
        String subject = leaf.getSubjectX500Principal().getName();
        try {
            leaf.checkValidity(Date.from(signingTime));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return CertificateCheck.invalid(CertificateFailure.CERTIFICATE_EXPIRED, "the certificate " + subject + " is valid from "
                    + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ", not at the signing time " + signingTime);
        }
        Psd2Certificate psd2;
        try {
            psd2 = Psd2Certificate.of(leaf);
        } catch (BadInputException e) {
            return CertificateCheck.invalid(CertificateFailure.CERTIFICATE_MALFORMED, e.getMessage());
        }
        if (requireQualified && !psd2.isQualified()) {
            return CertificateCheck.invalid(CertificateFailure.CERTIFICATE_INVALID,
                    "the certificate " + subject + " is not a qualified certificate (no QcCompliance statement)");
        }
        if (qcType.isPresent() && !psd2.qcTypes().contains(qcType.get())) {
            return CertificateCheck.invalid(CertificateFailure.CERTIFICATE_INVALID, "the certificate " + subject + " is "
                    + (psd2.qcTypes().isEmpty() ? "of no QcType" : "a " + describe(psd2.qcTypes())) + "; a " + describe(Set.of(qcType.get()))
                    + " is required");
        }
        if (requirePsd2 && !psd2.isPsd2()) {
            return CertificateCheck.invalid(CertificateFailure.CERTIFICATE_INVALID,
                    "the certificate " + subject + " has no PSD2QcType statement (ETSI TS 119 495): it names no PSD2 role or authority");
        }
        if (requirePsd2 && psd2.organizationIdentifier().isEmpty()) {
            return CertificateCheck.invalid(CertificateFailure.CERTIFICATE_INVALID,
                    "the certificate " + subject + " has no organizationIdentifier (2.5.4.97) in its subject");
        }
        boolean[] ku = leaf.getKeyUsage();
        if (ku != null && !(ku[0] || ku[1])) {
            return CertificateCheck.invalid(CertificateFailure.KEY_USAGE_INVALID, "the key usage of " + subject
                    + " allows neither digitalSignature nor nonRepudiation");
        }
        if (chainCheck) {
            Optional<String> chainProblem = validateChain(chain, signingTime);
            if (chainProblem.isPresent()) {
                return CertificateCheck.invalid(CertificateFailure.CERTIFICATE_UNTRUSTED, chainProblem.get());
            }
        }
        Set<Psd2Role> required = requiredRoles(path);
        if (!required.isEmpty() && psd2.roles().stream().noneMatch(required::contains)) {
            return CertificateCheck.invalid(CertificateFailure.ROLE_INVALID, "the endpoint " + stripQuery(path) + " requires the PSD2 role "
                    + (required.size() == 1 ? required.iterator().next() : "one of " + required) + "; the certificate of "
                    + psd2.organizationIdentifier().orElse(subject) + " grants " + (psd2.roleNames().isEmpty() ? "none" : psd2.roleNames()));
        }
        return CertificateCheck.valid(psd2);
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static String describe(Set<QcType> types) {
        List<String> out = new ArrayList<>();
        for (QcType t : types) {
            out.add(t == QcType.ESEAL ? "QSealC (QcType eseal)" : t == QcType.WEB ? "QWAC (QcType web)" : "QcType esign");
        }
        return String.join(" and ", out);
    }

    private Optional<String> validateChain(List<X509Certificate> chain, Instant at) {
        X509Certificate leaf = chain.get(0);
        if (anchors.isEmpty()) {
            return Optional.of("no trust anchors are configured");
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            Collection<X509Certificate> pool = new ArrayList<>(chain);
            pool.addAll(intermediates);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            params.setMaxPathLength(8);
            CertPathBuilder.getInstance("PKIX").build(params);
            return Optional.empty();
        } catch (CertPathBuilderException e) {
            return Optional.of("the certificate " + leaf.getSubjectX500Principal().getName() + " (issuer "
                    + leaf.getIssuerX500Principal().getName() + ") does not chain to a trusted anchor at " + at + ": " + e.getMessage());
        } catch (InvalidAlgorithmParameterException e) {
            return Optional.of("the trust anchors cannot be used: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return Optional.of("the chain cannot be validated: " + e.getMessage());
        }
    }

    /** Builder for {@link Psd2Policy}. */
    public static final class Builder {
        private final Set<TrustAnchor> anchors = new HashSet<>();
        private final List<X509Certificate> intermediates = new ArrayList<>();
        private boolean chainCheck = true;
        private QcType qcType = QcType.ESEAL;
        private boolean requireQualified = true;
        private boolean requirePsd2 = true;
        private final Map<String, Set<Psd2Role>> endpointRoles = new LinkedHashMap<>();

        private Builder() {
        }

        /** The certificates (QTSP roots or issuing CAs) a signer's chain must end at. */
        public Builder trustAnchors(Collection<X509Certificate> roots) {
            for (X509Certificate r : roots) {
                anchors.add(new TrustAnchor(Objects.requireNonNull(r, "trust anchor"), null));
            }
            return this;
        }

        /** Intermediate CA certificates that complete chains signers send without them. */
        public Builder intermediates(Collection<X509Certificate> cas) {
            intermediates.addAll(cas);
            return this;
        }

        /** Accepts a certificate that chains to no configured anchor (tests, or trust decided elsewhere). */
        public Builder skipChainValidation() {
            chainCheck = false;
            return this;
        }

        /** Requires this QcType instead of ESEAL (e.g. WEB when the QWAC of the TLS connection is checked). */
        public Builder requireQcType(QcType type) {
            qcType = Objects.requireNonNull(type, "type");
            return this;
        }

        /** Accepts any QcType, or none. */
        public Builder anyQcType() {
            qcType = null;
            return this;
        }

        /** Accepts a certificate without {@code QcCompliance} (a non-qualified test certificate). */
        public Builder allowNonQualified() {
            requireQualified = false;
            return this;
        }

        /** Accepts a certificate without a PSD2QcType statement or organizationIdentifier (then no endpoint may require a role). */
        public Builder allowNonPsd2() {
            requirePsd2 = false;
            return this;
        }

        /**
         * Requests to {@code pathPrefix} (and below it, on a segment boundary) need one of {@code roles}.
         * The longest matching prefix wins.
         */
        public Builder requireRole(String pathPrefix, Psd2Role... roles) {
            if (pathPrefix == null || !pathPrefix.startsWith("/")) {
                throw new BadInputException("an endpoint prefix starts with '/': " + pathPrefix);
            }
            if (roles.length == 0) {
                throw new BadInputException("name at least one PSD2 role for " + pathPrefix);
            }
            Set<Psd2Role> set = EnumSet.noneOf(Psd2Role.class);
            set.addAll(List.of(roles));
            endpointRoles.put(pathPrefix, set);
            return this;
        }

        /**
         * The Berlin Group NextGenPSD2 endpoints: {@code /v1/payments}, {@code /v1/bulk-payments},
         * {@code /v1/periodic-payments}, {@code /v1/signing-baskets} need PSP_PI; {@code /v1/accounts},
         * {@code /v1/consents}, {@code /v1/card-accounts} need PSP_AI; {@code /v1/funds-confirmations} needs PSP_IC.
         */
        public Builder berlinGroupRoles() {
            for (String p : List.of("/v1/payments", "/v1/bulk-payments", "/v1/periodic-payments", "/v1/signing-baskets")) {
                requireRole(p, Psd2Role.PSP_PI);
            }
            for (String p : List.of("/v1/accounts", "/v1/consents", "/v1/card-accounts")) {
                requireRole(p, Psd2Role.PSP_AI);
            }
            requireRole("/v1/funds-confirmations", Psd2Role.PSP_IC);
            return this;
        }

        /**
         * @throws BadInputException if roles are required while PSD2 statements are not, or a chain
         *                           check is asked for without trust anchors
         */
        public Psd2Policy build() {
            if (!requirePsd2 && !endpointRoles.isEmpty()) {
                throw new BadInputException("endpoints require PSD2 roles, but certificates without a PSD2 statement are allowed: "
                        + "drop allowNonPsd2() or the role rules");
            }
            if (chainCheck && anchors.isEmpty()) {
                throw new BadInputException("no trust anchors: give the QTSP root or issuing CA certificates, or skip chain validation by name");
            }
            return new Psd2Policy(this);
        }
    }
}
