package dev.qseal.cades;

import dev.qseal.core.key.SoftwareSigningKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI made with Bouncy Castle: a root CA (RSA) that issues an RSA signer, a P-256 signer and
 * an RSA "other" signer (a second person), made once per test run.
 */
final class TestPki {
    private static TestPki instance;

    final KeyPair rootKey;
    final X509Certificate root;
    final KeyPair rsaKey;
    final X509Certificate rsaCert;
    final KeyPair ecKey;
    final X509Certificate ecCert;
    final KeyPair otherKey;
    final X509Certificate otherCert;

    private TestPki() throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException, IOException {
        rootKey = rsa();
        root = issue("CN=qseal test root CA,O=qseal", rootKey, "CN=qseal test root CA,O=qseal", rootKey, 1, true);
        rsaKey = rsa();
        rsaCert = issue("CN=Alice Signer,O=qseal", rsaKey, "CN=qseal test root CA,O=qseal", rootKey, 2, false);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        ecKey = ec.generateKeyPair();
        ecCert = issue("CN=Erin EC Signer,O=qseal", ecKey, "CN=qseal test root CA,O=qseal", rootKey, 3, false);
        otherKey = rsa();
        otherCert = issue("CN=Mallory Other,O=qseal", otherKey, "CN=qseal test root CA,O=qseal", rootKey, 4, false);
    }

    static synchronized TestPki get() {
        if (instance == null) {
            try {
                instance = new TestPki();
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the test PKI", e);
            }
        }
        return instance;
    }

    List<X509Certificate> rsaChain() {
        return List.of(rsaCert, root);
    }

    List<X509Certificate> ecChain() {
        return List.of(ecCert, root);
    }

    SoftwareSigningKey rsaSigningKey() {
        return new SoftwareSigningKey("test RSA signer", rsaKey.getPrivate(), rsaKey.getPublic(), rsaChain());
    }

    SoftwareSigningKey ecSigningKey() {
        return new SoftwareSigningKey("test EC signer", ecKey.getPrivate(), ecKey.getPublic(), ecChain());
    }

    SoftwareSigningKey otherSigningKey() {
        return new SoftwareSigningKey("test other signer", otherKey.getPrivate(), otherKey.getPublic(), List.of(otherCert, root));
    }

    static Path writePem(Path file, X509Certificate... certs) throws IOException, GeneralSecurityException {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            sb.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return Files.writeString(file, sb.toString(), StandardCharsets.US_ASCII);
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate issue(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey, long serial, boolean ca)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException, IOException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(serial),
                Date.from(Instant.parse("2020-01-01T00:00:00Z")), Date.from(now.plus(Duration.ofDays(365))), new X500Name(subject),
                subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey.getPrivate())));
    }
}
