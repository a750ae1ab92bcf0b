package dev.qseal.core.key;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opens {@code pkcs12:} and {@code jks:} key references: a private-key entry in a Java keystore file.
 *
 * <p>Example: {@code pkcs12:/etc/qseal/seal.p12?alias=seal&password-env=P12_PASS}. Attributes:
 * <ul>
 *   <li>{@code alias} — the entry; may be left out when the store holds exactly one private key;</li>
 *   <li>{@code password-env} / {@code password-file} — the store password (else the {@link SecretProvider});</li>
 *   <li>{@code key-password-env} / {@code key-password-file} — the entry's own password, when it
 *       differs from the store password;</li>
 *   <li>{@code cert} — a certificate chain file that replaces the chain stored with the entry.</li>
 * </ul>
 */
public final class KeyStoreKeySource implements KeySource {
    private static final Set<String> ATTRIBUTES =
            Set.of("alias", "cert", "password-env", "password-file", "key-password-env", "key-password-file");

    private final Secrets secrets;

    /** The instance {@link java.util.ServiceLoader} creates; reads passwords from the real environment. */
    public KeyStoreKeySource() {
        this(Secrets.system());
    }

    KeyStoreKeySource(Secrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("pkcs12", "jks");
    }

    @Override
    public SigningKey open(KeyRef ref, SecretProvider provider) {
        if (!schemes().contains(ref.scheme())) {
            throw new BadInputException("the keystore source does not open '" + ref.scheme() + ":' references");
        }
        KeyMaterial.checkAttributes(ref, ATTRIBUTES);
        Path file = KeyMaterial.path(ref);
        String where = file.toString();
        String type = ref.scheme().equals("pkcs12") ? "PKCS12" : "JKS";
        byte[] bytes = KeyMaterial.readKeyFile(file, "keystore");

        KeyStore store;
        char[] storePassword = secrets.find(ref, "password", provider, "keystore password")
                .orElseThrow(() -> new KeyAccessException("the keystore " + where + " needs a password: add "
                        + "password-env=VARIABLE or password-file=PATH to the key reference"));
        try {
            store = load(type, bytes, storePassword, where);
            String alias = chooseAlias(store, ref, where);
            PrivateKey key = privateKey(store, alias, ref, storePassword, where);
            String description = ref.toString();
            PublicKey publicKey = KeyMaterial.publicKeyOf(key, where + " (alias '" + alias + "')");
            List<X509Certificate> chain;
            Optional<String> certPath = ref.param("cert");
            chain = certPath.isPresent() ? Certificates.load(Path.of(certPath.get())) : storedChain(store, alias, where);
            return new SoftwareSigningKey(description, key, publicKey, KeyMaterial.leafFirst(chain, publicKey));
        } finally {
            Arrays.fill(storePassword, '\0');
        }
    }

    private static KeyStore load(String type, byte[] bytes, char[] password, String where) {
        try {
            KeyStore store = KeyStore.getInstance(type);
            store.load(new ByteArrayInputStream(bytes), password);
            return store;
        } catch (IOException e) {
            // The JDK reports a wrong password as an IOException (cause UnrecoverableKeyException), and
            // a damaged file the same way: the two cannot be told apart from outside.
            throw new KeyAccessException("wrong password for keystore " + where + " (or the file is corrupt, or not a "
                    + type + " keystore)", e);
        } catch (GeneralSecurityException e) {
            throw new KeyAccessException("cannot open the " + type + " keystore " + where + ": " + e.getMessage(), e);
        }
    }

    private static String chooseAlias(KeyStore store, KeyRef ref, String where) {
        List<String> keyAliases = new ArrayList<>();
        List<String> allAliases = new ArrayList<>();
        try {
            for (String a : Collections.list(store.aliases())) {
                allAliases.add(a);
                if (store.entryInstanceOf(a, KeyStore.PrivateKeyEntry.class)) {
                    keyAliases.add(a);
                }
            }
        } catch (KeyStoreException e) {
            throw new KeyAccessException("cannot list the entries of keystore " + where + ": " + e.getMessage(), e);
        }
        Collections.sort(keyAliases);
        Optional<String> wanted = ref.param("alias");
        if (wanted.isPresent()) {
            String alias = wanted.get();
            for (String a : keyAliases) {
                // JKS lower-cases aliases and PKCS#12 compares them case-insensitively: so do we.
                if (a.equalsIgnoreCase(alias)) {
                    return a;
                }
            }
            boolean otherEntry = allAliases.stream().anyMatch(a -> a.equalsIgnoreCase(alias));
            throw new KeyNotFoundException("the keystore " + where + " has no private key under alias '" + alias + "'"
                    + (otherEntry ? " (the entry is a certificate, not a key)" : "")
                    + "; private-key aliases present: " + describe(keyAliases));
        }
        if (keyAliases.size() == 1) {
            return keyAliases.get(0);
        }
        if (keyAliases.isEmpty()) {
            throw new KeyNotFoundException("the keystore " + where + " holds no private key (entries: "
                    + describe(allAliases) + ")");
        }
        throw new BadInputException("the keystore " + where + " holds several private keys (" + describe(keyAliases)
                + "): choose one with alias=NAME in the key reference");
    }

    private PrivateKey privateKey(KeyStore store, String alias, KeyRef ref, char[] storePassword, String where) {
        Optional<char[]> keyPassword = secrets.findExplicit(ref, "key-password", "key password");
        char[] pw = keyPassword.orElse(storePassword);
        try {
            Key key = store.getKey(alias, pw);
            if (!(key instanceof PrivateKey)) {
                throw new KeyNotFoundException("the entry '" + alias + "' in keystore " + where + " is not a private key");
            }
            return (PrivateKey) key;
        } catch (UnrecoverableKeyException e) {
            throw new KeyAccessException("wrong key password for alias '" + alias + "' in keystore " + where
                    + (keyPassword.isPresent() ? "" : ": if the key has its own password, add key-password-env=VARIABLE "
                    + "or key-password-file=PATH"), e);
        } catch (GeneralSecurityException e) {
            throw new KeyAccessException("cannot read the key '" + alias + "' from keystore " + where + ": "
                    + e.getMessage(), e);
        } finally {
            keyPassword.ifPresent(p -> Arrays.fill(p, '\0'));
        }
    }

    private static List<X509Certificate> storedChain(KeyStore store, String alias, String where) {
        try {
            Certificate[] chain = store.getCertificateChain(alias);
            List<X509Certificate> out = new ArrayList<>();
            if (chain != null) {
                for (Certificate c : chain) {
                    if (!(c instanceof X509Certificate)) {
                        throw new BadInputException("the keystore " + where + " holds a " + c.getType()
                                + " certificate for '" + alias + "': only X.509 is supported");
                    }
                    out.add((X509Certificate) c);
                }
            }
            return out;
        } catch (KeyStoreException e) {
            throw new KeyAccessException("cannot read the certificate chain of '" + alias + "' in keystore " + where, e);
        }
    }

    private static String describe(List<String> aliases) {
        if (aliases.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (String a : aliases) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append('\'').append(a).append('\'');
        }
        return sb.toString();
    }
}
