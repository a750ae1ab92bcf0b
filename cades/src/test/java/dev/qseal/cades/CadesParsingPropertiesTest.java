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

    @Property(tries = 300)
    void aSignatureWithOneByteChangedNeverVerifiesAndNeverThrows(@ForAll @IntRange(min = 0, max = 100_000) int where,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] damaged = P7S.clone();
        int i = where % damaged.length;
        damaged[i] ^= (byte) xor;
        // without trust anchors, only the root certificate (carried along, not the signer's) is not covered
        if (CadesVerifier.create().verify(damaged, DOC).isValid()) {
            assertTrue(i >= ROOT_AT && i < ROOT_AT + ROOT_LENGTH, "a change at byte " + i + " went unnoticed");
        }
    }
}
