package dev.qseal.simulators;

import dev.qseal.core.BadInputException;
import dev.qseal.core.QsealException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A sandbox PKI for the simulators and the flows that talk to them: a sandbox QTSP CA, a server
 * certificate for {@code 127.0.0.1}/{@code localhost}, and a TPP's two eIDAS certificates on
 * <em>distinct</em> RSA-2048 keys — a QWAC for TLS client authentication and a QSealC for sealing —
 * with PSD2-style subjects ({@code organizationIdentifier=PSDBE-NBB-...}).
 *
 * <p>{@link #create()} makes everything in memory; {@link #loadOrCreate(Path)} keeps the CA and the
 * TPP's keys as PEM files in a directory (private keys readable by the owner only) so that a key
 * reference such as {@code file:DIR/qwac-key.pem?cert=DIR/qwac-cert.pem} can name them. Not for production: the CA key sits next to the certificates.
 */
public final class SandboxPki {
    /** The TPP's PSD2 authorisation number as it appears in both certificates. */
    public static final String TPP_ORGANIZATION_IDENTIFIER = "PSDBE-NBB-0123456789";
    private static final long PEM_LIMIT = 64 * 1024;

    private final Identity ca;
    private final Identity server;
    private final Identity qwac;
    private final Identity qsealc;

    private SandboxPki(Identity ca, Identity server, Identity qwac, Identity qsealc) {
        this.ca = ca;
        this.server = server;
        this.qwac = qwac;
        this.qsealc = qsealc;
    }

    /** A certificate and its private key. */
    public static final class Identity {
        private final PrivateKey privateKey;
        private final X509Certificate certificate;

        Identity(PrivateKey privateKey, X509Certificate certificate) {
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            this.certificate = Objects.requireNonNull(certificate, "certificate");
        }

        public PrivateKey privateKey() {
            return privateKey;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        @Override
        public String toString() {
            return "Identity[" + certificate.getSubjectX500Principal().getName() + ", key not shown]";
        }
    }

    /** A fresh CA, server certificate, QWAC and QSealC, in memory. */
    public static SandboxPki create() {
        Identity ca = newCa("CN=qseal sandbox QTSP CA,O=qseal sandbox,C=BE");
        return new SandboxPki(ca, newServer(ca), newQwac(ca, generate()), newQsealc(ca, generate()));
    }

    /**
     * The CA, server identity, QWAC and QSealC kept in {@code dir} ({@code ca-*.pem},
     * {@code server-*.pem}, {@code qwac-*.pem}, {@code qsealc-*.pem}), made there on first use.
     */
    public static SandboxPki loadOrCreate(Path dir) {
        try {
            Files.createDirectories(dir);
            Identity ca;
            Identity server;
            Identity qwac;
            Identity qsealc;
            if (Files.exists(dir.resolve("qsealc-key.pem")) && Files.exists(dir.resolve("qwac-key.pem"))
                    && Files.exists(dir.resolve("ca-key.pem")) && Files.exists(dir.resolve("server-key.pem"))) {
                ca = read(dir, "ca");
                server = read(dir, "server");
                qwac = read(dir, "qwac");
                qsealc = read(dir, "qsealc");
            } else {
                ca = newCa("CN=qseal sandbox QTSP CA,O=qseal sandbox,C=BE");
                server = newServer(ca);
                qwac = newQwac(ca, generate());
                qsealc = newQsealc(ca, generate());
                write(dir, "ca", ca);
                write(dir, "server", server);
                write(dir, "qwac", qwac);
                write(dir, "qsealc", qsealc);
            }
            if (!server.certificate().getNotAfter().after(new Date())) {
                server = newServer(ca);
                write(dir, "server", server);
            }
            return new SandboxPki(ca, server, qwac, qsealc);
        } catch (AccessDeniedException e) {
            throw new BadInputException("cannot write the sandbox keys in " + dir + ": choose a writable directory");
        } catch (IOException e) {
            throw new BadInputException("cannot read or write the sandbox keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The sandbox CA (trusted by the simulators for client certificates, and by the flows for the servers). */
    public Identity ca() {
        return ca;
    }

    /** The simulators' TLS server identity, for {@code 127.0.0.1} and {@code localhost}. */
    public Identity server() {
        return server;
    }

    /** The TPP's QWAC: TLS client authentication. */
    public Identity qwac() {
        return qwac;
    }

    /** The TPP's QSealC: request sealing, on a key distinct from the QWAC's. */
    public Identity qsealc() {
        return qsealc;
    }

    /**
     * A client certificate from another CA (same subject shape as the QWAC): what a bank must refuse
     * at the TLS handshake.
     */
    public static Identity foreignClientCertificate() {
        Identity other = newCa("CN=unknown QTSP CA,O=elsewhere,C=NL");
        return newQwac(other, generate());
    }

    /** Writes {@code NAME-key.pem} (owner-only) and {@code NAME-cert.pem} and returns {@code file:KEY?cert=CERT}. */
    public static String writeKeyRef(Path dir, String name, Identity identity) {
        try {
            Files.createDirectories(dir);
            write(dir, name, identity);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + name + " key in " + dir + ": " + e.getMessage(), e);
        }
        return keyRef(dir, name);
    }

    /** The key reference of {@code NAME-key.pem} with {@code NAME-cert.pem} in {@code dir}. */
    public static String keyRef(Path dir, String name) {
        return "file:" + dir.resolve(name + "-key.pem").toAbsolutePath() + "?cert=" + dir.resolve(name + "-cert.pem").toAbsolutePath();
    }

    private static Identity newCa(String dn) {
        KeyPair kp = generate();
        X500Name name = new X500Name(dn);
        return issue(name, kp, name, kp.getPrivate(), b -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        });
    }

    private static Identity newServer(Identity ca) {
        KeyPair kp = generate();
        return issue(new X500Name("CN=localhost,O=qseal sandbox bank,C=BE"), kp, issuerName(ca), ca.privateKey(), b -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        });
    }

    private static Identity newQwac(Identity ca, KeyPair kp) {
        X500Name subject = new X500Name("CN=tpp.example.com,O=Example TPP SA,2.5.4.97=" + TPP_ORGANIZATION_IDENTIFIER + ",L=Brussels,C=BE");
        return issue(subject, kp, issuerName(ca), ca.privateKey(), b -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, "tpp.example.com")));
        });
    }

    private static Identity newQsealc(Identity ca, KeyPair kp) {
        X500Name subject = new X500Name("CN=Example TPP SA QSeal,O=Example TPP SA,2.5.4.97=" + TPP_ORGANIZATION_IDENTIFIER + ",C=BE");
        return issue(subject, kp, issuerName(ca), ca.privateKey(), b -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        });
    }

    private static X500Name issuerName(Identity ca) {
        return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    }

    private interface Extensions {
        void add(JcaX509v3CertificateBuilder b) throws IOException;
    }

    private static Identity issue(X500Name subject, KeyPair kp, X500Name issuer, PrivateKey issuerKey, Extensions ext) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(63, new SecureRandom()).setBit(62), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3 * 365))), subject, kp.getPublic());
            b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(kp.getPublic()));
            ext.add(b);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
            return new Identity(kp.getPrivate(), cert);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new QsealException("cannot issue a sandbox certificate: " + e.getMessage(), e);
        }
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

    private static void write(Path dir, String name, Identity id) throws IOException {
        StringWriter keyPem = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(keyPem)) {
            w.writeObject(new JcaPKCS8Generator(id.privateKey(), null));
        }
        StringWriter certPem = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(certPem)) {
            w.writeObject(id.certificate());
        }
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection applies
        }
        Files.writeString(tmp, keyPem.toString(), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(name + "-cert.pem"), certPem.toString(), StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve(name + "-key.pem"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Identity read(Path dir, String name) throws IOException {
        String keyPem = readLimited(dir.resolve(name + "-key.pem"));
        String certPem = readLimited(dir.resolve(name + "-cert.pem"));
        try (PEMParser keys = new PEMParser(new StringReader(keyPem)); PEMParser certs = new PEMParser(new StringReader(certPem))) {
            Object k = keys.readObject();
            PrivateKey key;
            if (k instanceof PEMKeyPair) {
                key = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) k).getPrivate();
            } else if (k instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo) {
                key = new JcaPEMKeyConverter().getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) k);
            } else {
                throw new BadInputException(dir.resolve(name + "-key.pem") + " holds no private key: delete the directory to start afresh");
            }
            Object c = certs.readObject();
            if (!(c instanceof X509CertificateHolder)) {
                throw new BadInputException(dir.resolve(name + "-cert.pem") + " holds no certificate: delete the directory to start afresh");
            }
            return new Identity(key, new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) c));
        } catch (GeneralSecurityException e) {
            throw new BadInputException("cannot read the sandbox " + name + " certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String readLimited(Path file) throws IOException {
        if (Files.size(file) > PEM_LIMIT) {
            throw new BadInputException(file + " is larger than " + PEM_LIMIT + " bytes: not a sandbox PEM file");
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    /** The certificates a TLS peer should trust: the sandbox CA alone. */
    public List<X509Certificate> trustAnchors() {
        return List.of(ca.certificate());
    }
}
