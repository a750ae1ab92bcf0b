package dev.qseal.benchmarks;

import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpDates;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SoftwareSigningKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What every suite signs: freshly generated RSA-2048 and EC P-256 keys with self-issued
 * certificates (made in {@code @Setup}, never loaded from disk), and the requests of the suites.
 *
 * <p>Requests ({@code request} parameter of the suites):
 * <ul>
 *   <li>{@code token}: ING's application-token call, {@code POST /oauth2/token} with a
 *       {@code grant_type=client_credentials} form body;</li>
 *   <li>{@code json1k} / {@code json64k}: {@code POST /v1/payments/sepa-credit-transfers} with a
 *       JSON body of exactly 1 KiB / 64 KiB.</li>
 * </ul>
 */
public final class Fixtures {
    /** The instant every suite signs and verifies at, so that Date and created are stable. */
    public static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

    private Fixtures() {
    }

    public static KeyPair rsa2048() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ecP256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The raw JCA {@link Signature} a baseline calls: from the same provider qseal uses for this operation
     * ({@code CryptoProviders}: the preferred provider for signing, {@code forVerifying} for verification), so a
     * {@code *_vs_raw_jca} ratio measures qseal's own work, not a provider difference.
     */
    public static java.security.Signature rawSignature(dev.qseal.core.key.SignatureAlgorithm alg, boolean verify) {
        try {
            java.security.Signature s = dev.qseal.core.key.CryptoProviders.signature(verify
                    ? dev.qseal.core.key.CryptoProviders.forVerifying(alg) : dev.qseal.core.key.CryptoProviders.preferred(), alg.jcaName());
            if (alg.scheme() == dev.qseal.core.key.SignatureAlgorithm.Scheme.RSA_PSS) {
                s.setParameter(alg.pssParameters());
            }
            return s;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code key} in the form of the provider {@link #rawSignature} signs with for {@code alg}, translated once (in
     * {@code @Setup}), as qseal's {@code SoftwareSigningKey} does: a baseline that handed ACCP the JDK's key object on
     * every call would measure ACCP re-encoding the key each time, work qseal does once per key.
     */
    public static java.security.PrivateKey rawSigningKey(dev.qseal.core.key.SignatureAlgorithm alg, java.security.PrivateKey key) {
        return translate(rawSignature(alg, false).getProvider(), key);
    }

    /** {@code key} in the form of the provider {@link #rawSignature} verifies {@code alg} with, translated once. */
    public static java.security.PublicKey rawVerifyingKey(dev.qseal.core.key.SignatureAlgorithm alg, java.security.PublicKey key) {
        return translate(rawSignature(alg, true).getProvider(), key);
    }

    @SuppressWarnings("unchecked")
    private static <K extends java.security.Key> K translate(java.security.Provider provider, K key) {
        if (provider.getService("KeyFactory", key.getAlgorithm()) == null) {
            return key; // the provider has no key form of its own: it is handed the key as it is
        }
        try {
            return (K) java.security.KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(provider.getName() + " cannot hold the benchmark's " + key.getAlgorithm() + " key", e);
        }
    }

    /** The raw SHA-256 a baseline calls, from the provider qseal's digests use. */
    public static java.security.MessageDigest sha256() {
        return dev.qseal.core.key.HashAlgorithm.SHA_256.newDigest();
    }

    /**
     * The raw baselines' digest check: SHA-256 of {@code body} compared with a {@code Digest: SHA-256=...} value,
     * as qseal's verifiers do before they check a signature that covers the Digest header.
     */
    public static boolean digestMatches(String digestHeader, byte[] body) {
        byte[] expected = java.util.Base64.getDecoder().decode(digestHeader.substring("SHA-256=".length()));
        return MessageDigest.isEqual(expected, sha256().digest(body));
    }

    /** A self-issued certificate for {@code kp}, as a QSealC stand-in. */
    public static X509Certificate certificate(KeyPair kp) {
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X500Principal name = new X500Principal("CN=qseal benchmark, OU=PSD2, O=qseal, C=BE");
            BigInteger serial = new BigInteger(64, new SecureRandom()).setBit(62);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(365, ChronoUnit.DAYS)), name, kp.getPublic());
            String alg = kp.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(kp.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A qseal software key over {@code kp} carrying {@code cert}. */
    public static SoftwareSigningKey signingKey(String description, KeyPair kp, X509Certificate cert) {
        return new SoftwareSigningKey(description, kp.getPrivate(), kp.getPublic(), List.of(cert));
    }

    /** The body of a request kind ({@code token}, {@code json1k}, {@code json64k}). */
    public static byte[] body(String request) {
        switch (request) {
            case "token": return "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII);
            case "json1k": return json(1024);
            case "json64k": return json(64 * 1024);
            default: throw new IllegalArgumentException("unknown request kind " + request + ": token, json1k or json64k");
        }
    }

    /** Method, target and headers a client sets itself (no Date, no Digest: a profile generates those). */
    public static Map<String, String> baseHeaders(String request) {
        Map<String, String> h = new LinkedHashMap<>();
        if (request.equals("token")) {
            h.put("Host", "api.ing.com");
            h.put("Content-Type", "application/x-www-form-urlencoded");
        } else {
            h.put("Host", "api.bank.example");
            h.put("Content-Type", "application/json");
            h.put("X-Request-ID", "99391c7e-ad88-49ec-a2ad-99ddcb1f7721");
        }
        return h;
    }

    public static String method(String request) {
        return "POST";
    }

    public static String target(String request) {
        return request.equals("token") ? "/oauth2/token" : "/v1/payments/sepa-credit-transfers";
    }

    /** The request as a client hands it to a profile signer: no Date, no Digest. */
    public static HttpRequest bareRequest(String request) {
        HttpRequest.Builder b = HttpRequest.builder(method(request), target(request));
        baseHeaders(request).forEach(b::header);
        return b.body(body(request)).build();
    }

    /** Headers with Date (RFC 7231 at {@link #NOW}) and Digest (SHA-256 of the body) added, in that order. */
    public static Map<String, String> fullHeaders(String request) {
        Map<String, String> h = baseHeaders(request);
        h.put("Date", HttpDates.rfc7231(NOW));
        h.put("Digest", Digests.digestValue(body(request)));
        return h;
    }

    /** The request with Date and Digest present, as a plain Cavage signer or a JWS signer receives it. */
    public static HttpRequest fullRequest(String request) {
        HttpRequest.Builder b = HttpRequest.builder(method(request), target(request));
        fullHeaders(request).forEach(b::header);
        return b.body(body(request)).build();
    }

    /** A JSON payment-like document of exactly {@code size} bytes (ASCII). */
    static byte[] json(int size) {
        StringBuilder sb = new StringBuilder(size);
        sb.append("{\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"123.50\"},\"items\":[");
        String item = "{\"debtorAccount\":{\"iban\":\"BE68539007547034\"},\"creditorName\":\"Merchant123\","
                + "\"creditorAccount\":{\"iban\":\"NL91ABNA0417164300\"},\"remittance\":\"Ref Number Merchant\"}";
        String tail = "],\"pad\":\"\"}";
        boolean first = true;
        while (sb.length() + item.length() + 1 + tail.length() <= size) {
            if (!first) {
                sb.append(',');
            }
            sb.append(item);
            first = false;
        }
        sb.append("],\"pad\":\"");
        while (sb.length() + 2 < size) {
            sb.append('x');
        }
        sb.append("\"}");
        if (sb.length() != size) {
            throw new IllegalStateException("JSON fixture is " + sb.length() + " bytes, wanted " + size);
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
