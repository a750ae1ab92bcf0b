package dev.qseal.banks.ing;

import java.util.List;

/** An application registered at ING: its client id, contact and redirect URIs. */
public final class IngApplication {
    private final String clientId;
    private final String contact;
    private final List<String> redirectUris;

    IngApplication(String clientId, String contact, List<String> redirectUris) {
        this.clientId = clientId;
        this.contact = contact;
        this.redirectUris = List.copyOf(redirectUris);
    }

    public String clientId() {
        return clientId;
    }

    public String contact() {
        return contact;
    }

    public List<String> redirectUris() {
        return redirectUris;
    }

    @Override
    public String toString() {
        return "IngApplication[" + clientId + ", " + redirectUris + "]";
    }
}
