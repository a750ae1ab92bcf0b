package dev.qseal.core;

/**
 * A signature header (or other signed structure) could not be parsed. This is the only exception
 * qseal's parsers throw, whatever the input.
 */
public class MalformedSignatureException extends BadInputException {
    public MalformedSignatureException(String message) {
        super(message);
    }
}
