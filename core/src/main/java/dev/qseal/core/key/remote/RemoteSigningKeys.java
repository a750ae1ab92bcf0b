package dev.qseal.core.key.remote;

import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.remote.internal.RemoteSigningKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Turns a {@link RemoteKeyBackend} into a {@link SigningKey} run by the shared remote-key engine:
 * operations in flight up to {@link RemoteKeyPolicy#maxInFlight()}, rate limits per key and per
 * backend, retries of throttled and transient failures with jittered exponential back-off under an
 * overall deadline, a timeout per call, and every signature verified with the public key (fetched
 * once, here) before it is handed out. The engine's waits are tasks on one shared timer thread; it
 * owns no other thread.
 */
public final class RemoteSigningKeys {
    private RemoteSigningKeys() {
    }

    /**
     * Fetches the public key and returns the key. On failure the backend is closed.
     *
     * @param chain the certificate chain, leaf first (may be empty: then the one the backend's
     *              certificate store gives, if any, see {@link RemoteKeyInfo#certificateChain()}); the
     *              leaf must certify the key
     * @throws dev.qseal.core.BackendUnavailableException if the backend does not answer within the deadline
     * @throws dev.qseal.core.BadInputException if the certificate belongs to another key
     */
    public static SigningKey open(RemoteKeyBackend backend, RemoteKeyPolicy policy, List<X509Certificate> chain) {
        return RemoteSigningKey.open(backend, policy, chain);
    }
}
