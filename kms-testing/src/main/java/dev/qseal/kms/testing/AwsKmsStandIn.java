package dev.qseal.kms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wire-level stand-in for AWS KMS on loopback, speaking the AWS JSON 1.1 protocol the SDK uses:
 * {@code POST /} with {@code X-Amz-Target: TrentService.GetPublicKey} or {@code TrentService.Sign},
 * SigV4-signed. It signs for real with keys it holds, in one region; errors are AWS's own form
 * (HTTP 400 with {@code __type}, e.g. {@code ThrottlingException}; 500 {@code KMSInternalException}).
 */
public final class AwsKmsStandIn implements AutoCloseable {
    public static final String REGION = "eu-west-1";
    public static final String ACCOUNT = "111122223333";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREDENTIAL = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)/\\d{8}/([a-z0-9-]+)/kms/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}");

    public final Map<String, Object[]> keys = new ConcurrentHashMap<>(); // id -> {keySpec, usage, algorithms, SoftwareSigningKey}
    public final Map<String, String> aliases = new ConcurrentHashMap<>();
    public final ConcurrentLinkedQueue<String> faults = new ConcurrentLinkedQueue<>();
    public final ConcurrentLinkedQueue<JsonNode> signRequests = new ConcurrentLinkedQueue<>();
    public final AtomicInteger signCalls = new AtomicInteger();
    public volatile String alwaysFault;
    public volatile String lastAccessKey;
    public final ConcurrentLinkedQueue<String> sdkRequestHeaders = new ConcurrentLinkedQueue<>();
    /** Milliseconds each request waits before it is answered (0: none). */
    public volatile long latencyMillis;
    /** When positive: every answer is valid JSON after this many leading spaces, sent chunked (an oversized body). */
    public volatile int padding;
    private final LoopbackServer server;

    public AwsKmsStandIn() throws IOException {
        server = LoopbackServer.http("aws-kms-stand-in", () -> latencyMillis, "/", this::handle);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public String arn(String id) {
        return "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + id;
    }

    public SoftwareSigningKey add(String id, String alias, String keySpec, List<String> algorithms) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(keySpec.startsWith("RSA") ? "RSA" : "EC");
        if (keySpec.startsWith("RSA")) {
            g.initialize(2048);
        } else {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        }
        KeyPair kp = g.generateKeyPair();
        SoftwareSigningKey k = new SoftwareSigningKey("aws stand-in " + id, kp.getPrivate(), kp.getPublic(), List.of());
        keys.put(id, new Object[] {keySpec, algorithms.isEmpty() ? "ENCRYPT_DECRYPT" : "SIGN_VERIFY", algorithms, k});
        if (alias != null) {
            aliases.put(alias, id);
        }
        return k;
    }

    private void handle(HttpExchange ex) throws IOException {
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        Matcher m = CREDENTIAL.matcher(auth == null ? "" : auth);
        if (!ex.getRequestMethod().equals("POST") || target == null
                || !"application/x-amz-json-1.1".equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
            error(ex, 400, "UnknownOperationException", "not an AWS JSON 1.1 request");
            return;
        }
        if (!m.matches() || ex.getRequestHeaders().getFirst("X-Amz-Date") == null) {
            error(ex, 400, "IncompleteSignatureException", "the request is not SigV4-signed");
            return;
        }
        lastAccessKey = m.group(1);
        sdkRequestHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("amz-sdk-request")));
        if (!REGION.equals(m.group(2))) {
            error(ex, 400, "UnrecognizedClientException", "the security token included in the request is invalid");
            return;
        }
        JsonNode req = JSON.readTree(ex.getRequestBody().readNBytes(65536));
        String id = resolve(req.path("KeyId").asText());
        Object[] key = id == null ? null : keys.get(id);
        if (target.equals("TrentService.Sign")) {
            signCalls.incrementAndGet();
            String fault = faults.poll();
            fault = fault != null ? fault : alwaysFault;
            if (fault != null) {
                error(ex, fault.equals("KMSInternalException") ? 500 : 400, fault, "Rate exceeded");
                return;
            }
        }
        if (key == null) {
            error(ex, 400, "NotFoundException", "Key '" + req.path("KeyId").asText() + "' does not exist");
            return;
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("KeyId", arn(id));
        SoftwareSigningKey k = (SoftwareSigningKey) key[3];
        @SuppressWarnings("unchecked")
        List<String> algorithms = (List<String>) key[2];
        if (target.equals("TrentService.GetPublicKey")) {
            out.put("PublicKey", Base64.getEncoder().encodeToString(k.publicKey().getEncoded()));
            out.put("KeySpec", (String) key[0]);
            out.put("CustomerMasterKeySpec", (String) key[0]);
            out.put("KeyUsage", (String) key[1]);
            algorithms.forEach(out.putArray("SigningAlgorithms")::add);
            send(ex, 200, out.toString());
        } else if (target.equals("TrentService.Sign")) {
            signRequests.add(req);
            String alg = req.path("SigningAlgorithm").asText();
            if (!algorithms.contains(alg) || !"DIGEST".equals(req.path("MessageType").asText())) {
                error(ex, 400, "InvalidKeyUsageException", "stand-in signs digests with " + algorithms);
                return;
            }
            byte[] digest = Base64.getDecoder().decode(req.path("Message").asText());
            String hash = alg.substring(alg.length() - 3);
            SignatureAlgorithm ours = alg.startsWith("RSASSA_PKCS1") ? SignatureAlgorithm.fromName("RSA_PKCS1_SHA" + hash).get()
                    : alg.startsWith("RSASSA_PSS") ? SignatureAlgorithm.fromName("RSA_PSS_SHA" + hash).get()
                    : SignatureAlgorithm.ECDSA_P256_SHA256; // KMS returns DER
            out.put("Signature", Base64.getEncoder().encodeToString(k.signDigest(ours, digest)));
            out.put("SigningAlgorithm", alg);
            send(ex, 200, out.toString());
        } else {
            error(ex, 400, "UnknownOperationException", target);
        }
    }

    private String resolve(String keyId) {
        if (keyId.startsWith("alias/")) {
            return aliases.get(keyId);
        }
        String prefix = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/";
        if (keyId.startsWith("arn:")) {
            return keyId.startsWith(prefix) ? keyId.substring(prefix.length()) : null;
        }
        return keyId;
    }

    private void error(HttpExchange ex, int status, String type, String message) throws IOException {
        ex.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(ex, status, "{\"__type\":\"" + type + "\",\"message\":\"" + message.replace('"', '\'') + "\"}");
    }

    private void send(HttpExchange ex, int status, String body) throws IOException {
        ex.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        LoopbackServer.send(ex, status, "application/x-amz-json-1.1", body, padding);
    }

    @Override
    public void close() {
        server.close();
    }
}
