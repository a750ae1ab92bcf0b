package dev.qseal.kms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * A wire-level stand-in for Cloud KMS's REST API on loopback: {@code GET /v1/{version}/publicKey} and
 * {@code POST /v1/{version}:asymmetricSign}, with the CRC32C integrity fields, Google's error body
 * ({@code {"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}}) and an OAuth token endpoint for the
 * service-account credentials the tests give Application Default Credentials.
 */
public final class CloudKmsStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final Map<String, Object[]> versions = new ConcurrentHashMap<>(); // name -> {algorithm, SoftwareSigningKey, ourAlgorithm}
    public final ConcurrentLinkedQueue<Integer> faults = new ConcurrentLinkedQueue<>();
    public final ConcurrentLinkedQueue<JsonNode> signRequests = new ConcurrentLinkedQueue<>();
    public final AtomicInteger signCalls = new AtomicInteger();
    public volatile int alwaysStatus;
    public volatile boolean corruptSignatureCrc;
    public volatile String lastAuthorization;
    /** Milliseconds each request waits before it is answered (0: none). */
    public volatile long latencyMillis;
    /** When positive: every answer is valid JSON after this many leading spaces, sent chunked (an oversized body). */
    public volatile int padding;
    /** Answers gzip-compressed (padding then compresses about a thousandfold). */
    public volatile boolean gzip;
    private final LoopbackServer server;

    public CloudKmsStandIn() throws IOException {
        server = LoopbackServer.http("cloud-kms-stand-in", () -> latencyMillis, "/", this::handle);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public SoftwareSigningKey add(String name, String algorithm) throws Exception {
        boolean rsa = algorithm.startsWith("RSA");
        KeyPairGenerator g = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
        if (rsa) {
            g.initialize(2048);
        } else {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        }
        KeyPair kp = g.generateKeyPair();
        SoftwareSigningKey k = new SoftwareSigningKey("gcp stand-in", kp.getPrivate(), kp.getPublic(), List.of());
        SignatureAlgorithm ours = algorithm.startsWith("RSA_SIGN_PSS") ? SignatureAlgorithm.RSA_PSS_SHA256
                : algorithm.startsWith("RSA_SIGN_PKCS1") ? SignatureAlgorithm.RSA_PKCS1_SHA256 : SignatureAlgorithm.ECDSA_P256_SHA256;
        versions.put(name, new Object[] {algorithm, k, ours});
        return k;
    }

    /** A throw-away service account whose tokens come from this stand-in. */
    public void writeServiceAccount(Path file) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode sa = JSON.createObjectNode();
        sa.put("type", "service_account");
        sa.put("project_id", "qseal-test");
        sa.put("private_key_id", "0123456789abcdef");
        sa.put("private_key", pem);
        sa.put("client_email", "qseal-test@qseal-test.iam.gserviceaccount.com");
        sa.put("client_id", "1234567890");
        sa.put("token_uri", endpoint() + "/token");
        Files.createDirectories(file.getParent());
        Files.writeString(file, sa.toString());
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/token")) {
            send(ex, 200, "{\"access_token\":\"ya29.standin-access-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            error(ex, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
            return;
        }
        lastAuthorization = auth;
        if (path.startsWith("/v1/") && path.endsWith("/publicKey") && ex.getRequestMethod().equals("GET")) {
            String name = path.substring(4, path.length() - "/publicKey".length());
            Object[] v = versions.get(name);
            if (v == null) {
                error(ex, 404, "NOT_FOUND", name + " not found.");
                return;
            }
            String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                    ((SoftwareSigningKey) v[1]).publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
            ObjectNode out = JSON.createObjectNode();
            out.put("pem", pem);
            out.put("algorithm", (String) v[0]);
            out.put("pemCrc32c", Long.toString(crc(pem.getBytes(StandardCharsets.UTF_8))));
            out.put("name", name);
            send(ex, 200, out.toString());
            return;
        }
        if (path.startsWith("/v1/") && path.endsWith(":asymmetricSign") && ex.getRequestMethod().equals("POST")) {
            signCalls.incrementAndGet();
            Integer fault = faults.poll();
            int status = fault != null ? fault : alwaysStatus;
            if (status != 0) {
                error(ex, status, status == 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE",
                        status == 429 ? "Quota exceeded for quota metric 'Cryptographic operations'" : "The service is currently unavailable.");
                return;
            }
            String name = path.substring(4, path.length() - ":asymmetricSign".length());
            Object[] v = versions.get(name);
            if (v == null) {
                error(ex, 404, "NOT_FOUND", name + " not found.");
                return;
            }
            JsonNode req = JSON.readTree(ex.getRequestBody().readNBytes(65536));
            signRequests.add(req);
            byte[] digest = Base64.getDecoder().decode(req.path("digest").path("sha256").asText());
            boolean crcOk = req.has("digestCrc32c") && Long.parseLong(req.path("digestCrc32c").asText()) == crc(digest);
            if (!crcOk) {
                error(ex, 400, "INVALID_ARGUMENT", "digest_crc32c does not match");
                return;
            }
            byte[] sig = ((SoftwareSigningKey) v[1]).signDigest((SignatureAlgorithm) v[2], digest);
            ObjectNode out = JSON.createObjectNode();
            out.put("signature", Base64.getEncoder().encodeToString(sig));
            out.put("signatureCrc32c", Long.toString(corruptSignatureCrc ? crc(sig) ^ 1 : crc(sig)));
            out.put("verifiedDigestCrc32c", true);
            out.put("name", name);
            send(ex, 200, out.toString());
            return;
        }
        error(ex, 404, "NOT_FOUND", "no such method");
    }

    public static long crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return c.getValue();
    }

    private void error(HttpExchange ex, int code, String status, String message) throws IOException {
        send(ex, code, "{\"error\":{\"code\":" + code + ",\"message\":\"" + message.replace('"', '\'') + "\",\"status\":\"" + status + "\"}}");
    }

    private void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = LoopbackServer.padded(body, padding);
        if (gzip) {
            java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(z)) {
                out.write(b);
            }
            b = z.toByteArray();
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
        }
        LoopbackServer.send(ex, status, "application/json; charset=UTF-8", b, padding > 0);
    }

    @Override
    public void close() {
        server.close();
    }
}
