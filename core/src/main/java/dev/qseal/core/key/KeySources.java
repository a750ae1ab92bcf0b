package dev.qseal.core.key;

import dev.qseal.core.BadInputException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-line way to a {@link SigningKey}: {@code KeySources.open("file:/etc/qseal/key.pem")}.
 * Schemes come from every {@link KeySource} on the class path.
 */
public final class KeySources {
    private static final Logger LOG = LoggerFactory.getLogger(KeySources.class);

    private KeySources() {
    }

    /** Opens the key a reference names; passwords only from the reference itself. */
    public static SigningKey open(String keyRef) {
        return open(KeyRef.parse(keyRef), SecretProvider.NONE);
    }

    /** Opens the key a reference names, asking {@code secrets} for any password the reference does not locate. */
    public static SigningKey open(KeyRef ref, SecretProvider secrets) {
        return opened(ref, source(ref).open(ref, secrets));
    }

    /** Opens the key a reference names, with a certificate chain given apart from it (leaf first). */
    public static SigningKey open(KeyRef ref, SecretProvider secrets, java.util.List<java.security.cert.X509Certificate> chain) {
        return chain.isEmpty() ? open(ref, secrets) : opened(ref, source(ref).open(ref, secrets, chain));
    }

    /** The key-opened INFO line: the reference with its secrets redacted ({@link KeyRef#toString()}), never a secret. */
    private static SigningKey opened(KeyRef ref, SigningKey key) {
        if (LOG.isInfoEnabled()) {
            LOG.info("opened key {} ({}, {})", ref, key.keyType(),
                    key.certificate().map(c -> "certificate serial " + c.getSerialNumber().toString(16)).orElse("no certificate"));
        }
        return key;
    }

    private static KeySource source(KeyRef ref) {
        Map<String, KeySource> sources = sources();
        KeySource source = sources.get(ref.scheme());
        if (source == null) {
            throw new BadInputException("unknown key scheme '" + ref.scheme() + ":' (known: "
                    + String.join(", ", sources.keySet())
                    + "); check the spelling, or add the qseal module that provides it to the class path");
        }
        return source;
    }

    /** Every scheme on the class path and its source. */
    public static Map<String, KeySource> sources() {
        Map<String, KeySource> out = new TreeMap<>();
        for (KeySource s : ServiceLoader.load(KeySource.class, KeySources.class.getClassLoader())) {
            for (String scheme : s.schemes()) {
                out.putIfAbsent(scheme, s);
            }
        }
        return out;
    }
}
