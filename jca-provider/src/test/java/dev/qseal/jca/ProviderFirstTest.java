package dev.qseal.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link QsealProvider#installFirst()}: every call order reaches QSeal for QSeal keys (RSASSA-PSS
 * with {@code setParameter} first, Nimbus PS256/384/512 without a provider), and ordinary keys
 * that reach a QSeal signature are signed and verified by the JDK. Restores QSeal at the end.
 */
class ProviderFirstTest {
    static final byte[] MSG = SignatureTest.MSG;

    static Fixtures f;
    static PrivateKey rsa;
    static PrivateKey ec;
    static PublicKey rsaPub;
    static PublicKey ecPub;

    @BeforeAll
    static void setUp() throws Exception {
        f = Fixtures.get();
        assertEquals(1, QsealProvider.installFirst());
        assertEquals(1, QsealProvider.installFirst(), "idempotent");
        assertEquals("QSeal", Security.getProviders()[0].getName());
        Fixtures.QsealKeys keys = new Fixtures.QsealKeys(f);
        rsa = keys.rsa;
        ec = keys.ec;
        rsaPub = keys.rsaPub;
        ecPub = keys.ecPub;
    }

    @AfterAll
    static void putQsealBackAtTheEnd() {
        Security.removeProvider(QsealProvider.NAME);
        Security.addProvider(new QsealProvider());
    }

    static PSSParameterSpec pss(String hash, int salt) {
        return new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), salt, 1);
    }

    static boolean sunRsaSignVerifies(PSSParameterSpec spec, byte[] sig) throws Exception {
        Signature v = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
        v.setParameter(spec);
        v.initVerify(rsaPub);
        v.update(MSG);
        return v.verify(sig);
    }

    @Test
    void pssWithParametersBeforeTheKeyIsSignedByQsealForEveryHash() throws Exception {
        for (String hash : new String[] {"SHA-256", "SHA-384", "SHA-512"}) {
            PSSParameterSpec spec = pss(hash, 32);
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(spec);
            s.initSign(rsa);
            assertEquals("QSeal", s.getProvider().getName(), hash + " on " + Runtime.version());
            s.update(MSG);
            byte[] sig = s.sign();
            assertTrue(sunRsaSignVerifies(spec, sig), hash);
            sig[7] ^= 1;
            assertFalse(sunRsaSignVerifies(spec, sig), hash + " tampered");
        }
    }

    @Test
    void anOrdinaryKeyThatReachesQsealFirstIsSignedAndVerifiedByTheJdk() throws Exception {
        PrivateKey jdkRsa = Fixtures.jdkPrivateKey(f.rsaKey, "RSA");
        PSSParameterSpec spec = pss("SHA-256", 32);
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(spec);
        s.initSign(jdkRsa);
        assertEquals("QSeal", s.getProvider().getName(), "chosen before the key was known");
        s.update(MSG);
        byte[] sig = s.sign();
        assertTrue(sunRsaSignVerifies(spec, sig));

        Signature v = Signature.getInstance("RSASSA-PSS");
        v.setParameter(spec);
        v.initVerify(rsaPub);
        v.update(MSG);
        assertTrue(v.verify(sig), "verification through QSeal's delegate");
        assertEquals(spec.getSaltLength(), v.getParameters().getParameterSpec(PSSParameterSpec.class).getSaltLength());
    }

    @Test
    void withTheKeyFirstOrdinaryKeysNeverReachQseal() throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(Fixtures.jdkPrivateKey(f.rsaKey, "RSA"));
        assertEquals("SunRsaSign", s.getProvider().getName());
        Signature e = Signature.getInstance("SHA256withECDSA");
        e.initSign(Fixtures.jdkPrivateKey(f.ecKey, "EC"));
        assertEquals("SunEC", e.getProvider().getName());
    }

    @Test
    void nimbusSignsPsRsAndEsWithQsealKeysWithoutAnyProviderConfiguration() throws Exception {
        for (JWSAlgorithm alg : new JWSAlgorithm[] {JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
                JWSAlgorithm.RS256}) {
            JWSObject parsed = JWSObject.parse(NimbusTest.jws(new RSASSASigner(rsa), alg));
            assertTrue(parsed.verify(new RSASSAVerifier((RSAPublicKey) rsaPub)), alg.getName());
        }
        // with QSeal first no provider is tried before it, so the EC key is an ECPrivateKey on every JDK
        JWSObject parsed = JWSObject.parse(NimbusTest.jws(new ECDSASigner(assertInstanceOf(ECPrivateKey.class, ec)),
                JWSAlgorithm.ES256));
        assertTrue(parsed.verify(new ECDSAVerifier((ECPublicKey) ecPub)), "ES256");
    }
}
