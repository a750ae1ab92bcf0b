package dev.qseal.jca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test keys made once per JVM: RSA-2048, EC P-256 and Ed25519 PEM files (PKCS#8) with self-signed
 * certificates, an encrypted copy of the RSA key, and a TLS server key. Installs the QSeal provider
 * at the end of the provider list.
 */
final class Fixtures {
    static final String ENCRYPTED_KEY_PASSWORD = "correct-horse-battery";

    final Path dir;
    final Path rsaKey;
    final Path rsaCert;
    final Path ecKey;
    final Path ecCert;
    final Path edKey;
    final Path rsaEncryptedKey;
    final KeyPair serverKeys;
    final X509Certificate serverCert;

    private static Fixtures instance;

    static synchronized Fixtures get() {
        if (Security.getProvider(QsealProvider.NAME) == null) {
            Security.addProvider(new QsealProvider());
        }
        if (instance == null) {
            try {
                instance = new Fixtures();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    private Fixtures() throws IOException, GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        dir = Files.createTempDirectory("qseal-jca-");
        dir.toFile().deleteOnExit();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaPair = rsa.generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ecPair = ec.generateKeyPair();
        KeyPair edPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        rsaKey = writePem(dir.resolve("rsa.key.pem"), "PRIVATE KEY", rsaPair.getPrivate().getEncoded());
        rsaCert = writePem(dir.resolve("rsa.cert.pem"), "CERTIFICATE",
                certificate(rsaPair, "CN=QSeal JCA test RSA client", "SHA256withRSA").getEncoded());
        ecKey = writePem(dir.resolve("ec.key.pem"), "PRIVATE KEY", ecPair.getPrivate().getEncoded());
        ecCert = writePem(dir.resolve("ec.cert.pem"), "CERTIFICATE",
                certificate(ecPair, "CN=QSeal JCA test EC client", "SHA256withECDSA").getEncoded());
        edKey = writePem(dir.resolve("ed25519.key.pem"), "PRIVATE KEY", edPair.getPrivate().getEncoded());

        rsaEncryptedKey = dir.resolve("rsa-encrypted.key.pem");
        Process p = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", rsaKey.toString(),
                "-out", rsaEncryptedKey.toString(), "-passout", "pass:" + ENCRYPTED_KEY_PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("openssl pkcs8 failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }

        serverKeys = rsa.generateKeyPair();
        serverCert = certificate(serverKeys, "CN=127.0.0.1", "SHA256withRSA");
    }

    static X509Certificate certificate(KeyPair pair, String subject, String sigAlg)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException, IOException {
        Instant now = Instant.now();
        X500Name name = new X500Name(subject);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(30, ChronoUnit.DAYS)), name, pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
        if (subject.equals("CN=127.0.0.1")) {
            // HTTPS clients (java.net.http) check the address against the subject alternative names
            b.addExtension(Extension.subjectAlternativeName, false, new org.bouncycastle.asn1.x509.GeneralNames(
                    new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(sigAlg).build(pair.getPrivate())));
    }

    static Path writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n", StandardCharsets.US_ASCII);
        return file;
    }

    /** A PEM private key as a plain JDK key (the same key qseal opens from the file). */
    static PrivateKey jdkPrivateKey(Path pem, String algorithm) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (!text.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalArgumentException(pem + " is not PKCS#8");
        }
        String b64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm.toUpperCase(Locale.ROOT)).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    static X509Certificate readCertificate(Path pem) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** The file RSA and EC keys as QSeal keys from a fresh QSEAL key store, with their public keys. */
    static final class QsealKeys {
        final PrivateKey rsa;
        final PrivateKey ec;
        final java.security.PublicKey rsaPub;
        final java.security.PublicKey ecPub;

        QsealKeys(Fixtures f) throws IOException, GeneralSecurityException {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("QSEAL");
            ks.load(null, null);
            rsa = (PrivateKey) ks.getKey(f.rsaRef(), null);
            ec = (PrivateKey) ks.getKey(f.ecRef(), null);
            rsaPub = ks.getCertificate(f.rsaRef()).getPublicKey();
            ecPub = ks.getCertificate(f.ecRef()).getPublicKey();
        }
    }

    String rsaRef() {
        return "file:" + rsaKey + "?cert=" + rsaCert;
    }

    String ecRef() {
        return "file:" + ecKey + "?cert=" + ecCert;
    }

    String edRef() {
        return "file:" + edKey;
    }

    /** All messages in an exception's cause chain, for "never contains the secret" checks. */
    static String allMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
            for (Throwable s : c.getSuppressed()) {
                sb.append(allMessages(s));
            }
        }
        return sb.toString();
    }
}
