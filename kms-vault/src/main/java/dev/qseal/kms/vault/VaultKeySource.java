package dev.qseal.kms.vault;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.KeySource;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.remote.RemoteKeyPolicy;
import dev.qseal.core.key.remote.RemoteKeyRefs;
import dev.qseal.core.key.remote.RemoteSigningKeys;
import dev.qseal.kms.vault.internal.VaultBackend;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code vault:} keys: HashiCorp Vault (or OpenBao) transit signing keys, over Vault's HTTP API.
 *
 * <pre>vault:KEY_NAME?addr=https://vault.example:8200&amp;mount=transit&amp;version=N&amp;namespace=NS&amp;token-file=PATH&amp;cert=PATH</pre>
 *
 * <ul>
 *   <li>{@code addr}: the Vault address; default the {@code VAULT_ADDR} environment variable.
 *   <li>{@code mount}: where the transit engine is mounted (default {@code transit}).
 *   <li>{@code version}: the key version to sign with and verify against (default: the latest at open).
 *   <li>{@code namespace}: Vault Enterprise namespace; default {@code VAULT_NAMESPACE}.
 *   <li>The token comes from {@code VAULT_TOKEN}, else the file {@code token-file=} names, else
 *       {@code ~/.vault-token} (what {@code vault login} writes); never from the reference itself.
 *   <li>{@code ca-cert}: a PEM file of CA certificates to trust for HTTPS; default {@code VAULT_CACERT}, else the JDK's.
 *   <li>{@code cert}, {@code max-in-flight}, {@code rate}, {@code backend-rate}, {@code deadline-ms},
 *       {@code timeout-ms}: as for every remote key ({@link RemoteKeyPolicy}).
 * </ul>
 */
public final class VaultKeySource implements KeySource {
    private static final int MAX_TOKEN_BYTES = 4096;
    private static final Set<String> ATTRIBUTES = Set.of("addr", "mount", "version", "namespace", "token-file", "ca-cert");

    private final Function<String, String> env;

    public VaultKeySource() {
        this(System::getenv);
    }

    /** For tests: environment variables from {@code env}. */
    VaultKeySource(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("vault");
    }

    @Override
    public SigningKey open(KeyRef ref, SecretProvider secrets) {
        if (ref.param("token").isPresent()) {
            throw new BadInputException("a Vault token never goes in a key reference: set VAULT_TOKEN or name a token-file");
        }
        RemoteKeyRefs.checkAttributes(ref, ATTRIBUTES);
        String name = KeyRef.decode(ref.path());
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
            throw new BadInputException("the key reference " + ref + " does not name a transit key: write vault:KEY_NAME?addr=https://vault:8200"
                    + " (letters, digits, '_', '.', '-')");
        }
        String mount = ref.param("mount").orElse("transit");
        if (!mount.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*") || mount.matches("(.*/)?\\.{1,2}(/.*)?")) {
            throw new BadInputException("the key reference " + ref + " has a malformed mount '" + mount + "': write e.g. mount=transit");
        }
        URI addr = address(ref);
        Optional<Integer> version = ref.param("version").map(v -> {
            if (!v.matches("[1-9][0-9]{0,8}")) {
                throw new BadInputException("the key reference " + ref + " has version='" + v + "': a key version is a positive number");
            }
            return Integer.valueOf(v);
        });
        Optional<String> namespace = ref.param("namespace").or(() -> Optional.ofNullable(env.apply("VAULT_NAMESPACE")));
        Optional<Path> caCert = ref.param("ca-cert").or(() -> Optional.ofNullable(env.apply("VAULT_CACERT")))
                .filter(s -> !s.isEmpty()).map(Path::of);
        RemoteKeyPolicy policy = RemoteKeyPolicy.fromKeyRef(ref);
        char[] token = token(ref);
        VaultBackend backend = new VaultBackend(addr, mount, name, version, namespace, token, caCert, policy.maxInFlight());
        return RemoteSigningKeys.open(backend, policy, RemoteKeyRefs.certificateChain(ref));
    }

    private URI address(KeyRef ref) {
        String a = ref.param("addr").orElseGet(() -> Optional.ofNullable(env.apply("VAULT_ADDR")).orElse(""));
        if (a.isEmpty()) {
            throw new BadInputException("the key reference " + ref + " names no Vault: add addr=https://vault.example:8200 or set VAULT_ADDR");
        }
        URI uri;
        try {
            uri = URI.create(a);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("the Vault address '" + a + "' is not a URL: write e.g. https://vault.example:8200");
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null) {
            throw new BadInputException("the Vault address '" + uri.getScheme() + "://" + uri.getHost()
                    + "...' must be an http(s) URL with a host and no user or query: write e.g. https://vault.example:8200");
        }
        return uri;
    }

    private char[] token(KeyRef ref) {
        String fromEnv = env.apply("VAULT_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim().toCharArray();
        }
        Path file = ref.param("token-file").map(Path::of)
                .orElseGet(() -> Path.of(Optional.ofNullable(env.apply("HOME")).orElse(System.getProperty("user.home")), ".vault-token"));
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_TOKEN_BYTES) {
                throw new KeyAccessException("the Vault token file " + file + " is larger than " + MAX_TOKEN_BYTES + " bytes: it is not a token");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyAccessException("no Vault token: set VAULT_TOKEN, or name a token-file (" + file + " does not exist)");
        } catch (IOException e) {
            throw new KeyAccessException("cannot read the Vault token file " + file + ": " + e.getClass().getSimpleName());
        }
        String t = new String(bytes, StandardCharsets.UTF_8).trim();
        java.util.Arrays.fill(bytes, (byte) 0);
        if (t.isEmpty()) {
            throw new KeyAccessException("the Vault token file " + file + " is empty");
        }
        return t.toCharArray();
    }
}
