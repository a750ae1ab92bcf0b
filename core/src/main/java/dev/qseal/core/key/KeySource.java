package dev.qseal.core.key;

import java.util.Set;

/**
 * Opens keys of one or more {@link KeyRef} schemes. Implementations are found with
 * {@link java.util.ServiceLoader} (register in {@code META-INF/services/dev.qseal.core.key.KeySource}),
 * so putting a module on the class path adds its scheme.
 */
public interface KeySource {

    /** The lower-case schemes this source opens, e.g. {@code file}. */
    Set<String> schemes();

    /**
     * Opens the key.
     *
     * @param secrets where passwords and PINs come from when the reference does not say
     * @throws dev.qseal.core.KeyNotFoundException  if there is no such key
     * @throws dev.qseal.core.KeyAccessException    if it cannot be opened (wrong password, corrupt file)
     * @throws dev.qseal.core.BadInputException     if the reference is malformed for this scheme
     */
    SigningKey open(KeyRef ref, SecretProvider secrets);

    /**
     * Opens the key with a certificate chain given apart from the reference (a QSealC kept outside
     * the HSM or keystore). The default attaches it to what {@link #open(KeyRef, SecretProvider)}
     * returns; a source that needs the certificate to find or check the key overrides this.
     *
     * @throws dev.qseal.core.BadInputException if the leaf certificate is not the key's
     */
    default SigningKey open(KeyRef ref, SecretProvider secrets, java.util.List<java.security.cert.X509Certificate> chain) {
        return SigningKeys.withCertificateChain(open(ref, secrets), chain);
    }
}
