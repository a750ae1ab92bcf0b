package dev.qseal.core.jws;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.qseal.testvectors.TestVectors;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;

/** Reads the JSON vector files (with Nimbus' JSON parser: test scope only) and JWKs into JCA keys. */
final class Vectors {
    private Vectors() {
    }

    static Map<String, Object> json(String name) {
        try {
            return JSONObjectUtils.parse(TestVectors.text(name), -1);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(name, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Map<String, Object> m, String... path) {
        Map<String, Object> cur = m;
        for (String p : path) {
            cur = (Map<String, Object>) cur.get(p);
        }
        return cur;
    }

    static BigInteger big(Map<String, Object> jwk, String name) {
        return new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get(name)));
    }

    static PublicKey publicKey(Map<String, Object> jwk) throws Exception {
        if ("RSA".equals(jwk.get("kty"))) {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(big(jwk, "n"), big(jwk, "e")));
        }
        ECParameterSpec params = curve((String) jwk.get("crv"));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(big(jwk, "x"), big(jwk, "y")), params));
    }

    static PrivateKey privateKey(Map<String, Object> jwk) throws Exception {
        if ("RSA".equals(jwk.get("kty"))) {
            return KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(big(jwk, "n"), big(jwk, "e"), big(jwk, "d"),
                    big(jwk, "p"), big(jwk, "q"), big(jwk, "dp"), big(jwk, "dq"), big(jwk, "qi")));
        }
        return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(big(jwk, "d"), curve((String) jwk.get("crv"))));
    }

    static ECParameterSpec curve(String crv) throws Exception {
        String name = crv.equals("P-256") ? "secp256r1" : crv.equals("P-384") ? "secp384r1" : "secp521r1";
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec(name));
        return ap.getParameterSpec(ECParameterSpec.class);
    }

    static byte[] b64u(Object s) {
        return Base64.getUrlDecoder().decode((String) s);
    }
}
