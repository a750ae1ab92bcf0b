package dev.qseal.core.key;

import dev.qseal.core.KeyAccessException;
import dev.qseal.core.QsealException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SigningKey} that re-opens its {@link KeyRef} when the files behind it change, or on demand
 * ({@link #reload()}): rotating a QSealC is replacing the key and certificate files.
 *
 * <p>At most once per {@code checkEvery} (default 30 s), before an operation, it compares the size, modification
 * time and SHA-256 of each watched file (the KeyRef's path, and every query attribute naming an existing file,
 * such as a certificate chain or password file) with what it last opened. When they differ it opens the
 * reference again; if that fails (e.g. the key is written but not yet its certificate) it keeps the key it has,
 * logs a WARN, and tries again at the next check. Operations that started on the old key finish on it; the old
 * key is closed when the last of them is done. Keys without files (PKCS#11 token objects, cloud KMS) are
 * re-opened by {@link #reload()} only.
 *
 * <p>Stack {@link CertificateValidityCheck} on top to refuse expired certificates and warn before expiry: it reads
 * the current certificate at each signature.
 */
public final class ReloadingSigningKey extends ForwardingSigningKey {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingSigningKey.class);
    private static final long MAX_WATCHED_FILE = 16L * 1024 * 1024;

    private final String name;
    private final Supplier<SigningKey> opener;
    private final List<Path> watched;
    private final Duration checkEvery;
    private final Clock clock;
    private final Object reloadLock = new Object();
    private final AtomicInteger generations = new AtomicInteger(1);
    private volatile Generation current;
    private volatile Instant nextCheck;
    private volatile boolean closed;

    private ReloadingSigningKey(Builder b, SigningKey first, List<Fingerprint> prints) {
        super(first);
        this.name = b.ref.toString();
        this.opener = b.opener;
        this.watched = List.copyOf(b.watched);
        this.checkEvery = b.checkEvery;
        this.clock = b.clock;
        this.current = new Generation(first, prints);
        this.nextCheck = clock.instant().plus(checkEvery);
    }

    /** Re-opens {@code ref} (with passwords from {@code secrets}) whenever its files change. */
    public static Builder builder(KeyRef ref, SecretProvider secrets) {
        return new Builder(ref, secrets);
    }

    /** Re-opens with {@code opener} (tests: keys that block or count closes) and watches the files of {@code ref}. */
    static Builder builder(KeyRef ref, Supplier<SigningKey> opener) {
        Builder b = new Builder(ref, SecretProvider.NONE);
        b.opener = Objects.requireNonNull(opener, "opener");
        return b;
    }

    /** Builds a {@link ReloadingSigningKey}. */
    public static final class Builder {
        private final KeyRef ref;
        private Supplier<SigningKey> opener;
        private final Set<Path> watched = new LinkedHashSet<>();
        private Duration checkEvery = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder(KeyRef ref, SecretProvider secrets) {
            this.ref = Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(secrets, "secrets");
            this.opener = () -> KeySources.open(ref, secrets);
            addIfFile(ref.path());
            ref.query().forEach((name, value) -> {
                if (!name.startsWith("module")) { // a PKCS#11 library is not key material
                    addIfFile(value);
                }
            });
        }

        private void addIfFile(String s) {
            try {
                Path p = Path.of(KeyRef.decode(s));
                if (Files.isRegularFile(p)) {
                    watched.add(p.toAbsolutePath());
                }
            } catch (RuntimeException notAPath) {
                // not a file name (a PKCS#11 attribute, a password): nothing to watch
            }
        }

        /** Also watches {@code file} (e.g. a certificate chain given apart from the reference). */
        public Builder watch(Path file) {
            watched.add(Objects.requireNonNull(file, "file").toAbsolutePath());
            return this;
        }

        /** How often the files are compared at most (default 30 s); zero compares before every operation. */
        public Builder checkEvery(Duration interval) {
            if (Objects.requireNonNull(interval, "interval").isNegative()) {
                throw new IllegalArgumentException("checkEvery must not be negative");
            }
            this.checkEvery = interval;
            return this;
        }

        /** The clock that paces the checks (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Opens the key now (its failures are the key source's: bad input, key not found, ...). */
        public ReloadingSigningKey build() {
            List<Fingerprint> prints = fingerprints(watched, List.of());
            SigningKey first = opener.get();
            return new ReloadingSigningKey(this, first, prints);
        }
    }

    /** The files compared for changes. */
    public List<Path> watchedFiles() {
        return watched;
    }

    /** How many times a key was opened (1 until the first reload). */
    public int generation() {
        return generations.get();
    }

    /**
     * Re-opens the reference now, whether or not its files changed; returns true when the new key is in use.
     * On failure the old key stays in use and the cause is logged at WARN and returned as false.
     */
    public boolean reload() {
        synchronized (reloadLock) {
            return reopen(fingerprints(watched, current.prints), "on demand");
        }
    }

    @Override
    protected SigningKey delegate() {
        maybeCheck();
        return current.key;
    }

    private void maybeCheck() {
        if (closed || watched.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return;
        }
        synchronized (reloadLock) {
            if (now.isBefore(nextCheck)) {
                return;
            }
            nextCheck = now.plus(checkEvery);
            List<Fingerprint> prints = fingerprints(watched, current.prints);
            if (!prints.equals(current.prints)) {
                reopen(prints, "its files changed");
            }
        }
    }

    private boolean reopen(List<Fingerprint> prints, String why) {
        if (closed) {
            throw new KeyAccessException("the key " + name + " is closed");
        }
        SigningKey fresh;
        try {
            fresh = opener.get();
        } catch (QsealException | IllegalStateException e) {
            LOG.warn("re-opening key {} ({}) failed, still signing with the key opened before: {}", name, why,
                    e.getMessage());
            current = new Generation(current, prints);
            return false;
        }
        Generation old = current;
        current = new Generation(fresh, prints);
        int n = generations.incrementAndGet();
        LOG.warn("re-opened key {} ({}): generation {}{}", name, why, n,
                fresh.certificate().map(c -> ", certificate serial " + c.getSerialNumber().toString(16)
                        + " valid until " + c.getNotAfter().toInstant()).orElse(""));
        old.retire();
        return true;
    }

    private <T> T run(Op<T> op) {
        maybeCheck();
        Generation g = acquire();
        try {
            return op.apply(g.key);
        } finally {
            g.release();
        }
    }

    private <T> CompletableFuture<T> runAsync(Op<CompletableFuture<T>> op) {
        maybeCheck();
        Generation g = acquire();
        CompletableFuture<T> f;
        try {
            f = op.apply(g.key);
        } catch (RuntimeException e) {
            g.release();
            throw e;
        }
        return f.whenComplete((r, e) -> g.release());
    }

    private Generation acquire() {
        while (true) {
            Generation g = current;
            if (g.tryAcquire()) {
                return g;
            }
            if (closed) {
                throw new KeyAccessException("the key " + name + " is closed");
            }
        }
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        return run(k -> k.sign(algorithm, data));
    }

    @Override
    public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        return run(k -> k.signDigest(algorithm, digest));
    }

    @Override
    public CompletableFuture<byte[]> signAsync(SignatureAlgorithm algorithm, byte[] data) {
        return runAsync(k -> k.signAsync(algorithm, data));
    }

    @Override
    public CompletableFuture<byte[]> signDigestAsync(SignatureAlgorithm algorithm, byte[] digest) {
        return runAsync(k -> k.signDigestAsync(algorithm, digest));
    }

    @Override
    public List<byte[]> signDigestBatch(SignatureAlgorithm algorithm, List<byte[]> digests) {
        return run(k -> k.signDigestBatch(algorithm, digests));
    }

    @Override
    public List<byte[]> signBatch(SignatureAlgorithm algorithm, List<byte[]> messages) {
        return run(k -> k.signBatch(algorithm, messages));
    }

    /** Closes the current key once its operations are done; later operations fail. */
    @Override
    public void close() {
        synchronized (reloadLock) {
            if (!closed) {
                closed = true;
                current.retire();
            }
        }
    }

    @Override
    public String toString() {
        return "ReloadingSigningKey[" + name + ", generation " + generations.get() + "]";
    }

    @FunctionalInterface
    private interface Op<T> {
        T apply(SigningKey key);
    }

    /**
     * One opened key and the operations using it: {@code users} counts them plus one while the key is current;
     * the key is closed when it drops to zero.
     */
    private static final class Generation {
        final SigningKey key;
        final List<Fingerprint> prints;
        private final AtomicInteger users;

        Generation(SigningKey key, List<Fingerprint> prints) {
            this.key = key;
            this.prints = prints;
            this.users = new AtomicInteger(1);
        }

        /** The same key with other fingerprints (a failed re-open: do not try the same files again). */
        Generation(Generation same, List<Fingerprint> prints) {
            this.key = same.key;
            this.prints = prints;
            this.users = same.users;
        }

        boolean tryAcquire() {
            while (true) {
                int n = users.get();
                if (n == 0) {
                    return false;
                }
                if (users.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (users.decrementAndGet() == 0) {
                key.close();
            }
        }

        void retire() {
            release();
        }
    }

    private record Fingerprint(Path file, long size, long modified, String sha256) {
    }

    /** The files' fingerprints; a file whose size and (settled) modification time are unchanged since {@code before} is not read again. */
    private static List<Fingerprint> fingerprints(Iterable<Path> files, List<Fingerprint> before) {
        List<Fingerprint> out = new ArrayList<>();
        for (Path p : files) {
            try {
                long size = Files.size(p);
                long modified = Files.getLastModifiedTime(p).toMillis();
                // file systems keep coarse times: a file changed in the last seconds is always read again
                boolean settled = modified < System.currentTimeMillis() - 2_000;
                Fingerprint same = null;
                for (Fingerprint b : before) {
                    if (settled && b.file.equals(p) && b.size == size && b.modified == modified) {
                        same = b;
                    }
                }
                out.add(same != null ? same : new Fingerprint(p, size, modified, size > MAX_WATCHED_FILE ? "" : sha256(p)));
            } catch (IOException e) {
                out.add(new Fingerprint(p, -1, -1, "unreadable"));
            }
        }
        return out;
    }

    private static String sha256(Path p) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0 && total < MAX_WATCHED_FILE; total += n) {
                md.update(buf, 0, n);
            }
        }
        return Arrays.toString(md.digest());
    }
}
