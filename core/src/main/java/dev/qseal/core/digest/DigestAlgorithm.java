package dev.qseal.core.digest;

import dev.qseal.core.key.HashAlgorithm;
import java.util.Locale;
import java.util.Optional;

/** Body digest algorithms for {@code Digest} (RFC 3230) and {@code Content-Digest} (RFC 9530). */
public enum DigestAlgorithm {
    SHA_256(HashAlgorithm.SHA_256, "sha-256"),
    SHA_512(HashAlgorithm.SHA_512, "sha-512");

    private final HashAlgorithm hash;
    private final String token;

    DigestAlgorithm(HashAlgorithm hash, String token) {
        this.hash = hash;
        this.token = token;
    }

    public HashAlgorithm hash() {
        return hash;
    }

    /** The RFC 9530 key / IANA token, lower case: {@code sha-256}. */
    public String token() {
        return token;
    }

    /**
     * Parses an algorithm name as banks write it: {@code SHA-256}, {@code sha-256}, {@code SHA256}
     * (case-insensitive, hyphen optional).
     */
    public static Optional<DigestAlgorithm> parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace("-", "");
        switch (n) {
            case "sha256": return Optional.of(SHA_256);
            case "sha512": return Optional.of(SHA_512);
            default: return Optional.empty();
        }
    }
}
