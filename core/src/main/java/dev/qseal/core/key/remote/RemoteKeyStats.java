package dev.qseal.core.key.remote;

/**
 * Read-only load figures of a remote key (the {@link dev.qseal.core.key.SigningKey} that
 * {@link RemoteSigningKeys} opens implements it): for gauges and health checks. Each read is one
 * atomic load; the figures may change right after.
 */
public interface RemoteKeyStats {
    /** Operations sent to the backend and not yet answered (at most the policy's {@code maxInFlight}). */
    int inFlight();

    /** Operations waiting for an in-flight slot (at most the policy's {@code maxQueued}). */
    int queued();
}
