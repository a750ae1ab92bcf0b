package dev.qseal.core.rfc9421;

import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.HttpResponse;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.testvectors.TestVectors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 9421 Appendix B material, read from the published text (keys, messages, signature values). */
final class Rfc9421Vectors {
    static final String FILE = TestVectors.RFC9421_APPENDIX_B;
    static final String BASES = "rfc9421-signature-bases/";

    /** The published text with RFC 8792 single-backslash wrapping undone. */
    static final String TEXT = TestVectors.text(FILE).replaceAll("\\\\\n[ ]*", "");

    static final String CONTENT_DIGEST_REQUEST =
            "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";
    /**
     * B.2.4's Content-Digest for test-response. The test-response shown at the top of B.2 carries
     * another value (sha-512=:JlEy2b...:), a known erratum: it matches no body; B.2.4's base and
     * signature use this one, which is the digest of {"message": "good dog"}.
     */
    static final String CONTENT_DIGEST_RESPONSE =
            "sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:";
    static final String CONTENT_DIGEST_RESPONSE_B2_ERRATUM =
            "sha-512=:JlEy2bfUz7WrWIjc1qV6KVLpdr/7L5/L4h7Sxvh6sNHpDQWDCL+GauFQWcZBvVDhiyOnAQsxzZFYwi0wDH+1pw==:";

    private Rfc9421Vectors() {
    }

    static String base(String file) {
        return TestVectors.text(BASES + file);
    }

    /** The Signature-Input / Signature member value (after "label=") published for a label. */
    static String published(String header, String label) {
        Matcher m = Pattern.compile("(?m)^" + header + ": " + Pattern.quote(label) + "=(.*)$").matcher(TEXT);
        if (!m.find()) {
            throw new IllegalStateException("no " + header + " for " + label + " in " + FILE);
        }
        return m.group(1).trim();
    }

    /** The signature bytes published for a label. */
    static byte[] publishedSignature(String label) {
        String v = published("Signature", label);
        return Base64.getDecoder().decode(v.substring(1, v.length() - 1));
    }

    /** The first ~~~ block after {@code marker}, without the RFC 8792 NOTE line, trimmed. */
    static String blockAfter(String marker) {
        int at = TEXT.indexOf(marker);
        int open = TEXT.indexOf("~~~", at);
        int start = TEXT.indexOf('\n', open) + 1;
        int close = TEXT.indexOf("~~~", start);
        return TEXT.substring(start, close).replace("NOTE: '\\' line wrapping per RFC 8792", "").trim();
    }

    // ------------------------------------------------------------------------------ messages

    /** B.2 test-request. */
    static HttpRequest.Builder testRequestBuilder() {
        return HttpRequest.builder("POST", "/foo?param=Value&Pet=dog")
                .header("Host", "example.com")
                .header("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
                .header("Content-Type", "application/json")
                .header("Content-Digest", CONTENT_DIGEST_REQUEST)
                .header("Content-Length", "18")
                .body("{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII));
    }

    static HttpRequest testRequest() {
        return testRequestBuilder().build();
    }

    /** B.2 test-response, with B.2.4's Content-Digest (see {@link #CONTENT_DIGEST_RESPONSE}). */
    static HttpResponse.Builder testResponseBuilder() {
        return HttpResponse.builder(200)
                .header("Date", "Tue, 20 Apr 2021 02:07:56 GMT")
                .header("Content-Type", "application/json")
                .header("Content-Digest", CONTENT_DIGEST_RESPONSE)
                .header("Content-Length", "23")
                .body("{\"message\": \"good dog\"}".getBytes(StandardCharsets.US_ASCII));
    }

    /** §2.4: the request the 503 response answers. */
    static HttpRequest reqresRequest() {
        return HttpRequest.builder("POST", "/foo?param=Value&Pet=dog")
                .header("Host", "example.com")
                .header("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
                .header("Content-Digest", CONTENT_DIGEST_REQUEST)
                .header("Content-Type", "application/json")
                .header("Content-Length", "18")
                .body("{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII))
                .build();
    }

    /** §2.4: the 503 response. */
    static HttpResponse reqresResponse() {
        return HttpResponse.builder(503)
                .header("Date", "Tue, 20 Apr 2021 02:07:56 GMT")
                .header("Content-Type", "application/json")
                .header("Content-Length", "62")
                .header("Content-Digest",
                        "sha-512=:0Y6iCBzGg5rZtoXS95Ijz03mslf6KAMCloESHObfwnHJDbkkWWQz6PhhU9kxsTbARtY2PTBOzq24uJFpHsMuAg==:")
                .body("{\"busy\": true, \"message\": \"Your call is very important to us\"}".getBytes(StandardCharsets.US_ASCII))
                .build();
    }

    /** §4.3: the request as the proxy forwards it to the origin. */
    static HttpRequest.Builder proxiedRequestBuilder() {
        return HttpRequest.builder("POST", "/foo?param=Value&Pet=dog")
                .header("Host", "origin.host.internal.example")
                .header("Date", "Tue, 20 Apr 2021 02:07:56 GMT")
                .header("Content-Type", "application/json")
                .header("Content-Length", "18")
                .header("Forwarded", "for=192.0.2.123;host=example.com;proto=https")
                .header("Content-Digest", CONTENT_DIGEST_REQUEST)
                .body("{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII));
    }

    /** B.3: the request the TLS-terminating proxy passes to the internal service. */
    static HttpRequest.Builder ttrpRequestBuilder() {
        Matcher m = Pattern.compile("(?m)^Client-Cert: (:[A-Za-z0-9+/=]+:)$").matcher(TEXT);
        if (!m.find()) {
            throw new IllegalStateException("no Client-Cert in " + FILE);
        }
        return HttpRequest.builder("POST", "/foo?param=Value&Pet=dog")
                .header("Host", "service.internal.example")
                .header("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
                .header("Content-Type", "application/json")
                .header("Content-Length", "18")
                .header("Client-Cert", m.group(1))
                .body("{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII));
    }

    /** B.4: the original GET with two Accept lines. */
    static HttpRequest.Builder transformRequestBuilder() {
        return HttpRequest.builder("GET", "/demo?name1=Value1&Name2=value2")
                .header("Host", "example.org")
                .header("Date", "Fri, 15 Jul 2022 14:24:55 GMT")
                .header("Accept", "application/json")
                .header("Accept", "*/*");
    }

    // ------------------------------------------------------------------------------ keys

    static List<String> pems(String label) {
        return TestVectors.pemBlocks(FILE, label);
    }

    private static byte[] der(String pem) {
        return TestVectors.pemDer(pem);
    }

    /** test-key-rsa public half: PKCS#1 "RSA PUBLIC KEY". */
    static PublicKey rsaPublic() throws GeneralSecurityException {
        org.bouncycastle.asn1.pkcs.RSAPublicKey k =
                org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(der(pems("RSA PUBLIC KEY").get(0)));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
    }

    /** test-key-rsa: PKCS#1 "RSA PRIVATE KEY". */
    static SoftwareSigningKey rsaKey() throws GeneralSecurityException {
        org.bouncycastle.asn1.pkcs.RSAPrivateKey k =
                org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(der(pems("RSA PRIVATE KEY").get(0)));
        PrivateKey priv = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(k.getModulus(),
                k.getPublicExponent(), k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(),
                k.getExponent2(), k.getCoefficient()));
        return new SoftwareSigningKey("test-key-rsa", priv, rsaPublic(), List.of());
    }

    /** test-key-rsa-pss public half (SPKI, rsaEncryption OID). */
    static PublicKey rsaPssPublic() throws GeneralSecurityException {
        PublicKey k = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pems("PUBLIC KEY").get(0))));
        if (((java.security.interfaces.RSAPublicKey) k).getModulus().bitLength() != 2048) {
            throw new IllegalStateException("unexpected first PUBLIC KEY block");
        }
        return k;
    }

    /** test-key-rsa-pss: PKCS#8 with the id-RSASSA-PSS OID, which KeyFactory "RSA" rejects: loaded as "RSASSA-PSS". */
    static SoftwareSigningKey rsaPssKey() throws GeneralSecurityException {
        PrivateKey priv = KeyFactory.getInstance("RSASSA-PSS").generatePrivate(new PKCS8EncodedKeySpec(der(pems("PRIVATE KEY").get(0))));
        return new SoftwareSigningKey("test-key-rsa-pss", priv, rsaPssPublic(), List.of());
    }

    static PublicKey eccPublic() throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der(pems("PUBLIC KEY").get(1))));
    }

    /** test-key-ecc-p256: SEC1 "EC PRIVATE KEY". */
    static SoftwareSigningKey eccKey() throws GeneralSecurityException {
        ECPublicKey pub = (ECPublicKey) eccPublic();
        BigInteger d = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der(pems("EC PRIVATE KEY").get(0))).getKey();
        PrivateKey priv = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, pub.getParams()));
        return new SoftwareSigningKey("test-key-ecc-p256", priv, pub, List.of());
    }

    static PublicKey ed25519Public() throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(pems("PUBLIC KEY").get(2))));
    }

    static PrivateKey ed25519Private() throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(pems("PRIVATE KEY").get(1))));
    }

    static SoftwareSigningKey ed25519Key() throws GeneralSecurityException {
        PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(pems("PRIVATE KEY").get(1))));
        return new SoftwareSigningKey("test-key-ed25519", priv, ed25519Public(), List.of());
    }

    /** test-shared-secret: 64 bytes, base64 in the text. */
    static HmacKey sharedSecret() {
        String b64 = blockAfter("referred to in this document as `test-shared-secret`.");
        return HmacKey.of("test-shared-secret", Base64.getDecoder().decode(b64));
    }
}
