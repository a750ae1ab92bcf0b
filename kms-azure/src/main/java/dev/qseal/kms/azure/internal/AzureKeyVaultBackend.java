package dev.qseal.kms.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.keys.cryptography.CryptographyAsyncClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.QsealException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.remote.RemoteCallException;
import dev.qseal.core.key.remote.RemoteExecutors;
import dev.qseal.core.key.remote.RemoteKeyBackend;
import dev.qseal.core.key.remote.RemoteKeyInfo;
import java.io.IOException;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * One Key Vault key over the asynchronous {@link CryptographyAsyncClient}: the key fetched once (its
 * version pinned), {@code sign} with the digest. Key Vault returns ECDSA as raw r‖s. The SDK's retry
 * policy is set to no retries (the engine retries); the Key Vault bearer challenge is the SDK's.
 */
public final class AzureKeyVaultBackend implements RemoteKeyBackend {
    private final String vaultUrl;
    private final String name;
    private final Optional<String> version;
    private final String description;
    private final ExecutorService executor;
    private final CryptographyClientBuilder builder;
    private volatile CryptographyAsyncClient signer;

    public AzureKeyVaultBackend(String vaultUrl, String name, Optional<String> version, TokenCredential credential,
            Optional<java.net.http.HttpClient.Builder> http, boolean verifyChallengeResource, int maxInFlight) {
        this.vaultUrl = vaultUrl;
        this.name = name;
        this.version = version;
        this.description = "azurekv:" + vaultUrl.substring("https://".length()) + "/keys/" + name + version.map(v -> "/" + v).orElse("");
        this.executor = RemoteExecutors.bounded("azurekv", 2);
        HttpClient httpClient = new JdkHttpClientBuilder(http.orElseGet(java.net.http.HttpClient::newBuilder))
                .executor(executor).connectionTimeout(Duration.ofSeconds(5)).build();
        CryptographyClientBuilder b = new CryptographyClientBuilder()
                .credential(credential)
                .httpClient(httpClient)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))));
        if (!verifyChallengeResource) {
            b.disableChallengeResourceVerification();
        }
        this.builder = b;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String backendName() {
        return "azurekv " + vaultUrl;
    }

    @Override
    public SignatureAlgorithm.Scheme ecdsaEncoding() {
        return SignatureAlgorithm.Scheme.ECDSA_RAW;
    }

    @Override
    public CompletableFuture<RemoteKeyInfo> fetchKeyInfo() {
        CryptographyAsyncClient c;
        synchronized (builder) {
            c = builder.keyIdentifier(vaultUrl + "/keys/" + name + version.map(v -> "/" + v).orElse("")).buildAsyncClient();
        }
        return translate(c.getKey().toFuture()).thenApply(this::info);
    }

    private RemoteKeyInfo info(KeyVaultKey key) {
        JsonWebKey jwk = key.getKey();
        if (key.getProperties() != null && Boolean.FALSE.equals(key.getProperties().isEnabled())) {
            throw new KeyAccessException(description + " is disabled: enable it in the vault");
        }
        if (jwk.getKeyOps() != null && !jwk.getKeyOps().isEmpty() && !jwk.getKeyOps().contains(KeyOperation.SIGN)) {
            throw new UnsupportedAlgorithmException(description + " may not sign (its operations are " + jwk.getKeyOps()
                    + "): allow the 'sign' operation or use a signing key");
        }
        String kty = String.valueOf(jwk.getKeyType()).toUpperCase(Locale.ROOT);
        PublicKey pub;
        if (kty.startsWith("RSA")) {
            pub = jwk.toRsa(false).getPublic();
        } else if (kty.startsWith("EC") && jwk.getCurveName() != null
                && Set.of("P-256", "P-384", "P-521").contains(jwk.getCurveName().toString())) {
            pub = jwk.toEc(false).getPublic();
        } else {
            throw new UnsupportedAlgorithmException(description + " is a " + kty + (jwk.getCurveName() == null ? "" : " " + jwk.getCurveName())
                    + " key: qseal signs with RSA and EC P-256/P-384/P-521 keys");
        }
        synchronized (builder) {
            this.signer = builder.keyIdentifier(key.getId()).disableKeyCaching().buildAsyncClient();
        }
        KeyType type = KeyType.of(pub);
        return RemoteKeyInfo.of(pub, SignatureAlgorithm.forKeyType(type));
    }

    @Override
    public CompletableFuture<byte[]> signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm alg = theirs(algorithm);
        return translate(signer.sign(alg, digest).toFuture()).thenApply(r -> r.getSignature());
    }

    /** JOSE names are Key Vault's: RS256, PS256 (salt = hash length), ES256 (raw r‖s). */
    private static com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm theirs(SignatureAlgorithm a) {
        String hash = a.hash().name().substring(4);
        String prefix = a.scheme() == SignatureAlgorithm.Scheme.RSA_PKCS1 ? "RS" : a.scheme() == SignatureAlgorithm.Scheme.RSA_PSS ? "PS" : "ES";
        return com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.fromString(prefix + hash);
    }

    private <T> CompletableFuture<T> translate(CompletableFuture<T> f) {
        return f.handle((v, e) -> {
            if (e == null) {
                return v;
            }
            throw map(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
        });
    }

    private RuntimeException map(Throwable e) {
        if (e instanceof QsealException) {
            return (QsealException) e;
        }
        if (e instanceof HttpResponseException && ((HttpResponseException) e).getResponse() != null) {
            HttpResponseException h = (HttpResponseException) e;
            int status = h.getResponse().getStatusCode();
            String what = description + ": HTTP " + status + ": " + clip(firstLine(h.getMessage()));
            if (status == 429) {
                return RemoteCallException.throttled(what, RemoteCallException.parseRetryAfter(
                        Optional.ofNullable(h.getResponse().getHeaderValue("Retry-After"))));
            }
            if (status >= 500 || status == 408) {
                return RemoteCallException.transientFault(what, null);
            }
            if (status == 404) {
                return new KeyNotFoundException(what + ": check the vault host, key name and version");
            }
            if (status == 401 || status == 403) {
                return new KeyAccessException(what + ": the credential is not allowed to use this key (needs keys/get and keys/sign)");
            }
            if (status == 400) {
                return new UnsupportedAlgorithmException(what);
            }
            return new BackendUnavailableException(what);
        }
        if (e instanceof ClientAuthenticationException) {
            return new KeyAccessException(description + ": no Azure credentials: DefaultAzureCredential (AZURE_CLIENT_ID with"
                    + " AZURE_TENANT_ID and a secret or certificate, workload identity, managed identity, az login) found none: "
                    + clip(firstLine(e.getMessage())));
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) {
                return new KeyNotFoundException(description + ": the vault host does not resolve: check the vault name");
            }
            if (c instanceof IOException || c instanceof TimeoutException) {
                return RemoteCallException.transientFault(description + ": " + c.getClass().getSimpleName()
                        + (c.getMessage() == null ? "" : ": " + clip(firstLine(c.getMessage()))), c);
            }
        }
        return new BackendUnavailableException(description + ": " + e.getClass().getSimpleName() + ": " + clip(firstLine(e.getMessage())), e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
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
