package dev.qseal.core.jws;

import static dev.qseal.core.jws.DetachedJwsSignerTest.NOW;
import static dev.qseal.core.jws.DetachedJwsSignerTest.ingRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.verify.VerificationResult;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nimbus JOSE+JWT and jose4j verify qseal's detached JWS, and qseal verifies theirs. */
class PeerInteropTest {
    static final Set<String> DEFERRED = Set.of("sigT", "sigD");

    static String kind(SignatureAlgorithm a) {
        return a.keyType() == KeyType.RSA ? "rsa" : "ec" + a.keyType().fieldBits();
    }

    static String lines(HttpRequest r) {
        return DetachedJwsVerifierTest.lines(r);
    }

    static Map<String, Object> sigD() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pars", List.of("(request-target)", "digest", "content-type"));
        m.put("mId", JwsHeader.HTTP_HEADERS_MID);
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"PS256", "PS384", "PS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512"})
    void nimbusVerifiesOurs(String alg) throws Exception {
        SignatureAlgorithm a = SignatureAlgorithm.fromJose(alg).orElseThrow();
        SoftwareSigningKey key = JwsTestKeys.get(kind(a));
        DetachedJws ours = DetachedJwsSigner.builder(key).algorithm(a).build().sign(ingRequest(), NOW);
        JWSObject parsed = JWSObject.parse(ours.compact(), new Payload(lines(ingRequest())));
        assertFalse(parsed.getHeader().isBase64URLEncodePayload());
        JWSVerifier v = a.keyType() == KeyType.RSA ? new RSASSAVerifier((RSAPublicKey) key.publicKey(), DEFERRED)
                : new ECDSAVerifier((ECPublicKey) key.publicKey(), DEFERRED);
        assertTrue(parsed.verify(v), alg);
        // and a changed payload does not verify for Nimbus either
        JWSObject changed = JWSObject.parse(ours.compact(), new Payload(lines(ingRequest()) + "\n"));
        assertFalse(changed.verify(v));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PS256", "PS512", "RS256", "ES256", "ES384", "ES512"})
    void weVerifyNimbus(String alg) throws Exception {
        SignatureAlgorithm a = SignatureAlgorithm.fromJose(alg).orElseThrow();
        SoftwareSigningKey key = JwsTestKeys.get(kind(a));
        KeyPair kp = JwsTestKeys.pair(kind(a));
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(alg))
                .base64URLEncodePayload(false)
                .criticalParams(Set.of("b64", "sigT", "sigD"))
                .x509CertSHA256Thumbprint(new Base64URL(DetachedJwsSignerTest.x5t(key)))
                .customParam("sigT", "2019-11-19T17:28:15Z")
                .customParam("sigD", sigD())
                .build();
        JWSObject obj = new JWSObject(header, new Payload(lines(ingRequest())));
        JWSSigner signer = a.keyType() == KeyType.RSA ? new RSASSASigner(kp.getPrivate()) : new ECDSASigner((ECPrivateKey) kp.getPrivate());
        obj.sign(signer);
        String compact = obj.serialize(true);
        VerificationResult r = DetachedJwsVerifier.builder(key.certificate().orElseThrow()).build().verify(ingRequest(), compact, NOW);
        assertTrue(r.isValid(), alg + ": " + r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PS256", "PS384", "RS256", "RS512", "ES256", "ES521"})
    void jose4jVerifiesOurs(String alg) throws Exception {
        String jose = alg.equals("ES521") ? "ES512" : alg;
        SignatureAlgorithm a = SignatureAlgorithm.fromJose(jose).orElseThrow();
        SoftwareSigningKey key = JwsTestKeys.get(kind(a));
        DetachedJws ours = DetachedJwsSigner.builder(key).algorithm(a).build().sign(ingRequest(), NOW);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(ours.compact());
        jws.setPayload(lines(ingRequest()));
        jws.setKnownCriticalHeaders("sigT", "sigD");
        jws.setKey(key.publicKey());
        assertTrue(jws.verifySignature(), jose);

        JsonWebSignature tampered = new JsonWebSignature();
        tampered.setCompactSerialization(ours.compact());
        tampered.setPayload(lines(ingRequest()).replace("post", "put"));
        tampered.setKnownCriticalHeaders("sigT", "sigD");
        tampered.setKey(key.publicKey());
        assertFalse(tampered.verifySignature());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PS256", "RS384", "ES256", "ES384"})
    void weVerifyJose4j(String alg) throws Exception {
        SignatureAlgorithm a = SignatureAlgorithm.fromJose(alg).orElseThrow();
        SoftwareSigningKey key = JwsTestKeys.get(kind(a));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(alg);
        jws.getHeaders().setObjectHeaderValue("b64", false);
        jws.setCriticalHeaderNames("sigT", "sigD", "b64");
        jws.getHeaders().setObjectHeaderValue("x5t#S256", DetachedJwsSignerTest.x5t(key));
        jws.getHeaders().setObjectHeaderValue("sigT", "2019-11-19T17:28:15Z");
        jws.getHeaders().setObjectHeaderValue("sigD", sigD());
        jws.setPayload(lines(ingRequest()));
        jws.setKey(JwsTestKeys.pair(kind(a)).getPrivate());
        String compact = jws.getDetachedContentCompactSerialization();
        assertEquals(2, compact.chars().filter(c -> c == '.').count());
        VerificationResult r = DetachedJwsVerifier.builder(key.certificate().orElseThrow()).build().verify(ingRequest(), compact, NOW);
        assertTrue(r.isValid(), alg + ": " + r);
    }
}
