package dev.qseal.micrometer;

import dev.qseal.core.RequestSigner;
import dev.qseal.core.RequestVerifier;
import dev.qseal.core.SignatureFormat;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.remote.RemoteKeyStats;
import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.verify.VerificationResult;
import dev.qseal.micrometer.internal.TimedRequestSigner;
import dev.qseal.micrometer.internal.TimedRequestVerifier;
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
 * <tr><td>{@value #CERTIFICATE_EXPIRY}</td><td>gauge, days (fractional, negative once expired; the key's current
 *     certificate, so it follows a {@link dev.qseal.core.key.ReloadingSigningKey})</td><td>{@code key}</td></tr>
 * <tr><td>{@value #REQUEST_SIGN}</td><td>timer</td><td>{@code profile}, {@code format}, {@code outcome}
 *     ({@code success}/{@code failure}), {@code exception}</td></tr>
 * <tr><td>{@value #REQUEST_VERIFY}</td><td>timer</td><td>{@code profile}, {@code format}, {@code outcome}
 *     ({@code valid}/{@code invalid}/{@code error}), {@code failure}</td></tr>
 * <tr><td>{@value #VERIFICATION_FAILURES}</td><td>counter</td><td>{@code profile}, {@code format}, {@code failure}</td></tr>
 * <tr><td>{@value #REMOTE_IN_FLIGHT}, {@value #REMOTE_QUEUED}</td><td>gauges</td><td>{@code key}</td></tr>
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

    /** Timer of sealing one request through a {@link RequestSigner}. */
    public static final String REQUEST_SIGN = "qseal.request.sign";
    /** Timer of verifying one request through a {@link RequestVerifier}. */
    public static final String REQUEST_VERIFY = "qseal.request.verify";
    /** Counter of failed verifications, by {@link dev.qseal.core.verify.Failure}. */
    public static final String VERIFICATION_FAILURES = "qseal.verification.failures";
    /** Gauge of a remote key's operations sent and not yet answered. */
    public static final String REMOTE_IN_FLIGHT = "qseal.remote.in.flight";
    /** Gauge of a remote key's operations waiting for an in-flight slot. */
    public static final String REMOTE_QUEUED = "qseal.remote.queued";

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

    /** {@code signer}, timing each request it seals ({@value #REQUEST_SIGN}) with the profile's name and format. */
    public static RequestSigner timed(RequestSigner signer, BankProfile profile, MeterRegistry registry) {
        return timed(signer, profile.name(), formatTag(profile.format()), registry);
    }

    /**
     * {@code signer}, timing each request it seals ({@value #REQUEST_SIGN}) tagged {@code profile} and {@code format}
     * (e.g. {@code ing}, {@code cavage}).
     */
    public static RequestSigner timed(RequestSigner signer, String profile, String format, MeterRegistry registry) {
        return new TimedRequestSigner(Objects.requireNonNull(signer, "signer"), Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(profile, "profile"), Objects.requireNonNull(format, "format"));
    }

    /**
     * {@code verifier}, timing each verification ({@value #REQUEST_VERIFY}) and counting failures by
     * {@code Failure} ({@value #VERIFICATION_FAILURES}) with the profile's name and format.
     */
    public static RequestVerifier timed(RequestVerifier verifier, BankProfile profile, MeterRegistry registry) {
        return timed(verifier, profile.name(), formatTag(profile.format()), registry);
    }

    /** {@link #timed(RequestVerifier, BankProfile, MeterRegistry)} with tags given. */
    public static RequestVerifier timed(RequestVerifier verifier, String profile, String format, MeterRegistry registry) {
        return new TimedRequestVerifier(Objects.requireNonNull(verifier, "verifier"), Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(profile, "profile"), Objects.requireNonNull(format, "format"));
    }

    /** The {@code format} tag of a format: {@code cavage}, {@code jws}, {@code rfc9421}. */
    public static String formatTag(SignatureFormat format) {
        switch (format) {
            case CAVAGE:
                return "cavage";
            case DETACHED_JWS:
                return "jws";
            default:
                return "rfc9421";
        }
    }

    /**
     * Gauges of a remote key's load ({@value #REMOTE_IN_FLIGHT}, {@value #REMOTE_QUEUED}) when {@code key} is one
     * that {@link dev.qseal.core.key.remote.RemoteSigningKeys} opened (pass it before wrapping it); false otherwise.
     */
    public static boolean remoteKeyGauges(MeterRegistry registry, SigningKey key) {
        if (!(key instanceof RemoteKeyStats)) {
            return false;
        }
        RemoteKeyStats stats = (RemoteKeyStats) key;
        Gauge.builder(REMOTE_IN_FLIGHT, stats, RemoteKeyStats::inFlight)
                .description("qseal: remote key operations sent and not yet answered")
                .tag("key", keyTag(key)).strongReference(true).register(registry);
        Gauge.builder(REMOTE_QUEUED, stats, RemoteKeyStats::queued)
                .description("qseal: remote key operations waiting for an in-flight slot")
                .tag("key", keyTag(key)).strongReference(true).register(registry);
        return true;
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
        return Optional.of(Gauge.builder(CERTIFICATE_EXPIRY, () -> key.certificate()
                        .map(c -> Duration.between(clock.instant(), c.getNotAfter().toInstant()).toSeconds() / 86_400.0)
                        .orElse(Double.NaN))
                .description("days until the certificate of a qseal signing key expires")
                .baseUnit("days")
                .tag("key", keyTag(key))
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
