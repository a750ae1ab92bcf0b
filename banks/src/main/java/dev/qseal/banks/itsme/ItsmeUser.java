package dev.qseal.banks.itsme;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * An identified itsme user: the {@code userCode} (unique per service provider) and the signing
 * certificate with its full chain (leaf first), as itsme returned them. Immutable.
 */
public final class ItsmeUser {
    private final String userCode;
    private final List<X509Certificate> chain;

    ItsmeUser(String userCode, List<X509Certificate> chain) {
        this.userCode = Objects.requireNonNull(userCode);
        this.chain = List.copyOf(chain);
    }

    public String userCode() {
        return userCode;
    }

    /** The user's signing certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The full chain, leaf first. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public String toString() {
        return "ItsmeUser[" + certificate().getSubjectX500Principal().getName() + "]";
    }
}
