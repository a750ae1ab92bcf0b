package dev.qseal.banks.ing;

/** The answer to a payment initiation: its id, status and where the PSU authorises it. */
public final class IngPayment {
    private final String paymentId;
    private final String transactionStatus;
    private final String scaRedirect;

    IngPayment(String paymentId, String transactionStatus, String scaRedirect) {
        this.paymentId = paymentId;
        this.transactionStatus = transactionStatus;
        this.scaRedirect = scaRedirect;
    }

    public String paymentId() {
        return paymentId;
    }

    public String transactionStatus() {
        return transactionStatus;
    }

    public String scaRedirect() {
        return scaRedirect;
    }

    @Override
    public String toString() {
        return "IngPayment[" + paymentId + " " + transactionStatus + "]";
    }
}
