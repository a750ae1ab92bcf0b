package dev.qseal.micrometer;

import dev.qseal.core.key.SigningKey;
import dev.qseal.core.verify.VerificationResult;
import dev.qseal.micrometer.internal.TimedSigningKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Micrometer metrics for qseal.
 *
 * <table>
 * <caption>meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@value #SIGN}</td><td>timer</td><td>{@code key}, {@code algorithm}, {@code operation}
 *     ({@code sign}, {@code sign-digest}, {@code sign-batch}, {@code sign-digest-batch}), {@code outcome}
 *     ({@code success}/{@code failure}), {@code exception} (simple class name or {@code none})</td></tr>
 * <tr><td>{@value #VERIFICATIONS}</td><td>counter</td><td>{@code format}, {@code outcome}
 *     ({@code valid}/{@code invalid}), {@code failure} (a {@link dev.qseal.core.verify.Failure} or {@code none})</td></tr>
 * <tr><td>{@value #CERTIFICATE_EXPIRY}</td><td>gauge, days (fractional, negative once expired)</td><td>{@code key},
 *     {@code serial} (hex)</td></tr>
 * </table>
 *
 * <p>The {@code key} tag is {@link #keyTag(SigningKey)}: the key's description without its query part, so
 * neither secrets nor secret locations ({@code pin-value}, {@code password-file}, ...) become tags.
 */
public final class QsealMetrics {
    /** Timer of signing operations. */
    public static final String SIGN = "qseal.sign";
    /** Counter of verification results. */
    public static final String VERIFICATIONS = "qseal.verifications";
    /** Gauge of the days left until a key's certificate expires. */
    public static final String CERTIFICATE_EXPIRY = "qseal.certificate.days.to.expiry";

    private QsealMetrics() {
    }

    /**
     * {@code key}, timing every signing operation in {@code registry} ({@value #SIGN}). Everything
     * else (algorithms, certificate chain, async and batch operations, close) is the key's own.
     */
    public static SigningKey timed(SigningKey key, MeterRegistry registry) {
        return new TimedSigningKey(Objects.requireNonNull(key, "key"), Objects.requireNonNull(registry, "registry"), keyTag(key));
    }

    /**
     * Counts one verification result ({@value #VERIFICATIONS}) for a format or profile name such as
     * {@code cavage}, {@code jws}, {@code rfc9421} or {@code ing}; returns the result, so a call can wrap
     * the verifier's.
     */
    public static VerificationResult recordVerification(MeterRegistry registry, String format, VerificationResult result) {
        Counter.builder(VERIFICATIONS)
                .description("qseal verification results")
                .tag("format", Objects.requireNonNull(format, "format"))
                .tag("outcome", result.isValid() ? "valid" : "invalid")
                .tag("failure", result.failure().map(Enum::name).orElse("none"))
                .register(registry)
                .increment();
        return result;
    }

    /** {@link #certificateExpiry(MeterRegistry, SigningKey, Clock)} with the system clock. */
    public static Optional<Gauge> certificateExpiry(MeterRegistry registry, SigningKey key) {
        return certificateExpiry(registry, key, Clock.systemUTC());
    }

    /**
     * A gauge of the days until the key's certificate expires ({@value #CERTIFICATE_EXPIRY}), read
     * from {@code clock} whenever the registry publishes; empty when the key has no certificate.
     * Alert on it (e.g. below 30) well before a bank starts refusing the seal.
     */
    public static Optional<Gauge> certificateExpiry(MeterRegistry registry, SigningKey key, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        Optional<X509Certificate> cert = key.certificate();
        if (cert.isEmpty()) {
            return Optional.empty();
        }
        java.time.Instant notAfter = cert.get().getNotAfter().toInstant();
        return Optional.of(Gauge.builder(CERTIFICATE_EXPIRY,
                        () -> Duration.between(clock.instant(), notAfter).toSeconds() / 86_400.0)
                .description("days until the certificate of a qseal signing key expires")
                .baseUnit("days")
                .tag("key", keyTag(key))
                .tag("serial", cert.get().getSerialNumber().toString(16))
                .strongReference(true)
                .register(registry));
    }

    /** The {@code key} tag of a key: its description up to any {@code ?} (no query attributes, so no secret locations). */
    public static String keyTag(SigningKey key) {
        String d = key.description();
        int q = d.indexOf('?');
        return q < 0 ? d : d.substring(0, q);
    }
}
