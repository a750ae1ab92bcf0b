package dev.qseal.kms.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.qseal.core.BadInputException;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.KeySource;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.remote.RemoteKeyPolicy;
import dev.qseal.core.key.remote.RemoteKeyRefs;
import dev.qseal.core.key.remote.RemoteSigningKeys;
import dev.qseal.kms.azure.internal.AzureKeyVaultBackend;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code azurekv:} keys: Azure Key Vault and Managed HSM keys, over azure-security-keyvault-keys with
 * the JDK HTTP client (no Netty).
 *
 * <pre>
 * azurekv:VAULT.vault.azure.net/keys/NAME              the latest version, pinned when the key is opened
 * azurekv:VAULT.vault.azure.net/keys/NAME/VERSION      one version
 * azurekv:https://HSM.managedhsm.azure.net/keys/NAME/VERSION   a key identifier (kid) as Azure shows it
 * </pre>
 *
 * <ul>
 *   <li>Credentials come only from {@code DefaultAzureCredential} (environment, workload identity,
 *       managed identity, Azure CLI / PowerShell / Developer CLI sign-in).
 *   <li>{@code cert}, {@code max-in-flight}, {@code rate}, {@code backend-rate}, {@code deadline-ms},
 *       {@code timeout-ms}: as for every remote key ({@link RemoteKeyPolicy}).
 * </ul>
 */
public final class AzureKeyVaultKeySource implements KeySource {
    private static final Pattern KEY = Pattern.compile(
            "(?:https://)?([A-Za-z0-9](?:[A-Za-z0-9.-]{0,250}[A-Za-z0-9])?(?::[0-9]{1,5})?)/keys/([A-Za-z0-9-]{1,127})(?:/([A-Za-z0-9]{1,64}))?/?");

    private final Supplier<TokenCredential> credential;
    private final Optional<java.net.http.HttpClient.Builder> http;
    private final boolean verifyChallengeResource;

    public AzureKeyVaultKeySource() {
        this(() -> new DefaultAzureCredentialBuilder().build(), Optional.empty(), true);
    }

    /** For tests: a stand-in's credential and TLS trust, and a challenge whose resource is not the vault's domain. */
    AzureKeyVaultKeySource(Supplier<TokenCredential> credential, Optional<java.net.http.HttpClient.Builder> http,
            boolean verifyChallengeResource) {
        this.credential = credential;
        this.http = http;
        this.verifyChallengeResource = verifyChallengeResource;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("azurekv");
    }

    @Override
    public SigningKey open(KeyRef ref, SecretProvider secrets) {
        RemoteKeyRefs.checkAttributes(ref, Set.of());
        Matcher m = KEY.matcher(KeyRef.decode(ref.path()));
        if (!m.matches()) {
            throw new BadInputException("the key reference " + ref + " does not name a Key Vault key: write"
                    + " azurekv:VAULT.vault.azure.net/keys/NAME[/VERSION]");
        }
        RemoteKeyPolicy policy = RemoteKeyPolicy.fromKeyRef(ref);
        AzureKeyVaultBackend backend = new AzureKeyVaultBackend("https://" + m.group(1), m.group(2),
                Optional.ofNullable(m.group(3)), credential.get(), http, verifyChallengeResource, policy.maxInFlight());
        return RemoteSigningKeys.open(backend, policy, RemoteKeyRefs.certificateChain(ref));
    }
}
