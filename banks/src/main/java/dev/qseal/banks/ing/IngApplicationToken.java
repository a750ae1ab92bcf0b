package dev.qseal.banks.ing;

import dev.qseal.banks.AccessToken;

/** ING's application access token and the client id it was issued to (the keyId of later calls). */
public final class IngApplicationToken {
    private final AccessToken token;
    private final String clientId;

    IngApplicationToken(AccessToken token, String clientId) {
        this.token = token;
        this.clientId = clientId;
    }

    public AccessToken token() {
        return token;
    }

    public String clientId() {
        return clientId;
    }

    @Override
    public String toString() {
        return "IngApplicationToken[" + clientId + ", " + token + "]";
    }
}
