package dev.qseal.banks;

/** One payment account as a bank's AIS lists it (ING {@code GET /v3/accounts}, STET {@code GET /accounts}). */
public final class PaymentAccount {
    private final String resourceId;
    private final String iban;
    private final String name;
    private final String currency;

    public PaymentAccount(String resourceId, String iban, String name, String currency) {
        this.resourceId = resourceId;
        this.iban = iban;
        this.name = name;
        this.currency = currency;
    }

    public String resourceId() {
        return resourceId;
    }

    public String iban() {
        return iban;
    }

    public String name() {
        return name;
    }

    public String currency() {
        return currency;
    }

    @Override
    public String toString() {
        return "PaymentAccount[" + iban + " " + currency + " " + name + "]";
    }
}
