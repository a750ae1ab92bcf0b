package dev.qseal.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.qualified.QCStatement;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test keys with self-signed certificates: chosen serial, validity and (optionally) a PSD2 QCStatement (ETSI TS 119 495). */
final class TestCertificates {
    final KeyPair keys;
    final java.security.cert.X509Certificate certificate;
    final Path keyFile;
    final Path certFile;

    private TestCertificates(KeyPair keys, java.security.cert.X509Certificate certificate, Path keyFile, Path certFile) {
        this.keys = keys;
        this.certificate = certificate;
        this.keyFile = keyFile;
        this.certFile = certFile;
    }

    static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /**
     * Writes {@code name.key.pem} and {@code name.cert.pem} in {@code dir}.
     *
     * @param psd2Roles role names (PSP_AS, PSP_PI, PSP_AI, PSP_IC) for a PSD2 QCStatement; none for no QCStatements
     */
    static TestCertificates write(Path dir, String name, KeyPair keys, BigInteger serial, Instant notBefore, Instant notAfter,
            String... psd2Roles) throws GeneralSecurityException, IOException, OperatorCreationException {
        X500Name subject = new X500Name("C=BE,O=QSeal Test TPP,CN=" + name);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial, Date.from(notBefore),
                Date.from(notAfter), subject, keys.getPublic());
        if (psd2Roles.length > 0) {
            ASN1EncodableVector roles = new ASN1EncodableVector();
            for (String role : psd2Roles) {
                String oid = Psd2QcStatement.ROLES.entrySet().stream().filter(e -> e.getValue().equals(role))
                        .findFirst().orElseThrow().getKey();
                roles.add(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                        new ASN1ObjectIdentifier(oid), new DERUTF8String(role)}));
            }
            DERSequence psd2 = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    new DERSequence(roles), new DERUTF8String("National Bank of Belgium"), new DERUTF8String("BE-NBB")});
            QCStatement compliance = new QCStatement(new ASN1ObjectIdentifier("0.4.0.1862.1.1"));
            QCStatement psd2Statement = new QCStatement(new ASN1ObjectIdentifier("0.4.0.19495.2"), psd2);
            b.addExtension(Extension.qCStatements, false, new DERSequence(
                    new org.bouncycastle.asn1.ASN1Encodable[] {compliance, psd2Statement}));
        }
        String sigAlg = keys.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        java.security.cert.X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder(sigAlg).build(keys.getPrivate())));
        Path keyFile = dir.resolve(name + ".key.pem");
        Path certFile = dir.resolve(name + ".cert.pem");
        Files.writeString(keyFile, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null)),
                StandardCharsets.US_ASCII);
        Files.writeString(certFile, pem(cert), StandardCharsets.US_ASCII);
        return new TestCertificates(keys, cert, keyFile, certFile);
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    String ref() {
        return "file:" + keyFile + "?cert=" + certFile;
    }
}
