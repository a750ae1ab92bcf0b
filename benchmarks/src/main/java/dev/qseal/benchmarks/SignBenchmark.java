package dev.qseal.benchmarks;

import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import java.security.KeyPair;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * qseal's default software signing path ({@code SoftwareSigningKey.sign}, the provider qseal picks by default)
 * on a short Cavage signing string: RSA-2048 PKCS#1 v1.5 SHA-256 or ECDSA P-256 SHA-256 (DER), on 1 and on 2
 * threads sharing one key. {@code benchmarks/run.sh} compares the 1-thread score with {@code openssl speed}
 * (rsa2048, ecdsap256) measured on the same machine in the same run, and 2 threads with 1.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class SignBenchmark {
    @Param({"rsa2048", "p256"})
    public String key;

    SoftwareSigningKey signingKey;
    SignatureAlgorithm algorithm;

    @Setup(Level.Trial)
    public void setUp() {
        boolean rsa = key.equals("rsa2048");
        KeyPair pair = rsa ? Fixtures.rsa2048() : Fixtures.ecP256();
        signingKey = Fixtures.signingKey("benchmark-" + key, pair, Fixtures.certificate(pair));
        algorithm = rsa ? SignatureAlgorithm.RSA_PKCS1_SHA256 : SignatureAlgorithm.ECDSA_P256_SHA256;
        if (!algorithm.verify(pair.getPublic(), Pkcs11Benchmark.DATA, sign())) {
            throw new IllegalStateException("the " + key + " signature does not verify");
        }
    }

    byte[] sign() {
        return signingKey.sign(algorithm, Pkcs11Benchmark.DATA);
    }

    @Benchmark
    @Threads(1)
    public byte[] qseal_1thread() {
        return sign();
    }

    @Benchmark
    @Threads(2)
    public byte[] qseal_2threads() {
        return sign();
    }
}
