package dev.qseal.kms.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.security.keyvault.keys.implementation.KeyVaultCredentialPolicy;
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
import dev.qseal.core.key.remote.RemoteResponses;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * One Key Vault key over the asynchronous {@link CryptographyAsyncClient}: the key fetched once (its
 * version pinned), {@code sign} with the digest. Key Vault returns ECDSA as raw r‖s.
 *
 * <p>The pipeline is qseal's own: the SDK's Key Vault bearer-challenge policy, no retry policy (the
 * engine retries) and every answer bounded ({@link BoundedHttpClient}). It also reads the key's
 * certificate from the vault's certificate store ({@code GET /certificates/NAME}): a Key Vault
 * certificate shares its name with its key. Only the leaf is there (the chain sits in the secret,
 * with the private key, which qseal never reads).
 */
public final class AzureKeyVaultBackend implements RemoteKeyBackend {
    /** The Key Vault REST API version of the certificate lookup (GA, served by every public vault). */
    private static final String CERTIFICATES_API = "7.5";

    private final String vaultUrl;
    private final String name;
    private final Optional<String> version;
    private final String description;
    private final Optional<String> certificate;
    private final boolean certificateRequired;
    private final ExecutorService executor;
    private final HttpPipeline pipeline;
    private final CryptographyClientBuilder builder;
    private volatile CryptographyAsyncClient signer;

    /**
     * @param certificate         the certificate store entry to read ({@code NAME} or {@code NAME/VERSION}), or empty for none
     * @param certificateRequired whether it must be there and certify the key (named in the reference), or is
     *                            taken only when it does (looked up by the key's name)
     */
    public AzureKeyVaultBackend(String vaultUrl, String name, Optional<String> version, Optional<String> certificate,
            boolean certificateRequired, TokenCredential credential, Optional<java.net.http.HttpClient.Builder> http,
            boolean verifyChallengeResource, int maxInFlight) {
        this.vaultUrl = vaultUrl;
        this.name = name;
        this.version = version;
        this.certificate = certificate;
        this.certificateRequired = certificateRequired;
        this.description = "azurekv:" + vaultUrl.substring("https://".length()) + "/keys/" + name + version.map(v -> "/" + v).orElse("");
        this.executor = RemoteExecutors.bounded("azurekv", 2);
        HttpClient httpClient = new JdkHttpClientBuilder(http.orElseGet(java.net.http.HttpClient::newBuilder))
                .executor(executor).connectionTimeout(Duration.ofSeconds(5)).build();
        // KeyVaultCredentialPolicy is the keys SDK's own challenge policy (public, in its implementation package): the
        // pipeline the SDK would build is not reachable, and the certificate lookup must share its bound and challenge
        this.pipeline = new HttpPipelineBuilder()
                .httpClient(new BoundedHttpClient(httpClient))
                .policies(new UserAgentPolicy(), new RequestIdPolicy(), new KeyVaultCredentialPolicy(credential, !verifyChallengeResource))
                .build();
        this.builder = new CryptographyClientBuilder().pipeline(pipeline);
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
        return translate(c.getKey().toFuture()).thenApply(this::info)
                .thenCompose(i -> certificate(i.publicKey()).thenApply(i::withCertificateChain));
    }

    /** The certificate from the vault's store, as {@link #certificate} and {@link #certificateRequired} say. */
    private CompletableFuture<List<X509Certificate>> certificate(PublicKey key) {
        if (certificate.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        HttpRequest get = new HttpRequest(HttpMethod.GET, vaultUrl + "/certificates/" + certificate.get() + "?api-version=" + CERTIFICATES_API);
        return translate(pipeline.send(get).flatMap(r -> r.getBodyAsByteArray().defaultIfEmpty(new byte[0])
                .map(body -> certificate(r, body, key)).doFinally(x -> r.close())).toFuture());
    }

    private List<X509Certificate> certificate(HttpResponse r, byte[] body, PublicKey key) {
        int status = r.getStatusCode();
        String what = description + ": the vault's certificate '" + certificate.get() + "'";
        if (status != 200) {
            RuntimeException e = status == 404 ? new KeyNotFoundException(what + " does not exist (HTTP 404): check its name and version")
                    : status == 401 || status == 403 ? new KeyAccessException(what + " may not be read (HTTP " + status
                            + "): the credential needs the certificates/get permission")
                    : map(new HttpResponseException(what + ": HTTP " + status, r));
            if (certificateRequired || e instanceof RemoteCallException) {
                throw e;
            }
            return List.of(); // no certificate under the key's name, or none this credential may read
        }
        X509Certificate cert;
        boolean enabled;
        try (JsonReader json = JsonProviders.createReader(body)) {
            Object parsed = json.readUntyped();
            Map<?, ?> bundle = parsed instanceof Map ? (Map<?, ?>) parsed : Map.of();
            Object attributes = bundle.get("attributes");
            enabled = !(attributes instanceof Map) || !Boolean.FALSE.equals(((Map<?, ?>) attributes).get("enabled"));
            String cer = String.valueOf(bundle.get("cer"));
            byte[] der = (cer.contains("-") || cer.contains("_") ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(cer);
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (IOException | CertificateException | IllegalArgumentException | ClassCastException e) {
            throw new KeyAccessException(what + " is not a certificate qseal can read (" + e.getClass().getSimpleName() + ")");
        }
        if (!enabled) {
            if (certificateRequired) {
                throw new KeyAccessException(what + " is disabled: enable it in the vault, or give the certificate with cert=");
            }
            return List.of();
        }
        if (!certificateRequired && !Arrays.equals(cert.getPublicKey().getEncoded(), key.getEncoded())) {
            return List.of(); // renewed onto a newer key version than the one this reference pins
        }
        return List.of(cert); // a named certificate of another key is refused by the engine, naming its subject
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
        Optional<BackendUnavailableException> tooLarge = RemoteResponses.tooLarge(e, description);
        if (tooLarge.isPresent()) {
            return tooLarge.get();
        }
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
