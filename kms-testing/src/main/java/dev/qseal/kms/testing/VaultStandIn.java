package dev.qseal.kms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A wire-level stand-in for Vault's transit engine on loopback: {@code GET /v1/transit/keys/:name}
 * and {@code POST /v1/transit/sign/:name} as Vault answers them, signing for real with keys it holds.
 * Faults are queued per sign call: a status code (429, 503, 500) instead of a signature.
 */
public final class VaultStandIn implements AutoCloseable {
    public static final String TOKEN = "hvs.standin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final Map<String, Object[]> keys = new ConcurrentHashMap<>(); // name -> {type, SoftwareSigningKey or null}
    public final ConcurrentLinkedQueue<Integer> faults = new ConcurrentLinkedQueue<>();
    public final ConcurrentLinkedQueue<JsonNode> signRequests = new ConcurrentLinkedQueue<>();
    public final AtomicInteger signCalls = new AtomicInteger();
    public volatile int alwaysStatus;
    /** Milliseconds each request waits before it is answered (0: none). */
    public volatile long latencyMillis;
    /** When positive: every answer is valid JSON after this many leading spaces, sent chunked (an oversized body). */
    public volatile int padding;
    private final LoopbackServer server;

    public VaultStandIn() throws IOException {
        server = LoopbackServer.http("vault-stand-in", () -> latencyMillis, "/v1/transit/", this::handle);
    }

    public String addr() {
        return "http://127.0.0.1:" + server.port();
    }

    public SoftwareSigningKey addRsa(String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return add(name, "rsa-2048", g.generateKeyPair());
    }

    public SoftwareSigningKey addEc(String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return add(name, "ecdsa-p256", g.generateKeyPair());
    }

    public void addAes(String name) {
        keys.put(name, new Object[] {"aes256-gcm96", null});
    }

    private SoftwareSigningKey add(String name, String type, KeyPair kp) {
        return add(name, type, new SoftwareSigningKey("vault stand-in " + name, kp.getPrivate(), kp.getPublic(), List.of()));
    }

    /** Holds {@code key} as the transit key {@code name} of Vault type {@code type} ({@code rsa-2048}, {@code ecdsa-p256}). */
    public SoftwareSigningKey add(String name, String type, SoftwareSigningKey key) {
        keys.put(name, new Object[] {type, key});
        return key;
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!TOKEN.equals(ex.getRequestHeaders().getFirst("X-Vault-Token"))) {
                send(ex, 403, "{\"errors\":[\"permission denied\"]}");
                return;
            }
            String[] parts = ex.getRequestURI().getPath().split("/"); // "", v1, transit, op, name
            if (parts.length != 5) {
                send(ex, 404, "{\"errors\":[]}");
                return;
            }
            Object[] key = keys.get(parts[4]);
            if (parts[3].equals("keys") && ex.getRequestMethod().equals("GET")) {
                if (key == null) {
                    send(ex, 404, "{\"errors\":[]}");
                    return;
                }
                ObjectNode data = JSON.createObjectNode();
                data.put("type", (String) key[0]);
                data.put("latest_version", 1);
                data.put("supports_signing", key[1] != null);
                if (key[1] != null) {
                    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                            ((SoftwareSigningKey) key[1]).publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
                    data.putObject("keys").putObject("1").put("public_key", pem).put("name", (String) key[0]);
                }
                ObjectNode body = JSON.createObjectNode();
                body.set("data", data);
                send(ex, 200, body.toString());
                return;
            }
            if (parts[3].equals("sign") && ex.getRequestMethod().equals("POST")) {
                signCalls.incrementAndGet();
                Integer fault = faults.poll();
                int status = fault != null ? fault : alwaysStatus;
                if (status != 0) {
                    if (status == 429) {
                        ex.getResponseHeaders().add("Retry-After", "0");
                    }
                    send(ex, status, "{\"errors\":[\"" + (status == 503 ? "Vault is sealed" : "request rate quota exceeded") + "\"]}");
                    return;
                }
                if (key == null) {
                    send(ex, 400, "{\"errors\":[\"signing key not found\"]}");
                    return;
                }
                JsonNode req = JSON.readTree(ex.getRequestBody().readNBytes(65536));
                signRequests.add(req);
                send(ex, 200, "{\"data\":{\"signature\":\"vault:v1:" + sign((SoftwareSigningKey) key[1], req) + "\",\"key_version\":1}}");
                return;
            }
            send(ex, 405, "{\"errors\":[\"unsupported operation\"]}");
        } catch (RuntimeException e) {
            send(ex, 400, "{\"errors\":[\"" + e.getMessage().replace('"', '\'') + "\"]}");
        }
    }

    /** Signs as Vault does: the input is the digest when prehashed; PSS salt "auto" (the default) is the maximum. */
    private static String sign(SoftwareSigningKey key, JsonNode req) {
        if (!req.path("prehashed").asBoolean()) {
            throw new IllegalArgumentException("stand-in only signs prehashed input");
        }
        byte[] digest = Base64.getDecoder().decode(req.path("input").asText());
        HashAlgorithm hash = req.path("hash_algorithm").asText().equals("sha2-384") ? HashAlgorithm.SHA_384
                : req.path("hash_algorithm").asText().equals("sha2-512") ? HashAlgorithm.SHA_512 : HashAlgorithm.SHA_256;
        SignatureAlgorithm alg;
        if (key.publicKey() instanceof RSAPublicKey) {
            if (req.path("signature_algorithm").asText("pss").equals("pss")) {
                String salt = req.path("salt_length").asText("auto");
                int emLen = (((RSAPublicKey) key.publicKey()).getModulus().bitLength() + 6) / 8;
                int s = salt.equals("hash") ? hash.length() : salt.equals("auto") ? emLen - hash.length() - 2 : Integer.parseInt(salt);
                alg = SignatureAlgorithm.rsaPss(hash, s);
            } else {
                alg = hash == HashAlgorithm.SHA_256 ? SignatureAlgorithm.RSA_PKCS1_SHA256
                        : hash == HashAlgorithm.SHA_384 ? SignatureAlgorithm.RSA_PKCS1_SHA384 : SignatureAlgorithm.RSA_PKCS1_SHA512;
            }
        } else {
            // ECDSA signs the digest whatever hash_algorithm says; "jws" marshaling would be r||s
            alg = req.path("marshaling_algorithm").asText("asn1").equals("jws")
                    ? SignatureAlgorithm.ECDSA_P256_SHA256_RAW : SignatureAlgorithm.ECDSA_P256_SHA256;
        }
        return Base64.getEncoder().encodeToString(key.signDigest(alg, digest));
    }

    private void send(HttpExchange ex, int status, String body) throws IOException {
        LoopbackServer.send(ex, status, "application/json", body, padding);
    }

    @Override
    public void close() {
        server.close();
    }
}
