package dev.qseal.psd2;

import dev.qseal.core.BadInputException;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.qualified.QCStatement;

/**
 * What a certificate says about a PSD2 provider, read with Bouncy Castle's ASN.1 from its
 * {@code qcStatements} extension (ETSI EN 319 412-5, ETSI TS 119 495) and its subject: whether it is
 * EU-qualified ({@code QcCompliance}), its {@link QcType}s, the PSD2 roles, the competent authority
 * (NCA name and id), and the {@code organizationIdentifier} ({@code PSDBE-NBB-0123456789}).
 * A certificate without a {@code PSD2QcType} statement yields no roles and no NCA.
 */
public final class Psd2Certificate {
    /** {@code id-etsi-qcs-QcCompliance}. */
    public static final String QC_COMPLIANCE = "0.4.0.1862.1.1";
    /** {@code id-etsi-qcs-QcType}. */
    public static final String QC_TYPE = "0.4.0.1862.1.6";
    /** {@code etsi-psd2-qcStatement} (ETSI TS 119 495 §5.1). */
    public static final String PSD2_STATEMENT = "0.4.0.19495.2";
    /** {@code organizationIdentifier} (X.520, 2.5.4.97). */
    public static final String ORGANIZATION_IDENTIFIER = "2.5.4.97";

    private final X509Certificate certificate;
    private final boolean qualified;
    private final Set<QcType> qcTypes;
    private final Set<Psd2Role> roles;
    private final List<String> roleNames;
    private final String ncaName;
    private final String ncaId;
    private final String organizationIdentifier;

    private Psd2Certificate(X509Certificate certificate, boolean qualified, Set<QcType> qcTypes, Set<Psd2Role> roles,
                            List<String> roleNames, String ncaName, String ncaId, String organizationIdentifier) {
        this.certificate = certificate;
        this.qualified = qualified;
        this.qcTypes = qcTypes;
        this.roles = roles;
        this.roleNames = roleNames;
        this.ncaName = ncaName;
        this.ncaId = ncaId;
        this.organizationIdentifier = organizationIdentifier;
    }

    /**
     * Reads the PSD2 attributes of {@code certificate}.
     *
     * @throws BadInputException if its {@code qcStatements} extension is present but malformed
     */
    public static Psd2Certificate of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        boolean qualified = false;
        Set<QcType> types = EnumSet.noneOf(QcType.class);
        Set<Psd2Role> roles = EnumSet.noneOf(Psd2Role.class);
        List<String> roleNames = new ArrayList<>();
        String ncaName = null;
        String ncaId = null;
        byte[] ext = certificate.getExtensionValue(Extension.qCStatements.getId());
        if (ext != null) {
            try {
                ASN1Primitive value = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
                if (value == null) {
                    throw new BadInputException("the qcStatements extension of " + certificate.getSubjectX500Principal().getName()
                            + " is empty; ETSI EN 319 412-5 defines a SEQUENCE of statements");
                }
                ASN1Sequence statements = ASN1Sequence.getInstance(value);
                for (ASN1Encodable e : statements) {
                    QCStatement st = QCStatement.getInstance(e);
                    String id = st.getStatementId().getId();
                    if (id.equals(QC_COMPLIANCE)) {
                        qualified = true;
                    } else if (id.equals(QC_TYPE) && st.getStatementInfo() != null) {
                        for (ASN1Encodable t : ASN1Sequence.getInstance(st.getStatementInfo())) {
                            QcType.ofOid(ASN1ObjectIdentifier.getInstance(t).getId()).ifPresent(types::add);
                        }
                    } else if (id.equals(PSD2_STATEMENT) && st.getStatementInfo() != null) {
                        // PSD2QcType ::= SEQUENCE { rolesOfPSP RolesOfPSP, nCAName NCAName, nCAId NCAId }
                        ASN1Sequence psd2 = ASN1Sequence.getInstance(st.getStatementInfo());
                        if (psd2.size() != 3) {
                            throw new BadInputException("the PSD2QcType statement has " + psd2.size() + " fields; ETSI TS 119 495 defines 3");
                        }
                        for (ASN1Encodable r : ASN1Sequence.getInstance(psd2.getObjectAt(0))) {
                            // RoleOfPSP ::= SEQUENCE { roleOfPspOid RoleOfPspOid, roleOfPspName RoleOfPspName }
                            ASN1Sequence role = ASN1Sequence.getInstance(r);
                            ASN1ObjectIdentifier oid = ASN1ObjectIdentifier.getInstance(role.getObjectAt(0));
                            Psd2Role.ofOid(oid.getId()).ifPresent(roles::add);
                            roleNames.add(text(role.getObjectAt(1)));
                        }
                        ncaName = text(psd2.getObjectAt(1));
                        ncaId = text(psd2.getObjectAt(2));
                    }
                }
            } catch (BadInputException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // Bouncy Castle's ASN.1 objects throw what they like on odd structures (IllegalArgumentException,
                // IllegalStateException, NoSuchElementException for an empty statement, ...): all are a malformed extension
                throw new BadInputException("the qcStatements extension of " + certificate.getSubjectX500Principal().getName()
                        + " is malformed: " + e, e);
            }
        }
        return new Psd2Certificate(certificate, qualified, Collections.unmodifiableSet(types), Collections.unmodifiableSet(roles),
                List.copyOf(roleNames), ncaName, ncaId, organizationIdentifier(certificate));
    }

    private static String text(ASN1Encodable e) {
        if (e instanceof ASN1String) {
            return ((ASN1String) e).getString();
        }
        throw new IllegalArgumentException("expected a string, found " + e.getClass().getSimpleName());
    }

    private static String organizationIdentifier(X509Certificate certificate) {
        try {
            X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
            for (RDN rdn : subject.getRDNs(BCStyle.ORGANIZATION_IDENTIFIER)) {
                ASN1Encodable v = rdn.getFirst().getValue();
                if (v instanceof ASN1String) {
                    return ((ASN1String) v).getString();
                }
            }
            return null;
        } catch (RuntimeException e) {
            // e.g. a UTF8String that is no UTF-8: the JDK reads such a subject lazily, Bouncy Castle cannot decode it
            throw new BadInputException("the organizationIdentifier in the subject of " + certificate.getSubjectX500Principal().getName()
                    + " is malformed: " + e, e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Whether the certificate claims EU qualified status ({@code QcCompliance}). */
    public boolean isQualified() {
        return qualified;
    }

    /** The {@code QcType}s it declares (ESEAL for a QSealC, WEB for a QWAC). */
    public Set<QcType> qcTypes() {
        return qcTypes;
    }

    /** Whether it carries a {@code PSD2QcType} statement. */
    public boolean isPsd2() {
        return ncaId != null;
    }

    /** The PSD2 roles it grants (unknown role OIDs are left out). */
    public Set<Psd2Role> roles() {
        return roles;
    }

    /** The role names as written in the certificate ({@code PSP_AI}, ...), for diagnostics. */
    public List<String> roleNames() {
        return roleNames;
    }

    /** The competent authority's name, e.g. {@code National Bank of Belgium}. */
    public Optional<String> ncaName() {
        return Optional.ofNullable(ncaName);
    }

    /** The competent authority's id, e.g. {@code BE-NBB}. */
    public Optional<String> ncaId() {
        return Optional.ofNullable(ncaId);
    }

    /** The subject's {@code organizationIdentifier}, e.g. {@code PSDBE-NBB-0123456789}. */
    public Optional<String> organizationIdentifier() {
        return Optional.ofNullable(organizationIdentifier);
    }

    /**
     * The PSD2 authorisation number from an {@code organizationIdentifier} of the form
     * {@code PSD<CC>-<NCA>-<id>} (ETSI TS 119 495 §5.2.1), e.g. {@code 0123456789}.
     */
    public Optional<String> authorisationNumber() {
        if (organizationIdentifier == null || !organizationIdentifier.matches("PSD[A-Z]{2}-[A-Z]{2,8}-.+")) {
            return Optional.empty();
        }
        int second = organizationIdentifier.indexOf('-', organizationIdentifier.indexOf('-') + 1);
        return Optional.of(organizationIdentifier.substring(second + 1));
    }

    @Override
    public String toString() {
        return certificate.getSubjectX500Principal().getName() + " roles=" + roleNames + " nca=" + ncaId + " types=" + qcTypes;
    }
}
