package dev.qseal.banks.ing;

/** One payment account from {@code GET /v3/accounts}. */
public final class IngAccount {
    private final String resourceId;
    private final String iban;
    private final String name;
    private final String currency;

    IngAccount(String resourceId, String iban, String name, String currency) {
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
        return "IngAccount[" + iban + " " + currency + " " + name + "]";
    }
}
