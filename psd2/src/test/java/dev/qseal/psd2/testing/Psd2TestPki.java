package dev.qseal.psd2.testing;

import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.psd2.Psd2Role;
import dev.qseal.psd2.QcType;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.qualified.QCStatement;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small QTSP for tests, shaped like the real ones: a root CA, an issuing CA, and PSD2 leaf
 * certificates (QSealC or QWAC) with the extensions QTSPs put in them — key usage, certificate
 * policy QCP-l / QCP-w, CRL distribution point, {@code organizationIdentifier} in the subject and
 * the qcStatements QcCompliance, QcType, QcPDS and PSD2QcType (roles, NCA name and id).
 */
public final class Psd2TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffffL);
    private static volatile Psd2TestPki shared;

    private final KeyPair rootKeys;
    private final X509Certificate root;
    private final KeyPair caKeys;
    private final X509Certificate issuingCa;

    private Psd2TestPki(String name) throws Exception {
        Instant now = Instant.now();
        rootKeys = rsa();
        X500Name rootName = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "BE").addRDN(BCStyle.O, name + " QTSP")
                .addRDN(BCStyle.ORGANIZATION_IDENTIFIER, "VATBE-0999999999").addRDN(BCStyle.CN, name + " Qualified Root CA").build();
        root = ca(rootName, rootKeys, rootName, rootKeys, now.minus(Duration.ofDays(3650)), now.plus(Duration.ofDays(3650)), 1);
        caKeys = rsa();
        X500Name caName = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "BE").addRDN(BCStyle.O, name + " QTSP")
                .addRDN(BCStyle.ORGANIZATION_IDENTIFIER, "VATBE-0999999999").addRDN(BCStyle.CN, name + " Qualified Seal CA").build();
        issuingCa = ca(caName, caKeys, rootName, rootKeys, now.minus(Duration.ofDays(1000)), now.plus(Duration.ofDays(1000)), 0);
    }

    /** One PKI per test JVM (RSA key generation is slow). */
    public static Psd2TestPki shared() {
        if (shared == null) {
            synchronized (Psd2TestPki.class) {
                if (shared == null) {
                    shared = create("Test");
                }
            }
        }
        return shared;
    }

    /** A fresh PKI (e.g. an untrusted one). */
    public static Psd2TestPki create(String name) {
        try {
            return new Psd2TestPki(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate issuingCa() {
        return issuingCa;
    }

    public Leaf.Builder leaf() {
        return new Leaf.Builder(this);
    }

    /** An issued leaf: its key pair and chain (leaf, issuing CA). */
    public static final class Leaf {
        private final KeyPair keys;
        private final List<X509Certificate> chain;

        Leaf(KeyPair keys, List<X509Certificate> chain) {
            this.keys = keys;
            this.chain = chain;
        }

        public KeyPair keys() {
            return keys;
        }

        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** Leaf first, then the issuing CA. */
        public List<X509Certificate> chain() {
            return chain;
        }

        /** A software signing key carrying the leaf only (as a TPP configures it). */
        public SigningKey signingKey() {
            return new SoftwareSigningKey("test QSealC " + certificate().getSerialNumber().toString(16),
                    keys.getPrivate(), keys.getPublic(), List.of(certificate()));
        }

        /** Builder of a leaf certificate; defaults: a QSealC with roles PSP_AI and PSP_PI, valid for a year. */
        public static final class Builder {
            private final Psd2TestPki pki;
            private Set<Psd2Role> roles = EnumSet.of(Psd2Role.PSP_AI, Psd2Role.PSP_PI);
            private QcType qcType = QcType.ESEAL;
            private boolean qualified = true;
            private boolean psd2 = true;
            private String organization = "Example Fintech SA";
            private String organizationIdentifier = "PSDBE-NBB-0123456789";
            private Instant notBefore = Instant.now().minus(Duration.ofDays(30));
            private Instant notAfter = Instant.now().plus(Duration.ofDays(335));
            private int keyUsage = KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
            private KeyPair keys;

            Builder(Psd2TestPki pki) {
                this.pki = pki;
            }

            public Builder roles(Psd2Role... r) {
                roles = r.length == 0 ? EnumSet.noneOf(Psd2Role.class) : EnumSet.copyOf(List.of(r));
                return this;
            }

            public Builder qcType(QcType t) {
                qcType = t;
                return this;
            }

            public Builder notQualified() {
                qualified = false;
                return this;
            }

            /** No PSD2QcType statement and no organizationIdentifier. */
            public Builder notPsd2() {
                psd2 = false;
                return this;
            }

            public Builder organization(String name, String identifier) {
                organization = name;
                organizationIdentifier = identifier;
                return this;
            }

            public Builder validity(Instant from, Instant to) {
                notBefore = from;
                notAfter = to;
                return this;
            }

            /** Key usage bits, e.g. {@code KeyUsage.keyEncipherment}. */
            public Builder keyUsage(int bits) {
                keyUsage = bits;
                return this;
            }

            /** Reuse a key pair (to get two certificates for one key). */
            public Builder keys(KeyPair k) {
                keys = k;
                return this;
            }

            public Leaf issue() {
                try {
                    KeyPair k = keys != null ? keys : rsa();
                    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "BE").addRDN(BCStyle.O, organization);
                    if (psd2) {
                        subject.addRDN(BCStyle.ORGANIZATION_IDENTIFIER, organizationIdentifier);
                    }
                    subject.addRDN(BCStyle.CN, qcType == QcType.WEB ? "api.example-fintech.test" : organization + " QSealC");
                    X500Name issuer = X500Name.getInstance(pki.issuingCa.getSubjectX500Principal().getEncoded());
                    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                            Date.from(notBefore), Date.from(notAfter), subject.build(), k.getPublic());
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                    b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(k.getPublic()));
                    b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(pki.issuingCa));
                    // QCP-l (0.4.0.194112.1.1) for a QSealC, QCP-w (0.4.0.194112.1.4) for a QWAC
                    String policy = qcType == QcType.WEB ? "0.4.0.194112.1.4" : "0.4.0.194112.1.1";
                    b.addExtension(Extension.certificatePolicies, false,
                            new CertificatePolicies(new PolicyInformation(new ASN1ObjectIdentifier(policy))));
                    b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(new GeneralNames(
                                new GeneralName(GeneralName.uniformResourceIdentifier, "http://crl.qtsp.test/seal-ca.crl"))), null, null)}));
                    if (qcType == QcType.WEB) {
                        b.addExtension(Extension.subjectAlternativeName, false,
                                new GeneralNames(new GeneralName(GeneralName.dNSName, "api.example-fintech.test")));
                    }
                    b.addExtension(Extension.qCStatements, false, qcStatements());
                    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                            b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pki.caKeys.getPrivate())));
                    return new Leaf(k, List.of(cert, pki.issuingCa));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            private DERSequence qcStatements() {
                ASN1EncodableVector v = new ASN1EncodableVector();
                if (qualified) {
                    v.add(new QCStatement(new ASN1ObjectIdentifier("0.4.0.1862.1.1")));
                }
                if (qcType != null) {
                    v.add(new QCStatement(new ASN1ObjectIdentifier("0.4.0.1862.1.6"),
                            new DERSequence(new ASN1ObjectIdentifier(qcType.oid()))));
                }
                // QcPDS: SEQUENCE OF PdsLocation { url IA5String, language PrintableString }
                v.add(new QCStatement(new ASN1ObjectIdentifier("0.4.0.1862.1.5"), new DERSequence(new DERSequence(
                        new org.bouncycastle.asn1.ASN1Encodable[] {new DERIA5String("https://qtsp.test/pds_en.pdf"), new DERPrintableString("en")}))));
                if (psd2) {
                    ASN1EncodableVector rs = new ASN1EncodableVector();
                    for (Psd2Role r : roles) {
                        rs.add(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                            new ASN1ObjectIdentifier(r.oid()), new DERUTF8String(r.name())}));
                    }
                    v.add(new QCStatement(new ASN1ObjectIdentifier("0.4.0.19495.2"), new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                        new DERSequence(rs), new DERUTF8String("National Bank of Belgium"), new DERUTF8String("BE-NBB")})));
                }
                return new DERSequence(v);
            }
        }
    }

    private static X509Certificate ca(X500Name subject, KeyPair keys, X500Name issuer, KeyPair issuerKeys, Instant from, Instant to,
                                      int pathLen) throws Exception {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(from), Date.from(to), subject, keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

}
