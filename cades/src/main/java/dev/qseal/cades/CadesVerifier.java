package dev.qseal.cades;

import dev.qseal.cades.internal.SignedAttributes;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Verifies a detached CAdES-B signature (a {@code .p7s}: DER CMS {@code SignedData} without the
 * content) against the document, with Bouncy Castle: one signer, whose certificate is in the
 * signature; the CAdES-B signed attributes (content-type {@code id-data}, message-digest,
 * signing-time, signing-certificate-v2 naming that certificate); the message digest; the signature.
 * With {@link Builder#trustAnchors trust anchors} the certificate chain must also lead to one of
 * them (PKIX, at the signing time, without revocation checks). Immutable and thread-safe.
 */
public final class CadesVerifier {
    /** The largest signature {@link #verify} reads. */
    public static final int MAX_SIGNATURE_BYTES = 1024 * 1024;

    private final Set<TrustAnchor> anchors;

    private CadesVerifier(Set<TrustAnchor> anchors) {
        this.anchors = anchors;
    }

    /** A verifier that checks the signature with the certificate it carries, trusting no root. */
    public static CadesVerifier create() {
        return new CadesVerifier(Set.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The builder. */
    public static final class Builder {
        private final Set<TrustAnchor> anchors = new HashSet<>();

        private Builder() {
        }

        /** Roots (or other trusted CA certificates) the signer's chain must lead to. */
        public Builder trustAnchors(Collection<X509Certificate> roots) {
            for (X509Certificate r : roots) {
                anchors.add(new TrustAnchor(r, null));
            }
            return this;
        }

        public CadesVerifier build() {
            return new CadesVerifier(Set.copyOf(anchors));
        }
    }

    /** Verifies {@code signature} (DER) over {@code document}. Never throws for a bad signature: the result says why. */
    public VerificationResult verify(byte[] signature, byte[] document) {
        try {
            return check(signature, document);
        } catch (RuntimeException e) { // Bouncy Castle reports some malformed structures only when they are read
            return invalid(Failure.MALFORMED_SIGNATURE, "the signature cannot be read: " + e.getMessage());
        }
    }

    private VerificationResult check(byte[] signature, byte[] document) {
        if (signature.length > MAX_SIGNATURE_BYTES) {
            return invalid(Failure.MALFORMED_SIGNATURE, "the signature is " + signature.length + " bytes; at most "
                    + MAX_SIGNATURE_BYTES + " are read");
        }
        CMSSignedData cms;
        try {
            ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(signature));
            if (!CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
                return invalid(Failure.MALFORMED_SIGNATURE, "the CMS content is " + info.getContentType() + ", not signed data");
            }
            SignedData signedData = SignedData.getInstance(info.getContent());
            if (signedData.getEncapContentInfo().getContent() != null) {
                return invalid(Failure.MALFORMED_SIGNATURE, "the signature carries its content: a detached signature was expected");
            }
            Optional<String> structure = structureProblem(signedData);
            if (structure.isPresent()) {
                return invalid(Failure.MALFORMED_SIGNATURE, structure.get());
            }
            cms = new CMSSignedData(new CMSProcessableByteArray(document), info);
        } catch (Exception e) { // BC reports malformed ASN.1 with IOException and several runtime exceptions
            return invalid(Failure.MALFORMED_SIGNATURE, "not a DER CMS signature: " + e.getMessage());
        }
        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            return invalid(Failure.MALFORMED_SIGNATURE, "the signature has " + signers.size() + " signers; expected one");
        }
        SignerInformation signer = signers.iterator().next();
        List<X509Certificate> certs = new ArrayList<>();
        X509Certificate signerCert = null;
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try {
            for (X509CertificateHolder h : cms.getCertificates().getMatches(null)) {
                X509Certificate c = converter.getCertificate(h);
                certs.add(c);
                if (signer.getSID().match(h)) {
                    signerCert = c;
                }
            }
        } catch (GeneralSecurityException e) {
            return invalid(Failure.MALFORMED_SIGNATURE, "a certificate in the signature cannot be read: " + e.getMessage());
        }
        if (signerCert == null) {
            return invalid(Failure.WRONG_KEY, "the signer's certificate is not in the signature");
        }
        SignedAttributes attributes;
        try {
            attributes = SignedAttributes.parseAllowingOthers(Optional.ofNullable(signer.getEncodedSignedAttributes()).orElse(new byte[0]));
        } catch (RuntimeException | java.io.IOException e) {
            return invalid(Failure.MALFORMED_SIGNATURE, "not a CAdES-B signature: " + e.getMessage());
        }
        if (!attributes.names(signerCert)) {
            return invalid(Failure.WRONG_KEY, "the signing-certificate-v2 attribute names another certificate than the signer's, '"
                    + signerCert.getSubjectX500Principal().getName() + "'");
        }
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signerCert))) {
                return invalid(Failure.SIGNATURE_MISMATCH, "the signature value does not verify with the key of '"
                        + signerCert.getSubjectX500Principal().getName() + "'");
            }
        } catch (CMSSignerDigestMismatchException e) {
            return invalid(Failure.DIGEST_MISMATCH, "the document does not match the signature: its digest differs from the "
                    + "message-digest attribute (a changed or another document)");
        } catch (CMSVerifierCertificateNotValidException e) {
            return invalid(Failure.EXPIRED, "the signer's certificate was not valid at the signing time " + attributes.signingTime());
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            return invalid(Failure.SIGNATURE_MISMATCH, "the signature cannot be verified: " + e.getMessage());
        }
        if (!anchors.isEmpty()) {
            Optional<String> untrusted = chainProblem(signerCert, certs, attributes.signingTime());
            if (untrusted.isPresent()) {
                return invalid(Failure.WRONG_KEY, "the signer's certificate '" + signerCert.getSubjectX500Principal().getName()
                        + "' is not trusted: " + untrusted.get());
            }
        }
        return VerificationResult.valid();
    }

    /**
     * What RFC 5652 fixes and Bouncy Castle does not check when verifying: the versions (§5.1, §5.3),
     * the eContentType (id-data, as the content-type attribute says) and the SignerInfo's digest
     * algorithm among the SignedData's.
     */
    /**
     * The context tags of a SignerInfo must be the ones RFC 5652 §5.3 gives: {@code [0]} for a subjectKeyIdentifier sid
     * and for signedAttrs, {@code [1]} for unsignedAttrs. Bouncy Castle reads any tag number at those places, and the
     * signature covers the signed attributes re-tagged as a SET, so without this check a changed tag still verified.
     */
    private static Optional<String> signerInfoTagProblem(org.bouncycastle.asn1.ASN1Encodable signerInfo) {
        org.bouncycastle.asn1.ASN1Sequence seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(signerInfo);
        for (int i = 0; i < seq.size(); i++) {
            if (seq.getObjectAt(i) instanceof org.bouncycastle.asn1.ASN1TaggedObject) {
                org.bouncycastle.asn1.ASN1TaggedObject t = (org.bouncycastle.asn1.ASN1TaggedObject) seq.getObjectAt(i);
                int expected = i == 1 || i == 3 ? 0 : i >= 5 ? 1 : -1;
                if (t.getTagClass() != org.bouncycastle.asn1.BERTags.CONTEXT_SPECIFIC || t.getTagNo() != expected) {
                    return Optional.of("the SignerInfo has an unexpected tag [" + t.getTagNo() + "] at element " + (i + 1)
                            + " (RFC 5652 section 5.3)");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> structureProblem(SignedData signedData) {
        if (!CMSObjectIdentifiers.data.equals(signedData.getEncapContentInfo().getContentType())) {
            return Optional.of("the signed content type is " + signedData.getEncapContentInfo().getContentType() + ", not id-data");
        }
        if (signedData.getSignerInfos().size() != 1) {
            return Optional.of("the signature has " + signedData.getSignerInfos().size() + " signers; expected one");
        }
        Optional<String> tags = signerInfoTagProblem(signedData.getSignerInfos().getObjectAt(0));
        if (tags.isPresent()) {
            return tags;
        }
        SignerInfo si = SignerInfo.getInstance(signedData.getSignerInfos().getObjectAt(0));
        boolean bySerial = !si.getSID().isTagged();
        if (si.getVersion().intValueExact() != (bySerial ? 1 : 3)) {
            return Optional.of("the SignerInfo version is " + si.getVersion() + "; RFC 5652 requires " + (bySerial ? 1 : 3)
                    + " for its signer identifier");
        }
        if (bySerial && signedData.getVersion().intValueExact() != 1 || !bySerial && signedData.getVersion().intValueExact() != 3) {
            return Optional.of("the SignedData version is " + signedData.getVersion() + "; RFC 5652 requires " + (bySerial ? 1 : 3));
        }
        for (org.bouncycastle.asn1.ASN1Encodable a : signedData.getDigestAlgorithms()) {
            if (AlgorithmIdentifier.getInstance(a).getAlgorithm().equals(si.getDigestAlgorithm().getAlgorithm())) {
                return Optional.empty();
            }
        }
        return Optional.of("the signer's digest algorithm " + si.getDigestAlgorithm().getAlgorithm()
                + " is not among the SignedData's digest algorithms");
    }

    private Optional<String> chainProblem(X509Certificate leaf, List<X509Certificate> certs, Instant at) {
        try {
            List<X509Certificate> path = new ArrayList<>();
            path.add(leaf);
            for (X509Certificate c = leaf; path.size() <= certs.size(); ) {
                X509Certificate issuer = issuerOf(c, certs);
                if (issuer == null || isAnchor(issuer)) {
                    break;
                }
                path.add(issuer);
                c = issuer;
            }
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    private static X509Certificate issuerOf(X509Certificate c, List<X509Certificate> certs) {
        for (X509Certificate i : certs) {
            if (i != c && i.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                return i;
            }
        }
        return null;
    }

    private boolean isAnchor(X509Certificate c) {
        return anchors.stream().anyMatch(a -> a.getTrustedCert().equals(c));
    }

    private static VerificationResult invalid(Failure failure, String diagnosis) {
        return VerificationResult.invalid(failure, diagnosis);
    }
}
