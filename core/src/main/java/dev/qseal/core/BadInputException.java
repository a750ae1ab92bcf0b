package dev.qseal.core;

/** The caller gave something qseal cannot use: a malformed header, an unknown option, a bad file. */
public class BadInputException extends QsealException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
