package dev.qseal.cades;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.VerificationException;
import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CadesSignerTest {
    private static final TestPki PKI = TestPki.get();
    private static final byte[] DOC = "Car insurance contract, version 3\n".getBytes(StandardCharsets.UTF_8);
    private static final Instant T = Instant.parse("2026-11-30T10:15:30.750Z");

    private static CadesSigner rsaSigner() {
        return CadesSigner.builder(PKI.rsaChain()).clock(Clock.fixed(T, ZoneOffset.UTC)).build();
    }

    /** What itsme does: a plain PKCS#1 v1.5 SHA-256 signature over the data whose hash it was sent. */
    private static byte[] remoteRsaSignature(PrivateKey key, PreparedSignature p) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(p.signedAttributes());
        return s.sign();
    }

    @Test
    void theHashToSignIsTheSha256OfTheSignedAttributesEncodedAsADerSet() {
        PreparedSignature p = rsaSigner().prepare(DOC);
        byte[] attrs = p.signedAttributes();
        assertEquals(0x31, attrs[0] & 0xff);
        assertArrayEquals(HashAlgorithm.SHA_256.hash(attrs), p.hashToSign());
        assertArrayEquals(HashAlgorithm.SHA_256.hash(DOC), p.documentDigest());
        assertEquals(Instant.parse("2026-11-30T10:15:30Z"), p.signingTime());
        assertEquals(SignatureAlgorithm.RSA_PKCS1_SHA256, p.algorithm());
        assertEquals(32, p.hashToSign().length);
    }

    @Test
    void aRawPkcs1SignatureFromARemoteSignerCompletesIntoACmsThatBouncyCastleVerifiesWithTheSameAttributes() throws Exception {
        PreparedSignature p = rsaSigner().prepare(DOC);
        byte[] p7s = CadesSigner.complete(p, remoteRsaSignature(PKI.rsaKey.getPrivate(), p), DOC);

        CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(DOC), p7s);
        SignerInformation si = cms.getSignerInfos().getSigners().iterator().next();
        assertTrue(si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(PKI.rsaCert)));
        assertArrayEquals(p.signedAttributes(), si.getEncodedSignedAttributes());
        assertEquals(PKCSObjectIdentifiers.rsaEncryption.getId(), si.getEncryptionAlgOID());
        assertEquals("2.16.840.1.101.3.4.2.1", si.getDigestAlgOID());
        assertEquals(PKI.rsaCert.getSerialNumber(), si.getSID().getSerialNumber());
        assertEquals(2, cms.getCertificates().getMatches(null).size());
        assertEquals(4, si.getSignedAttributes().size());
        assertTrue(si.getSignedAttributes().get(CMSAttributes.signingTime) != null);
        assertTrue(si.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2) != null);
        SignedData sd = SignedData.getInstance(ContentInfo.getInstance(p7s).getContent());
        assertEquals(null, sd.getEncapContentInfo().getContent(), "detached: no content inside");

        assertTrue(CadesVerifier.builder().trustAnchors(List.of(PKI.root)).build().verify(p7s, DOC).isValid());
    }

    @Test
    void openSslVerifiesTheSignatureAndTheChainToTheRootAndRefusesAChangedDocument(@TempDir Path dir) throws Exception {
        PreparedSignature p = rsaSigner().prepare(DOC);
        Path p7s = Files.write(dir.resolve("contract.pdf.p7s"), CadesSigner.complete(p, remoteRsaSignature(PKI.rsaKey.getPrivate(), p)));
        Path doc = Files.write(dir.resolve("contract.pdf"), DOC);
        Path ca = TestPki.writePem(dir.resolve("root.pem"), PKI.root);

        OpenSslCms.Outcome ok = OpenSslCms.verify(p7s, doc, ca);
        assertEquals(0, ok.exit, ok.toString());
        assertTrue(ok.stderr.contains("Verification successful"), ok.toString());

        byte[] changed = DOC.clone();
        changed[0] ^= 1;
        OpenSslCms.Outcome bad = OpenSslCms.verify(p7s, Files.write(dir.resolve("changed.pdf"), changed), ca);
        assertNotEquals(0, bad.exit, bad.toString());
    }

    @Test
    void anEcKeySignsWithEcdsaAndBothOpenSslAndBouncyCastleVerify(@TempDir Path dir) throws Exception {
        byte[] p7s = CadesSigner.sign(DOC, PKI.ecSigningKey());
        SignerInformation si = new CMSSignedData(new CMSProcessableByteArray(DOC), p7s).getSignerInfos().getSigners().iterator().next();
        assertEquals(X9ObjectIdentifiers.ecdsa_with_SHA256.getId(), si.getEncryptionAlgOID());
        assertTrue(CadesVerifier.builder().trustAnchors(List.of(PKI.root)).build().verify(p7s, DOC).isValid());

        OpenSslCms.Outcome ok = OpenSslCms.verify(Files.write(dir.resolve("d.p7s"), p7s), Files.write(dir.resolve("d"), DOC),
                TestPki.writePem(dir.resolve("root.pem"), PKI.root));
        assertEquals(0, ok.exit, ok.toString());
    }

    @Test
    void anEcdsaValueInRawRsFormIsAcceptedAndStoredAsDer() {
        CadesSigner signer = CadesSigner.builder(PKI.ecChain()).build();
        PreparedSignature p = signer.prepare(DOC);
        byte[] raw = PKI.ecSigningKey().signDigest(SignatureAlgorithm.ECDSA_P256_SHA256_RAW, p.hashToSign());
        assertEquals(64, raw.length);
        assertTrue(CadesVerifier.create().verify(CadesSigner.complete(p, raw), DOC).isValid());
    }

    @Test
    void aChangedDocumentIsRefusedAtComplete() throws Exception {
        PreparedSignature p = rsaSigner().prepare(DOC);
        byte[] sig = remoteRsaSignature(PKI.rsaKey.getPrivate(), p);
        byte[] changed = Arrays.copyOf(DOC, DOC.length + 1);
        VerificationException e = assertThrows(VerificationException.class, () -> CadesSigner.complete(p, sig, changed));
        assertTrue(e.failure() == Failure.DIGEST_MISMATCH && e.getMessage().contains("not the one prepared"), e.getMessage());

        byte[] p7s = CadesSigner.complete(p, sig);
        VerificationResult r = CadesVerifier.create().verify(p7s, changed);
        assertEquals(Failure.DIGEST_MISMATCH, r.failure().orElseThrow(), r.toString());
    }

    @Test
    void aSignatureByAnotherKeyIsRefusedAtComplete() throws Exception {
        PreparedSignature p = rsaSigner().prepare(DOC);
        byte[] byOther = remoteRsaSignature(PKI.otherKey.getPrivate(), p);
        VerificationException e = assertThrows(VerificationException.class, () -> CadesSigner.complete(p, byOther));
        assertTrue(e.getMessage().contains("not made with the key of the certificate") && e.getMessage().contains("CN=Alice Signer"), e.getMessage());
    }

    @Test
    void aSignatureOverAnotherItemsHashIsRefusedAndTheBatchNamesTheItemItBelongsTo() throws Exception {
        List<PreparedSignature> batch = rsaSigner().prepareAll(List.of(DOC, "second document".getBytes(StandardCharsets.UTF_8)));
        byte[] sig0 = remoteRsaSignature(PKI.rsaKey.getPrivate(), batch.get(0));
        byte[] sig1 = remoteRsaSignature(PKI.rsaKey.getPrivate(), batch.get(1));

        VerificationException single = assertThrows(VerificationException.class, () -> CadesSigner.complete(batch.get(0), sig1));
        assertTrue(single.getMessage().contains("over another hash"), single.getMessage());

        VerificationException swapped = assertThrows(VerificationException.class,
                () -> CadesSigner.completeAll(batch, List.of(sig1, sig0)));
        assertTrue(swapped.getMessage().contains("signature value 1 of 2 is the signature of item 2"), swapped.getMessage());

        MalformedSignatureException truncated = assertThrows(MalformedSignatureException.class,
                () -> CadesSigner.completeAll(batch, List.of(sig0, Arrays.copyOf(sig1, 100))));
        assertTrue(truncated.getMessage().startsWith("signature value 2 of 2: the signature value is 100 bytes"), truncated.getMessage());
        assertThrows(BadInputException.class, () -> CadesSigner.completeAll(batch, List.of(sig0)));

        assertEquals(2, CadesSigner.completeAll(batch, List.of(sig0, sig1)).size());
    }

    @Test
    void malformedRawValuesAreRefusedAsMalformed() throws Exception {
        PreparedSignature p = rsaSigner().prepare(DOC);
        byte[] sig = remoteRsaSignature(PKI.rsaKey.getPrivate(), p);
        MalformedSignatureException shortValue = assertThrows(MalformedSignatureException.class,
                () -> CadesSigner.complete(p, Arrays.copyOf(sig, 255)));
        assertTrue(shortValue.getMessage().contains("255 bytes") && shortValue.getMessage().contains("exactly 256"), shortValue.getMessage());
        assertThrows(MalformedSignatureException.class, () -> CadesSigner.complete(p, new byte[0]));
        byte[] allOnes = new byte[256];
        Arrays.fill(allOnes, (byte) 0xff); // larger than the modulus
        assertThrows(VerificationException.class, () -> CadesSigner.complete(p, allOnes));

        PreparedSignature ec = CadesSigner.builder(PKI.ecChain()).build().prepare(DOC);
        assertThrows(MalformedSignatureException.class, () -> CadesSigner.complete(ec, new byte[] {0x30, 0x03, 0x02, 0x01}));
    }

    @Test
    void aBatchOfSeventyIsSignedThroughSignDigestBatchAndSeventyOneIsRefused() {
        SoftwareSigningKey key = PKI.rsaSigningKey();
        List<byte[]> docs = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            docs.add(("document " + i).getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> signatures = CadesSigner.signAll(docs, key);
        assertEquals(70, signatures.size());
        CadesVerifier verifier = CadesVerifier.builder().trustAnchors(List.of(PKI.root)).build();
        for (int i = 0; i < 70; i++) {
            assertTrue(verifier.verify(signatures.get(i), docs.get(i)).isValid(), "item " + i);
        }
        assertEquals(Failure.DIGEST_MISMATCH, verifier.verify(signatures.get(0), docs.get(1)).failure().orElseThrow());

        docs.add("document 70".getBytes(StandardCharsets.UTF_8));
        BadInputException tooMany = assertThrows(BadInputException.class, () -> CadesSigner.signAll(docs, key));
        assertTrue(tooMany.getMessage().contains("1 to 70 documents; got 71"), tooMany.getMessage());
        assertThrows(BadInputException.class, () -> rsaSigner().prepareAll(docs));
        assertThrows(BadInputException.class, () -> rsaSigner().prepareAll(List.of()));
        assertEquals(71, CadesSigner.builder(PKI.rsaChain()).maxBatchSize(100).build().prepareAll(docs).size());
    }

    @Test
    void theBatchSharesOneSigningTimeAndGivesDistinctHashes() {
        List<PreparedSignature> batch = CadesSigner.builder(PKI.rsaChain()).build()
                .prepareAll(List.of(DOC, DOC, "x".getBytes(StandardCharsets.UTF_8)));
        assertEquals(batch.get(0).signingTime(), batch.get(2).signingTime());
        assertArrayEquals(batch.get(0).hashToSign(), batch.get(1).hashToSign());
        assertNotEquals(Arrays.toString(batch.get(0).hashToSign()), Arrays.toString(batch.get(2).hashToSign()));
    }

    @Test
    void thePreparedStateSurvivesSerialisationAndCompletesLater() throws Exception {
        PreparedSignature p = rsaSigner().prepare(DOC);
        byte[] bytes = p.toBytes();
        assertTrue(bytes.length < 4096, "small: " + bytes.length);
        PreparedSignature back = PreparedSignature.fromBytes(bytes);
        assertEquals(p, back);
        assertArrayEquals(p.hashToSign(), back.hashToSign());
        assertEquals(p.signingTime(), back.signingTime());
        assertEquals(p.certificateChain(), back.certificateChain());
        PreparedSignature fromText = PreparedSignature.fromBase64(p.toBase64());
        assertArrayEquals(p.signedAttributes(), fromText.signedAttributes());
        byte[] p7s = CadesSigner.complete(back, remoteRsaSignature(PKI.rsaKey.getPrivate(), p), DOC);
        assertTrue(CadesVerifier.create().verify(p7s, DOC).isValid());
    }

    @Test
    void aDamagedOrOversizedStateIsRefusedAsBadInput() {
        byte[] bytes = rsaSigner().prepare(DOC).toBytes();
        assertThrows(BadInputException.class, () -> PreparedSignature.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(BadInputException.class, () -> PreparedSignature.fromBytes(new byte[0]));
        assertThrows(BadInputException.class, () -> PreparedSignature.fromBytes(new byte[PreparedSignature.MAX_ENCODED_BYTES + 1]));
        assertThrows(BadInputException.class, () -> PreparedSignature.fromBase64("not base64!"));
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 3] ^= 0x01; // inside the signed attributes or a certificate
        assertThrows(BadInputException.class, () -> PreparedSignature.fromBytes(flipped));
    }

    @Test
    void aStateWhoseAttributesNameAnotherCertificateIsRefused() {
        PreparedSignature alice = rsaSigner().prepare(DOC);
        // splice Alice's signed attributes with Mallory's certificate: the ESSCertIDv2 no longer matches
        PreparedSignature mallory = CadesSigner.builder(List.of(PKI.otherCert)).build().prepare(DOC);
        byte[] a = alice.toBytes();
        byte[] m = mallory.toBytes();
        byte[] attrsA = alice.signedAttributes();
        byte[] attrsM = mallory.signedAttributes();
        assertEquals(attrsA.length, attrsM.length);
        int at = TestBytes.indexOf(m, attrsM);
        System.arraycopy(attrsA, 0, m, at, attrsA.length);
        BadInputException e = assertThrows(BadInputException.class, () -> PreparedSignature.fromBytes(m));
        assertTrue(e.getMessage().contains("name another certificate"), e.getMessage());
        assertTrue(a.length > 0);
    }

    @Test
    void aKeyWithoutACertificateCannotMakeACadesSignature() {
        SoftwareSigningKey bare = new SoftwareSigningKey("bare key", PKI.rsaKey.getPrivate(), PKI.rsaKey.getPublic(), List.of());
        BadInputException e = assertThrows(BadInputException.class, () -> CadesSigner.sign(DOC, bare));
        assertTrue(e.getMessage().contains("has no certificate"), e.getMessage());
        assertThrows(BadInputException.class, () -> CadesSigner.builder(List.of()));
    }

    @Test
    void aSigningTimeOutsideTheCertificatesValidityIsRefusedAtPrepare() {
        CadesSigner early = CadesSigner.builder(PKI.rsaChain()).clock(Clock.fixed(Instant.parse("2019-06-01T00:00:00Z"), ZoneOffset.UTC)).build();
        BadInputException e = assertThrows(BadInputException.class, () -> early.prepare(DOC));
        assertTrue(e.getMessage().contains("not at the signing time 2019-06-01T00:00:00Z"), e.getMessage());
    }

    @Test
    void theVerifierAcceptsACadesSignatureMadeByBouncyCastlesOwnGeneratorWithMoreAttributes() throws Exception {
        // a peer producer: BC adds signing-time and CMS algorithm protection itself; we add signing-certificate-v2
        ESSCertIDv2 id = new ESSCertIDv2(HashAlgorithm.SHA_256.hash(PKI.rsaCert.getEncoded()),
                new IssuerSerial(new GeneralNames(new GeneralName(
                        X500Name.getInstance(PKI.rsaCert.getIssuerX500Principal().getEncoded()))),
                        PKI.rsaCert.getSerialNumber()));
        ASN1EncodableVector extra = new ASN1EncodableVector();
        extra.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {id}))));
        CMSSignedDataGenerator g = new CMSSignedDataGenerator();
        g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().build())
                .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(
                        new AttributeTable(extra)))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(PKI.rsaKey.getPrivate()),
                        PKI.rsaCert));
        g.addCertificates(new JcaCertStore(PKI.rsaChain()));
        byte[] p7s = g.generate(new CMSProcessableByteArray(DOC), false).getEncoded("DER");

        VerificationResult r = CadesVerifier.builder().trustAnchors(List.of(PKI.root)).build().verify(p7s, DOC);
        assertTrue(r.isValid(), r.toString());
        assertEquals(Failure.DIGEST_MISMATCH, CadesVerifier.create().verify(p7s, Arrays.copyOf(DOC, 3)).failure().orElseThrow());
    }

    @Test
    void aDigestOfTheWrongLengthIsRefused() {
        BadInputException e = assertThrows(BadInputException.class, () -> rsaSigner().prepareDigest(new byte[20]));
        assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
    }

    @Test
    void theVerifierExplainsMalformedInputAndAnUntrustedRoot() throws Exception {
        assertEquals(Failure.MALFORMED_SIGNATURE, CadesVerifier.create().verify(new byte[] {1, 2, 3}, DOC).failure().orElseThrow());
        byte[] p7s = CadesSigner.sign(DOC, PKI.otherSigningKey());
        assertTrue(CadesVerifier.create().verify(p7s, DOC).isValid());
        VerificationResult untrusted = CadesVerifier.builder().trustAnchors(List.of(PKI.rsaCert)).build().verify(p7s, DOC);
        assertEquals(Failure.WRONG_KEY, untrusted.failure().orElseThrow(), untrusted.toString());
        Collection<?> signers = new CMSSignedData(new CMSProcessableByteArray(DOC), p7s).getSignerInfos().getSigners();
        assertEquals(1, signers.size());
    }
}
