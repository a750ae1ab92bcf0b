package dev.qseal.core.key;

import dev.qseal.core.KeyAccessException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SigningKey} that checks its certificate's validity before every signature: it refuses
 * to sign ({@link KeyAccessException}) with an expired or not yet valid certificate, unless
 * {@link Builder#allowInvalidCertificate() allowed by name}, and warns (SLF4J WARN, at most once a
 * day) from {@link Builder#warnBefore 30 days} before the certificate expires. A key without a
 * certificate signs unchecked.
 *
 * <pre>{@code
 * SigningKey key = CertificateValidityCheck.builder(KeySources.open(keyRef)).build();
 * }</pre>
 */
public final class CertificateValidityCheck extends ForwardingSigningKey {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateValidityCheck.class);

    private final Clock clock;
    private final Duration warnBefore;
    private final boolean allowInvalid;
    private final Consumer<String> warnings;
    /** The epoch day of the last warning, so that a busy signer warns once a day, not per signature. */
    private final AtomicLong lastWarningDay = new AtomicLong(Long.MIN_VALUE);

    private CertificateValidityCheck(Builder b) {
        super(b.key);
        this.clock = b.clock;
        this.warnBefore = b.warnBefore;
        this.allowInvalid = b.allowInvalid;
        this.warnings = b.warnings;
    }

    /** A builder checking {@code key}'s certificate with the system clock, warning 30 days ahead. */
    public static Builder builder(SigningKey key) {
        return new Builder(key);
    }

    /** Settings of a {@link CertificateValidityCheck}. */
    public static final class Builder {
        private final SigningKey key;
        private Clock clock = Clock.systemUTC();
        private Duration warnBefore = Duration.ofDays(30);
        private boolean allowInvalid;
        private Consumer<String> warnings = LOG::warn;

        private Builder(SigningKey key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        /** The clock the validity is checked against. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long before the certificate expires the warnings start (default 30 days; zero: never). */
        public Builder warnBefore(Duration warnBefore) {
            if (warnBefore.isNegative()) {
                throw new IllegalArgumentException("warnBefore must not be negative");
            }
            this.warnBefore = warnBefore;
            return this;
        }

        /** Signs with an expired or not yet valid certificate too (with a daily warning): for tests and replays only. */
        public Builder allowInvalidCertificate() {
            this.allowInvalid = true;
            return this;
        }

        /** Where warnings go instead of the SLF4J WARN level (monitoring, tests); messages hold no secret. */
        public Builder onWarning(Consumer<String> warnings) {
            this.warnings = Objects.requireNonNull(warnings, "warnings");
            return this;
        }

        public CertificateValidityCheck build() {
            return new CertificateValidityCheck(this);
        }
    }

    /** Checks the certificate now: throws when it is not valid (and not allowed), warns when it expires soon. */
    void check() {
        Optional<X509Certificate> cert = certificate();
        if (cert.isEmpty()) {
            return;
        }
        X509Certificate c = cert.get();
        Instant now = clock.instant();
        Instant notBefore = c.getNotBefore().toInstant();
        Instant notAfter = c.getNotAfter().toInstant();
        String which = "the certificate '" + c.getSubjectX500Principal().getName() + "' (serial "
                + c.getSerialNumber().toString(16) + ") of the key " + description();
        String problem = now.isAfter(notAfter) ? which + " expired on " + notAfter
                : now.isBefore(notBefore) ? which + " is not valid before " + notBefore : null;
        if (problem != null) {
            if (!allowInvalid) {
                throw new KeyAccessException(problem + ": signatures made now would be refused; renew the certificate "
                        + "(or allow an invalid certificate explicitly, for tests)");
            }
            warnOncePerDay(now, problem + "; signing anyway, as explicitly allowed");
        } else if (!warnBefore.isZero() && now.isAfter(notAfter.minus(warnBefore))) {
            long days = Duration.between(now, notAfter).toDays();
            warnOncePerDay(now, which + " expires in " + days + " day(s), on " + notAfter + ": renew it");
        }
    }

    private void warnOncePerDay(Instant now, String message) {
        long day = now.getEpochSecond() / 86_400;
        long last = lastWarningDay.get();
        if (last != day && lastWarningDay.compareAndSet(last, day)) {
            warnings.accept(message);
        }
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        check();
        return super.sign(algorithm, data);
    }

    @Override
    public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        check();
        return super.signDigest(algorithm, digest);
    }

    @Override
    public CompletableFuture<byte[]> signAsync(SignatureAlgorithm algorithm, byte[] data) {
        try {
            check();
        } catch (KeyAccessException e) {
            return CompletableFuture.failedFuture(e);
        }
        return super.signAsync(algorithm, data);
    }

    @Override
    public CompletableFuture<byte[]> signDigestAsync(SignatureAlgorithm algorithm, byte[] digest) {
        try {
            check();
        } catch (KeyAccessException e) {
            return CompletableFuture.failedFuture(e);
        }
        return super.signDigestAsync(algorithm, digest);
    }

    @Override
    public List<byte[]> signDigestBatch(SignatureAlgorithm algorithm, List<byte[]> digests) {
        check();
        return super.signDigestBatch(algorithm, digests);
    }

    @Override
    public List<byte[]> signBatch(SignatureAlgorithm algorithm, List<byte[]> messages) {
        check();
        return super.signBatch(algorithm, messages);
    }
}
