package dev.qseal.psd2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.psd2.testing.Psd2TestPki;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class Psd2CertificateTest {
    private final Psd2TestPki pki = Psd2TestPki.shared();

    @Test
    void readsRolesNcaAndOrganizationIdentifierOfAQsealc() {
        Psd2Certificate c = Psd2Certificate.of(pki.leaf().roles(Psd2Role.PSP_AI, Psd2Role.PSP_IC).issue().certificate());
        assertTrue(c.isQualified());
        assertTrue(c.isPsd2());
        assertEquals(Set.of(QcType.ESEAL), c.qcTypes());
        assertEquals(Set.of(Psd2Role.PSP_AI, Psd2Role.PSP_IC), c.roles());
        assertEquals(List.of("PSP_AI", "PSP_IC"), c.roleNames());
        assertEquals(Optional.of("National Bank of Belgium"), c.ncaName());
        assertEquals(Optional.of("BE-NBB"), c.ncaId());
        assertEquals(Optional.of("PSDBE-NBB-0123456789"), c.organizationIdentifier());
        assertEquals(Optional.of("0123456789"), c.authorisationNumber());
    }

    @Test
    void tellsAQwacFromAQsealc() {
        Psd2Certificate qwac = Psd2Certificate.of(pki.leaf().qcType(QcType.WEB).issue().certificate());
        assertEquals(Set.of(QcType.WEB), qwac.qcTypes());
    }

    @Test
    void aCertificateWithoutPsd2StatementHasNoRolesAndNoNca() {
        Psd2Certificate c = Psd2Certificate.of(pki.leaf().notPsd2().notQualified().issue().certificate());
        assertFalse(c.isPsd2());
        assertFalse(c.isQualified());
        assertTrue(c.roles().isEmpty());
        assertEquals(Optional.empty(), c.ncaId());
        assertEquals(Optional.empty(), c.organizationIdentifier());
        assertEquals(Optional.empty(), c.authorisationNumber());
    }

    @Test
    void aCaCertificateHasNoQcStatementsAtAll() {
        Psd2Certificate c = Psd2Certificate.of(pki.root());
        assertFalse(c.isPsd2());
        assertTrue(c.qcTypes().isEmpty());
    }

    /** Found by CertificateInputFuzzTest#certificateText: the JDK parses such a subject, Bouncy Castle cannot decode the value. */
    @Test
    void anOrganizationIdentifierThatIsNotUtf8IsBadInput() throws Exception {
        // UTF8String "PSDBE-NBB-" followed by bytes that are no UTF-8
        byte[] value = {0x0c, 0x0d, 'P', 'S', 'D', 'B', 'E', '-', 'N', 'B', 'B', '-', (byte) 0x8c, (byte) 0xc2, (byte) 0xd3};
        X509Certificate cert = selfSigned(new X500NameBuilder().addRDN(BCStyle.ORGANIZATION_IDENTIFIER, ASN1Primitive.fromByteArray(value))
                .addRDN(BCStyle.CN, "Example Fintech SA").build());
        BadInputException e = assertThrows(BadInputException.class, () -> Psd2Certificate.of(cert));
        assertTrue(e.getMessage().contains("organizationIdentifier"), e.getMessage());
    }

    /** Found by CertificateInputFuzzTest#certificateText: Bouncy Castle's QCStatement throws NoSuchElementException for it. */
    @Test
    void anEmptyQcStatementIsBadInput() throws Exception {
        X509Certificate cert = selfSigned(new X500Name("CN=Example Fintech SA"),
                new Extension(Extension.qCStatements, false, new DERSequence(new DERSequence()).getEncoded()));
        BadInputException e = assertThrows(BadInputException.class, () -> Psd2Certificate.of(cert));
        assertTrue(e.getMessage().contains("qcStatements"), e.getMessage());
    }

    /** Found by CertificateInputFuzzTest#certificateBytes: an empty extension value used to end in a NullPointerException. */
    @Test
    void anEmptyQcStatementsValueIsBadInput() throws Exception {
        X509Certificate cert = selfSigned(new X500Name("CN=Example Fintech SA"), new Extension(Extension.qCStatements, false, new byte[0]));
        BadInputException e = assertThrows(BadInputException.class, () -> Psd2Certificate.of(cert));
        assertTrue(e.getMessage().contains("qcStatements"), e.getMessage());
    }

    private static X509Certificate selfSigned(X500Name subject, Extension... extensions) throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, Date.from(Instant.now()),
                Date.from(Instant.now().plusSeconds(3600)), subject, keys.getPublic());
        for (Extension e : extensions) {
            b.addExtension(e);
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }
}
