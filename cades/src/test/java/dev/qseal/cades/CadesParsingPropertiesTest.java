package dev.qseal.cades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The state parser and the verifier on arbitrary and damaged input: only their documented outcomes. */
class CadesParsingPropertiesTest {
    private static final byte[] DOC = "the document".getBytes(StandardCharsets.UTF_8);
    private static final byte[] STATE = CadesSigner.builder(TestPki.get().ecChain()).build().prepare(DOC).toBytes();
    private static final byte[] P7S = CadesSigner.sign(DOC, TestPki.get().ecSigningKey());
    private static final int ROOT_LENGTH = encoded(TestPki.get().root).length;
    private static final int ROOT_AT = TestBytes.indexOf(P7S, encoded(TestPki.get().root));
    /**
     * The signer's issuer as the SignerInfo's sid names it: the first copy of that Name after both certificates (the
     * SignerInfo starts with its sid; signing-certificate-v2's issuerSerial comes later, inside the signed attributes).
     */
    private static final byte[] ISSUER = TestPki.get().ecCert.getIssuerX500Principal().getEncoded();
    private static final int SID_ISSUER_AT = indexOfAfter(P7S, ISSUER, Math.max(ROOT_AT + ROOT_LENGTH,
            TestBytes.indexOf(P7S, encoded(TestPki.get().ecCert)) + encoded(TestPki.get().ecCert).length));

    private static int indexOfAfter(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalStateException("the sid's issuer was not found");
    }

    /** The sid's issuer of {@code p7s}, compared with the signer's issuer by X.500 name matching (RFC 5280 §7.1). */
    private static boolean sidStillNamesTheSigner(byte[] p7s) {
        try {
            org.bouncycastle.asn1.x500.X500Name sid = new org.bouncycastle.cms.CMSSignedData(p7s).getSignerInfos()
                    .getSigners().iterator().next().getSID().getIssuer();
            return sid.equals(org.bouncycastle.asn1.x500.X500Name.getInstance(ISSUER));
        } catch (org.bouncycastle.cms.CMSException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] encoded(java.security.cert.X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 300)
    void arbitraryBytesAreNeverAPreparedSignature(@ForAll @Size(max = 600) byte[] bytes) {
        assertThrows(BadInputException.class, () -> PreparedSignature.fromBytes(bytes));
    }

    @Property(tries = 300)
    void aStateWithOneByteChangedIsRefusedOrStillNamesTheSameSigner(@ForAll @IntRange(min = 0, max = 100_000) int where,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] damaged = STATE.clone();
        damaged[where % damaged.length] ^= (byte) xor;
        try {
            PreparedSignature p = PreparedSignature.fromBytes(damaged);
            // a change that still parses (the signing time's digits, the root certificate) keeps the signer's certificate:
            // signing-certificate-v2 binds the signed attributes to it
            assertEquals(TestPki.get().ecCert, p.certificate());
        } catch (BadInputException expected) {
            // refused with the documented exception
        }
    }

    @net.jqwik.api.Example
    void signedAttributesUnderAnotherTagAreRefused() throws Exception {
        // found by the property below on a CI run: Bouncy Castle reads signedAttrs under any context tag, and the
        // signature covers them re-tagged as a SET, so [0] -> [1] still verified before the SignerInfo tags were checked
        byte[] attrs = new org.bouncycastle.cms.CMSSignedData(P7S).getSignerInfos().getSigners().iterator().next()
                .getEncodedSignedAttributes();
        int at = TestBytes.indexOf(P7S, java.util.Arrays.copyOfRange(attrs, 1, attrs.length)) - 1;
        assertEquals((byte) 0xa0, P7S[at]);
        byte[] damaged = P7S.clone();
        damaged[at] = (byte) 0xa1;
        dev.qseal.core.verify.VerificationResult r = CadesVerifier.create().verify(damaged, DOC);
        assertTrue(!r.isValid() && r.toString().contains("unexpected tag [1]"), r.toString());
    }

    @Property(tries = 300)
    void aSignatureWithOneByteChangedNeverVerifiesAndNeverThrows(@ForAll @IntRange(min = 0, max = 100_000) int where,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] damaged = P7S.clone();
        int i = where % damaged.length;
        damaged[i] ^= (byte) xor;
        // without trust anchors, only the root certificate (carried along, not the signer's) is not covered, and the
        // SignerInfo's sid: it names the signer's certificate by issuer and serial, matched as X.500 names are
        // (case and string type do not count), while signing-certificate-v2 in the signed attributes binds the
        // certificate itself. Found by this property on a CI run: a UTF8String tag turned into another string type.
        if (CadesVerifier.create().verify(damaged, DOC).isValid()) {
            boolean inRoot = i >= ROOT_AT && i < ROOT_AT + ROOT_LENGTH;
            boolean inSidIssuer = i >= SID_ISSUER_AT && i < SID_ISSUER_AT + ISSUER.length && sidStillNamesTheSigner(damaged);
            assertTrue(inRoot || inSidIssuer, "a change at byte " + i + " went unnoticed");
        }
    }
}
