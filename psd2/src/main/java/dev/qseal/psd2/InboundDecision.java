package dev.qseal.psd2;

import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link InboundVerifier} decided about a request: accepted (with the signer's PSD2
 * attributes when certificate checks ran), or refused with a reason code a client may see
 * ({@code SIGNATURE_MISMATCH}, {@code ROLE_INVALID}, {@code REPLAYED}, ...) and a diagnosis for the
 * gateway's log only.
 */
public final class InboundDecision {
    /** The request id (or signature) was seen before within the skew window. */
    public static final String REPLAYED = "REPLAYED";
    /** The shared replay store did not answer: the request is refused (fail closed). */
    public static final String REPLAY_CHECK_UNAVAILABLE = "REPLAY_CHECK_UNAVAILABLE";

    private final boolean accepted;
    private final String reason;
    private final String diagnosis;
    private final Psd2Certificate certificate;

    private InboundDecision(boolean accepted, String reason, String diagnosis, Psd2Certificate certificate) {
        this.accepted = accepted;
        this.reason = reason;
        this.diagnosis = diagnosis;
        this.certificate = certificate;
    }

    static InboundDecision accept(Psd2Certificate certificate) {
        return new InboundDecision(true, null, "accepted", certificate);
    }

    static InboundDecision refuse(String reason, String diagnosis) {
        return new InboundDecision(false, Objects.requireNonNull(reason), Objects.requireNonNull(diagnosis), null);
    }

    public boolean isAccepted() {
        return accepted;
    }

    /**
     * The reason code when refused: a {@link dev.qseal.core.verify.Failure} name, a
     * {@link CertificateFailure} name, {@link #REPLAYED} or {@link #REPLAY_CHECK_UNAVAILABLE}.
     */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The diagnosis in words (which header, which role, by how much the clock is off): for logs, not for the client. */
    public String diagnosis() {
        return diagnosis;
    }

    /** The signer's PSD2 attributes, when accepted with certificate checks. */
    public Optional<Psd2Certificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    /** The HTTP status to answer a refusal with: 503 when the replay check could not run, 401 otherwise. */
    public int status() {
        return accepted ? 200 : REPLAY_CHECK_UNAVAILABLE.equals(reason) ? 503 : 401;
    }

    /** The {@code application/problem+json} (RFC 9457) body of a refusal; it names the reason, never the diagnosis. */
    public String problemJson() {
        if (accepted) {
            throw new IllegalStateException("an accepted request has no problem document");
        }
        String title = status() == 503 ? "Service Unavailable" : "Unauthorized";
        String detail = status() == 503 ? "the replay check is unavailable; retry later"
                : "the request signature or the signer's certificate was refused";
        return "{\"type\":\"urn:qseal:problem:" + reason.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "\","
                + "\"title\":\"" + title + "\",\"status\":" + status() + ",\"failure\":\"" + reason + "\",\"detail\":\"" + detail + "\"}";
    }

    @Override
    public String toString() {
        return accepted ? "ACCEPTED" : reason + ": " + diagnosis;
    }
}
