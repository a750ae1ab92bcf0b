package dev.qseal.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.key.CryptoProviders;
import dev.qseal.core.key.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The post-sign check, with the native public operation (ACCP, on this module's test class path) and with the JDK's. */
class SignatureCheckTest {
    private static final byte[] MSG = "POST /v1/payments".getBytes(StandardCharsets.UTF_8);
    private static final SignatureAlgorithm PKCS1 = SignatureAlgorithm.RSA_PKCS1_SHA256;
    private static final KeyPair A = rsa(2048);
    private static final KeyPair B = rsa(2048);

    private static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] sign(KeyPair k, byte[] msg) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(k.getPrivate());
        s.update(msg);
        return s.sign();
    }

    private static byte[] signPss(KeyPair k, java.security.spec.PSSParameterSpec params) throws Exception {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(params);
        s.initSign(k.getPrivate());
        s.update(MSG);
        return s.sign();
    }

    /** A good signature passes; with one bit flipped, or over another message, it fails. Returns the path's name. */
    private static String goodPassesAlteredFails(SignatureCheck check, SignatureAlgorithm alg, byte[] good) {
        String path = check.usesNativeRsa() ? "native" : "JDK";
        assertTrue(check.verifies(alg, alg.hash().hash(MSG), good), path + " " + alg);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        assertFalse(check.verifies(alg, alg.hash().hash(MSG), flipped), path + " " + alg + ": one bit flipped");
        assertFalse(check.verifies(alg, alg.hash().hash("other".getBytes(StandardCharsets.UTF_8)), good),
                path + " " + alg + ": another message");
        return path;
    }

    private static List<SignatureCheck> bothPaths(KeyPair k) {
        return List.of(new SignatureCheck(k.getPublic()), new SignatureCheck(k.getPublic(), Optional.empty()));
    }

    @Test
    void theNativePathIsUsedWhenThePreferredProviderIsThereAndTheJdkPathOtherwise() {
        Optional<Provider> fast = CryptoProviders.preferred();
        assertEquals(fast.isPresent(), new SignatureCheck(A.getPublic()).usesNativeRsa(), "preferred provider: " + fast);
        assertFalse(new SignatureCheck(A.getPublic(), Optional.empty()).usesNativeRsa());
    }

    @Test
    void aGoodSignaturePassesAndEveryAlteredOneFailsOnBothPaths() throws Exception {
        byte[] digest = PKCS1.hash().hash(MSG);
        byte[] good = sign(A, MSG);
        byte[] modulus = ((RSAPublicKey) A.getPublic()).getModulus().toByteArray();
        for (SignatureCheck check : bothPaths(A)) {
            String path = goodPassesAlteredFails(check, PKCS1, good);
            assertFalse(check.verifies(PKCS1, digest, sign(B, MSG)), path + ": another key's signature");
            assertFalse(check.verifies(PKCS1, digest, Arrays.copyOf(good, good.length - 1)), path + ": too short");
            // the modulus itself, k bytes: not below the modulus (RSAVP1's range check), on either path
            byte[] n = Arrays.copyOfRange(modulus, modulus.length - good.length, modulus.length);
            assertFalse(check.verifies(PKCS1, digest, n), path + ": the modulus as a signature");
            assertFalse(check.verifies(SignatureAlgorithm.RSA_PSS_SHA256, digest, good), path + ": PKCS#1 signature as PSS");
        }
    }

    @Test
    void pssSignaturesAreCheckedWithTheirSaltLengthOnBothPaths() throws Exception {
        SignatureAlgorithm pss = SignatureAlgorithm.RSA_PSS_SHA256;
        byte[] good = signPss(A, pss.pssParameters());
        byte[] otherSalt = signPss(A, new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                java.security.spec.MGF1ParameterSpec.SHA256, pss.saltLength() + 1, 1));
        byte[] digest = pss.hash().hash(MSG);
        for (SignatureCheck check : bothPaths(A)) {
            String path = goodPassesAlteredFails(check, pss, good);
            assertFalse(check.verifies(pss, digest, otherSalt), path + ": another salt length");
            assertFalse(check.verifies(PKCS1, digest, good), path + ": a PSS signature as PKCS#1 v1.5");
        }
    }

    @Test
    void checksOfTwoKeysTakenInTurnOnOneThreadKeepWorking() throws Exception {
        // ACCP destroys a key when the cipher it was given to is initialised with another key: each check has its own
        SignatureCheck a = new SignatureCheck(A.getPublic());
        SignatureCheck b = new SignatureCheck(B.getPublic());
        byte[] digest = PKCS1.hash().hash(MSG);
        byte[] sigA = sign(A, MSG);
        byte[] sigB = sign(B, MSG);
        for (int i = 0; i < 5; i++) {
            assertTrue(a.verifies(PKCS1, digest, sigA), "A, round " + i);
            assertTrue(b.verifies(PKCS1, digest, sigB), "B, round " + i);
            assertFalse(a.verifies(PKCS1, digest, sigB), "B's signature with A, round " + i);
        }
    }

    @Test
    void manyThreadsShareOneCheck() throws Exception {
        SignatureCheck check = new SignatureCheck(A.getPublic());
        byte[] digest = PKCS1.hash().hash(MSG);
        byte[] good = sign(A, MSG);
        byte[] bad = sign(B, MSG);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int passed = 0;
                    for (int i = 0; i < 200; i++) {
                        passed += check.verifies(PKCS1, digest, good) ? 1 : 0;
                        passed += check.verifies(PKCS1, digest, bad) ? 1 : 0;
                    }
                    return passed;
                }));
            }
            for (Future<Integer> r : results) {
                assertEquals(200, r.get(), "every good signature passes, every bad one fails");
            }
        } finally {
            pool.shutdownNow();
        }
    }
    /** A provider whose raw RSA always fails or answers the wrong length: the check must not change its answers. */
    public static final class BrokenProvider extends Provider {
        public BrokenProvider() {
            super("QsealBrokenRsa", "1", "raw RSA that fails");
            put("Cipher.RSA/ECB/NoPadding", BrokenCipher.class.getName());
            put("KeyFactory.RSA", SameKeyFactory.class.getName());
        }
    }

    public static final class SameKeyFactory extends java.security.KeyFactorySpi {
        @Override
        protected java.security.PublicKey engineGeneratePublic(java.security.spec.KeySpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected java.security.PrivateKey engineGeneratePrivate(java.security.spec.KeySpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected <T extends java.security.spec.KeySpec> T engineGetKeySpec(java.security.Key key, Class<T> spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected java.security.Key engineTranslateKey(java.security.Key key) {
            return key;
        }
    }

    public static final class BrokenCipher extends javax.crypto.CipherSpi {
        private static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        protected void engineSetMode(String mode) {
        }

        @Override
        protected void engineSetPadding(String padding) {
        }

        @Override
        protected int engineGetBlockSize() {
            return 0;
        }

        @Override
        protected int engineGetOutputSize(int inputLen) {
            return inputLen;
        }

        @Override
        protected byte[] engineGetIV() {
            return null;
        }

        @Override
        protected java.security.AlgorithmParameters engineGetParameters() {
            return null;
        }

        @Override
        protected void engineInit(int opmode, java.security.Key key, java.security.SecureRandom random) {
        }

        @Override
        protected void engineInit(int opmode, java.security.Key key, java.security.spec.AlgorithmParameterSpec params,
                java.security.SecureRandom random) {
        }

        @Override
        protected void engineInit(int opmode, java.security.Key key, java.security.AlgorithmParameters params,
                java.security.SecureRandom random) {
        }

        @Override
        protected byte[] engineUpdate(byte[] input, int inputOffset, int inputLen) {
            return new byte[0];
        }

        @Override
        protected int engineUpdate(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset) {
            return 0;
        }

        @Override
        protected byte[] engineDoFinal(byte[] input, int inputOffset, int inputLen) {
            if (CALLS.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("Key has been destroyed");
            }
            return new byte[3]; // the wrong length
        }

        @Override
        protected int engineDoFinal(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset) {
            throw new IllegalStateException("not used");
        }
    }

    @Test
    void aFailingNativeProviderNeitherPassesABadSignatureNorFailsAGoodOne() throws Exception {
        SignatureCheck check = new SignatureCheck(A.getPublic(), Optional.of(new BrokenProvider()));
        assertTrue(check.usesNativeRsa());
        byte[] digest = PKCS1.hash().hash(MSG);
        byte[] good = sign(A, MSG);
        byte[] bad = sign(B, MSG);
        byte[] goodPss = signPss(A, SignatureAlgorithm.RSA_PSS_SHA256.pssParameters());
        for (int i = 0; i < 6; i++) { // through the failures and after the native path is given up
            assertTrue(check.verifies(PKCS1, digest, good), "good, round " + i);
            assertFalse(check.verifies(PKCS1, digest, bad), "bad, round " + i);
            assertTrue(check.verifies(SignatureAlgorithm.RSA_PSS_SHA256, digest, goodPss), "good PSS, round " + i);
        }
    }
}
