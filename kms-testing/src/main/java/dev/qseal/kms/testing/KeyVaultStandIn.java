package dev.qseal.kms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A wire-level stand-in for Azure Key Vault's REST API over HTTPS on loopback: {@code GET
 * /keys/{name}/{version}} and {@code POST /keys/{name}/{version}/sign}, behind Key Vault's bearer
 * challenge (a request without a token gets 401 with {@code WWW-Authenticate: Bearer authorization=...,
 * resource=...}). Signs for real; ECDSA as raw r‖s. Faults in Key Vault's form: 429 with Retry-After.
 * {@code GET /certificates/{name}} serves the certificate store.
 */
public final class KeyVaultStandIn implements AutoCloseable {
    public static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.standin-access-token.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    public final Map<String, Object[]> keys = new ConcurrentHashMap<>(); // name -> {version, kty, ops, SoftwareSigningKey}
    public final ConcurrentLinkedQueue<Integer> faults = new ConcurrentLinkedQueue<>();
    public final ConcurrentLinkedQueue<JsonNode> signRequests = new ConcurrentLinkedQueue<>();
    public final AtomicInteger signCalls = new AtomicInteger();
    public final AtomicInteger challenges = new AtomicInteger();
    public volatile int alwaysStatus;
    /** Milliseconds each request waits before it is answered (0: none). */
    public volatile long latencyMillis;
    /** The certificate store: name -> its certificate (one version, {@code 1}); a key of the same name is its key. */
    public final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();
    /** When positive: every answer is valid JSON after this many leading spaces, sent chunked (an oversized body). */
    public volatile int padding;
    private final LoopbackServer server;
    private final SSLContext clientTls;

    public KeyVaultStandIn() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair tlsKey = g.generateKeyPair();
        X509Certificate cert = selfSigned(tlsKey);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("tls", tlsKey.getPrivate(), new char[0], new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("standin", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);
        server = LoopbackServer.https("key-vault-stand-in", serverTls, () -> latencyMillis, "/keys/", this::handle);
        server.createContext("/certificates/", this::handle);
    }

    private static X509Certificate selfSigned(KeyPair kp) throws Exception {
        X500Name dn = new X500Name("CN=localhost");
        long now = System.currentTimeMillis();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(dn, BigInteger.valueOf(now), new Date(now - 60_000),
                new Date(now + 86_400_000), dn, kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }

    /** A JDK HTTP client builder that trusts this stand-in's certificate. */
    public java.net.http.HttpClient.Builder clientBuilder() {
        return java.net.http.HttpClient.newBuilder().sslContext(clientTls);
    }

    public String host() {
        return "localhost:" + server.port();
    }

    public SoftwareSigningKey add(String name, String version, String kty, List<String> ops) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(kty.startsWith("RSA") ? "RSA" : "EC");
        if (kty.startsWith("RSA")) {
            g.initialize(2048);
        } else {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        }
        KeyPair kp = g.generateKeyPair();
        SoftwareSigningKey k = new SoftwareSigningKey("key vault stand-in " + name, kp.getPrivate(), kp.getPublic(), List.of());
        keys.put(name, new Object[] {version, kty, ops, k});
        return k;
    }

    private void handle(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.equals("Bearer " + TOKEN)) {
            challenges.incrementAndGet();
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/"
                    + "00000000-0000-0000-0000-000000000001\", resource=\"https://vault.azure.net\"");
            error(ex, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
            return;
        }
        if (ex.getRequestURI().getQuery() == null || !ex.getRequestURI().getQuery().contains("api-version=")) {
            error(ex, 400, "BadParameter", "The 'api-version' query parameter is missing.");
            return;
        }
        if (ex.getRequestURI().getPath().startsWith("/certificates/")) {
            certificate(ex);
            return;
        }
        String[] p = ex.getRequestURI().getPath().split("/"); // "", keys, name, [version], [sign]
        Object[] key = p.length > 2 ? keys.get(p[2]) : null;
        boolean sign = p.length == 5 && p[4].equals("sign") && ex.getRequestMethod().equals("POST");
        if (sign) {
            signCalls.incrementAndGet();
            Integer fault = faults.poll();
            int status = fault != null ? fault : alwaysStatus;
            if (status != 0) {
                if (status == 429) {
                    ex.getResponseHeaders().add("Retry-After", "0");
                }
                error(ex, status, status == 429 ? "Throttled" : "ServiceUnavailable", status == 429
                        ? "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached"
                        : "The service is unavailable.");
                return;
            }
        }
        if (key == null || (p.length > 3 && !p[3].isEmpty() && !p[3].equals(key[0]))) {
            error(ex, 404, "KeyNotFound", "A key with (name/id) " + (p.length > 2 ? p[2] : "") + " was not found in this key vault.");
            return;
        }
        String kid = "https://" + host() + "/keys/" + p[2] + "/" + key[0];
        SoftwareSigningKey k = (SoftwareSigningKey) key[3];
        if (sign) {
            JsonNode req = JSON.readTree(ex.getRequestBody().readNBytes(65536));
            signRequests.add(req);
            byte[] digest = Base64.getUrlDecoder().decode(req.path("value").asText());
            String alg = req.path("alg").asText();
            String hash = alg.substring(2);
            SignatureAlgorithm ours = alg.startsWith("RS") ? SignatureAlgorithm.fromName("RSA_PKCS1_SHA" + hash).get()
                    : alg.startsWith("PS") ? SignatureAlgorithm.fromName("RSA_PSS_SHA" + hash).get()
                    : SignatureAlgorithm.ECDSA_P256_SHA256_RAW;
            ObjectNode out = JSON.createObjectNode();
            out.put("kid", kid);
            out.put("value", B64URL.encodeToString(k.signDigest(ours, digest)));
            send(ex, 200, out.toString());
            return;
        }
        if (!ex.getRequestMethod().equals("GET")) {
            error(ex, 405, "BadParameter", "method not allowed");
            return;
        }
        ObjectNode jwk = JSON.createObjectNode();
        jwk.put("kid", kid);
        jwk.put("kty", (String) key[1]);
        @SuppressWarnings("unchecked")
        List<String> ops = (List<String>) key[2];
        ops.forEach(jwk.putArray("key_ops")::add);
        if (k.publicKey() instanceof RSAPublicKey) {
            RSAPublicKey r = (RSAPublicKey) k.publicKey();
            jwk.put("n", B64URL.encodeToString(unsigned(r.getModulus())));
            jwk.put("e", B64URL.encodeToString(unsigned(r.getPublicExponent())));
        } else {
            ECPublicKey e = (ECPublicKey) k.publicKey();
            jwk.put("crv", "P-256");
            jwk.put("x", B64URL.encodeToString(fixed(e.getW().getAffineX())));
            jwk.put("y", B64URL.encodeToString(fixed(e.getW().getAffineY())));
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("key", jwk);
        out.putObject("attributes").put("enabled", true).put("created", 1700000000).put("updated", 1700000000)
                .put("recoveryLevel", "Recoverable+Purgeable");
        send(ex, 200, out.toString());
    }

    /** {@code GET /certificates/{name}[/{version}]}: the certificate bundle, its DER in {@code cer}. */
    private void certificate(HttpExchange ex) throws IOException {
        String[] p = ex.getRequestURI().getPath().split("/"); // "", certificates, name, [version]
        X509Certificate c = p.length > 2 ? certificates.get(p[2]) : null;
        if (c == null || (p.length > 3 && !p[3].equals("1")) || !ex.getRequestMethod().equals("GET")) {
            error(ex, 404, "CertificateNotFound", "A certificate with (name/id) " + (p.length > 2 ? p[2] : "") + " was not found in this key vault.");
            return;
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("id", "https://" + host() + "/certificates/" + p[2] + "/1");
        out.put("kid", "https://" + host() + "/keys/" + p[2] + "/1");
        try {
            out.put("cer", Base64.getEncoder().encodeToString(c.getEncoded()));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
        out.putObject("attributes").put("enabled", true).put("created", 1700000000).put("updated", 1700000000);
        send(ex, 200, out.toString());
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = unsigned(v);
        byte[] out = new byte[32];
        System.arraycopy(b, 0, out, 32 - b.length, b.length);
        return out;
    }

    private void error(HttpExchange ex, int status, String code, String message) throws IOException {
        send(ex, status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    }

    private void send(HttpExchange ex, int status, String body) throws IOException {
        ex.getRequestBody().readAllBytes();
        LoopbackServer.send(ex, status, "application/json; charset=utf-8", body, padding);
    }

    @Override
    public void close() {
        server.close();
    }
}
