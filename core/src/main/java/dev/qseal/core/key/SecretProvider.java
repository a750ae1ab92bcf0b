package dev.qseal.core.key;

import java.util.Optional;

/**
 * Supplies a password or PIN for a key that needs one and whose reference does not say where to
 * find it (no {@code password-env}, {@code password-file}, {@code pin-source}). The caller of
 * {@code get} zeroes the returned array after use.
 */
@FunctionalInterface
public interface SecretProvider {
    /** A provider that knows no secrets. */
    SecretProvider NONE = (ref, what) -> Optional.empty();

    /**
     * @param ref  the key reference (safe to show: secrets are redacted in its toString)
     * @param what what is asked for, e.g. "password" or "PIN"
     */
    Optional<char[]> get(KeyRef ref, String what);
}
