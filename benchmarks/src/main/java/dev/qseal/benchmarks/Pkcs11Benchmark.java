package dev.qseal.benchmarks;

import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Signing on a SoftHSM2 token (made per fork by {@code scripts/softhsm-token.sh}), 1, 2 (qseal) and 4 threads sharing one
 * key: qseal's {@code pkcs11:} key (its JNA Cryptoki binding with a session pool, which also verifies every
 * signature with the public key before returning it) against the JDK's SunPKCS11 provider on the same token
 * and object ({@code Signature.getInstance(alg, provider)} + initSign + update + sign per call).
 * Each benchmark method loads only one of the two, so a fork never has both initialise the module.
 * Without SoftHSM2 the trial setup fails with "SKIPPED PKCS#11 suite: ..." and JMH goes on with the others
 * ({@code benchmarks/run.sh} leaves the suite out up front).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class Pkcs11Benchmark {
    static final byte[] DATA = ("(request-target): post /oauth2/token\ndate: Fri, 01 Mar 2024 12:00:00 GMT\n"
            + "digest: SHA-256=w3z6Cf5qKOOpA7fuHi9mrkUCIB3oCEOf2ZwJbnTNdBY=").getBytes(StandardCharsets.UTF_8);

    static SignatureAlgorithm algorithm(String object) {
        return object.equals("seal-rsa") ? SignatureAlgorithm.RSA_PKCS1_SHA256 : SignatureAlgorithm.ECDSA_P256_SHA256;
    }

    /** qseal's key on the token. */
    @State(Scope.Benchmark)
    public static class QsealKey {
        @Param({"seal-rsa", "seal-ec"})
        public String object;
        SigningKey key;
        SignatureAlgorithm algorithm;

        @Setup(Level.Trial)
        public void setUp() {
            SoftHsm hsm = SoftHsm.create();
            key = KeySources.open(hsm.uri(object));
            algorithm = algorithm(object);
            if (!algorithm.verify(key.publicKey(), DATA, key.sign(algorithm, DATA))) {
                throw new IllegalStateException("qseal pkcs11 signature does not verify");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            key.close();
        }
    }

    /** The same object through SunPKCS11. */
    @State(Scope.Benchmark)
    public static class SunKey {
        @Param({"seal-rsa", "seal-ec"})
        public String object;
        Provider provider;
        PrivateKey key;
        String jcaName;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            SoftHsm hsm = SoftHsm.create();
            provider = Security.getProvider("SunPKCS11").configure(hsm.sunPkcs11Config().toString());
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, SoftHsm.PIN.toCharArray());
            key = (PrivateKey) ks.getKey(object, null);
            if (key == null) {
                throw new IllegalStateException("SunPKCS11 does not see " + object + " on the token; aliases: "
                        + java.util.Collections.list(ks.aliases()));
            }
            jcaName = object.equals("seal-rsa") ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] sig = sign(this);
            if (!algorithm(object).verify(ks.getCertificate(object).getPublicKey(), DATA, sig)) {
                throw new IllegalStateException("SunPKCS11 signature does not verify");
            }
        }
    }

    static byte[] sign(SunKey k) throws GeneralSecurityException {
        Signature s = Signature.getInstance(k.jcaName, k.provider);
        s.initSign(k.key);
        s.update(DATA);
        return s.sign();
    }

    @Benchmark
    @Threads(1)
    public byte[] qseal_1thread(QsealKey k) {
        return k.key.sign(k.algorithm, DATA);
    }

    @Benchmark
    @Threads(2)
    public byte[] qseal_2threads(QsealKey k) {
        return k.key.sign(k.algorithm, DATA);
    }

    @Benchmark
    @Threads(4)
    public byte[] qseal_4threads(QsealKey k) {
        return k.key.sign(k.algorithm, DATA);
    }

    @Benchmark
    @Threads(1)
    public byte[] sunPkcs11_1thread(SunKey k) throws GeneralSecurityException {
        return sign(k);
    }

    @Benchmark
    @Threads(4)
    public byte[] sunPkcs11_4threads(SunKey k) throws GeneralSecurityException {
        return sign(k);
    }
}
