package dev.qseal.cades.internal;

import dev.qseal.core.BadInputException;
import dev.qseal.core.key.HashAlgorithm;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;

/**
 * The CAdES-B signed attributes (ETSI EN 319 122-1 §5.2): content-type {@code id-data},
 * message-digest, signing-time and signing-certificate-v2 (ESSCertIDv2: SHA-256 of the signer
 * certificate with its issuer and serial number), DER-encoded as the {@code SET OF Attribute} that
 * a CMS signature is computed over (RFC 5652 §5.4: tag {@code 0x31}, not the {@code [0]} of the
 * SignerInfo). Builds them, and reads back what a stored encoding says.
 */
public final class SignedAttributes {
    private final byte[] encoded;
    private final byte[] messageDigest;
    private final Instant signingTime;
    private final byte[] certificateHash;
    private final BigInteger certificateSerial;

    private SignedAttributes(byte[] encoded, byte[] messageDigest, Instant signingTime, byte[] certificateHash, BigInteger serial) {
        this.encoded = encoded;
        this.messageDigest = messageDigest;
        this.signingTime = signingTime;
        this.certificateHash = certificateHash;
        this.certificateSerial = serial;
    }

    /**
     * The attributes for a document whose {@code hash} digest is {@code documentDigest}, signed by
     * {@code signer} at {@code signingTime} (whole seconds: UTCTime has no fraction).
     */
    public static SignedAttributes build(byte[] documentDigest, X509Certificate signer, Instant signingTime) {
        byte[] certHash = sha256(der(signer));
        X500Name issuer = X500Name.getInstance(signer.getIssuerX500Principal().getEncoded());
        IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(issuer)), signer.getSerialNumber());
        ESSCertIDv2 certId = new ESSCertIDv2(certHash, issuerSerial); // SHA-256 is the default: its AlgorithmIdentifier is omitted
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(attribute(CMSAttributes.contentType, PKCSObjectIdentifiers.data));
        v.add(attribute(CMSAttributes.signingTime, new Time(Date.from(signingTime))));
        v.add(attribute(CMSAttributes.messageDigest, new DEROctetString(documentDigest)));
        v.add(attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new SigningCertificateV2(new ESSCertIDv2[] {certId})));
        try {
            return parse(new DERSet(v).getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory failed", e);
        }
    }

    /**
     * Reads a stored encoding back.
     *
     * @throws BadInputException if it is not a DER SET with exactly the four attributes, each single-valued
     */
    public static SignedAttributes parse(byte[] der) {
        return parse(der, true);
    }

    /**
     * Reads the attributes of a signature made elsewhere: the four must be there, others (commitment
     * type, signer attributes, signature policy...) may be too; no attribute type may appear twice.
     *
     * @throws BadInputException otherwise
     */
    public static SignedAttributes parseAllowingOthers(byte[] der) {
        return parse(der, false);
    }

    private static SignedAttributes parse(byte[] der, boolean onlyTheFour) {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(der);
            if (!(p instanceof ASN1Set) || !java.util.Arrays.equals(p.getEncoded(ASN1Encoding.DER), der)) {
                throw new BadInputException("the signed attributes are not a DER-encoded SET");
            }
            ASN1Set set = (ASN1Set) p;
            if (onlyTheFour && set.size() != 4) {
                throw new BadInputException("the signed attributes hold " + set.size() + " attributes; expected content-type, "
                        + "message-digest, signing-time and signing-certificate-v2");
            }
            byte[] digest = null;
            Instant time = null;
            ESSCertIDv2 certId = null;
            boolean contentType = false;
            java.util.Set<ASN1ObjectIdentifier> seen = new java.util.HashSet<>();
            for (ASN1Encodable e : set) {
                Attribute a = Attribute.getInstance(e);
                if (a.getAttrValues().size() != 1) {
                    throw new BadInputException("the signed attribute " + a.getAttrType() + " must have exactly one value");
                }
                ASN1Encodable value = a.getAttrValues().getObjectAt(0);
                ASN1ObjectIdentifier type = a.getAttrType();
                if (!seen.add(type)) {
                    throw new BadInputException("the signed attribute " + type + " appears twice");
                }
                if (type.equals(CMSAttributes.contentType)) {
                    contentType = PKCSObjectIdentifiers.data.equals(ASN1ObjectIdentifier.getInstance(value));
                } else if (type.equals(CMSAttributes.messageDigest)) {
                    digest = ASN1OctetString.getInstance(value).getOctets();
                } else if (type.equals(CMSAttributes.signingTime)) {
                    time = Time.getInstance(value).getDate().toInstant();
                } else if (type.equals(PKCSObjectIdentifiers.id_aa_signingCertificateV2)) {
                    ESSCertIDv2[] ids = SigningCertificateV2.getInstance(value).getCerts();
                    certId = ids.length == 1 ? ids[0] : null;
                }
            }
            if (!contentType || digest == null || time == null || certId == null
                    || !NISTObjectIdentifiers.id_sha256.equals(certId.getHashAlgorithm().getAlgorithm())
                    || certId.getIssuerSerial() == null) {
                throw new BadInputException("the signed attributes are not CAdES-B ones: content-type id-data, message-digest, "
                        + "signing-time and one SHA-256 signing-certificate-v2 with issuer and serial are needed");
            }
            return new SignedAttributes(der.clone(), digest, time, certId.getCertHash(),
                    certId.getIssuerSerial().getSerial().getValue());
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) { // BC's getInstance methods throw several runtime exceptions, or return null
            throw new BadInputException("the signed attributes cannot be parsed: " + e.getMessage(), e);
        }
    }

    /** The DER {@code SET OF Attribute}: the bytes the signature covers (hashed). */
    public byte[] encoded() {
        return encoded.clone();
    }

    public byte[] messageDigest() {
        return messageDigest.clone();
    }

    public Instant signingTime() {
        return signingTime;
    }

    /** Whether the signing-certificate-v2 attribute names {@code cert} (its SHA-256 hash and serial). */
    public boolean names(X509Certificate cert) {
        return MessageDigest.isEqual(certificateHash, sha256(der(cert))) && certificateSerial.equals(cert.getSerialNumber());
    }

    /** The digest of the encoded attributes with {@code hash}: what the signer signs. */
    public byte[] hash(HashAlgorithm hash) {
        return hash.hash(encoded);
    }

    private static Attribute attribute(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new Attribute(type, new DERSet(value));
    }

    private static byte[] sha256(byte[] data) {
        return HashAlgorithm.SHA_256.hash(data);
    }

    static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new BadInputException("the certificate '" + cert.getSubjectX500Principal().getName() + "' cannot be encoded", e);
        }
    }
}
