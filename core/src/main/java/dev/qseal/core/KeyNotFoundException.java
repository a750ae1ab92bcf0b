package dev.qseal.core;

/** The key reference points at nothing: a missing file, alias or object. */
public class KeyNotFoundException extends QsealException {
    public KeyNotFoundException(String message) {
        super(message);
    }

    public KeyNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
