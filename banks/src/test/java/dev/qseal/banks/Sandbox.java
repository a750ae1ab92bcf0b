package dev.qseal.banks;

import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SigningKey;
import dev.qseal.simulators.SandboxPki;
import dev.qseal.simulators.SimulatorSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** One sandbox PKI for every flow test (RSA key generation is the slow part), written as KeyRefs. */
public final class Sandbox {
    private static Sandbox instance;

    public final SandboxPki pki;
    public final Path dir;
    public final String qwacRef;
    public final String qsealcRef;
    public final String foreignQwacRef;

    private Sandbox() {
        try {
            dir = Files.createTempDirectory("qseal-banks-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pki = SandboxPki.create();
        qwacRef = SandboxPki.writeKeyRef(dir, "qwac", pki.qwac());
        qsealcRef = SandboxPki.writeKeyRef(dir, "qsealc", pki.qsealc());
        foreignQwacRef = SandboxPki.writeKeyRef(dir, "foreign", SandboxPki.foreignClientCertificate());
    }

    public static synchronized Sandbox get() {
        if (instance == null) {
            instance = new Sandbox();
        }
        return instance;
    }

    public SigningKey sealKey() {
        return KeySources.open(qsealcRef);
    }

    public TppCredentials credentials() {
        return TppCredentials.builder().qwac(qwacRef).sealKey(sealKey()).trustAnchors(pki.trustAnchors()).build();
    }

    public SimulatorSetup setup(Clock clock) {
        return SimulatorSetup.from(pki).withClock(clock);
    }

    /** A clock tests move by hand. */
    public static final class MovableClock extends Clock {
        private volatile Instant now;

        public MovableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
