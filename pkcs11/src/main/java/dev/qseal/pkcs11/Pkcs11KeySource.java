package dev.qseal.pkcs11;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.key.Certificates;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.KeySource;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.SigningKey;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * Opens keys on PKCS#11 tokens from RFC 7512 URIs, e.g.
 * {@code pkcs11:token=qseal;object=seal-rsa;type=private?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=/run/secrets/pin}.
 *
 * <p>Path attributes: {@code token} (label), {@code serial}, {@code manufacturer}, {@code model},
 * {@code slot-id} choose the token; {@code object} (label), {@code id} (percent-encoded CKA_ID bytes)
 * and {@code type=private} choose the key. Query attributes: {@code module-path} (or
 * {@code module-name}), {@code pin-source} (a file path or {@code file:} URI) or {@code pin-value}
 * (tests only), {@code cert} (a PEM/DER certificate or chain file, for keys whose certificate is not
 * on the token), {@code max-sessions} (default 8, capped by the token) and {@code wait-ms} (how long a
 * signer waits for a free session, default 30000). Without a PIN in the reference the
 * {@link SecretProvider} is asked for {@code "PIN"}.
 *
 * <p>Modules and tokens are shared: every key on one token of one module uses one login and one
 * session pool. Registered for {@link java.util.ServiceLoader}, so {@code KeySources.open("pkcs11:...")}
 * works with this module on the class path.
 */
public final class Pkcs11KeySource implements KeySource {

    @Override
    public Set<String> schemes() {
        return Set.of("pkcs11");
    }

    /**
     * @return a {@link Pkcs11SigningKey}, or with {@code provider=sunpkcs11} a key signing through the JDK's SunPKCS11
     * @throws dev.qseal.core.BadInputException   malformed reference, ambiguous token/key, not a PKCS#11 module,
     *                                            or a certificate that does not belong to the key
     * @throws dev.qseal.core.KeyNotFoundException unknown token, missing object or module file
     * @throws dev.qseal.core.KeyAccessException  wrong or locked PIN (never retried)
     */
    @Override
    public SigningKey open(KeyRef ref, SecretProvider secrets) {
        return openKey(ref, secrets, List.of());
    }

    /**
     * Opens the key with a certificate chain given apart from the reference (the CLI's {@code --cert});
     * it replaces any {@code cert=} or certificate object on the token.
     */
    @Override
    public SigningKey open(KeyRef ref, SecretProvider secrets, List<X509Certificate> chain) {
        return openKey(ref, secrets, chain);
    }

    private static SigningKey openKey(KeyRef ref, SecretProvider secrets, List<X509Certificate> given) {
        Pkcs11Uri uri = Pkcs11Uri.parse(ref);
        List<X509Certificate> chain = !given.isEmpty() ? List.copyOf(given)
                : uri.cert != null ? Certificates.load(uri.cert) : List.of();
        char[] pin = uri.pin(ref, secrets).orElse(null);
        if (uri.sunPkcs11) {
            try {
                return SunPkcs11SigningKey.open(uri, pin, chain);
            } finally {
                Pins.wipe(pin);
            }
        }
        Pkcs11Token token;
        try {
            token = Pkcs11Token.open(uri, pin); // keeps its own copy for logging in again
        } finally {
            Pins.wipe(pin);
        }
        try {
            return Pkcs11SigningKey.open(token, uri, chain);
        } catch (RuntimeException e) {
            token.release();
            throw e;
        }
    }

}
