package dev.qseal.banks.itsme;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A started user identification session: its {@code asyncRespID} (to ask its status) and the
 * {@code identificationUrl} to send the user's browser to. Immutable.
 */
public final class ItsmeIdentification {
    private final String asyncRespId;
    private final URI identificationUrl;

    ItsmeIdentification(String asyncRespId, URI identificationUrl) {
        this.asyncRespId = Objects.requireNonNull(asyncRespId);
        this.identificationUrl = Objects.requireNonNull(identificationUrl);
    }

    /** The identification session's id (only for {@code user_identification/status}; never for a sign status). */
    public String asyncRespId() {
        return asyncRespId;
    }

    /** Where to redirect the user, as itsme gave it. */
    public URI identificationUrl() {
        return identificationUrl;
    }

    /**
     * The identification URL with the caller's own query parameters added (itsme keeps them through
     * the redirection back, e.g. to find the caller's session again); itsme's parameters are kept as
     * they are, and a name that clashes with one of them is refused.
     */
    public URI identificationUrl(Map<String, String> ownParameters) {
        return QueryParameters.append(identificationUrl, ownParameters);
    }

    @Override
    public String toString() {
        return "ItsmeIdentification[" + asyncRespId + "]";
    }
}
