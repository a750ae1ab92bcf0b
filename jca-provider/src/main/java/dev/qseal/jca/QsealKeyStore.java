package dev.qseal.jca;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.QsealException;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.CertificateValidityCheck;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.ReloadingSigningKey;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.SigningKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.MessageDigest;
import java.security.UnrecoverableEntryException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code QSEAL} key store: its aliases are {@link KeyRef} URIs, resolved on demand with
 * {@link KeySources} and cached for the life of the key store.
 *
 * <ul>
 * <li>{@code load(null, null)}: no alias is listed, but any KeyRef works as an alias for
 *     {@code getKey}, {@code getCertificateChain}, {@code getCertificate}, {@code isKeyEntry},
 *     {@code containsAlias}, {@code getEntry}.</li>
 * <li>{@code load(stream, null)}: the stream (UTF-8) lists one KeyRef per line; blank lines and
 *     lines starting with {@code #} are ignored. {@code aliases()} and {@code size()} enumerate
 *     them (so {@link javax.net.ssl.KeyManagerFactory} can pick a client key for mutual TLS); any
 *     other KeyRef still resolves on demand. Each listed key is opened by {@code load}, which
 *     throws an {@link IOException} naming the reference and the cause when one cannot be (missing
 *     file, unset password variable, wrong PIN, unknown token), unless the key may still open with
 *     the password given later ({@code getKey}, {@code KeyManagerFactory.init}); a listed key that
 *     still cannot be opened when a key manager asks for it is logged at WARN with the cause.</li>
 * </ul>
 *
 * <p>The password given to {@code getKey} (or the {@code PasswordProtection} of {@code getEntry},
 * or {@code KeyManagerFactory.init(ks, password)}) is offered as the key's password or PIN when
 * the KeyRef does not say where its secret comes from ({@code password-env}, {@code password-file},
 * {@code pin-source}, {@code pin-value}); a {@code null} or empty password offers nothing. A key
 * opened with a password is handed out again only for the same password. The load password is
 * ignored.
 *
 * <p>Read-only: the setters and {@code deleteEntry} throw {@link KeyStoreException}, {@code store}
 * throws {@link IOException}. Aliases never appear verbatim in messages or logs, only as
 * {@link KeyRef#toString()} with secrets ({@code pin-value=}, {@code password=}) redacted.
 */
final class QsealKeyStore extends KeyStoreSpi {
    private static final Logger LOG = LoggerFactory.getLogger(QsealKeyStore.class);
    private static final String READ_ONLY = "the QSEAL key store is read-only: keys stay where their KeyRef points "
            + "(PEM file, PKCS#12/JKS, HSM, KMS); to offer another key, list its KeyRef in the stream given to load()";

    /** A key opened for an alias, with a fingerprint of the password it was opened with (null: none). */
    private static final class Opened {
        final SigningKey signingKey;
        final QsealPrivateKey key;
        final byte[] passwordHash;

        Opened(SigningKey signingKey, byte[] passwordHash) {
            this.signingKey = signingKey;
            this.key = QsealPrivateKey.of(signingKey);
            this.passwordHash = passwordHash;
        }
    }

    private final Set<String> listed = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Map<String, Opened> cache = new ConcurrentHashMap<>();
    private volatile Date loaded;

    // ---- loading ---------------------------------------------------------------------------

    @Override
    public void engineLoad(InputStream stream, char[] password) throws IOException {
        // keys opened before are forgotten, not closed: a KeyManager or signer may still hold them
        cache.clear();
        listed.clear();
        if (stream != null) {
            BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                String ref = line.strip();
                if (n == 1 && ref.startsWith("\uFEFF")) {
                    ref = ref.substring(1).strip();
                }
                if (ref.isEmpty() || ref.startsWith("#")) {
                    continue;
                }
                try {
                    KeyRef parsed = KeyRef.parse(ref);
                    if (!KeySources.sources().containsKey(parsed.scheme())) {
                        throw new IOException("QSEAL key store line " + n + ": unknown key scheme '" + parsed.scheme()
                                + ":' (known: " + String.join(", ", KeySources.sources().keySet()) + ")");
                    }
                } catch (BadInputException e) {
                    throw new IOException("QSEAL key store line " + n + " is not a key reference: " + e.getMessage(), e);
                }
                listed.add(ref);
            }
            LOG.debug("QSEAL key store lists {} key reference(s)", listed.size());
            synchronized (listed) {
                for (String ref : listed) {
                    openListed(ref);
                }
            }
        }
        loaded = new Date();
    }

    /**
     * Opens a listed reference now, so that a broken one fails {@code load} (and so the setup of the
     * key managers) instead of leaving a TLS handshake without a client certificate. Only a key that
     * may still open with the password given later to {@code getKey} or
     * {@code KeyManagerFactory.init} (its reference does not say where its secret comes from, and
     * opening it without one was refused) is left for later.
     */
    private void openListed(String ref) throws IOException {
        KeyRef parsed = KeyRef.parse(ref);
        try {
            open(ref, parsed, null);
        } catch (KeyAccessException e) {
            if (usedSecret(parsed)) {
                throw new IOException("QSEAL key store: the listed key " + parsed + " cannot be opened: " + e.getMessage(), e);
            }
            LOG.debug("QSEAL key store: {} is left to open with the password given later: {}", parsed, e.getMessage());
        } catch (QsealException e) {
            throw new IOException("QSEAL key store: the listed key " + parsed + " cannot be opened: " + e.getMessage(), e);
        }
    }

    @Override
    public void engineLoad(KeyStore.LoadStoreParameter param) throws IOException {
        if (param != null) {
            throw new IllegalArgumentException("the QSEAL key store loads from a stream of KeyRefs, or from nothing: "
                    + "use load(stream, null) or load(null, null)");
        }
        engineLoad(null, null);
    }

    @Override
    public boolean engineProbe(InputStream stream) {
        return false; // never claim a key store file in KeyStore.getInstance(File, ...)
    }

    // ---- resolving -------------------------------------------------------------------------

    /** The KeyRef of an alias, or empty when the alias is not a key reference at all. */
    private static Optional<KeyRef> parse(String alias) {
        if (alias == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyRef.parse(alias.strip()));
        } catch (BadInputException e) {
            return Optional.empty();
        }
    }

    /** Opens (or finds cached) the key of an alias with this password; throws what the key source threw. */
    private Opened open(String alias, KeyRef ref, char[] password) {
        byte[] pwHash = password == null || password.length == 0 ? null : fingerprint(password);
        Opened cached = cache.get(alias);
        if (cached != null && (cached.passwordHash == null || MessageDigest.isEqual(cached.passwordHash, pwHash))) {
            return cached;
        }
        SecretProvider secrets = pwHash == null ? SecretProvider.NONE
                : (r, what) -> Optional.of(password.clone());
        LOG.debug("QSEAL key store: opening {}", ref);
        // a reloading key: the key and certificate files can be replaced (QSealC rotation) under key managers and
        // SSLContexts already built; JSSE's PKIX key manager reads the chain from this store at each handshake
        // and a WARN (once a day) from 30 days before its certificate expires; signing is not refused here: the
        // peer (TLS server, bank) decides, and JCA callers get no typed error from a handshake
        SigningKey sk = CertificateValidityCheck.builder(ReloadingSigningKey.builder(ref, secrets).checkEvery(reloadCheck()).build())
                .allowInvalidCertificate().build();
        Opened opened;
        try {
            // a key whose reference locates its own secret (or needs none) did not use the password
            opened = new Opened(sk, usedSecret(ref) ? null : pwHash);
        } catch (RuntimeException e) {
            sk.close();
            throw e;
        }
        // an entry it replaces is not closed: keys handed out earlier (to a KeyManager, say) stay usable
        cache.put(alias, opened);
        return opened;
    }

    /** System property: how often (ISO-8601 duration, default 30 s) a key's files are compared for rotation. */
    public static final String RELOAD_CHECK_PROPERTY = "dev.qseal.jca.keyReloadCheck";

    private static Duration reloadCheck() {
        String v = System.getProperty(RELOAD_CHECK_PROPERTY);
        if (v == null || v.isBlank()) {
            return Duration.ofSeconds(30);
        }
        try {
            Duration d = Duration.parse(v.strip());
            return d.isNegative() ? Duration.ofSeconds(30) : d;
        } catch (java.time.format.DateTimeParseException e) {
            LOG.warn("QSEAL key store: {}={} is not an ISO-8601 duration (e.g. PT30S); checking every 30 s",
                    RELOAD_CHECK_PROPERTY, v);
            return Duration.ofSeconds(30);
        }
    }

    /** Whether the reference names where its secret comes from (so a getKey password plays no part). */
    private static boolean usedSecret(KeyRef ref) {
        for (String p : List.of("pin-value", "pin-source", "password", "password-env", "password-file")) {
            if (ref.param(p).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static byte[] fingerprint(char[] password) {
        MessageDigest md = dev.qseal.core.key.HashAlgorithm.SHA_256.newDigest();
        md.update("qseal-keystore-password\0".getBytes(StandardCharsets.UTF_8));
        java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        md.update(b);
        Arrays.fill(b, (byte) 0);
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
        return md.digest();
    }

    /** The key of an alias without a password, or null (with the reason at debug level) when it cannot be opened. */
    private Opened tryOpen(String alias) {
        Opened cached = alias == null ? null : cache.get(alias);
        if (cached != null) {
            return cached;
        }
        Optional<KeyRef> ref = parse(alias);
        if (ref.isEmpty()) {
            return null;
        }
        try {
            return open(alias, ref.get(), null);
        } catch (QsealException e) {
            if (listed.contains(alias)) {
                // a key manager asks without a password and skips the key when it gets nothing: say why, loudly
                LOG.warn("QSEAL key store: the listed key {} cannot be opened, so it is not offered (no client "
                        + "certificate from it): {}: {}", ref.get(), e.getClass().getSimpleName(), e.getMessage());
            } else {
                LOG.debug("QSEAL key store: {} cannot be opened: {}", ref.get(), e.getMessage());
            }
            return null;
        }
    }

    // ---- reading ---------------------------------------------------------------------------

    @Override
    public Key engineGetKey(String alias, char[] password) throws UnrecoverableKeyException {
        Optional<KeyRef> ref = parse(alias);
        if (ref.isEmpty()) {
            return null; // not a key reference: no such alias
        }
        try {
            return open(alias, ref.get(), password).key;
        } catch (QsealException e) {
            UnrecoverableKeyException u = new UnrecoverableKeyException("cannot open the key " + ref.get() + ": " + e.getMessage());
            u.initCause(e);
            throw u;
        }
    }

    @Override
    public Certificate[] engineGetCertificateChain(String alias) {
        Opened o = tryOpen(alias);
        if (o == null || o.signingKey.certificateChain().isEmpty()) {
            return null;
        }
        return o.signingKey.certificateChain().toArray(new X509Certificate[0]);
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        Opened o = tryOpen(alias);
        return o == null ? null : o.signingKey.certificate().orElse(null);
    }

    @Override
    public Date engineGetCreationDate(String alias) {
        return engineContainsAlias(alias) ? new Date(loaded == null ? System.currentTimeMillis() : loaded.getTime()) : null;
    }

    @Override
    public Enumeration<String> engineAliases() {
        synchronized (listed) {
            return Collections.enumeration(new ArrayList<>(listed));
        }
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        return alias != null && (listed.contains(alias) || cache.containsKey(alias) || tryOpen(alias) != null);
    }

    @Override
    public int engineSize() {
        return listed.size();
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return engineContainsAlias(alias);
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        return false;
    }

    @Override
    public String engineGetCertificateAlias(Certificate cert) {
        if (cert == null) {
            return null;
        }
        List<String> candidates = new ArrayList<>(cache.keySet());
        synchronized (listed) {
            candidates.addAll(listed);
        }
        for (String alias : candidates) {
            Opened o = tryOpen(alias);
            if (o != null && o.signingKey.certificate().map(cert::equals).orElse(false)) {
                return alias;
            }
        }
        return null;
    }

    /**
     * A {@link KeyStore.PrivateKeyEntry} for a key with a certificate. Unlike the default, a
     * {@code null} protection parameter is accepted (no password offered).
     */
    @Override
    public KeyStore.Entry engineGetEntry(String alias, KeyStore.ProtectionParameter protParam)
            throws KeyStoreException, UnrecoverableEntryException {
        char[] password;
        if (protParam == null) {
            password = null;
        } else if (protParam instanceof KeyStore.PasswordProtection) {
            password = ((KeyStore.PasswordProtection) protParam).getPassword();
        } else {
            throw new UnrecoverableEntryException("the QSEAL key store takes a PasswordProtection (or none), not a "
                    + protParam.getClass().getSimpleName());
        }
        Optional<KeyRef> ref = parse(alias);
        if (ref.isEmpty()) {
            return null;
        }
        Key key = engineGetKey(alias, password);
        List<X509Certificate> chain = ((QsealPrivateKey) key).certificateChain();
        if (chain.isEmpty()) {
            throw new KeyStoreException("the key " + ref.get() + " has no certificate: a key store entry needs one; attach it "
                    + "with ?cert=/path/chain.pem (or keep it on the token / in the keystore next to the key)");
        }
        return new KeyStore.PrivateKeyEntry((QsealPrivateKey) key, chain.toArray(new X509Certificate[0]));
    }

    @Override
    public boolean engineEntryInstanceOf(String alias, Class<? extends KeyStore.Entry> entryClass) {
        return entryClass == KeyStore.PrivateKeyEntry.class && engineContainsAlias(alias);
    }

    // ---- read-only -------------------------------------------------------------------------

    @Override
    public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineSetEntry(String alias, KeyStore.Entry entry, KeyStore.ProtectionParameter protParam)
            throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineStore(OutputStream stream, char[] password) throws IOException {
        throw new IOException(READ_ONLY);
    }
}
