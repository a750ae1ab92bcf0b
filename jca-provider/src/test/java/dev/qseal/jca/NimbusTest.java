package dev.qseal.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Security;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nimbus JOSE+JWT signers with QSeal keys; Nimbus verifies with the public key. */
class NimbusTest {
    static Fixtures f;
    static KeyStore ks;

    @BeforeAll
    static void setUp() throws Exception {
        f = Fixtures.get();
        ks = KeyStore.getInstance("QSEAL");
        ks.load(null, null);
    }

    static String jws(JWSSigner signer, JWSAlgorithm alg) throws Exception {
        JWSObject o = new JWSObject(new JWSHeader.Builder(alg).keyID("qseal").build(), new Payload("{\"amount\":\"12.30\"}"));
        o.sign(signer);
        return o.serialize();
    }

    /** RSA and EC keys through delayed provider selection (RS*, ES*) and PS* with the provider set on the signer. */
    static void signAndVerify(PrivateKey rsa, RSAPublicKey rsaPub, PrivateKey ec, ECPublicKey ecPub, Curve curve) throws Exception {
        for (JWSAlgorithm alg : new JWSAlgorithm[] {JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512}) {
            JWSObject parsed = JWSObject.parse(jws(new RSASSASigner(rsa), alg));
            assertTrue(parsed.verify(new RSASSAVerifier(rsaPub)), alg.getName());
        }
        for (JWSAlgorithm alg : new JWSAlgorithm[] {JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.RS256}) {
            RSASSASigner signer = new RSASSASigner(rsa);
            signer.getJCAContext().setProvider(Security.getProvider("QSeal"));
            JWSObject parsed = JWSObject.parse(jws(signer, alg));
            assertTrue(parsed.verify(new RSASSAVerifier(rsaPub)), alg.getName() + " through the named provider");
        }
        JWSAlgorithm es = curve == Curve.P_256 ? JWSAlgorithm.ES256 : JWSAlgorithm.ES384;
        JWSObject parsed = JWSObject.parse(jws(new ECDSASigner(ec, curve), es));
        assertEquals(curve == Curve.P_256 ? 64 : 96, parsed.getSignature().decode().length, "JOSE r||s");
        assertTrue(parsed.verify(new ECDSAVerifier(ecPub)), es.getName());
        ECDSASigner named = new ECDSASigner(ec, curve);
        named.getJCAContext().setProvider(new QsealProvider());
        assertTrue(JWSObject.parse(jws(named, es)).verify(new ECDSAVerifier(ecPub)), es.getName() + " through the named provider");
    }

    @Test
    void nimbusSignsWithQsealFileKeysAndVerifiesWithThePublicKeys() throws Exception {
        signAndVerify((PrivateKey) ks.getKey(f.rsaRef(), null), (RSAPublicKey) ks.getCertificate(f.rsaRef()).getPublicKey(),
                (PrivateKey) ks.getKey(f.ecRef(), null), (ECPublicKey) ks.getCertificate(f.ecRef()).getPublicKey(), Curve.P_256);
    }
}
