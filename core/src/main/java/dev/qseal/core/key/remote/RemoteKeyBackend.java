package dev.qseal.core.key.remote;

import dev.qseal.core.key.SignatureAlgorithm;
import java.util.concurrent.CompletableFuture;

/**
 * One key in one remote service (a KMS, a network HSM), as the shared remote-key engine sees it: a
 * vendor module implements this over its SDK or HTTP API and the engine adds everything else
 * (operations in flight, rate limits, retries, deadline, timeouts, verification). See
 * {@link RemoteSigningKeys#open}.
 *
 * <p>Implementations never block the calling thread for a network round trip: they use an
 * asynchronous client, or run a blocking SDK call on a small bounded executor
 * ({@link RemoteExecutors}). They switch off their SDK's own retries: the engine retries.
 * A retryable failure completes the future with {@link RemoteCallException}; any other
 * {@link dev.qseal.core.QsealException} (unknown key, permission denied, wrong algorithm) is final.
 */
public interface RemoteKeyBackend extends AutoCloseable {

    /** The key as people name it ({@code awskms:alias/seal (eu-west-1)}): shown in messages, never a credential. */
    String description();

    /**
     * The service this key lives in (region and account, vault host, Vault address): keys that share
     * it share the per-backend rate limit.
     */
    String backendName();

    /** How the backend returns ECDSA signatures: DER (AWS, Google, Vault) or raw r‖s (Azure). */
    SignatureAlgorithm.Scheme ecdsaEncoding();

    /** Fetches the public key and what it may sign with (called once, when the key is opened). */
    CompletableFuture<RemoteKeyInfo> fetchKeyInfo();

    /**
     * Signs a digest the caller computed ({@code digest.length == algorithm.hash().length()}):
     * only the digest leaves the process. RSA signatures come back as the backend returns them,
     * ECDSA ones in {@link #ecdsaEncoding()}; the engine normalises and verifies.
     */
    CompletableFuture<byte[]> signDigest(SignatureAlgorithm algorithm, byte[] digest);

    /** Releases the client (connections, threads). */
    @Override
    void close();
}
