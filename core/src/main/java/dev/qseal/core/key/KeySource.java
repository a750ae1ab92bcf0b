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
}
