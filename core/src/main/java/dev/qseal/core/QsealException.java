package dev.qseal.core;

/**
 * Root of every exception qseal throws. Unchecked: callers catch the precise subtype they can act on.
 *
 * <p>Messages say what was wrong and what to do about it. They never contain a secret (PIN,
 * password, private key, token): construct them from names and references only.
 */
public class QsealException extends RuntimeException {
    public QsealException(String message) {
        super(message);
    }

    public QsealException(String message, Throwable cause) {
        super(message, cause);
    }
}
