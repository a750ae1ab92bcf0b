package dev.qseal.banks;

/**
 * The bank could not be reached or the TLS handshake failed (e.g. the bank refused the client
 * certificate, or its server certificate is not trusted).
 */
public class BankConnectionException extends BankException {
    public BankConnectionException(String bank, String step, String message, Throwable cause) {
        super(bank, step, message, cause);
    }
}
