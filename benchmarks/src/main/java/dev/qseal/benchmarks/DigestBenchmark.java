package dev.qseal.benchmarks;

import dev.qseal.core.digest.Digests;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A {@code Digest: SHA-256=<base64>} value for a body of 1 KiB, 64 KiB or 1 MiB: qseal's
 * {@code Digests.digestValue} against {@code MessageDigest.getInstance("SHA-256")} + Base64 by hand.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class DigestBenchmark {
    @Param({"1k", "64k", "1m"})
    public String size;

    byte[] body;

    @Setup(Level.Trial)
    public void setUp() {
        int n;
        switch (size) {
            case "1k": n = 1024; break;
            case "64k": n = 64 * 1024; break;
            case "1m": n = 1024 * 1024; break;
            default: throw new IllegalArgumentException("size: 1k, 64k or 1m");
        }
        body = new byte[n];
        new Random(42).nextBytes(body);
    }

    @Benchmark
    public String rawJca() throws GeneralSecurityException {
        return "SHA-256=" + Base64.getEncoder().encodeToString(Fixtures.sha256().digest(body));
    }

    @Benchmark
    public String qseal() {
        return Digests.digestValue(body);
    }
}
