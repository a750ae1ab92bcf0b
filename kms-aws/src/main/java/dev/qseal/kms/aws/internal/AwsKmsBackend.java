package dev.qseal.kms.aws.internal;

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
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * One AWS KMS key: {@code GetPublicKey} once, {@code Sign} with {@code MessageType=DIGEST}. The SDK's
 * client is blocking (URLConnection, no Netty), so calls run on a bounded pool as large as the key's
 * in-flight limit; the SDK's own retries are off (the engine retries); every answer is bounded
 * ({@link BoundedHttpClient}).
 */
public final class AwsKmsBackend implements RemoteKeyBackend {
    private final String keyId;
    private final Region region;
    private final String description;
    private final KmsClient kms;
    private final ExecutorService executor;

    public AwsKmsBackend(String keyId, Region region, Optional<URI> endpoint, Optional<String> profile, int maxInFlight) {
        this.keyId = keyId;
        this.region = region;
        this.description = "awskms:" + keyId + " (" + region.id() + endpoint.map(e -> ", " + e.getHost()).orElse("") + ")";
        DefaultCredentialsProvider.Builder credentials = DefaultCredentialsProvider.builder();
        profile.filter(p -> !p.isEmpty()).ifPresent(credentials::profileName);
        KmsClientBuilder b = KmsClient.builder()
                .region(region)
                .credentialsProvider(credentials.build())
                .httpClient(new BoundedHttpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build()))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        endpoint.ifPresent(b::endpointOverride);
        this.kms = b.build();
        this.executor = RemoteExecutors.bounded("awskms", Math.min(maxInFlight, 256));
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String backendName() {
        return "awskms " + region.id();
    }

    @Override
    public SignatureAlgorithm.Scheme ecdsaEncoding() {
        return SignatureAlgorithm.Scheme.ECDSA_DER;
    }

    @Override
    public CompletableFuture<RemoteKeyInfo> fetchKeyInfo() {
        return call(() -> info(kms.getPublicKey(r -> r.keyId(keyId))));
    }

    private RemoteKeyInfo info(GetPublicKeyResponse r) {
        if (r.keyUsage() != KeyUsageType.SIGN_VERIFY) {
            throw new UnsupportedAlgorithmException(description + " has key usage " + r.keyUsageAsString()
                    + ": qseal needs an asymmetric key with usage SIGN_VERIFY");
        }
        String spec = r.keySpecAsString();
        String jca;
        if (spec.startsWith("RSA_")) {
            jca = "RSA";
        } else if (spec.startsWith("ECC_NIST_P")) {
            jca = "EC";
        } else {
            throw new UnsupportedAlgorithmException(description + " is a " + spec
                    + " key: qseal signs with RSA and ECC_NIST_P256/P384/P521 keys");
        }
        PublicKey pub;
        try {
            pub = KeyFactory.getInstance(jca).generatePublic(new X509EncodedKeySpec(r.publicKey().asByteArray()));
        } catch (GeneralSecurityException e) {
            throw new KeyAccessException(description + " returned a public key qseal cannot read: " + e.getMessage());
        }
        Set<SignatureAlgorithm> algs = new LinkedHashSet<>();
        for (SigningAlgorithmSpec s : r.signingAlgorithms()) {
            algs.addAll(ours(s));
        }
        return RemoteKeyInfo.of(pub, algs);
    }

    /** Our algorithms for one of AWS's (AWS's PSS salt is the hash length; ECDSA either form). */
    private static Set<SignatureAlgorithm> ours(SigningAlgorithmSpec s) {
        switch (s) {
            case RSASSA_PKCS1_V1_5_SHA_256: return Set.of(SignatureAlgorithm.RSA_PKCS1_SHA256);
            case RSASSA_PKCS1_V1_5_SHA_384: return Set.of(SignatureAlgorithm.RSA_PKCS1_SHA384);
            case RSASSA_PKCS1_V1_5_SHA_512: return Set.of(SignatureAlgorithm.RSA_PKCS1_SHA512);
            case RSASSA_PSS_SHA_256: return Set.of(SignatureAlgorithm.RSA_PSS_SHA256);
            case RSASSA_PSS_SHA_384: return Set.of(SignatureAlgorithm.RSA_PSS_SHA384);
            case RSASSA_PSS_SHA_512: return Set.of(SignatureAlgorithm.RSA_PSS_SHA512);
            case ECDSA_SHA_256: return Set.of(SignatureAlgorithm.ECDSA_P256_SHA256, SignatureAlgorithm.ECDSA_P256_SHA256_RAW);
            case ECDSA_SHA_384: return Set.of(SignatureAlgorithm.ECDSA_P384_SHA384, SignatureAlgorithm.ECDSA_P384_SHA384_RAW);
            case ECDSA_SHA_512: return Set.of(SignatureAlgorithm.ECDSA_P521_SHA512, SignatureAlgorithm.ECDSA_P521_SHA512_RAW);
            default: return Set.of();
        }
    }

    private static SigningAlgorithmSpec theirs(SignatureAlgorithm a) {
        String hash = a.hash().name().substring(4); // 256, 384, 512
        switch (a.scheme()) {
            case RSA_PKCS1: return SigningAlgorithmSpec.fromValue("RSASSA_PKCS1_V1_5_SHA_" + hash);
            case RSA_PSS: return SigningAlgorithmSpec.fromValue("RSASSA_PSS_SHA_" + hash);
            default: return SigningAlgorithmSpec.fromValue("ECDSA_SHA_" + hash);
        }
    }

    @Override
    public CompletableFuture<byte[]> signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        SigningAlgorithmSpec spec = theirs(algorithm);
        return call(() -> kms.sign(r -> r.keyId(keyId).messageType(MessageType.DIGEST)
                .message(SdkBytes.fromByteArray(digest)).signingAlgorithm(spec)).signature().asByteArray());
    }

    private <T> CompletableFuture<T> call(Supplier<T> blocking) {
        return RemoteExecutors.supply(executor, description, blocking, e -> RemoteResponses.tooLarge(e, description)
                .<RuntimeException>map(t -> t).orElseGet(() -> e instanceof SdkException ? map((SdkException) e) : e));
    }


    /** AWS's errors as qseal's: throttling and 5xx are retryable, the rest say what is wrong with the key. */
    private QsealException map(SdkException e) {
        if (e instanceof AwsServiceException) {
            AwsServiceException s = (AwsServiceException) e;
            String code = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode();
            String msg = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorMessage();
            String what = description + ": " + code + " (HTTP " + s.statusCode() + ")" + (msg == null ? "" : ": " + clip(msg));
            if (s.isThrottlingException() || "ThrottlingException".equals(code) || s.statusCode() == 429) {
                return RemoteCallException.throttled(what, Optional.empty());
            }
            if (s.statusCode() >= 500 || "KMSInternalException".equals(code) || "DependencyTimeoutException".equals(code)
                    || "KeyUnavailableException".equals(code)) {
                return RemoteCallException.transientFault(what, null);
            }
            switch (code) {
                case "NotFoundException":
                    return new KeyNotFoundException(what + ": check the key id, alias and region");
                case "DisabledException":
                case "KMSInvalidStateException":
                case "AccessDeniedException":
                case "UnrecognizedClientException":
                case "InvalidSignatureException":
                case "ExpiredTokenException":
                    return new KeyAccessException(what + ": check the key's state and the credentials' permissions");
                case "InvalidKeyUsageException":
                case "UnsupportedOperationException":
                    return new UnsupportedAlgorithmException(what);
                default:
                    return new BackendUnavailableException(what);
            }
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
            return new KeyAccessException(description + ": no AWS credentials: the SDK's default chain (AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY, aws.accessKeyId, web identity, ~/.aws profiles, container or instance role)"
                    + " found none");
        }
        if (e.getCause() instanceof IOException || e instanceof SdkClientException) {
            return RemoteCallException.transientFault(description + ": " + clip(String.valueOf(e.getMessage())), e);
        }
        return new BackendUnavailableException(description + ": " + clip(String.valueOf(e.getMessage())), e);
    }

    private static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
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
