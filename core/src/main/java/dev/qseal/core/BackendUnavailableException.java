package dev.qseal.core;

/** The key backend (HSM, KMS, network) failed to answer; the operation may succeed later. */
public class BackendUnavailableException extends QsealException {
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public BackendUnavailableException(String message) {
        super(message);
    }
}
