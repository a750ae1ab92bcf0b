package dev.qseal.core.key;

import dev.qseal.core.BadInputException;
import dev.qseal.core.QsealException;
import dev.qseal.core.internal.Untrusted;
import dev.qseal.core.Limits;
import dev.qseal.core.internal.BoundedRead;
import dev.qseal.core.KeyNotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads X.509 certificates and public keys from files, PEM or DER: certificate chains to attach to
 * a key ({@code ?cert=}) and the keys that verifiers check signatures with.
 */
public final class Certificates {
    private static final String PEM_MARKER = "-----BEGIN ";

    private Certificates() {
    }

    /**
     * The certificates in {@code file}, in file order: a PEM file with one or more
     * {@code CERTIFICATE} blocks (other blocks, such as a private key, are skipped) or one DER
     * certificate (a DER PKCS#7 bundle also works).
     *
     * @throws KeyNotFoundException if the file does not exist
     * @throws BadInputException    if it holds no certificate or cannot be parsed
     */
    public static List<X509Certificate> load(Path file) {
        byte[] bytes = read(file, "certificate file");
        List<X509Certificate> certs = parse(bytes, file.toString());
        if (certs.isEmpty()) {
            throw new BadInputException("the certificate file " + file + " contains no certificate: expected PEM "
                    + "'-----BEGIN CERTIFICATE-----' blocks or a DER certificate");
        }
        return certs;
    }

    /**
     * The public key in {@code file}: a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo), a PEM
     * {@code RSA PUBLIC KEY} (PKCS#1), or a certificate in PEM or DER (its key is returned). DER
     * SubjectPublicKeyInfo and DER PKCS#1 public keys are accepted too.
     *
     * @throws KeyNotFoundException if the file does not exist
     * @throws BadInputException    if it holds no public key or certificate
     */
    public static PublicKey loadPublicKey(Path file) {
        byte[] bytes = read(file, "public key file");
        String where = file.toString();
        if (isPem(bytes)) {
            try (PEMParser pem = pemParser(bytes)) {
                for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                    if (o instanceof SubjectPublicKeyInfo) {
                        return toPublicKey((SubjectPublicKeyInfo) o, where);
                    }
                    X509CertificateHolder holder = certificateHolder(o);
                    if (holder != null) {
                        return toCertificate(holder.getEncoded(), where).getPublicKey();
                    }
                }
            } catch (QsealException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw pemFailure(where, e);
            }
            throw new BadInputException("the file " + where + " holds no public key or certificate: expected a PEM "
                    + "'PUBLIC KEY', 'RSA PUBLIC KEY' or 'CERTIFICATE' block");
        }
        ASN1Sequence seq = derSequence(bytes);
        if (seq != null) {
            if (seq.size() == 3 && seq.getObjectAt(0) instanceof ASN1Sequence) {
                return toCertificate(bytes, where).getPublicKey();
            }
            if (seq.size() == 2 && seq.getObjectAt(0) instanceof ASN1Sequence) {
                return toPublicKey(SubjectPublicKeyInfo.getInstance(seq), where);
            }
            if (seq.size() == 2) {
                try {
                    RSAPublicKey pkcs1 = RSAPublicKey.getInstance(seq);
                    return toPublicKey(new SubjectPublicKeyInfo(
                            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), pkcs1), where);
                } catch (IllegalArgumentException | IOException e) {
                    // not PKCS#1 either: fall through to the error below
                }
            }
        }
        throw new BadInputException("the file " + where + " holds no public key or certificate (neither PEM nor a DER "
                + "certificate or SubjectPublicKeyInfo)");
    }

    /** Every certificate in PEM or DER {@code bytes}; empty if a PEM file has none. */
    static List<X509Certificate> parse(byte[] bytes, String where) {
        List<X509Certificate> out = new ArrayList<>();
        if (isPem(bytes)) {
            try (PEMParser pem = pemParser(bytes)) {
                for (Object o = readSkippingUnknown(pem, where); o != null; o = readSkippingUnknown(pem, where)) {
                    X509CertificateHolder holder = certificateHolder(o);
                    if (holder != null) {
                        out.add(toCertificate(holder.getEncoded(), where));
                    }
                }
            } catch (QsealException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw pemFailure(where, e);
            }
            return out;
        }
        try {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new BadInputException("the file " + where + " is neither PEM nor a DER certificate: "
                    + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Reads the next PEM object; a block type Bouncy Castle does not know (e.g. an OpenSSH key next
     * to the certificates) is skipped rather than failing the whole file.
     */
    private static Object readSkippingUnknown(PEMParser pem, String where) throws IOException {
        while (true) {
            try {
                return pem.readObject();
            } catch (IOException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("unrecognised object")) {
                    throw e;
                }
            }
        }
    }

    /**
     * What to say when Bouncy Castle's PEM reader fails: a damaged base64 body shows as a
     * {@code DecoderException} (a RuntimeException), a malformed structure as an IOException.
     */
    static BadInputException pemFailure(String where, Exception e) {
        if (e instanceof RuntimeException) {
            return new BadInputException("the PEM file " + where + " has a block whose content is not valid base64"
                    + " (damaged or truncated, or edited by hand): write it out again from its source", e);
        }
        return new BadInputException("cannot read the PEM file " + where + ": " + Untrusted.echo(String.valueOf(e.getMessage())), e);
    }

    static boolean isPem(byte[] bytes) {
        // Look only near the start: PEM may be preceded by OpenSSL's "Bag Attributes" text, DER never has this marker early.
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        return head.contains(PEM_MARKER);
    }

    static PEMParser pemParser(byte[] bytes) {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.US_ASCII);
        return new PEMParser(reader);
    }

    /** The certificate an object from {@link PEMParser} carries, or null if it is something else. */
    static X509CertificateHolder certificateHolder(Object o) {
        if (o instanceof X509CertificateHolder) {
            return (X509CertificateHolder) o;
        }
        if (o instanceof X509TrustedCertificateBlock) {
            return ((X509TrustedCertificateBlock) o).getCertificateHolder();
        }
        return null;
    }

    /** The outer DER SEQUENCE of {@code bytes}, or null if they are not one DER structure. */
    static ASN1Sequence derSequence(byte[] bytes) {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(bytes);
            return p instanceof ASN1Sequence ? (ASN1Sequence) p : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static X509Certificate toCertificate(byte[] der, String where) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new BadInputException("the certificate in " + where + " cannot be parsed: " + e.getMessage(), e);
        }
    }

    private static PublicKey toPublicKey(SubjectPublicKeyInfo info, String where) {
        try {
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("the public key in " + where + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, String what) {
        try {
            return BoundedRead.file(file, Limits.KEY_FILE_BYTES, "the " + what + " " + file);
        } catch (NoSuchFileException e) {
            throw new KeyNotFoundException("the " + what + " " + file + " does not exist");
        } catch (IOException | SecurityException e) {
            throw new BadInputException("cannot read the " + what + " " + file + ": " + e, e);
        }
    }
}
