package dev.qseal.core;

/** The key exists but cannot be opened: wrong password or PIN, unreadable or corrupt key material. */
public class KeyAccessException extends QsealException {
    public KeyAccessException(String message) {
        super(message);
    }

    public KeyAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
