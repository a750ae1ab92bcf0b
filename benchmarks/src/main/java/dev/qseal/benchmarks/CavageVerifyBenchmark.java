package dev.qseal.benchmarks;

import dev.qseal.core.cavage.Carrier;
import dev.qseal.core.cavage.CavageSignature;
import dev.qseal.core.cavage.CavageSigner;
import dev.qseal.core.cavage.CavageVerifier;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
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
import org.tomitribe.auth.signatures.Verifier;

/**
 * Verifying an incoming Cavage-signed request (RSA-2048, {@code (request-target) date digest}). All three
 * do the same work: check the {@code Digest} header against the body, then the signature.
 * <ul>
 *   <li>{@link #rawJca}: SHA-256 of the body compared with the Digest value, then
 *       {@code Signature("SHA256withRSA").verify} over the precomputed signing string (no header parsing);</li>
 *   <li>{@link #qsealCavage}: {@code CavageVerifier.verify} on the request: parses the Signature header,
 *       rebuilds the signing string, checks Date skew, Digest and signature;</li>
 *   <li>{@link #tomitribe}: tomitribe 1.8 {@code Signature.fromString} + {@code Verifier.verify}, plus the same
 *       Digest check by hand (tomitribe does not compare Digest with the body).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class CavageVerifyBenchmark {
    @Param({"token", "json1k", "json64k"})
    public String request;

    KeyPair pair;
    /** The public key in the raw baseline's provider form (see {@link Fixtures#rawVerifyingKey}). */
    PublicKey rawKey;
    HttpRequest signed;
    byte[] body;
    String digestHeader;
    byte[] signingString;
    byte[] signature;
    String signatureHeader;
    CavageVerifier verifier;
    String method;
    String target;
    Map<String, String> headers;

    @Setup(Level.Trial)
    public void setUp() {
        pair = Fixtures.rsa2048();
        SoftwareSigningKey key = Fixtures.signingKey("benchmark-rsa", pair, Fixtures.certificate(pair));
        HttpRequest full = Fixtures.fullRequest(request);
        CavageSignature sig = CavageSigner.builder(key).keyId("SN=benchmark").algorithm(SignatureAlgorithm.RSA_PKCS1_SHA256)
                .headers(CavageSignBenchmark.COMPONENTS).carrier(Carrier.SIGNATURE).build().sign(full, Fixtures.NOW);
        signed = full.withHeader(sig.headerName(), sig.headerValue());
        signatureHeader = sig.headerValue();
        signingString = sig.signingString().getBytes(StandardCharsets.UTF_8);
        signature = Base64.getDecoder().decode(sig.parameters().signature());
        body = Fixtures.body(request);
        headers = Fixtures.fullHeaders(request);
        digestHeader = headers.get("Digest");
        method = Fixtures.method(request);
        target = Fixtures.target(request);
        rawKey = Fixtures.rawVerifyingKey(SignatureAlgorithm.RSA_PKCS1_SHA256, pair.getPublic());
        verifier = CavageVerifier.builder(pair.getPublic()).requireSigned("(request-target)", "date", "digest").build();
    }

    private boolean digestMatches() {
        return Fixtures.digestMatches(digestHeader, body);
    }

    @Benchmark
    public boolean rawJca() throws GeneralSecurityException {
        if (!digestMatches()) {
            return false;
        }
        Signature s = Fixtures.rawSignature(SignatureAlgorithm.RSA_PKCS1_SHA256, true);
        s.initVerify(rawKey);
        s.update(signingString);
        return s.verify(signature);
    }

    @Benchmark
    public VerificationResult qsealCavage() {
        return verifier.verify(signed, Fixtures.NOW);
    }

    @Benchmark
    public boolean tomitribe() throws Exception {
        if (!digestMatches()) {
            return false;
        }
        org.tomitribe.auth.signatures.Signature parsed = org.tomitribe.auth.signatures.Signature.fromString(signatureHeader);
        return new Verifier(pair.getPublic(), parsed).verify(method, target, headers);
    }
}
