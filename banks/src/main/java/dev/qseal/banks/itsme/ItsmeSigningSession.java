package dev.qseal.banks.itsme;

import dev.qseal.cades.PreparedSignature;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A started sign session: the {@code respID} to poll with (as {@code asyncRespID}), the
 * {@code signingUrl} to send the user to, and the items whose hashes were sent — with their prepared
 * CAdES signatures when documents were signed. Immutable.
 */
public final class ItsmeSigningSession {
    /** One hash sent for signing. */
    static final class Item {
        final String id;
        final byte[] hash;
        final PreparedSignature prepared;

        Item(String id, byte[] hash, PreparedSignature prepared) {
            this.id = id;
            this.hash = hash.clone();
            this.prepared = prepared;
        }
    }

    private final String reqId;
    private final String respId;
    private final URI signingUrl;
    private final String userCode;
    private final ItsmeUser user;
    private final List<Item> items;

    ItsmeSigningSession(String reqId, String respId, URI signingUrl, String userCode, ItsmeUser user, List<Item> items) {
        this.reqId = Objects.requireNonNull(reqId);
        this.respId = Objects.requireNonNull(respId);
        this.signingUrl = Objects.requireNonNull(signingUrl);
        this.userCode = Objects.requireNonNull(userCode);
        this.user = Objects.requireNonNull(user);
        this.items = List.copyOf(items);
    }

    /** The {@code reqID} of the request that started the session. */
    public String reqId() {
        return reqId;
    }

    /** itsme's {@code respID}: the {@code asyncRespID} of every status request of this session. */
    public String respId() {
        return respId;
    }

    /** Where to redirect the user, as itsme gave it. */
    public URI signingUrl() {
        return signingUrl;
    }

    /** The signing URL with the caller's own query parameters added (kept by itsme through the redirection back). */
    public URI signingUrl(Map<String, String> ownParameters) {
        return QueryParameters.append(signingUrl, ownParameters);
    }

    public String userCode() {
        return userCode;
    }

    public ItsmeUser user() {
        return user;
    }

    /** The ids of the hashes sent, in order. */
    public List<String> ids() {
        return items.stream().map(i -> i.id).toList();
    }

    /** The prepared CAdES signatures, in order, when documents were signed (empty for bare hashes). */
    public Optional<List<PreparedSignature>> preparedSignatures() {
        if (items.get(0).prepared == null) {
            return Optional.empty();
        }
        return Optional.of(items.stream().map(i -> i.prepared).toList());
    }

    List<Item> items() {
        return items;
    }

    @Override
    public String toString() {
        return "ItsmeSigningSession[" + respId + ", " + items.size() + " hash(es)]";
    }
}
