package dev.qseal.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which provider the JDK's delayed provider selection picks when {@code QSeal} is installed at the
 * <em>end</em> of the list ({@code Security.addProvider}). Run on JDK 17 and JDK 25: the JDK's own
 * providers ({@code SunRsaSign}, {@code SunEC}) see QSeal keys first and must let go of them.
 */
class ProviderAtTheEndTest {
    static final byte[] MSG = SignatureTest.MSG;
    static final PSSParameterSpec PS256 = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

    static Fixtures f;
    static PrivateKey rsa;
    static PrivateKey ec;
    static PublicKey rsaPub;
    static PublicKey ecPub;

    @BeforeAll
    static void setUp() throws Exception {
        f = Fixtures.get();
        Provider[] list = Security.getProviders();
        assertEquals("QSeal", list[list.length - 1].getName(), "these tests need QSeal last");
        Fixtures.QsealKeys keys = new Fixtures.QsealKeys(f);
        rsa = keys.rsa;
        ec = keys.ec;
        rsaPub = keys.rsaPub;
        ecPub = keys.ecPub;
    }

    static Signature initSign(String alg, PrivateKey key) throws Exception {
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        return s;
    }

    static boolean verifiedBy(String provider, String alg, PublicKey pub, byte[] sig, PSSParameterSpec pss) throws Exception {
        Signature v = Signature.getInstance(alg, provider);
        if (pss != null) {
            v.setParameter(pss);
        }
        v.initVerify(pub);
        v.update(MSG);
        return v.verify(sig);
    }

    /**
     * Why the EC key is an {@code ECPrivateKey} only where that is safe: JDK 17's SunEC takes any
     * {@code ECPrivateKey} at {@code initSign} (and would call {@code getS()} at {@code sign()}), JDK 25's
     * reads the scalar at {@code initSign} and so lets go.
     */
    @Test
    void sunEcTakesAScalarlessEcPrivateKeyAtInitOnJdk17AndLetsGoOnJdk25() throws Exception {
        QsealEcPrivateKey.Scalarless probe = new QsealEcPrivateKey.Scalarless(((QsealPrivateKey) ec).signingKey());
        assertThrows(UnsupportedOperationException.class, probe::getS);
        Signature sunEc = Signature.getInstance("SHA256withECDSA", "SunEC");
        int feature = Runtime.version().feature();
        if (feature == 17) {
            sunEc.initSign(probe);
            sunEc.update(MSG);
            assertThrows(UnsupportedOperationException.class, sunEc::sign, "JDK 17 SunEC reads the scalar only when signing");
            assertFalse(ec instanceof ECPrivateKey, "so on JDK 17, with QSeal last, the key must not be an ECPrivateKey");
        } else if (feature >= 25) {
            assertThrows(UnsupportedOperationException.class, () -> sunEc.initSign(probe), "JDK 25 SunEC reads it at init");
            ECPrivateKey k = assertInstanceOf(ECPrivateKey.class, ec, "so on JDK 25 the key is an ECPrivateKey");
            assertEquals(((ECPublicKey) ecPub).getParams().getCurve(), k.getParams().getCurve());
        }
        assertFalse(rsa instanceof RSAPrivateKey, "the RSA key must not be an RSAPrivateKey (SunRsaSign's PSS would take it)");
    }

    @Test
    void qsealSignsWithTheQsealEcKeyWhateverSunEcDoes() throws Exception {
        for (String alg : new String[] {"SHA256withECDSA", "SHA384withECDSA", "SHA256withECDSAinP1363Format"}) {
            Signature s = initSign(alg, ec);
            assertEquals("QSeal", s.getProvider().getName(), alg + " on " + Runtime.version());
            s.update(MSG);
            assertTrue(verifiedBy("SunEC", alg, ecPub, s.sign(), null), alg);
        }
    }

    @Test
    void rsaKeysGoToQsealWhenTheKeyComesFirst() throws Exception {
        for (String alg : new String[] {"SHA256withRSA", "SHA512withRSA"}) {
            Signature s = initSign(alg, rsa);
            assertEquals("QSeal", s.getProvider().getName(), alg);
            s.update(MSG);
            assertTrue(verifiedBy("SunRsaSign", alg, rsaPub, s.sign(), null), alg);
        }
        // RSASSA-PSS with the parameters after the key, and with key and parameters together
        Signature s = initSign("RSASSA-PSS", rsa);
        s.setParameter(PS256);
        assertEquals("QSeal", s.getProvider().getName());
        s.update(MSG);
        assertTrue(verifiedBy("SunRsaSign", "RSASSA-PSS", rsaPub, s.sign(), PS256));
    }

    @Test
    void ordinaryKeysStayWithTheJdk() throws Exception {
        PrivateKey jdkRsa = Fixtures.jdkPrivateKey(f.rsaKey, "RSA");
        PrivateKey jdkEc = Fixtures.jdkPrivateKey(f.ecKey, "EC");
        assertEquals("SunRsaSign", initSign("SHA256withRSA", jdkRsa).getProvider().getName());
        assertEquals("SunRsaSign", initSign("RSASSA-PSS", jdkRsa).getProvider().getName());
        assertEquals("SunEC", initSign("SHA256withECDSA", jdkEc).getProvider().getName());
    }

    /**
     * The documented limit of a provider at the end: {@code setParameter} before {@code initSign}
     * makes the JDK commit to SunRsaSign before it sees the key, and SunRsaSign refuses a key that is
     * not an {@code RSAPrivateKey} cleanly, at init (not at sign time with a half-used key).
     * {@link QsealProvider#installFirst()} is the answer ({@code ProviderFirstTest}).
     */
    @Test
    void parametersBeforeTheKeyCommitToSunRsaSignWhichRefusesTheQsealKeyAtInit() throws Exception {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(PS256);
        assertEquals("SunRsaSign", s.getProvider().getName());
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> s.initSign(rsa));
        assertTrue(e.getMessage().contains("RSAPrivateKey"), e.getMessage());
    }

    @Test
    void nimbusEcdsaSignerTakesTheQsealKeyWithoutProviderAndWithoutCurveWhereItIsAnEcPrivateKey() throws Exception {
        ECDSASigner signer = ec instanceof ECPrivateKey ? new ECDSASigner((ECPrivateKey) ec)
                : new ECDSASigner(ec, com.nimbusds.jose.jwk.Curve.P_256);
        JWSObject parsed = JWSObject.parse(NimbusTest.jws(signer, JWSAlgorithm.ES256));
        assertEquals(64, parsed.getSignature().decode().length, "JOSE r||s");
        assertTrue(parsed.verify(new ECDSAVerifier((ECPublicKey) ecPub)));
    }
}
