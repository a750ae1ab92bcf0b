package dev.qseal.cades;

import dev.qseal.cades.internal.CmsAssembler;
import dev.qseal.cades.internal.SignatureValues;
import dev.qseal.cades.internal.SignedAttributes;
import dev.qseal.core.BadInputException;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * CAdES-B detached signatures (ETSI EN 319 122-1 baseline B) from a signature made elsewhere, in two
 * steps:
 * <ol>
 *   <li>{@link #prepare}: builds the signed attributes for a document (content-type, message-digest,
 *   signing-time fixed now, signing-certificate-v2) and gives the hash of their DER {@code SET}: the
 *   value to send to the signer (a hash-signing service such as itsme, an HSM, a KMS);</li>
 *   <li>{@link #complete}: checks the raw signature value the signer returned against the
 *   certificate's key and wraps it in a detached CMS {@code SignedData} with the chain (a
 *   {@code .p7s} that {@code openssl cms -verify} and Bouncy Castle accept).</li>
 * </ol>
 * Minutes may pass between the steps: {@link PreparedSignature} is a small serialisable value.
 * A batch ({@link #prepareAll}, {@link #completeAll}) holds 1 to {@link #maxBatchSize()} documents
 * (itsme signs at most 70 hashes in one action, the default). With a local or HSM/KMS key,
 * {@link #sign(byte[], SigningKey)} does both steps in one call.
 *
 * <p>RSA certificates sign with PKCS#1 v1.5 and SHA-256 (what itsme returns); EC certificates with
 * ECDSA and their curve's hash (SHA-256 for P-256). Instances are immutable and thread-safe.
 */
public final class CadesSigner {
    /** itsme's limit on hashes per signing action, the default batch limit. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 70;

    private final List<X509Certificate> chain;
    private final Clock clock;
    private final int maxBatchSize;
    private final SignatureAlgorithm algorithm;

    private CadesSigner(Builder b) {
        this.chain = b.chain;
        this.clock = b.clock;
        this.maxBatchSize = b.maxBatchSize;
        this.algorithm = algorithmFor(chain.get(0).getPublicKey());
    }

    /** A signer for the holder of {@code chain} (leaf first; intermediates and root optional). */
    public static Builder builder(List<X509Certificate> chain) {
        return new Builder(chain);
    }

    /** The builder. */
    public static final class Builder {
        private final List<X509Certificate> chain;
        private Clock clock = Clock.systemUTC();
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;

        private Builder(List<X509Certificate> chain) {
            if (chain.isEmpty()) {
                throw new BadInputException("a CAdES signature needs the signer's certificate; the chain is empty");
            }
            this.chain = List.copyOf(chain);
        }

        /** The clock that gives the signing time (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The most documents in one batch (default {@value #DEFAULT_MAX_BATCH_SIZE}, at least 1). */
        public Builder maxBatchSize(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("the batch limit must be at least 1");
            }
            this.maxBatchSize = max;
            return this;
        }

        /**
         * @throws UnsupportedAlgorithmException if the certificate's key cannot make CAdES signatures here (Ed25519)
         */
        public CadesSigner build() {
            return new CadesSigner(this);
        }
    }

    /** The algorithm the signer's key signs with. */
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** Prepares the signature of {@code document}, with the signing time taken from the clock now. */
    public PreparedSignature prepare(byte[] document) {
        return prepareDigest(algorithm.hash().hash(document));
    }

    /** As {@link #prepare(byte[])}, reading (and hashing) the document as a stream; the stream is not closed. */
    public PreparedSignature prepare(InputStream document) {
        return prepareDigest(digest(algorithm.hash(), document));
    }

    static byte[] digest(HashAlgorithm hash, InputStream document) {
        MessageDigest md = hash.newDigest();
        byte[] buf = new byte[64 * 1024];
        try {
            for (int n = document.read(buf); n >= 0; n = document.read(buf)) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the document: " + e.getMessage(), e);
        }
        return md.digest();
    }

    /**
     * Prepares the signature of a document known only by its digest (SHA-256 for RSA and P-256 keys,
     * see {@link #algorithm()}).
     *
     * @throws BadInputException if the digest has the wrong length, or the certificate is not valid at the signing time
     */
    public PreparedSignature prepareDigest(byte[] documentDigest) {
        if (documentDigest.length != algorithm.hash().length()) {
            throw new BadInputException("the document digest is " + documentDigest.length + " bytes; " + algorithm
                    + " needs a " + algorithm.hash().jcaName() + " digest of " + algorithm.hash().length() + " bytes");
        }
        Instant signingTime = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate leaf = chain.get(0);
        if (signingTime.isBefore(leaf.getNotBefore().toInstant()) || signingTime.isAfter(leaf.getNotAfter().toInstant())) {
            throw new BadInputException("the certificate '" + leaf.getSubjectX500Principal().getName() + "' is valid from "
                    + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ", not at the signing time "
                    + signingTime + ": verifiers would refuse the signature");
        }
        return new PreparedSignature(SignedAttributes.build(documentDigest, chain.get(0), signingTime), chain);
    }

    /**
     * Prepares one signature per document, in order, all with the same signing time.
     *
     * @throws BadInputException if the batch is empty or larger than {@link #maxBatchSize()}
     */
    public List<PreparedSignature> prepareAll(List<byte[]> documents) {
        checkBatch(documents.size());
        List<byte[]> digests = new ArrayList<>(documents.size());
        for (byte[] d : documents) {
            digests.add(algorithm.hash().hash(d));
        }
        return prepareAllDigests(digests);
    }

    /** As {@link #prepareAll}, from the documents' digests. */
    public List<PreparedSignature> prepareAllDigests(List<byte[]> documentDigests) {
        checkBatch(documentDigests.size());
        CadesSigner fixed = new Builder(chain).clock(Clock.fixed(clock.instant(), clock.getZone())).maxBatchSize(maxBatchSize).build();
        List<PreparedSignature> out = new ArrayList<>(documentDigests.size());
        for (byte[] d : documentDigests) {
            out.add(fixed.prepareDigest(d));
        }
        return List.copyOf(out);
    }

    private void checkBatch(int size) {
        if (size < 1 || size > maxBatchSize) {
            throw new BadInputException("a batch holds 1 to " + maxBatchSize + " documents; got " + size
                    + (size > maxBatchSize ? ": split it into smaller batches" : ""));
        }
    }

    /**
     * Completes a prepared signature with the raw signature value the signer returned over
     * {@link PreparedSignature#hashToSign()} (for RSA: the PKCS#1 v1.5 value, exactly the key's
     * length; for ECDSA: DER or r‖s). The value is checked against the certificate's key first.
     *
     * @return the DER CMS {@code ContentInfo} of a detached CAdES-B signature (a {@code .p7s})
     * @throws dev.qseal.core.MalformedSignatureException if the value cannot be a signature of this key
     * @throws dev.qseal.core.VerificationException if it does not verify (another key, another hash)
     */
    public static byte[] complete(PreparedSignature prepared, byte[] rawSignature) {
        PublicKey key = prepared.certificate().getPublicKey();
        SignatureAlgorithm alg = prepared.algorithm();
        byte[] signature = SignatureValues.normalise(alg, key, rawSignature);
        if (!alg.verifyDigest(key, prepared.hashToSign(), signature)) {
            VerificationResult.invalid(Failure.SIGNATURE_MISMATCH, SignatureValues.whyNot(alg, key, signature, signerName(prepared)))
                    .orThrow();
        }
        return CmsAssembler.assemble(prepared.signedAttributes(), prepared.certificateChain(), alg, signature);
    }

    /**
     * As {@link #complete(PreparedSignature, byte[])}, and first checks that {@code document} is the
     * document that was prepared.
     *
     * @throws dev.qseal.core.VerificationException if the document differs (tampered or another one)
     */
    public static byte[] complete(PreparedSignature prepared, byte[] rawSignature, byte[] document) {
        prepared.checkDocument(new java.io.ByteArrayInputStream(document));
        return complete(prepared, rawSignature);
    }

    /**
     * Completes a batch: {@code rawSignatures.get(i)} belongs to {@code prepared.get(i)}. All are
     * checked before any is used; a value that belongs to another item is named as such.
     *
     * @throws BadInputException if the lists differ in length
     * @throws dev.qseal.core.VerificationException naming the first item that does not verify
     */
    public static List<byte[]> completeAll(List<PreparedSignature> prepared, List<byte[]> rawSignatures) {
        if (prepared.size() != rawSignatures.size()) {
            throw new BadInputException("there are " + rawSignatures.size() + " signature values for " + prepared.size()
                    + " prepared signatures: give one value per prepared signature, in the same order");
        }
        List<byte[]> out = new ArrayList<>(prepared.size());
        for (int i = 0; i < prepared.size(); i++) {
            PreparedSignature p = prepared.get(i);
            try {
                out.add(complete(p, rawSignatures.get(i)));
            } catch (MalformedSignatureException e) {
                throw new MalformedSignatureException("signature value " + (i + 1) + " of " + prepared.size() + ": " + e.getMessage());
            } catch (dev.qseal.core.VerificationException e) {
                byte[] value = SignatureValues.normalise(p.algorithm(), p.certificate().getPublicKey(), rawSignatures.get(i));
                for (int j = 0; j < prepared.size(); j++) {
                    PreparedSignature other = prepared.get(j);
                    if (j != i && other.certificate().getPublicKey().equals(p.certificate().getPublicKey())
                            && p.algorithm().verifyDigest(p.certificate().getPublicKey(), other.hashToSign(), value)) {
                        VerificationResult.invalid(Failure.SIGNATURE_MISMATCH, "signature value " + (i + 1) + " of "
                                + prepared.size() + " is the signature of item " + (j + 1)
                                + ": the values are not in the order of the prepared signatures").orThrow();
                    }
                }
                VerificationResult.invalid(Failure.SIGNATURE_MISMATCH, "signature value " + (i + 1) + " of " + prepared.size()
                        + ": " + e.diagnosis()).orThrow();
            }
        }
        return List.copyOf(out);
    }

    /**
     * Signs {@code document} with {@code key} in one call (prepare, {@link SigningKey#signDigest},
     * complete), with the key's certificate chain and the system clock.
     *
     * @throws BadInputException if the key has no certificate
     */
    public static byte[] sign(byte[] document, SigningKey key) {
        return signAll(List.of(document), key).get(0);
    }

    /**
     * Signs up to {@value #DEFAULT_MAX_BATCH_SIZE} documents with {@code key}: the hashes go to
     * {@link SigningKey#signDigestBatch} together (one round trip for a remote key).
     */
    public static List<byte[]> signAll(List<byte[]> documents, SigningKey key) {
        CadesSigner signer = forKey(key);
        List<PreparedSignature> prepared = signer.prepareAll(documents);
        List<byte[]> hashes = new ArrayList<>(prepared.size());
        for (PreparedSignature p : prepared) {
            hashes.add(p.hashToSign());
        }
        return completeAll(prepared, key.signDigestBatch(signer.algorithm(), hashes));
    }

    /**
     * A signer with {@code key}'s certificate chain.
     *
     * @throws BadInputException if the key has no certificate
     * @throws UnsupportedAlgorithmException if the key cannot sign the algorithm its certificate calls for
     */
    public static CadesSigner forKey(SigningKey key) {
        if (key.certificateChain().isEmpty()) {
            throw new BadInputException("the key " + key.description() + " has no certificate: a CAdES signature names the "
                    + "signer's certificate, so give the certificate issued for this key");
        }
        CadesSigner signer = builder(key.certificateChain()).build();
        if (!key.algorithms().contains(signer.algorithm())) {
            throw new UnsupportedAlgorithmException("the key " + key.description() + " cannot sign with " + signer.algorithm());
        }
        return signer;
    }

    /** PKCS#1 v1.5 with SHA-256 for RSA, ECDSA (DER) with the curve's hash for EC. */
    static SignatureAlgorithm algorithmFor(PublicKey key) {
        KeyType type = KeyType.of(key);
        return SignatureAlgorithm.forKeyType(type).stream()
                .filter(a -> a.scheme() == SignatureAlgorithm.Scheme.RSA_PKCS1 || a.scheme() == SignatureAlgorithm.Scheme.ECDSA_DER)
                .findFirst()
                .orElseThrow(() -> new UnsupportedAlgorithmException("CAdES signatures with " + type
                        + " keys are not supported: use an RSA or EC (P-256/384/521) key"));
    }

    private static String signerName(PreparedSignature p) {
        return p.certificate().getSubjectX500Principal().getName();
    }
}
