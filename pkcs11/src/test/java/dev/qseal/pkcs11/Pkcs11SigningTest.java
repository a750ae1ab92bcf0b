package dev.qseal.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SoftHsmExtension.class)
class Pkcs11SigningTest {
    private static final byte[] MSG = "POST /v1/payments\ndigest: SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=".getBytes(StandardCharsets.UTF_8);

    private static void signAndVerifyEveryAlgorithm(SigningKey key, X509Certificate cert) throws Exception {
        int n = 0;
        for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
            if (!alg.fits(key.keyType())) {
                assertThrows(UnsupportedAlgorithmException.class, () -> key.sign(alg, MSG));
                continue;
            }
            byte[] sig = key.sign(alg, MSG);
            assertTrue(alg.verify(cert.getPublicKey(), MSG, sig), alg + " signature verifies with the certificate");
            byte[] fromDigest = key.signDigest(alg, alg.hash().hash(MSG));
            assertTrue(alg.verify(cert.getPublicKey(), MSG, fromDigest), alg + " hash signature verifies over the message");
            n++;
        }
        assertTrue(n >= (key.keyType() == KeyType.RSA ? 6 : 2), "signed with " + n + " algorithms");
    }

    @Test
    void tokenKeysWithCertificateObjectsSignEveryAlgorithmAndVerifyWithTheCertificate(SoftHsmToken t) throws Exception {
        for (String label : List.of(SoftHsmToken.RSA, SoftHsmToken.EC, SoftHsmToken.EC384)) {
            try (SigningKey key = KeySources.open(t.uri(label))) {
                X509Certificate cert = TestKeys.certificate(t.certFile(label));
                assertEquals(cert, key.certificate().orElseThrow(), "certificate read from the token");
                signAndVerifyEveryAlgorithm(key, cert);
            }
        }
    }

    @Test
    void keyTypesAndAlgorithmsFollowTheTokenKeys(SoftHsmToken t) {
        try (SigningKey rsa = KeySources.open(t.uri(SoftHsmToken.RSA));
             SigningKey ec = KeySources.open(t.uri(SoftHsmToken.EC));
             SigningKey ec384 = KeySources.open(t.uri(SoftHsmToken.EC384))) {
            assertEquals(KeyType.RSA, rsa.keyType());
            assertEquals(KeyType.EC_P256, ec.keyType());
            assertEquals(KeyType.EC_P384, ec384.keyType());
            assertTrue(rsa.algorithms().contains(SignatureAlgorithm.RSA_PSS_SHA512));
            assertTrue(ec.algorithms().contains(SignatureAlgorithm.ECDSA_P256_SHA256_RAW));
            assertInstanceOf(Pkcs11SigningKey.class, rsa);
        }
    }

    @Test
    void rawEcdsaIsP1363AndDerIsAsn1(SoftHsmToken t) throws Exception {
        try (SigningKey key = KeySources.open(t.uri(SoftHsmToken.EC))) {
            byte[] raw = key.sign(SignatureAlgorithm.ECDSA_P256_SHA256_RAW, MSG);
            assertEquals(64, raw.length);
            Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
            v.initVerify(key.publicKey());
            v.update(MSG);
            assertTrue(v.verify(raw));
            byte[] der = key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, MSG);
            assertEquals(0x30, der[0] & 0xff);
            Signature d = Signature.getInstance("SHA256withECDSA");
            d.initVerify(key.publicKey());
            d.update(MSG);
            assertTrue(d.verify(der));
        }
    }

    @Test
    void tokenKeySignsByteIdenticallyToTheSameKeyInAFile(SoftHsmToken t) throws Exception {
        PrivateKey file = TestKeys.privateKey(t.keyFile(SoftHsmToken.RSA), "RSA");
        try (SigningKey key = KeySources.open(t.uri(SoftHsmToken.RSA))) {
            for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.RSA_PKCS1_SHA256, SignatureAlgorithm.RSA_PKCS1_SHA384,
                    SignatureAlgorithm.RSA_PKCS1_SHA512)) {
                Signature s = Signature.getInstance(alg.jcaName());
                s.initSign(file);
                s.update(MSG);
                assertArrayEquals(s.sign(), key.sign(alg, MSG), alg + ": token and file signatures are identical");
                Signature n = Signature.getInstance("NONEwithRSA");
                n.initSign(file);
                n.update(alg.hash().digestInfo(alg.hash().hash(MSG)));
                assertArrayEquals(n.sign(), key.signDigest(alg, alg.hash().hash(MSG)), alg + " hash signing: NONEwithRSA over DigestInfo");
            }
        }
    }

    @Test
    void aKeyWithoutCertificateObjectUsesTheCertificateGivenInTheReference(SoftHsmToken t) throws Exception {
        X509Certificate cert = TestKeys.certificate(t.certFile(SoftHsmToken.RSA_NO_CERT));
        try (SigningKey key = KeySources.open(t.uri(SoftHsmToken.RSA_NO_CERT, "cert=" + t.certFile(SoftHsmToken.RSA_NO_CERT)))) {
            assertEquals(cert, key.certificate().orElseThrow());
            signAndVerifyEveryAlgorithm(key, cert);
        }
    }

    @Test
    void aKeyWithoutCertificateStillSignsWithItsPublicKeyAndTakesACertificateLater(SoftHsmToken t) throws Exception {
        X509Certificate cert = TestKeys.certificate(t.certFile(SoftHsmToken.RSA_NO_CERT));
        try (Pkcs11SigningKey key = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.RSA_NO_CERT))) {
            assertTrue(key.certificate().isEmpty());
            assertArrayEquals(cert.getPublicKey().getEncoded(), key.publicKey().getEncoded());
            SigningKey withCert = key.withCertificateChain(List.of(cert));
            assertEquals(cert, withCert.certificate().orElseThrow());
            assertTrue(SignatureAlgorithm.RSA_PSS_SHA256.verify(cert.getPublicKey(), MSG, withCert.sign(SignatureAlgorithm.RSA_PSS_SHA256, MSG)));
        }
    }

    @Test
    void aBarePrivateKeyGetsItsPublicKeyFromItsOwnAttributesOrTheCliCertificate(SoftHsmToken t) throws Exception {
        X509Certificate cert = TestKeys.certificate(t.certFile(SoftHsmToken.RSA_BARE));
        try (SigningKey key = KeySources.open(t.uri(SoftHsmToken.RSA_BARE))) {
            assertArrayEquals(cert.getPublicKey().getEncoded(), key.publicKey().getEncoded());
        }
        try (SigningKey key = new Pkcs11KeySource().open(KeyRef.parse(t.uri(SoftHsmToken.RSA_BARE)), SecretProvider.NONE, List.of(cert))) {
            assertEquals(cert, key.certificate().orElseThrow());
            signAndVerifyEveryAlgorithm(key, cert);
        }
    }

    @Test
    void keysAreFoundByIdAsWellAsByLabel(SoftHsmToken t) throws Exception {
        String uri = "pkcs11:token=" + t.label() + ";id=%02;type=private?module-path=" + t.modulePath() + "&pin-value=" + t.userPin();
        try (SigningKey key = KeySources.open(uri)) {
            assertEquals(TestKeys.certificate(t.certFile(SoftHsmToken.EC)), key.certificate().orElseThrow());
        }
    }

    @Test
    void keysOnOneTokenShareOneSessionPool(SoftHsmToken t) {
        try (Pkcs11SigningKey a = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.RSA));
             Pkcs11SigningKey b = (Pkcs11SigningKey) KeySources.open(t.uri(SoftHsmToken.EC))) {
            assertTrue(a.token() == b.token(), "one token object per module + token");
        }
    }

    @Test
    void theFunctionListMatchesTheModulesExportedSymbols(SoftHsmToken t) {
        Cryptoki ck = Pkcs11Module.get(t.modulePath()).ck;
        NativeLibrary lib = NativeLibrary.getInstance(t.modulePath());
        String[] names = {"C_Initialize", "C_Finalize", null, null, "C_GetSlotList", null, "C_GetTokenInfo"};
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) {
                assertEquals(Pointer.nativeValue(lib.getFunction(names[i])), Pointer.nativeValue(ck.functionPointer(i)), names[i]);
            }
        }
        assertEquals(Pointer.nativeValue(lib.getFunction("C_Login")), Pointer.nativeValue(ck.functionPointer(18)));
        assertEquals(Pointer.nativeValue(lib.getFunction("C_SignInit")), Pointer.nativeValue(ck.functionPointer(42)));
        assertEquals(Pointer.nativeValue(lib.getFunction("C_Sign")), Pointer.nativeValue(ck.functionPointer(43)));
    }
}
