package dev.qseal.benchmarks;

import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.KeySource;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.kms.aws.AwsKmsKeySource;
import dev.qseal.kms.azure.AzureStandInKeySource;
import dev.qseal.kms.gcp.GcpKmsKeySource;
import dev.qseal.kms.testing.AwsKmsStandIn;
import dev.qseal.kms.testing.CloudKmsStandIn;
import dev.qseal.kms.testing.KeyVaultStandIn;
import dev.qseal.kms.testing.VaultStandIn;
import dev.qseal.kms.vault.VaultKeySource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
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

/**
 * Each vendor's key source, real SDK and all, against its wire-level stand-in (module kms-testing) on
 * loopback, pointed at it by endpoint override as the kms modules' tests do: AWS KMS ({@code awskms:},
 * AWS SDK v2, SigV4, URLConnection), Cloud KMS ({@code gcpkms:}, google-cloud-kms HTTP/JSON, a
 * service-account token from the stand-in), Key Vault ({@code azurekv:}, HTTPS, bearer challenge) and
 * Vault transit ({@code vault:}, {@code java.net.http}). Every request waits {@value #LATENCY_MS} ms in
 * the stand-in before it is answered (the wait holds no thread); one benchmark thread keeps
 * {@value #IN_FLIGHT} {@code signDigestAsync} calls in flight through the remote-key engine, which
 * verifies every signature. The key is ECDSA P-256 so that the stand-in's own signing, on the same two
 * cores, costs little.
 *
 * <p>The bound is {@value #IN_FLIGHT} / {@value #LATENCY_MS} ms = 6,400 signatures/s; ratio
 * {@code kms_<vendor>_standin_vs_bound} = measured / bound. It is reported without a goal: unlike the
 * in-process key of {@link RemoteKeyBenchmark}, each call here also pays for the vendor's SDK (request
 * building, signing of the request, JSON, TLS for Key Vault), the HTTP exchange and the stand-in, all on
 * the machine that measures, so the ratio says how far each SDK path is from the bound here, not whether
 * qseal's engine is lean (that is {@code remote_key_vs_bound}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class KmsStandInBenchmark {
    static final int IN_FLIGHT = 64;
    static final int LATENCY_MS = 10;
    static final SignatureAlgorithm ALG = SignatureAlgorithm.ECDSA_P256_SHA256;
    private static final String AWS_ACCESS_KEY = "AKIAQSEALBENCHMARK01";
    private static final String AWS_SECRET_KEY = "benchmark/secret/key/not-a-real-one-0123";
    private static final String GCP_VERSION = "projects/qseal-bench/locations/europe-west1/keyRings/bench/cryptoKeys/ec/cryptoKeyVersions/1";

    @Param({"aws", "gcp", "azure", "vault"})
    public String vendor;

    /** Untimed signatures at set-up (the JIT, the SDK's lazy parts, the connections), before JMH's own warm-up. */
    int warmUp = 500;

    AutoCloseable standIn;
    PublicKey standInKey;
    SigningKey key;
    Path scratch;
    byte[][] digests;
    final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    final AtomicLong failures = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    volatile Throwable firstFailure;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        digests = new byte[IN_FLIGHT][];
        for (int i = 0; i < IN_FLIGHT; i++) {
            digests[i] = HashAlgorithm.SHA_256.hash(("request " + i).getBytes(StandardCharsets.UTF_8));
        }
        scratch = Files.createTempDirectory("qseal-kms-bench");
        String limits = "max-in-flight=" + IN_FLIGHT;
        switch (vendor) {
            case "aws": {
                AwsKmsStandIn s = new AwsKmsStandIn();
                standIn = s;
                s.latencyMillis = LATENCY_MS;
                standInKey = s.add("bench-ec-0001", "alias/bench-ec", "ECC_NIST_P256", List.of("ECDSA_SHA_256")).publicKey();
                // the SDK's default credential chain: system properties
                System.setProperty("aws.disableEc2Metadata", "true");
                System.setProperty("aws.accessKeyId", AWS_ACCESS_KEY);
                System.setProperty("aws.secretAccessKey", AWS_SECRET_KEY);
                key = open(new AwsKmsKeySource(), "awskms:alias/bench-ec?region=" + AwsKmsStandIn.REGION + "&endpoint="
                        + s.endpoint() + "&" + limits);
                break;
            }
            case "gcp": {
                CloudKmsStandIn s = new CloudKmsStandIn();
                standIn = s;
                s.latencyMillis = LATENCY_MS;
                standInKey = s.add(GCP_VERSION, "EC_SIGN_P256_SHA256").publicKey();
                key = openWithGcloudAdcFile(s, "gcpkms:" + GCP_VERSION + "?endpoint=" + s.endpoint() + "&" + limits);
                break;
            }
            case "azure": {
                KeyVaultStandIn s = new KeyVaultStandIn();
                standIn = s;
                s.latencyMillis = LATENCY_MS;
                standInKey = s.add("bench-ec", "fedcba9876543210fedcba9876543210", "EC", List.of("sign", "verify")).publicKey();
                key = open(AzureStandInKeySource.of(KeyVaultStandIn.TOKEN, s.clientBuilder()),
                        "azurekv:" + s.host() + "/keys/bench-ec?" + limits);
                break;
            }
            case "vault": {
                if (System.getenv("VAULT_TOKEN") != null) {
                    throw new IllegalStateException("unset VAULT_TOKEN: the vault: key would send it to the stand-in instead of the stand-in's token");
                }
                VaultStandIn s = new VaultStandIn();
                standIn = s;
                s.latencyMillis = LATENCY_MS;
                standInKey = s.addEc("bench-ec").publicKey();
                Path token = Files.writeString(scratch.resolve("vault-token"), VaultStandIn.TOKEN);
                key = open(new VaultKeySource(), "vault:bench-ec?addr=" + s.addr() + "&token-file=" + token + "&" + limits);
                break;
            }
            default:
                throw new IllegalArgumentException("vendor must be aws, gcp, azure or vault, not " + vendor);
        }
        if (!key.publicKey().equals(standInKey)) {
            throw new IllegalStateException(vendor + ": the key source returned another public key than the stand-in holds");
        }
        for (int i = 0; i < warmUp; i++) {
            sign();
        }
        drain();
        if (failures.get() > 0) {
            throw new IllegalStateException(vendor + ": " + failures.get() + " of the warm-up signatures failed", firstFailure);
        }
    }

    private static SigningKey open(KeySource source, String ref) {
        return source.open(KeyRef.parse(ref), SecretProvider.NONE);
    }

    /**
     * Application Default Credentials from gcloud's well-known file under {@code user.home} (the benchmark's
     * JVM cannot set GOOGLE_APPLICATION_CREDENTIALS for itself): a service account whose token endpoint is the
     * stand-in. {@code user.home} points at a scratch directory only while the key opens (the client reads the
     * file then).
     */
    private SigningKey openWithGcloudAdcFile(CloudKmsStandIn s, String ref) throws Exception {
        if (System.getenv("GOOGLE_APPLICATION_CREDENTIALS") != null || System.getenv("CLOUDSDK_CONFIG") != null) {
            throw new IllegalStateException("unset GOOGLE_APPLICATION_CREDENTIALS and CLOUDSDK_CONFIG: the gcpkms: key"
                    + " would take its credentials from there instead of from the stand-in's service account");
        }
        s.writeServiceAccount(scratch.resolve(".config/gcloud/application_default_credentials.json"));
        String home = System.getProperty("user.home");
        System.setProperty("user.home", scratch.toString());
        try {
            return open(new GcpKmsKeySource(), ref);
        } finally {
            System.setProperty("user.home", home);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        drain(); // let the last operations end
        long threads = Thread.getAllStackTraces().size();
        System.out.println("KmsStandInBenchmark " + vendor + ": " + completed.get() + " signatures, " + failures.get()
                + " failed; live threads (SDK, engine, stand-in, JMH): " + threads);
        key.close();
        standIn.close();
        try (Stream<Path> files = Files.walk(scratch)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(vendor + ": " + failures.get() + " remote signatures failed", firstFailure);
        }
    }

    /** Starts one signature once fewer than {@value #IN_FLIGHT} are running; its completion frees the slot. */
    @Benchmark
    public void sign() throws InterruptedException {
        inFlight.acquire();
        byte[] d = digests[next++ & (IN_FLIGHT - 1)];
        key.signDigestAsync(ALG, d).whenComplete((sig, e) -> {
            if (e != null || sig == null || sig.length < 8) {
                if (failures.incrementAndGet() == 1) {
                    firstFailure = e;
                }
            } else {
                completed.incrementAndGet();
            }
            inFlight.release();
        });
    }

    private void drain() throws InterruptedException {
        inFlight.acquire(IN_FLIGHT);
        inFlight.release(IN_FLIGHT);
    }
}
