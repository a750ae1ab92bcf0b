package dev.qseal.core;

/**
 * A bank profile needs an explicit keyId (the bank's identifier for the key: a TPP-ID, a client id, a JWK
 * {@code kid}) and none was given. {@link #profile()} names the profile.
 */
public class MissingKeyIdException extends BadInputException {
    private final String profile;

    public MissingKeyIdException(String profile, String message) {
        super(message);
        this.profile = profile;
    }

    /** The profile that needs the keyId. */
    public String profile() {
        return profile;
    }
}
