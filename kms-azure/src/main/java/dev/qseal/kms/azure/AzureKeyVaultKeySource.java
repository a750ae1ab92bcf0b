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
 * azurekv:VAULT.vault.azure.net/keys/NAME?certificate=CERT[/VERSION]   with the vault's certificate CERT
 * </pre>
 *
 * <ul>
 *   <li>The certificate: {@code cert=PATH} reads it from a file (as for every remote key).
 *       {@code certificate=CERT} or {@code CERT/VERSION} reads it from the vault's certificate store,
 *       where it must exist and certify the key. With neither, the store's certificate of the key's own
 *       name is taken when there is one that certifies the key (a Key Vault certificate and its key
 *       share a name); none, one the credential may not read ({@code certificates/get}) or one renewed
 *       onto another key version leaves the key without a certificate. The store holds the leaf only.
 *       Managed HSM has no certificate store.</li>
 *   <li>Credentials come only from {@code DefaultAzureCredential} (environment, workload identity,
 *       managed identity, Azure CLI / PowerShell / Developer CLI sign-in).
 *   <li>{@code cert}, {@code max-in-flight}, {@code rate}, {@code backend-rate}, {@code deadline-ms},
 *       {@code timeout-ms}: as for every remote key ({@link RemoteKeyPolicy}).
 * </ul>
 */
public final class AzureKeyVaultKeySource implements KeySource {
    private static final Pattern CERTIFICATE = Pattern.compile("[A-Za-z0-9-]{1,127}(?:/[A-Za-z0-9]{1,64})?");
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
        RemoteKeyRefs.checkAttributes(ref, Set.of("certificate"));
        Matcher m = KEY.matcher(KeyRef.decode(ref.path()));
        if (!m.matches()) {
            throw new BadInputException("the key reference " + ref + " does not name a Key Vault key: write"
                    + " azurekv:VAULT.vault.azure.net/keys/NAME[/VERSION]");
        }
        Optional<String> named = ref.param("certificate").filter(c -> !c.isEmpty());
        boolean fromFile = ref.param("cert").filter(c -> !c.isEmpty()).isPresent();
        boolean managedHsm = m.group(1).replaceFirst(":[0-9]+$", "").toLowerCase(java.util.Locale.ROOT).endsWith(".managedhsm.azure.net");
        if (named.isPresent() && (fromFile || managedHsm || !CERTIFICATE.matcher(named.get()).matches())) {
            throw new BadInputException("the key reference " + ref + (fromFile ? " names a certificate twice: keep cert= (a file)"
                    + " or certificate= (the vault's)" : managedHsm ? " asks a Managed HSM for a certificate, and it keeps none:"
                    + " give the certificate with cert=" : " has a certificate= that is not a Key Vault certificate: write"
                    + " certificate=NAME or certificate=NAME/VERSION"));
        }
        Optional<String> lookup = fromFile || managedHsm ? Optional.empty() : named.or(() -> Optional.of(m.group(2)));
        RemoteKeyPolicy policy = RemoteKeyPolicy.fromKeyRef(ref);
        AzureKeyVaultBackend backend = new AzureKeyVaultBackend("https://" + m.group(1), m.group(2), Optional.ofNullable(m.group(3)),
                lookup, named.isPresent(), credential.get(), http, verifyChallengeResource, policy.maxInFlight());
        return RemoteSigningKeys.open(backend, policy, RemoteKeyRefs.certificateChain(ref));
    }
}
