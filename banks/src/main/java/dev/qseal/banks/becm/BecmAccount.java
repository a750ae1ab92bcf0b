package dev.qseal.banks.becm;

/** One account from the STET {@code GET /accounts} answer. */
public final class BecmAccount {
    private final String resourceId;
    private final String iban;
    private final String name;
    private final String currency;

    BecmAccount(String resourceId, String iban, String name, String currency) {
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
        return "BecmAccount[" + iban + " " + currency + " " + name + "]";
    }
}
