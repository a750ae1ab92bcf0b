package dev.qseal.core.rfc9421;

import dev.qseal.core.BadInputException;
import dev.qseal.core.QsealException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A shared secret for RFC 9421's {@code hmac-sha256}. Kept apart from
 * {@link dev.qseal.core.key.SigningKey} on purpose: a MAC key has no public half, no certificate
 * and no key type a verifier could check, so it is not a signing key. Thread-safe; the secret
 * never appears in {@link #toString()} or in messages. {@link #destroy()} zeroes this object's copy.
 */
public final class HmacKey {
    /** The shortest secret accepted, in bytes: HMAC-SHA256's output length (RFC 2104 §3). */
    public static final int MIN_LENGTH = 32;

    private final String description;
    private final byte[] secret;
    private volatile boolean destroyed;

    private HmacKey(String description, byte[] secret) {
        this.description = description;
        this.secret = secret;
    }

    /**
     * An HMAC-SHA256 key over a copy of {@code secret}.
     *
     * @param description a name for messages (a key id or file), never the secret
     * @throws BadInputException if the secret is shorter than {@value #MIN_LENGTH} bytes
     */
    public static HmacKey of(String description, byte[] secret) {
        Objects.requireNonNull(description, "description");
        if (secret.length < MIN_LENGTH) {
            throw new BadInputException("the HMAC secret " + description + " has " + secret.length
                    + " bytes; use at least " + MIN_LENGTH + " random bytes");
        }
        return new HmacKey(description, secret.clone());
    }

    public String description() {
        return description;
    }

    /** HMAC-SHA256 of {@code data}. */
    public byte[] mac(byte[] data) {
        if (destroyed) {
            throw new IllegalStateException("the HMAC key " + description + " has been destroyed");
        }
        try {
            Mac mac = dev.qseal.core.key.CryptoProviders.mac("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new QsealException("HMAC-SHA256 with " + description + " failed: " + e.getMessage(), e);
        }
    }

    /** Whether {@code tag} is the HMAC of {@code data}, compared in constant time. */
    public boolean verify(byte[] data, byte[] tag) {
        return MessageDigest.isEqual(mac(data), tag);
    }

    /** Zeroes the secret; the key cannot be used afterwards. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(secret, (byte) 0);
    }

    @Override
    public String toString() {
        return "HmacKey[" + description + "]";
    }
}
