package dev.qseal.simulators.itsme;

import dev.qseal.core.QsealException;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.SoftwareSigningKey;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The itsme user the simulator plays: a test root CA (or a given CA) and, issued by it, the user's qualified-style
 * signing certificate (RSA-2048, key usage digitalSignature + nonRepudiation), with the user's key
 * as a qseal {@link SigningKey} — the simulator signs the hashes with its
 * {@link SigningKey#signDigestBatch}. Made in memory; the root CA's key is dropped once the user's
 * certificate is issued. Not a real itsme certificate.
 */
public final class ItsmeTestUser {
    private final X509Certificate root;
    private final SigningKey key;
    private final String userCode;

    private ItsmeTestUser(X509Certificate root, SigningKey key, String userCode) {
        this.root = root;
        this.key = key;
        this.userCode = userCode;
    }

    /** A new root CA and user ("Test Stephane", Belgium), valid from a day ago for two years. */
    public static ItsmeTestUser create() {
        KeyPair rootKeys = generate();
        X500Name rootName = new X500Name("CN=qseal sandbox itsme Root CA,O=qseal sandbox,C=BE");
        try {
            JcaX509v3CertificateBuilder r = builder(rootName, rootName, rootKeys.getPublic(), Instant.now());
            r.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            r.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return issuedBy(sign(r, rootKeys.getPrivate()), rootKeys.getPrivate());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new QsealException("cannot make the itsme test root CA: " + e.getMessage(), e);
        }
    }

    /**
     * A user whose certificate the given CA issues (e.g. a sandbox QTSP's CA, so that one trust
     * anchor serves every sandbox certificate).
     */
    public static ItsmeTestUser issuedBy(X509Certificate ca, PrivateKey caKey) {
        try {
            KeyPair userKeys = generate();
            JcaX509v3CertificateBuilder u = builder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                    new X500Name("CN=Test Stephane,SURNAME=Test,GIVENNAME=Stephane,SERIALNUMBER=89112433518,L=Brussel,C=BE"),
                    userKeys.getPublic(), Instant.now());
            u.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            u.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            u.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
            X509Certificate user = sign(u, caKey);
            SigningKey key = new SoftwareSigningKey("itsme test user", userKeys.getPrivate(), userKeys.getPublic(), List.of(user, ca));
            return new ItsmeTestUser(ca, key, "9o8f04wm1g0bdc8gmgcuxp2ehgn7txh0x2kq");
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new QsealException("cannot make the itsme test user's certificate: " + e.getMessage(), e);
        }
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant now)
            throws GeneralSecurityException, IOException {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(63, new SecureRandom()).setBit(62),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(2 * 365))), subject, key);
        b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key));
        return b;
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey issuer) throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer)));
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new QsealException("cannot generate an RSA key: " + e.getMessage(), e);
        }
    }

    /** The user's signing key (its chain: user certificate, root). */
    public SigningKey signingKey() {
        return key;
    }

    public X509Certificate certificate() {
        return key.certificateChain().get(0);
    }

    /** User certificate, then root. */
    public List<X509Certificate> certificateChain() {
        return key.certificateChain();
    }

    /** The CA that issued the user's certificate (a verifier's trust anchor). */
    public X509Certificate root() {
        return root;
    }

    /** The user's {@code userCode} at the simulated service provider. */
    public String userCode() {
        return userCode;
    }

    /** Certificates as concatenated PEM blocks (what itsme returns). */
    public static String pem(List<X509Certificate> certificates) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (X509Certificate c : certificates) {
                w.writeObject(c);
            }
        } catch (IOException e) {
            throw new QsealException("cannot write PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "ItsmeTestUser[" + certificate().getSubjectX500Principal().getName() + "]";
    }
}
