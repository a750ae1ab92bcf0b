package dev.qseal.kms.vault.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.QsealException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.Certificates;
import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.remote.RemoteCallException;
import dev.qseal.core.key.remote.RemoteExecutors;
import dev.qseal.core.key.remote.RemoteKeyBackend;
import dev.qseal.core.key.remote.RemoteKeyInfo;
import dev.qseal.core.key.remote.RemoteResponses;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One Vault transit key over Vault's HTTP API ({@code java.net.http}, asynchronous): {@code GET
 * /v1/MOUNT/keys/NAME} for the public key, {@code POST /v1/MOUNT/sign/NAME} with {@code prehashed=true}
 * to sign a digest. No Vault driver: they rewrite transit paths for KV v2 and hide 429s.
 */
public final class VaultBackend implements RemoteKeyBackend {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI addr;
    private final String mount;
    private final String name;
    private final Optional<Integer> pinnedVersion;
    private final Optional<String> namespace;
    private final String token;
    private final ExecutorService executor;
    private final HttpClient http;
    private final String description;
    private volatile int version;

    public VaultBackend(URI addr, String mount, String name, Optional<Integer> version, Optional<String> namespace,
            char[] token, Optional<Path> caCert, int maxInFlight) {
        this.addr = addr;
        this.mount = mount;
        this.name = name;
        this.pinnedVersion = version;
        this.namespace = namespace.filter(s -> !s.isEmpty());
        this.token = new String(token);
        java.util.Arrays.fill(token, '\0');
        this.description = "vault:" + name + " (" + addr.getScheme() + "://" + addr.getHost()
                + (addr.getPort() > 0 ? ":" + addr.getPort() : "") + ", mount " + mount + ")";
        this.executor = RemoteExecutors.bounded("vault", 2);
        HttpClient.Builder b = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER);
        if ("http".equalsIgnoreCase(addr.getScheme())) {
            b.version(HttpClient.Version.HTTP_1_1);
        }
        caCert.ifPresent(p -> b.sslContext(trusting(p)));
        this.http = b.build();
    }

    private static SSLContext trusting(Path caFile) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : Certificates.load(caFile)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new BadInputException("cannot use the CA certificates in " + caFile + " for the Vault connection: " + e.getMessage(), e);
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String backendName() {
        return "vault " + addr + namespace.map(n -> " ns " + n).orElse("");
    }

    @Override
    public SignatureAlgorithm.Scheme ecdsaEncoding() {
        return SignatureAlgorithm.Scheme.ECDSA_DER;
    }

    @Override
    public CompletableFuture<RemoteKeyInfo> fetchKeyInfo() {
        return send(request("keys/" + enc(name)).GET().build(), this::keyInfo);
    }

    private RemoteKeyInfo keyInfo(JsonNode body) {
        JsonNode data = body.path("data");
        String type = data.path("type").asText("");
        if (!data.path("supports_signing").asBoolean(false)) {
            throw new UnsupportedAlgorithmException(description + " is a " + type + " key, which cannot sign: use an rsa-* or ecdsa-* transit key");
        }
        int v = pinnedVersion.orElse(data.path("latest_version").asInt(0));
        JsonNode k = data.path("keys").path(Integer.toString(v));
        String pem = k.path("public_key").asText("");
        if (!pem.startsWith("-----BEGIN PUBLIC KEY-----")) {
            if (k.isMissingNode()) {
                throw new KeyNotFoundException(description + " has no version " + v + " (latest " + data.path("latest_version").asInt()
                        + ", or trimmed): name an existing version");
            }
            throw new UnsupportedAlgorithmException(description + " is a " + type
                    + " key: qseal signs digests with rsa-2048/3072/4096 and ecdsa-p256/p384/p521 transit keys");
        }
        this.version = v;
        return RemoteKeyInfo.of(publicKey(pem, type));
    }

    private PublicKey publicKey(String pem, String type) {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(b64);
            String alg = type.startsWith("rsa") ? "RSA" : "EC";
            return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyAccessException(description + " returned a public key qseal cannot read (" + type + "): " + e.getMessage());
        }
    }

    @Override
    public CompletableFuture<byte[]> signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        ObjectNode req = JSON.createObjectNode();
        req.put("input", Base64.getEncoder().encodeToString(digest));
        req.put("prehashed", true);
        req.put("hash_algorithm", hashName(algorithm.hash()));
        req.put("key_version", version);
        switch (algorithm.scheme()) {
            case RSA_PKCS1:
                req.put("signature_algorithm", "pkcs1v15");
                break;
            case RSA_PSS:
                req.put("signature_algorithm", "pss");
                // Vault's default salt_length is "auto": the maximum, not the hash length PS256 needs
                req.put("salt_length", algorithm.saltLength() == algorithm.hash().length() ? "hash"
                        : Integer.toString(algorithm.saltLength()));
                break;
            default:
                req.put("marshaling_algorithm", "asn1");
        }
        byte[] body = req.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest r = request("sign/" + enc(name)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return send(r, this::signature);
    }

    private byte[] signature(JsonNode body) {
        String s = body.path("data").path("signature").asText("");
        String prefix = "vault:v" + version + ":";
        if (!s.startsWith(prefix)) {
            throw new KeyAccessException(description + " answered with a signature that does not start with '" + prefix
                    + "': the key version changed or the answer is not a transit signature");
        }
        try {
            return Base64.getDecoder().decode(s.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            throw new KeyAccessException(description + " answered with a signature that is not base64");
        }
    }

    private static String hashName(HashAlgorithm h) {
        switch (h) {
            case SHA_256: return "sha2-256";
            case SHA_384: return "sha2-384";
            default: return "sha2-512";
        }
    }

    private HttpRequest.Builder request(String path) {
        String base = addr.toString().replaceAll("/+$", "");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/" + mount + "/" + path))
                .header("X-Vault-Token", token).header("X-Vault-Request", "true").timeout(Duration.ofSeconds(60));
        namespace.ifPresent(n -> b.header("X-Vault-Namespace", n));
        return b;
    }

    private <T> CompletableFuture<T> send(HttpRequest request, Function<JsonNode, T> onOk) {
        return http.sendAsync(request, LimitedBody.handler()).handle((resp, err) -> {
            if (err != null) {
                RemoteResponses.tooLarge(err, description).ifPresent(e -> {
                    throw e;
                });
                Throwable c = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
                throw RemoteCallException.transientFault(description + ": " + c.getClass().getSimpleName()
                        + (c.getMessage() == null ? "" : ": " + c.getMessage()), c);
            }
            return answer(resp, onOk);
        });
    }

    private <T> T answer(HttpResponse<byte[]> resp, Function<JsonNode, T> onOk) {
        int status = resp.statusCode();
        JsonNode body;
        try {
            body = resp.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(resp.body());
        } catch (IOException e) {
            if (status == 200) {
                throw new QsealException(description + " answered HTTP 200 with a body that is not JSON: is the address a Vault?");
            }
            body = JSON.createObjectNode(); // an error page from a proxy: the status says enough
        }
        if (status == 200) {
            return onOk.apply(body);
        }
        String errors = errors(body);
        if (status == 429) {
            throw RemoteCallException.throttled(description + ": HTTP 429 (rate quota)" + errors,
                    RemoteCallException.parseRetryAfter(resp.headers().firstValue("Retry-After")));
        }
        if (status == 503) {
            throw RemoteCallException.transientFault(description + ": HTTP 503 (Vault sealed or standby)" + errors, null);
        }
        if (status >= 500) {
            throw RemoteCallException.transientFault(description + ": HTTP " + status + errors, null);
        }
        if (status == 403) {
            throw new KeyAccessException(description + ": permission denied (HTTP 403): the token is invalid or its policy does not"
                    + " allow this key; check VAULT_TOKEN or the token file");
        }
        String lower = errors.toLowerCase(Locale.ROOT);
        if (status == 404 || lower.contains("not found")) {
            throw new KeyNotFoundException(description + ": no such transit key (HTTP " + status + ")" + errors
                    + ": check the key name, mount and Vault address");
        }
        throw new BadInputException(description + ": Vault refused the request (HTTP " + status + ")" + errors);
    }

    /** Vault's {@code errors} array, clipped: it names what was wrong and never echoes the token. */
    private static String errors(JsonNode body) {
        JsonNode e = body.path("errors");
        if (!e.isArray() || e.size() == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(": ");
        for (int i = 0; i < Math.min(3, e.size()); i++) {
            String m = e.get(i).asText();
            sb.append(i > 0 ? "; " : "").append(m.length() > 200 ? m.substring(0, 200) + "..." : m);
        }
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        executor.shutdown();
    }

    @Override
    public String toString() {
        return description;
    }

}
