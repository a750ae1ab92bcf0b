package dev.qseal.jca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignatureTest {
    static final byte[] MSG = "POST /v1/payments/sepa-credit-transfers\ndigest: SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
            .getBytes(StandardCharsets.UTF_8);
    static Fixtures f;
    static PrivateKey rsa;
    static PrivateKey ec;
    static PublicKey rsaPub;
    static PublicKey ecPub;

    @BeforeAll
    static void setUp() throws Exception {
        f = Fixtures.get();
        Fixtures.QsealKeys keys = new Fixtures.QsealKeys(f);
        rsa = keys.rsa;
        ec = keys.ec;
        rsaPub = keys.rsaPub;
        ecPub = keys.ecPub;
    }

    /** Signs with a plain {@code Signature.getInstance(alg)} (delayed provider selection) and checks QSeal signed. */
    static byte[] sign(String alg, PrivateKey key, byte[] data) throws Exception {
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        assertEquals("QSeal", s.getProvider().getName(), alg + " with a QSeal key goes to QSeal");
        // feed it in pieces: the SPI hashes incrementally
        s.update(data, 0, 10);
        s.update(data[10]);
        s.update(java.nio.ByteBuffer.wrap(data, 11, data.length - 11));
        return s.sign();
    }

    /** Verifies with the JDK alone (the QSeal provider is not asked for public keys). */
    static boolean jdkVerifies(String alg, PublicKey pub, byte[] data, byte[] sig, PSSParameterSpec pss) throws Exception {
        Signature v = Signature.getInstance(alg);
        v.initVerify(pub);
        if (pss != null) {
            v.setParameter(pss);
        }
        assertNotEquals("QSeal", v.getProvider().getName());
        v.update(data);
        return v.verify(sig);
    }

    @Test
    void pkcs1SignaturesAreByteIdenticalToTheJdksWithTheSameKey() throws Exception {
        PrivateKey plain = Fixtures.jdkPrivateKey(f.rsaKey, "RSA");
        for (String alg : new String[] {"SHA256withRSA", "SHA384withRSA", "SHA512withRSA"}) {
            byte[] ours = sign(alg, rsa, MSG);
            Signature jdk = Signature.getInstance(alg);
            jdk.initSign(plain);
            assertNotEquals("QSeal", jdk.getProvider().getName(), "a JDK key still signs in the JDK");
            jdk.update(MSG);
            assertArrayEquals(jdk.sign(), ours, alg);
            assertTrue(jdkVerifies(alg, rsaPub, MSG, ours, null));
        }
    }

    @Test
    void rsaPssTakesItsSaltFromTheParameterSpec() throws Exception {
        for (int salt : new int[] {32, 0, 222}) {
            PSSParameterSpec spec = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1);
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.initSign(rsa);
            s.setParameter(spec);
            assertEquals("QSeal", s.getProvider().getName());
            assertEquals(spec.getSaltLength(), s.getParameters().getParameterSpec(PSSParameterSpec.class).getSaltLength());
            s.update(MSG);
            byte[] sig = s.sign();
            assertTrue(jdkVerifies("RSASSA-PSS", rsaPub, MSG, sig, spec), "salt " + salt);
            PSSParameterSpec other = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt == 32 ? 20 : 32, 1);
            assertFalse(jdkVerifies("RSASSA-PSS", rsaPub, MSG, sig, other), "the salt length is the one asked for");
        }
        PSSParameterSpec sha512 = new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1);
        // parameters before the key: only with the provider named (delayed selection would settle on the JDK)
        Signature s = Signature.getInstance("RSASSA-PSS", "QSeal");
        s.setParameter(sha512);
        s.initSign(rsa);
        s.update(MSG);
        assertTrue(jdkVerifies("RSASSA-PSS", rsaPub, MSG, s.sign(), sha512));
        Signature mixed = Signature.getInstance("RSASSA-PSS", "QSeal");
        assertThrows(java.security.InvalidAlgorithmParameterException.class, () -> mixed.setParameter(
                new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA512, 32, 1)));
        Signature noParams = Signature.getInstance("RSASSA-PSS", "QSeal");
        noParams.initSign(rsa);
        assertThrows(SignatureException.class, () -> noParams.update(MSG));
    }

    @Test
    void ecdsaDerAndP1363VerifyInTheJdk() throws Exception {
        for (String alg : new String[] {"SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA"}) {
            byte[] der = sign(alg, ec, MSG);
            assertEquals(0x30, der[0] & 0xff, "DER SEQUENCE");
            assertTrue(jdkVerifies(alg, ecPub, MSG, der, null), alg);
            String p1363 = alg + "inP1363Format";
            byte[] raw = sign(p1363, ec, MSG);
            assertEquals(64, raw.length);
            assertTrue(jdkVerifies(p1363, ecPub, MSG, raw, null), p1363);
            assertFalse(jdkVerifies(p1363, ecPub, "other".getBytes(StandardCharsets.UTF_8), raw, null));
        }
    }

    @Test
    void noneWithRsaSignsADigestInfoAsHashSigning() throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(MSG);
        byte[] digestInfo = HexFormat.of().parseHex("3031300d060960864801650304020105000420");
        byte[] input = new byte[digestInfo.length + hash.length];
        System.arraycopy(digestInfo, 0, input, 0, digestInfo.length);
        System.arraycopy(hash, 0, input, digestInfo.length, hash.length);
        byte[] none = sign("NONEwithRSA", rsa, input);
        assertArrayEquals(sign("SHA256withRSA", rsa, MSG), none, "PKCS#1 v1.5 is deterministic");

        Signature s = Signature.getInstance("NONEwithRSA");
        s.initSign(rsa);
        s.update(new byte[36]); // TLS 1.0 MD5||SHA-1: not a DigestInfo
        SignatureException e = assertThrows(SignatureException.class, s::sign);
        assertTrue(e.getMessage().contains("DigestInfo"), e.getMessage());
    }

    @Test
    void noneWithEcdsaSignsTheGivenHash() throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(MSG);
        assertTrue(jdkVerifies("SHA256withECDSA", ecPub, MSG, sign("NONEwithECDSA", ec, hash), null));
        assertTrue(jdkVerifies("SHA256withECDSAinP1363Format", ecPub, MSG, sign("NONEwithECDSAinP1363Format", ec, hash), null));
        byte[] sha384 = MessageDigest.getInstance("SHA-384").digest(MSG);
        assertTrue(jdkVerifies("SHA384withECDSA", ecPub, MSG, sign("NONEwithECDSA", ec, sha384), null), "longer hash truncated as ECDSA does");
    }

    @Test
    void ed25519KeysSignWithEd25519() throws Exception {
        KeyStore ks = KeyStore.getInstance("QSEAL");
        ks.load(null, null);
        PrivateKey ed = (PrivateKey) ks.getKey(f.edRef(), null);
        QsealEdPrivateKey q = (QsealEdPrivateKey) ed;
        assertEquals("EdDSA", ed.getAlgorithm());
        byte[] sig = sign("Ed25519", ed, MSG);
        assertEquals(64, sig.length);
        assertTrue(jdkVerifies("Ed25519", q.publicKey(), MSG, sig, null));
    }

    @Test
    void qsealKeysAreRefusedByAlgorithmsOfAnotherKeyType() throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        assertThrows(InvalidKeyException.class, () -> s.initSign(ec));
        Signature e = Signature.getInstance("SHA256withECDSA");
        assertThrows(InvalidKeyException.class, () -> e.initSign(rsa));
    }

    @Test
    void theQsealProviderHandsOrdinaryKeysAndVerificationToTheJdk() throws Exception {
        PrivateKey plain = Fixtures.jdkPrivateKey(f.rsaKey, "RSA");
        Signature s = Signature.getInstance("SHA256withRSA", "QSeal");
        s.initSign(plain);
        s.update(MSG);
        byte[] plainSig = s.sign();
        assertTrue(jdkVerifies("SHA256withRSA", rsaPub, MSG, plainSig, null), "an ordinary key is signed by the JDK");
        Signature none = Signature.getInstance("SHA256withRSA", "QSeal");
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> none.initSign(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());

        Signature signer = Signature.getInstance("SHA256withECDSA", "QSeal");
        signer.initSign(ec);
        signer.update(MSG);
        byte[] sig = signer.sign();
        Signature v = Signature.getInstance("SHA256withECDSA", "QSeal");
        v.initVerify(ecPub);
        v.update(MSG);
        assertTrue(v.verify(sig), "explicit QSeal verification is the JDK's");
        v.initVerify(ecPub);
        v.update(new byte[] {1});
        assertFalse(v.verify(sig));
    }

    @Test
    void jdkKeysStillSignInTheJdkWithQsealInstalled() throws Exception {
        PrivateKey plainEc = Fixtures.jdkPrivateKey(f.ecKey, "EC");
        for (String alg : new String[] {"SHA256withECDSA", "SHA256withECDSAinP1363Format", "NONEwithECDSA"}) {
            Signature s = Signature.getInstance(alg);
            s.initSign(plainEc);
            assertEquals("SunEC", s.getProvider().getName(), alg);
        }
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        pss.initSign(Fixtures.jdkPrivateKey(f.rsaKey, "RSA"));
        assertEquals("SunRsaSign", pss.getProvider().getName());
        Signature none = Signature.getInstance("NONEwithRSA");
        none.initSign(Fixtures.jdkPrivateKey(f.rsaKey, "RSA"));
        assertNotEquals("QSeal", none.getProvider().getName());
    }
}
