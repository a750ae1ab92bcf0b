package dev.qseal.core;

/** An algorithm that qseal does not know, or that does not fit the key it is asked to use. */
public class UnsupportedAlgorithmException extends QsealException {
    public UnsupportedAlgorithmException(String message) {
        super(message);
    }
}
