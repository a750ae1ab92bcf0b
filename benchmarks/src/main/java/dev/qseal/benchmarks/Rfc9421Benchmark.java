package dev.qseal.benchmarks;

import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.rfc9421.MessageSignature;
import dev.qseal.core.rfc9421.MessageSigner;
import dev.qseal.core.rfc9421.MessageVerifier;
import dev.qseal.core.rfc9421.Rfc9421Algorithm;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.MessageDigest;
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

/**
 * RFC 9421 message signatures over a 1 KiB JSON request with {@code Host} and {@code Content-Digest}, covering
 * {@code @method @authority @path content-digest} with {@code created} and {@code keyid}:
 * {@code rsa-pss-sha512} (RSA-2048) or {@code ecdsa-p256-sha256} (P-256).
 * <ul>
 *   <li>{@code rawJca*}: the JCA signature alone over the precomputed signature base (verify also checks the
 *       Content-Digest against the body, as qseal's verifier does);</li>
 *   <li>{@code qseal*}: {@code MessageSigner.sign} (signature base, signature, Signature-Input/Signature values)
 *       and {@code MessageVerifier.verify} (parse both fields, rebuild the base, Content-Digest, signature).</li>
 * </ul>
 * No peer: no maintained Java RFC 9421 library was available on Maven Central for this comparison.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class Rfc9421Benchmark {
    @Param({"rsa-pss-sha512", "ecdsa-p256-sha256"})
    public String alg;

    KeyPair pair;
    /** The key pair in the raw baselines' provider forms (see {@link Fixtures#rawSigningKey}). */
    PrivateKey rawPrivate;
    PublicKey rawPublic;
    HttpRequest request;
    HttpRequest signed;
    MessageSigner signer;
    MessageVerifier verifier;
    byte[] base;
    byte[] signature;
    byte[] body;
    byte[] contentDigest;

    @Setup(Level.Trial)
    public void setUp() {
        boolean rsa = alg.startsWith("rsa");
        pair = rsa ? Fixtures.rsa2048() : Fixtures.ecP256();
        SignatureAlgorithm sa = Rfc9421Algorithm.fromId(alg).orElseThrow().signatureAlgorithm().orElseThrow();
        rawPrivate = Fixtures.rawSigningKey(sa, pair.getPrivate());
        rawPublic = Fixtures.rawVerifyingKey(sa, pair.getPublic());
        SoftwareSigningKey key = Fixtures.signingKey("benchmark-" + alg, pair, Fixtures.certificate(pair));
        body = Fixtures.body("json1k");
        contentDigest = Digests.hash(DigestAlgorithm.SHA_256, body);
        request = Fixtures.bareRequest("json1k").toBuilder()
                .header("Content-Digest", Digests.formatContentDigest(DigestAlgorithm.SHA_256, contentDigest)).build();
        signer = MessageSigner.builder(key).keyId("qseal-benchmark").algorithm(Rfc9421Algorithm.fromId(alg).orElseThrow())
                .components(MessageSigner.DEFAULT_REQUEST_COMPONENTS).build();
        MessageSignature sig = signer.sign(request, Fixtures.NOW);
        signed = sig.applyTo(request);
        base = sig.signatureBase().getBytes(StandardCharsets.UTF_8);
        signature = sig.signature();
        verifier = MessageVerifier.builder(pair.getPublic()).build();
        try {
            if (!qsealVerify().isValid() || !rawJcaVerify()) {
                throw new IllegalStateException("RFC 9421 fixtures do not verify for " + alg + ": " + qsealVerify());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Signature rawSignature(boolean verify) {
        return Fixtures.rawSignature(Rfc9421Algorithm.fromId(alg).orElseThrow().signatureAlgorithm().orElseThrow(), verify);
    }

    @Benchmark
    public byte[] rawJcaSign() throws GeneralSecurityException {
        Signature s = rawSignature(false);
        s.initSign(rawPrivate);
        s.update(base);
        return s.sign();
    }

    @Benchmark
    public String qsealSign() {
        return signer.sign(request, Fixtures.NOW).signatureValue();
    }

    @Benchmark
    public boolean rawJcaVerify() throws GeneralSecurityException {
        if (!MessageDigest.isEqual(contentDigest, Fixtures.sha256().digest(body))) {
            return false;
        }
        Signature s = rawSignature(true);
        s.initVerify(rawPublic);
        s.update(base);
        return s.verify(signature);
    }

    @Benchmark
    public VerificationResult qsealVerify() {
        return verifier.verify(signed, Fixtures.NOW);
    }
}
