package dev.qseal.simulators;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every bank simulator needs: its TLS server identity, the CAs whose client certificates
 * (QWACs) it accepts at the handshake, the TPP's QSealC as registered at the bank, and the clock it
 * checks {@code Date}/{@code sigT} against (inject a skewed one in tests). Immutable.
 */
public final class SimulatorSetup {
    private final PrivateKey serverKey;
    private final List<X509Certificate> serverChain;
    private final List<X509Certificate> trustedClientCas;
    private final X509Certificate registeredSealCertificate;
    private final Clock clock;

    private SimulatorSetup(Builder b) {
        this.serverKey = Objects.requireNonNull(b.serverKey, "server key");
        this.serverChain = List.copyOf(b.serverChain);
        this.trustedClientCas = List.copyOf(b.trustedClientCas);
        this.registeredSealCertificate = b.registeredSealCertificate;
        this.clock = b.clock;
        if (serverChain.isEmpty()) {
            throw new IllegalArgumentException("the server certificate chain is empty");
        }
        if (trustedClientCas.isEmpty()) {
            throw new IllegalArgumentException("no trusted client CA: the simulator could accept no QWAC");
        }
    }

    /** Everything from a sandbox PKI: its server identity, its CA for clients, its QSealC as registered; system clock. */
    public static SimulatorSetup from(SandboxPki pki) {
        return builder()
                .server(pki.server().privateKey(), List.of(pki.server().certificate(), pki.ca().certificate()))
                .trustClientCa(pki.ca().certificate())
                .registeredSealCertificate(pki.qsealc().certificate())
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.serverKey = serverKey;
        b.serverChain = serverChain;
        b.trustedClientCas = trustedClientCas;
        b.registeredSealCertificate = registeredSealCertificate;
        b.clock = clock;
        return b;
    }

    /** The same setup with another clock. */
    public SimulatorSetup withClock(Clock clock) {
        return toBuilder().clock(clock).build();
    }

    public PrivateKey serverKey() {
        return serverKey;
    }

    public List<X509Certificate> serverChain() {
        return serverChain;
    }

    public List<X509Certificate> trustedClientCas() {
        return trustedClientCas;
    }

    /** The QSealC the TPP registered at onboarding (ING's onboarding call can register it too). */
    public Optional<X509Certificate> registeredSealCertificate() {
        return Optional.ofNullable(registeredSealCertificate);
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "SimulatorSetup[server=" + serverChain.get(0).getSubjectX500Principal().getName() + ", clock=" + clock + "]";
    }

    /** Builder for {@link SimulatorSetup}. */
    public static final class Builder {
        private PrivateKey serverKey;
        private List<X509Certificate> serverChain = List.of();
        private List<X509Certificate> trustedClientCas = List.of();
        private X509Certificate registeredSealCertificate;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder server(PrivateKey key, List<X509Certificate> chain) {
            this.serverKey = Objects.requireNonNull(key, "key");
            this.serverChain = List.copyOf(chain);
            return this;
        }

        public Builder trustClientCa(X509Certificate ca) {
            List<X509Certificate> l = new java.util.ArrayList<>(trustedClientCas);
            l.add(Objects.requireNonNull(ca, "ca"));
            this.trustedClientCas = List.copyOf(l);
            return this;
        }

        public Builder registeredSealCertificate(X509Certificate certificate) {
            this.registeredSealCertificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public SimulatorSetup build() {
            return new SimulatorSetup(this);
        }
    }
}
