package dev.qseal.core;

import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.testvectors.TestVectors;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys and certificates for tests: published vector keys parsed with Bouncy Castle, or generated ones. */
public final class TestKeys {
    /**
     * A certificate validity time for Bouncy Castle's certificate builders, written in {@link java.util.Locale#ROOT}:
     * bc-fips formats a bare {@link Date} with the default locale, which under the tests' Arabic locale gives
     * non-ASCII digits and an unparseable time.
     */
    public static org.bouncycastle.asn1.x509.Time asn1Time(Instant instant) {
        return new org.bouncycastle.asn1.x509.Time(Date.from(instant), java.util.Locale.ROOT);
    }

    private static final JcaPEMKeyConverter CONVERTER = new JcaPEMKeyConverter();

    private TestKeys() {
    }

    /** The draft-cavage Appendix C key pair (keyId "Test"; 1024-bit although the draft says 2048). */
    public static KeyPair cavageTestKey() {
        return keyPair(TestVectors.pemBlock(TestVectors.CAVAGE_DRAFT10, "RSA PRIVATE KEY"));
    }

    /** The RFC 9421 Appendix B.1.1 {@code test-key-rsa} (2048-bit). */
    public static KeyPair rfc9421TestKeyRsa() {
        return keyPair(TestVectors.pemBlock(TestVectors.RFC9421_APPENDIX_B, "RSA PRIVATE KEY"));
    }

    public static PublicKey publicKey(String pem) {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            return CONVERTER.getPublicKey((SubjectPublicKeyInfo) p.readObject());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair keyPair(String pkcs1Pem) {
        try (PEMParser p = new PEMParser(new StringReader(pkcs1Pem))) {
            return CONVERTER.getKeyPair((PEMKeyPair) p.readObject());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair generateRsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair generateEcP256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-issued certificate for {@code kp} with the given serial and issuer = subject = {@code dn}. */
    public static X509Certificate certificate(KeyPair kp, BigInteger serial, String dn) {
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            // X500Principal, not BC's X500Name(String): the latter keeps the RDNs in written order, so the
            // certificate would print back reversed ("C=DE,O=..,CN=..")
            org.bouncycastle.asn1.x500.X500Name name = org.bouncycastle.asn1.x500.X500Name.getInstance(
                    new X500Principal(dn).getEncoded());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial,
                    asn1Time(now.minus(1, ChronoUnit.DAYS)), asn1Time(now.plus(365, ChronoUnit.DAYS)),
                    name, kp.getPublic());
            String alg = kp.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(alg).build(kp.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static SoftwareSigningKey signingKey(String description, KeyPair kp) {
        return new SoftwareSigningKey(description, kp.getPrivate(), kp.getPublic(), List.of());
    }

    public static SoftwareSigningKey signingKey(String description, KeyPair kp, X509Certificate cert) {
        return new SoftwareSigningKey(description, kp.getPrivate(), kp.getPublic(), List.of(cert));
    }

    public static PrivateKey privateKey(KeyPair kp) {
        return kp.getPrivate();
    }
}
