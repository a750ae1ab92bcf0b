package dev.qseal.cli;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.qualified.QCStatement;

/**
 * The PSD2 QCStatement of a qualified certificate (ETSI TS 119 495 §5.1, statement
 * {@code 0.4.0.19495.2}): the roles of the payment service provider and the national competent
 * authority that granted them, read with Bouncy Castle's ASN.1 classes.
 *
 * <pre>
 * PSD2QcType ::= SEQUENCE { rolesOfPSP RolesOfPSP, nCAName NCAName, nCAId NCAId }
 * RolesOfPSP ::= SEQUENCE OF RoleOfPSP
 * RoleOfPSP  ::= SEQUENCE { roleOfPspOid RoleOfPspOid, roleOfPspName RoleOfPspName }
 * </pre>
 */
final class Psd2QcStatement {
    static final ASN1ObjectIdentifier PSD2_QC_TYPE = new ASN1ObjectIdentifier("0.4.0.19495.2");
    /** The roles of ETSI TS 119 495 §5.1 by OID (a role is printed by name when the certificate gives none). */
    static final Map<String, String> ROLES = Map.of(
            "0.4.0.19495.1.1", "PSP_AS", "0.4.0.19495.1.2", "PSP_PI", "0.4.0.19495.1.3", "PSP_AI", "0.4.0.19495.1.4", "PSP_IC");
    /** QCStatements extensions larger than this are not parsed. */
    static final int MAX_EXTENSION_BYTES = 64 * 1024;

    final List<String> roles;
    final String ncaName;
    final String ncaId;

    private Psd2QcStatement(List<String> roles, String ncaName, String ncaId) {
        this.roles = List.copyOf(roles);
        this.ncaName = ncaName;
        this.ncaId = ncaId;
    }

    /**
     * The PSD2 statement of {@code cert}; empty when it has no QCStatements extension, or none for
     * PSD2.
     *
     * @throws IllegalArgumentException if the extension is there but malformed
     */
    static Optional<Psd2QcStatement> of(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.qCStatements.getId());
        if (ext == null) {
            return Optional.empty();
        }
        if (ext.length > MAX_EXTENSION_BYTES) {
            throw new IllegalArgumentException("the QCStatements extension is larger than " + MAX_EXTENSION_BYTES + " bytes");
        }
        try {
            ASN1Sequence statements = ASN1Sequence.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
            for (ASN1Encodable e : statements) {
                QCStatement st = QCStatement.getInstance(e);
                if (!PSD2_QC_TYPE.equals(st.getStatementId()) || st.getStatementInfo() == null) {
                    continue;
                }
                ASN1Sequence info = ASN1Sequence.getInstance(st.getStatementInfo());
                List<String> roles = new ArrayList<>();
                for (ASN1Encodable r : ASN1Sequence.getInstance(info.getObjectAt(0))) {
                    ASN1Sequence role = ASN1Sequence.getInstance(r);
                    String oid = ASN1ObjectIdentifier.getInstance(role.getObjectAt(0)).getId();
                    String name = role.size() > 1 ? text(role.getObjectAt(1)) : ROLES.getOrDefault(oid, oid);
                    roles.add(name);
                }
                return Optional.of(new Psd2QcStatement(roles, text(info.getObjectAt(1)), text(info.getObjectAt(2))));
            }
            return Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("the certificate's QCStatements extension is malformed: " + e.getMessage(), e);
        }
    }

    private static String text(ASN1Encodable e) {
        if (!(e instanceof ASN1String)) {
            throw new IllegalArgumentException("expected a string, found " + e.getClass().getSimpleName());
        }
        return ((ASN1String) e).getString();
    }
}
