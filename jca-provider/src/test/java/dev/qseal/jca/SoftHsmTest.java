package dev.qseal.jca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The QSEAL key store and signatures with keys on a real SoftHSM2 token. */
@ExtendWith(SoftHsmExtension.class)
class SoftHsmTest {
    static final byte[] MSG = SignatureTest.MSG;

    @BeforeAll
    static void setUp() {
        Fixtures.get();
    }

    private static KeyStore empty() throws Exception {
        KeyStore ks = KeyStore.getInstance("QSEAL");
        ks.load(null, null);
        return ks;
    }

    @Test
    void tokenKeysResolveByTheirPkcs11UriWithTheirCertificates(SoftHsmToken t) throws Exception {
        KeyStore ks = empty();
        QsealRsaPrivateKey rsa = assertInstanceOf(QsealRsaPrivateKey.class, ks.getKey(t.uri(SoftHsmToken.RSA), null));
        X509Certificate cert = Fixtures.readCertificate(t.certFile(SoftHsmToken.RSA));
        Certificate[] chain = ks.getCertificateChain(t.uri(SoftHsmToken.RSA));
        assertEquals(cert, chain[0], "certificate object read from the token");
        assertEquals(((RSAPublicKey) cert.getPublicKey()).getModulus(), rsa.getModulus());
        assertNull(rsa.getEncoded());
        QsealEcPrivateKey ec = assertInstanceOf(QsealEcPrivateKey.class, ks.getKey(t.uri(SoftHsmToken.EC), null));
        assertEquals(Fixtures.readCertificate(t.certFile(SoftHsmToken.EC)), ks.getCertificate(t.uri(SoftHsmToken.EC)));
        assertEquals(256, ec.getParams().getOrder().bitLength());

        String noCert = t.uri(SoftHsmToken.RSA_NO_CERT);
        assertNull(ks.getCertificateChain(noCert), "no certificate on the token for this key");
        String withCert = t.uri(SoftHsmToken.RSA_NO_CERT, "cert=" + t.certFile(SoftHsmToken.RSA_NO_CERT));
        assertEquals(Fixtures.readCertificate(t.certFile(SoftHsmToken.RSA_NO_CERT)), ks.getCertificate(withCert));
    }

    @Test
    void tokenKeysSignThroughPlainSignatureInstancesAndTheJdkVerifies(SoftHsmToken t) throws Exception {
        KeyStore ks = empty();
        PrivateKey rsa = (PrivateKey) ks.getKey(t.uri(SoftHsmToken.RSA), null);
        PrivateKey ec = (PrivateKey) ks.getKey(t.uri(SoftHsmToken.EC), null);
        RSAPublicKey rsaPub = (RSAPublicKey) ks.getCertificate(t.uri(SoftHsmToken.RSA)).getPublicKey();
        ECPublicKey ecPub = (ECPublicKey) ks.getCertificate(t.uri(SoftHsmToken.EC)).getPublicKey();

        byte[] pkcs1 = SignatureTest.sign("SHA256withRSA", rsa, MSG);
        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initSign(Fixtures.jdkPrivateKey(t.keyFile(SoftHsmToken.RSA), "RSA"));
        jdk.update(MSG);
        assertArrayEquals(jdk.sign(), pkcs1, "the HSM's PKCS#1 v1.5 signature equals the JDK's with the same key");

        PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.initSign(rsa);
        s.setParameter(pss);
        s.update(MSG);
        assertTrue(SignatureTest.jdkVerifies("RSASSA-PSS", rsaPub, MSG, s.sign(), pss));

        assertTrue(SignatureTest.jdkVerifies("SHA256withECDSA", ecPub, MSG, SignatureTest.sign("SHA256withECDSA", ec, MSG), null));
        byte[] raw = SignatureTest.sign("SHA256withECDSAinP1363Format", ec, MSG);
        assertEquals(64, raw.length);
        assertTrue(SignatureTest.jdkVerifies("SHA256withECDSAinP1363Format", ecPub, MSG, raw, null));

        NimbusTest.signAndVerify(rsa, rsaPub, ec, ecPub, Curve.P_256);
        PrivateKey ec384 = (PrivateKey) ks.getKey(t.uri(SoftHsmToken.EC384), null);
        ECPublicKey ec384Pub = (ECPublicKey) ks.getCertificate(t.uri(SoftHsmToken.EC384)).getPublicKey();
        assertTrue(SignatureTest.jdkVerifies("SHA384withECDSA", ec384Pub, MSG, SignatureTest.sign("SHA384withECDSA", ec384, MSG), null));
    }

    @Test
    void aWrongPinInTheAliasFailsWithoutShowingThePin(SoftHsmToken t) throws Exception {
        String alias = "pkcs11:token=" + t.auxLabel() + ";object=" + SoftHsmToken.RSA + ";type=private?module-path="
                + t.modulePath() + "&pin-value=97531";
        KeyStore ks = empty();
        UnrecoverableKeyException e = assertThrows(UnrecoverableKeyException.class, () -> ks.getKey(alias, null));
        String all = Fixtures.allMessages(e);
        assertFalse(all.contains("97531"), all);
        assertTrue(all.contains("pin-value=***"), all);
        assertNull(ks.getCertificateChain(alias));
    }
}
