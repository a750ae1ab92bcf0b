package dev.qseal.kms.gcp.internal;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.kms.v1.AsymmetricSignRequest;
import com.google.cloud.kms.v1.AsymmetricSignResponse;
import com.google.cloud.kms.v1.CryptoKeyVersion.CryptoKeyVersionAlgorithm;
import com.google.cloud.kms.v1.Digest;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.kms.v1.KeyManagementServiceSettings;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.QsealException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.remote.RemoteCallException;
import dev.qseal.core.key.remote.RemoteExecutors;
import dev.qseal.core.key.remote.RemoteKeyBackend;
import dev.qseal.core.key.remote.RemoteKeyInfo;
import dev.qseal.core.key.remote.RemoteResponses;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * One Cloud KMS key version: {@code getPublicKey} once, {@code asymmetricSign} with the digest and its
 * CRC32C; the answer's CRC32C fields are checked (Google's integrity guidance). HTTP/JSON transport,
 * blocking calls on a bounded pool, the client's retries off (one attempt; the engine retries), every
 * answer bounded ({@link BoundedHttpTransport}).
 */
public final class GcpKmsBackend implements RemoteKeyBackend {
    private final String name;
    private final String description;
    private final String backend;
    private final KeyManagementServiceClient kms;
    private final ExecutorService executor;

    public GcpKmsBackend(String name, Optional<URI> endpoint, int maxInFlight) {
        this.name = name;
        String[] p = name.split("/");
        this.description = "gcpkms:" + name + endpoint.map(e -> " (" + e.getHost() + ")").orElse("");
        this.backend = "gcpkms " + p[1] + "/" + p[3] + endpoint.map(e -> " " + e).orElse("");
        try {
            KeyManagementServiceSettings.Builder b = KeyManagementServiceSettings.newHttpJsonBuilder()
                    .setTransportChannelProvider(KeyManagementServiceSettings.defaultHttpJsonTransportProviderBuilder()
                            .setHttpTransport(new BoundedHttpTransport(new NetHttpTransport())).build());
            endpoint.ifPresent(e -> b.setEndpoint(e.getScheme() + "://" + e.getHost() + (e.getPort() > 0 ? ":" + e.getPort() : "")));
            RetrySettings once = RetrySettings.newBuilder().setMaxAttempts(1)
                    .setTotalTimeoutDuration(java.time.Duration.ofSeconds(60))
                    .setInitialRpcTimeoutDuration(java.time.Duration.ofSeconds(60))
                    .setMaxRpcTimeoutDuration(java.time.Duration.ofSeconds(60)).build();
            b.asymmetricSignSettings().setRetrySettings(once).setRetryableCodes(Set.of());
            b.getPublicKeySettings().setRetrySettings(once).setRetryableCodes(Set.of());
            this.kms = KeyManagementServiceClient.create(b.build());
        } catch (IOException e) {
            throw new KeyAccessException(description + ": no Google credentials: Application Default Credentials"
                    + " (GOOGLE_APPLICATION_CREDENTIALS, gcloud auth application-default login, the metadata server) found none"
                    + " or could not read them (" + e.getClass().getSimpleName() + ")");
        }
        this.executor = RemoteExecutors.bounded("gcpkms", Math.min(maxInFlight, 256));
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String backendName() {
        return backend;
    }

    @Override
    public SignatureAlgorithm.Scheme ecdsaEncoding() {
        return SignatureAlgorithm.Scheme.ECDSA_DER;
    }

    @Override
    public CompletableFuture<RemoteKeyInfo> fetchKeyInfo() {
        return call(() -> {
            com.google.cloud.kms.v1.PublicKey pk = kms.getPublicKey(name);
            String pem = pk.getPem();
            if (pk.hasPemCrc32C() && pk.getPemCrc32C().getValue() != crc32c(pem.getBytes(StandardCharsets.UTF_8))) {
                throw RemoteCallException.transientFault(description + ": the public key's CRC32C does not match (corrupted in transit)", null);
            }
            SignatureAlgorithm alg = ours(pk.getAlgorithm());
            String der = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PublicKey pub;
            try {
                pub = KeyFactory.getInstance(alg.keyType().jcaAlgorithm())
                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(der)));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new KeyAccessException(description + " returned a public key qseal cannot read: " + e.getMessage());
            }
            if (alg.scheme() == SignatureAlgorithm.Scheme.ECDSA_DER) {
                SignatureAlgorithm raw = SignatureAlgorithm.values().stream()
                        .filter(a -> a.scheme() == SignatureAlgorithm.Scheme.ECDSA_RAW && a.keyType() == alg.keyType()).findFirst().get();
                return RemoteKeyInfo.of(pub, Set.of(alg, raw));
            }
            return RemoteKeyInfo.of(pub, Set.of(alg));
        });
    }

    /** The one algorithm of a key version (Cloud KMS's PSS salt is the hash length). */
    private SignatureAlgorithm ours(CryptoKeyVersionAlgorithm a) {
        String n = a.name();
        if (n.startsWith("RSA_SIGN_PSS_") || n.startsWith("RSA_SIGN_PKCS1_")) {
            String hash = n.substring(n.length() - 3);
            return SignatureAlgorithm.fromName((n.startsWith("RSA_SIGN_PSS_") ? "RSA_PSS_SHA" : "RSA_PKCS1_SHA") + hash).get();
        }
        if (n.equals("EC_SIGN_P256_SHA256")) {
            return SignatureAlgorithm.ECDSA_P256_SHA256;
        }
        if (n.equals("EC_SIGN_P384_SHA384")) {
            return SignatureAlgorithm.ECDSA_P384_SHA384;
        }
        throw new UnsupportedAlgorithmException(description + " has the algorithm " + n + ": qseal signs digests with"
                + " RSA_SIGN_PKCS1_*, RSA_SIGN_PSS_* and EC_SIGN_P256_SHA256/EC_SIGN_P384_SHA384 key versions");
    }

    @Override
    public CompletableFuture<byte[]> signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        Digest.Builder d = Digest.newBuilder();
        ByteString bytes = ByteString.copyFrom(digest);
        switch (algorithm.hash()) {
            case SHA_256: d.setSha256(bytes); break;
            case SHA_384: d.setSha384(bytes); break;
            default: d.setSha512(bytes);
        }
        AsymmetricSignRequest req = AsymmetricSignRequest.newBuilder().setName(name).setDigest(d)
                .setDigestCrc32C(Int64Value.of(crc32c(digest))).build();
        return call(() -> {
            AsymmetricSignResponse r = kms.asymmetricSign(req);
            byte[] sig = r.getSignature().toByteArray();
            if (!r.getVerifiedDigestCrc32C()) {
                throw RemoteCallException.transientFault(description + ": Cloud KMS did not confirm the digest's CRC32C (corrupted in transit)", null);
            }
            if (!r.hasSignatureCrc32C() || r.getSignatureCrc32C().getValue() != crc32c(sig)) {
                throw RemoteCallException.transientFault(description + ": the signature's CRC32C does not match (corrupted in transit)", null);
            }
            if (!r.getName().isEmpty() && !r.getName().equals(name)) {
                throw new KeyAccessException(description + ": Cloud KMS answered for another key version (" + r.getName() + ")");
            }
            return sig;
        });
    }

    static long crc32c(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return c.getValue();
    }

    private <T> CompletableFuture<T> call(Supplier<T> blocking) {
        return RemoteExecutors.supply(executor, description, blocking, e -> RemoteResponses.tooLarge(e, description)
                .<RuntimeException>map(t -> t).orElseGet(() -> e instanceof ApiException ? map((ApiException) e) : e));
    }


    /** gRPC-style status codes as qseal's exceptions. */
    private QsealException map(ApiException e) {
        StatusCode.Code code = e.getStatusCode().getCode();
        String msg = String.valueOf(e.getMessage());
        String what = description + ": " + code + ": " + (msg.length() > 300 ? msg.substring(0, 300) + "..." : msg);
        switch (code) {
            case RESOURCE_EXHAUSTED:
                return RemoteCallException.throttled(what, Optional.empty());
            case UNAVAILABLE:
            case DEADLINE_EXCEEDED:
            case INTERNAL:
            case ABORTED:
            case UNKNOWN:
                return RemoteCallException.transientFault(what, e);
            case NOT_FOUND:
                return new KeyNotFoundException(what + ": check the project, location, key ring, key and version");
            case PERMISSION_DENIED:
            case UNAUTHENTICATED:
                return new KeyAccessException(what + ": check the credentials and their roles (roles/cloudkms.signerVerifier)");
            case FAILED_PRECONDITION:
                return new KeyAccessException(what + ": the key version is not enabled");
            case INVALID_ARGUMENT:
                return new UnsupportedAlgorithmException(what);
            default:
                return new BackendUnavailableException(what, e);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        kms.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
