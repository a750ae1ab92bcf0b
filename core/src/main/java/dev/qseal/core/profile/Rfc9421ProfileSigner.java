package dev.qseal.core.profile;

import dev.qseal.core.RequestSigner;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.rfc9421.MessageSigner;
import java.util.concurrent.CompletableFuture;

/**
 * Seals requests with RFC 9421 signatures the way an {@link Rfc9421Profile} says: one
 * {@link MessageSigner} per request shape (with or without a query, with or without a body), built
 * once. Immutable and thread-safe.
 */
final class Rfc9421ProfileSigner implements RequestSigner {
    private final MessageSigner[] signers; // index: (query ? 2 : 0) + (body ? 1 : 0)

    Rfc9421ProfileSigner(Rfc9421Profile profile, java.util.function.Function<java.util.List<String>, MessageSigner> build) {
        this.signers = new MessageSigner[4];
        for (int i = 0; i < 4; i++) {
            signers[i] = build.apply(profile.components((i & 2) != 0, (i & 1) != 0));
        }
    }

    private MessageSigner forRequest(HttpRequest request) {
        return signers[(request.target().indexOf('?') >= 0 ? 2 : 0) + (request.hasBody() ? 1 : 0)];
    }

    @Override
    public SignedRequest sign(HttpRequest request) {
        return forRequest(request).sign(request);
    }

    @Override
    public CompletableFuture<SignedRequest> signAsync(HttpRequest request) {
        return forRequest(request).signAsync(request);
    }
}
