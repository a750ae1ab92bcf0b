package dev.qseal.kms.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import dev.qseal.core.key.KeySource;
import java.net.http.HttpClient;
import java.time.OffsetDateTime;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * For the benchmarks only: the {@code azurekv:} key source as kms-azure's own tests open it against the
 * Key Vault stand-in (its package-private constructor: a fixed bearer token, the stand-in's TLS trust,
 * challenge resource verification off). Lives in this package, in the benchmarks jar, so that kms-azure
 * keeps that constructor out of its public API.
 */
public final class AzureStandInKeySource {
    private AzureStandInKeySource() {
    }

    /** The real key source with a credential that always answers {@code token} and an HTTP client from {@code http}. */
    public static KeySource of(String token, HttpClient.Builder http) {
        TokenCredential credential = request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
        return new AzureKeyVaultKeySource(() -> credential, Optional.of(http), false);
    }
}
