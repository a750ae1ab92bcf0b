package dev.qseal.benchmarks;

import dev.qseal.core.cavage.Carrier;
import dev.qseal.core.cavage.CavageSignature;
import dev.qseal.core.cavage.CavageSigner;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.profile.ProfileSigner;
import dev.qseal.core.profile.Profiles;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;
import org.tomitribe.auth.signatures.Signer;

/**
 * Signing one request with RSA-2048 / SHA256withRSA, Cavage style ({@code (request-target) date digest}):
 * <ul>
 *   <li>{@link #rawJca}: the baseline, {@code Signature.getInstance("SHA256withRSA")} + initSign + update + sign
 *       over the (precomputed) signing string, from the provider qseal signs with and with the private key in that
 *       provider's form, translated once in {@code @Setup} as qseal does per key;</li>
 *   <li>{@link #rawJcaDigestAndSign}: the raw JCA work an ING profile call needs: SHA-256 of the body, Base64,
 *       and the signature;</li>
 *   <li>{@link #qsealSigningKey}: {@code SigningKey.sign} over the same bytes;</li>
 *   <li>{@link #qsealCavage}: {@code CavageSigner.sign}, signing string + signature + header value;</li>
 *   <li>{@link #qsealProfileIng}: {@code Profiles.ING} signer on the bare request: Date, Digest,
 *       TPP-Signature-Certificate, keyId, signing string, signature, Authorization header;</li>
 *   <li>{@link #tomitribe}: tomitribe-http-signatures 1.8 {@code Signer.sign} for the same request and headers.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class CavageSignBenchmark {
    static final List<String> COMPONENTS = List.of("(request-target)", "date", "digest");

    @Param({"token", "json1k", "json64k"})
    public String request;

    KeyPair pair;
    /** The private key in the raw baseline's provider form (see {@link Fixtures#rawSigningKey}). */
    PrivateKey rawKey;
    SoftwareSigningKey key;
    HttpRequest full;
    HttpRequest bare;
    byte[] body;
    byte[] signingString;
    CavageSigner cavage;
    ProfileSigner ing;
    Signer tomitribe;
    String method;
    String target;
    Map<String, String> headers;

    @Setup(Level.Trial)
    public void setUp() {
        pair = Fixtures.rsa2048();
        key = Fixtures.signingKey("benchmark-rsa", pair, Fixtures.certificate(pair));
        rawKey = Fixtures.rawSigningKey(SignatureAlgorithm.RSA_PKCS1_SHA256, pair.getPrivate());
        full = Fixtures.fullRequest(request);
        bare = Fixtures.bareRequest(request);
        body = Fixtures.body(request);
        method = Fixtures.method(request);
        target = Fixtures.target(request);
        headers = Fixtures.fullHeaders(request);
        cavage = CavageSigner.builder(key).keyId("SN=benchmark").algorithm(SignatureAlgorithm.RSA_PKCS1_SHA256)
                .headers(COMPONENTS).carrier(Carrier.SIGNATURE).build();
        CavageSignature reference = cavage.sign(full, Fixtures.NOW);
        signingString = reference.signingString().getBytes(StandardCharsets.UTF_8);
        ing = Profiles.ING.signer(key).build();
        tomitribe = new Signer(pair.getPrivate(), new org.tomitribe.auth.signatures.Signature("SN=benchmark", "rsa-sha256", null, COMPONENTS));
        try {
            String theirs = tomitribe.createSigningString(method, target, headers);
            if (!theirs.equals(reference.signingString())) {
                throw new IllegalStateException("tomitribe and qseal sign different strings:\n" + theirs + "\n--\n" + reference.signingString());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public byte[] rawJca() throws GeneralSecurityException {
        Signature s = Fixtures.rawSignature(SignatureAlgorithm.RSA_PKCS1_SHA256, false);
        s.initSign(rawKey);
        s.update(signingString);
        return s.sign();
    }

    @Benchmark
    public void rawJcaDigestAndSign(Blackhole bh) throws GeneralSecurityException {
        byte[] digest = Fixtures.sha256().digest(body);
        bh.consume("SHA-256=" + Base64.getEncoder().encodeToString(digest));
        Signature s = Fixtures.rawSignature(SignatureAlgorithm.RSA_PKCS1_SHA256, false);
        s.initSign(rawKey);
        s.update(signingString);
        bh.consume(s.sign());
    }

    @Benchmark
    public byte[] qsealSigningKey() {
        return key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, signingString);
    }

    @Benchmark
    public String qsealCavage() {
        return cavage.sign(full, Fixtures.NOW).headerValue();
    }

    @Benchmark
    public SignedRequest qsealProfileIng() {
        return ing.sign(bare, Fixtures.NOW);
    }

    @Benchmark
    public String tomitribe() throws Exception {
        return tomitribe.sign(method, target, headers).toParamString();
    }
}
