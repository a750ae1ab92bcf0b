package dev.qseal.cades.internal;

import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.SignatureAlgorithm;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Writes a detached CMS {@code SignedData} (RFC 5652) around a signature made elsewhere: the
 * certificate chain, one SignerInfo (sid = issuerAndSerialNumber, the given signed attributes
 * byte for byte) and no encapsulated content.
 */
public final class CmsAssembler {
    private CmsAssembler() {
    }

    /** The DER {@code ContentInfo} (the content of a {@code .p7s} file). */
    public static byte[] assemble(byte[] signedAttributes, List<X509Certificate> chain, SignatureAlgorithm algorithm, byte[] signature) {
        X509Certificate signer = chain.get(0);
        AlgorithmIdentifier digestAlgorithm = digestAlgorithm(algorithm);
        try {
            SignerIdentifier sid = new SignerIdentifier(new IssuerAndSerialNumber(
                    X500Name.getInstance(signer.getIssuerX500Principal().getEncoded()), signer.getSerialNumber()));
            ASN1Set attributes = ASN1Set.getInstance(ASN1Primitive.fromByteArray(signedAttributes));
            SignerInfo signerInfo = new SignerInfo(sid, digestAlgorithm, attributes, signatureAlgorithm(algorithm),
                    new DEROctetString(signature), null);
            ASN1EncodableVector certs = new ASN1EncodableVector();
            for (X509Certificate c : chain) {
                certs.add(Certificate.getInstance(SignedAttributes.der(c)));
            }
            SignedData signedData = new SignedData(new DERSet(digestAlgorithm),
                    new ContentInfo(CMSObjectIdentifiers.data, null), new DERSet(certs), null, new DERSet(signerInfo));
            return new ContentInfo(CMSObjectIdentifiers.signedData, signedData).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory failed", e);
        }
    }

    /** {@code digestAlgorithm}: the algorithm's hash, parameters absent (RFC 5754 §2). */
    static AlgorithmIdentifier digestAlgorithm(SignatureAlgorithm algorithm) {
        switch (algorithm.hash()) {
            case SHA_256: return new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
            case SHA_384: return new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384);
            default: return new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha512);
        }
    }

    /**
     * {@code signatureAlgorithm}: {@code rsaEncryption} with NULL parameters for PKCS#1 v1.5 (RFC 3370
     * §3.2, what OpenSSL and Bouncy Castle write and read), {@code ecdsa-with-SHAxxx} without
     * parameters for ECDSA (RFC 5753 §2.1.1).
     */
    static AlgorithmIdentifier signatureAlgorithm(SignatureAlgorithm algorithm) {
        switch (algorithm.scheme()) {
            case RSA_PKCS1:
                return new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
            case ECDSA_DER:
                return new AlgorithmIdentifier(ecdsaOid(algorithm));
            default:
                throw new UnsupportedAlgorithmException(algorithm + " is not offered for CAdES: use RSA PKCS#1 v1.5 or ECDSA");
        }
    }

    private static ASN1ObjectIdentifier ecdsaOid(SignatureAlgorithm algorithm) {
        switch (algorithm.hash()) {
            case SHA_256: return X9ObjectIdentifiers.ecdsa_with_SHA256;
            case SHA_384: return X9ObjectIdentifiers.ecdsa_with_SHA384;
            default: return X9ObjectIdentifiers.ecdsa_with_SHA512;
        }
    }
}
