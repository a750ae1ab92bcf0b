package dev.qseal.cades;

import dev.qseal.cades.internal.SignedAttributes;
import dev.qseal.core.BadInputException;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

/**
 * The state between {@link CadesSigner#prepare preparing} a CAdES signature and
 * {@link CadesSigner#complete completing} it: the signed attributes exactly as they will be signed
 * (with the signing time fixed), the signer's certificate chain and the algorithm its key signs
 * with. Immutable; {@link #toBytes()} / {@link #fromBytes(byte[])} (or the base64 forms) carry it
 * across the minutes a remote signer takes, between requests or processes. It holds no secret.
 */
public final class PreparedSignature {
    /** The largest encoding {@link #fromBytes} accepts (a chain of a few certificates needs a few KiB). */
    public static final int MAX_ENCODED_BYTES = 64 * 1024;
    private static final int VERSION = 1;

    private final SignedAttributes attributes;
    private final List<X509Certificate> chain;
    private final SignatureAlgorithm algorithm;
    private final byte[] hashToSign;

    PreparedSignature(SignedAttributes attributes, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new BadInputException("a CAdES signature needs the signer's certificate; the chain is empty");
        }
        if (!attributes.names(chain.get(0))) {
            throw new BadInputException("the signed attributes name another certificate than the chain's first, '"
                    + chain.get(0).getSubjectX500Principal().getName() + "'");
        }
        this.attributes = attributes;
        this.chain = List.copyOf(chain);
        this.algorithm = CadesSigner.algorithmFor(chain.get(0).getPublicKey());
        if (attributes.messageDigest().length != algorithm.hash().length()) {
            throw new BadInputException("the message-digest is " + attributes.messageDigest().length + " bytes; "
                    + algorithm.hash().jcaName() + " needs " + algorithm.hash().length());
        }
        this.hashToSign = attributes.hash(algorithm.hash());
    }

    /**
     * The value to have signed: the digest of the DER signed attributes (SHA-256 for RSA keys and
     * P-256). A hash-signing service (itsme) returns a raw PKCS#1 v1.5 signature over it.
     */
    public byte[] hashToSign() {
        return hashToSign.clone();
    }

    /** The algorithm the signer's key must sign {@link #hashToSign()} with (as a digest). */
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** The DER {@code SET OF Attribute} (tag {@code 0x31}) the signature covers. */
    public byte[] signedAttributes() {
        return attributes.encoded();
    }

    /** The digest of the document, as in the message-digest attribute. */
    public byte[] documentDigest() {
        return attributes.messageDigest();
    }

    /** The signing time, fixed when prepared (whole seconds). */
    public Instant signingTime() {
        return attributes.signingTime();
    }

    /** Leaf (the signer) first. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    /** The signer's certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * Checks that {@code document} (read to its end, not closed) is the document prepared: its digest
     * equals the message-digest attribute.
     *
     * @throws dev.qseal.core.VerificationException if it differs (a changed or another document)
     */
    public void checkDocument(InputStream document) {
        if (!MessageDigest.isEqual(CadesSigner.digest(algorithm.hash(), document), attributes.messageDigest())) {
            VerificationResult.invalid(Failure.DIGEST_MISMATCH, "the document is not the one prepared: its "
                    + algorithm.hash().jcaName() + " differs from the message-digest in the signed attributes").orThrow();
        }
    }

    /** DER: {@code SEQUENCE { version INTEGER (1), signedAttributes OCTET STRING, chain SEQUENCE OF OCTET STRING }}. */
    public byte[] toBytes() {
        ASN1EncodableVector certs = new ASN1EncodableVector();
        for (X509Certificate c : chain) {
            try {
                certs.add(new DEROctetString(c.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new BadInputException("the certificate '" + c.getSubjectX500Principal().getName() + "' cannot be encoded", e);
            }
        }
        try {
            return new DERSequence(new ASN1Encodable[] {new ASN1Integer(VERSION), new DEROctetString(attributes.encoded()),
                    new DERSequence(certs)}).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory failed", e);
        }
    }

    /** {@link #toBytes()} in base64 (RFC 4648 §4, padded): one line, for JSON, a form field or a file. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(toBytes());
    }

    /**
     * Reads {@link #toBytes()} back, checking that it is whole and consistent (the signed attributes
     * name the chain's first certificate).
     *
     * @throws BadInputException if it is larger than {@link #MAX_ENCODED_BYTES} or not such a value
     */
    public static PreparedSignature fromBytes(byte[] encoded) {
        if (encoded.length > MAX_ENCODED_BYTES) {
            throw new BadInputException("a prepared signature is at most " + MAX_ENCODED_BYTES + " bytes; got " + encoded.length);
        }
        try (ASN1InputStream in = new ASN1InputStream(new ByteArrayInputStream(encoded), encoded.length)) {
            ASN1Primitive p = in.readObject();
            if (p == null || in.available() > 0 || !(p instanceof ASN1Sequence) || ((ASN1Sequence) p).size() != 3) {
                throw new BadInputException("not a prepared signature: expected one DER SEQUENCE of 3 elements");
            }
            ASN1Sequence seq = (ASN1Sequence) p;
            if (ASN1Integer.getInstance(seq.getObjectAt(0)).intValueExact() != VERSION) {
                throw new BadInputException("a prepared signature of an unknown version: this qseal reads version " + VERSION);
            }
            SignedAttributes attributes = SignedAttributes.parse(ASN1OctetString.getInstance(seq.getObjectAt(1)).getOctets());
            List<X509Certificate> chain = new ArrayList<>();
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (ASN1Encodable c : ASN1Sequence.getInstance(seq.getObjectAt(2))) {
                byte[] der = ASN1OctetString.getInstance(c).getOctets();
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
            return new PreparedSignature(attributes, chain);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) { // BC's getInstance methods throw several runtime exceptions
            throw new BadInputException("not a prepared signature: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@link #toBase64()} back.
     *
     * @throws BadInputException if it is not base64 or not a prepared signature
     */
    public static PreparedSignature fromBase64(String base64) {
        if (base64.length() > MAX_ENCODED_BYTES * 4 / 3 + 4) {
            throw new BadInputException("a prepared signature is at most " + MAX_ENCODED_BYTES + " bytes; the base64 text is longer");
        }
        try {
            return fromBytes(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("a prepared signature must be base64: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreparedSignature && Arrays.equals(toBytes(), ((PreparedSignature) o).toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hashToSign);
    }

    @Override
    public String toString() {
        return "PreparedSignature[" + algorithm + " by '" + certificate().getSubjectX500Principal().getName() + "' at "
                + signingTime() + "]";
    }
}
