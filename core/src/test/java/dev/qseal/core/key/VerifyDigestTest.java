package dev.qseal.core.key;

import dev.qseal.core.Fips;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.UnsupportedAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SignatureAlgorithm#verifyDigest}: the check a hash-signing backend's output must pass. */
class VerifyDigestTest {
    private static SoftwareSigningKey key(String alg, Object spec) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
        if (spec instanceof Integer) {
            g.initialize((Integer) spec);
        } else {
            g.initialize((ECGenParameterSpec) spec);
        }
        KeyPair kp = g.generateKeyPair();
        return new SoftwareSigningKey(alg + " test key", kp.getPrivate(), kp.getPublic(), List.of());
    }

    @Test
    void everyDigestSignatureVerifiesAndAnyChangedByteDoesNot() throws Exception {
        // 2049 bits: the PSS/PKCS#1 encodings are one byte shorter than the modulus, the edge case of RFC 8017
        for (SoftwareSigningKey k : List.of(key("RSA", 2048), key("RSA", 2049), key("EC", new ECGenParameterSpec("secp256r1")),
                key("EC", new ECGenParameterSpec("secp384r1")))) {
            for (SignatureAlgorithm a : k.algorithms()) {
                byte[] digest = a.hash().hash("hash signing".getBytes(StandardCharsets.UTF_8));
                if (a.scheme() == SignatureAlgorithm.Scheme.RSA_PSS && Fips.refused(() -> k.signDigest(a, digest))) {
                    continue; // no raw RSA in Bouncy Castle FIPS
                }
                byte[] sig = k.signDigest(a, digest);
                assertTrue(a.verifyDigest(k.publicKey(), digest, sig), a + " with " + k);
                assertTrue(a.verify(k.publicKey(), "hash signing".getBytes(StandardCharsets.UTF_8), sig), a + " over the message");
                byte[] otherDigest = digest.clone();
                otherDigest[0] ^= 1;
                assertFalse(a.verifyDigest(k.publicKey(), otherDigest, sig), a + " other digest");
                byte[] bad = sig.clone();
                bad[bad.length / 2] ^= 0x10;
                assertFalse(a.verifyDigest(k.publicKey(), digest, bad), a + " changed signature");
                assertFalse(a.verifyDigest(k.publicKey(), new byte[digest.length - 1], sig), a + " short digest");
            }
        }
    }

    @Test
    void aKeyOfTheWrongTypeIsAnError() throws Exception {
        SoftwareSigningKey ec = key("EC", new ECGenParameterSpec("secp256r1"));
        assertThrows(UnsupportedAlgorithmException.class,
                () -> SignatureAlgorithm.RSA_PKCS1_SHA256.verifyDigest(ec.publicKey(), new byte[32], new byte[256]));
    }
}
