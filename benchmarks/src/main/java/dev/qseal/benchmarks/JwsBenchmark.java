package dev.qseal.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import dev.qseal.core.http.HttpDates;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.jws.DetachedJws;
import dev.qseal.core.jws.DetachedJwsSigner;
import dev.qseal.core.jws.DetachedJwsVerifier;
import dev.qseal.core.jws.JwsHeader;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Detached JWS (ING / JAdES {@code sigD} HttpHeaders, {@code b64:false}) over a 1 KiB JSON payment request,
 * {@code sigD.pars = (request-target) digest content-type}; PS256 with RSA-2048 or ES256 with P-256.
 * <ul>
 *   <li>{@code rawJca*}: the JCA signature alone over the precomputed JWS signing input
 *       ({@code RSASSA-PSS} salt 32, or {@code SHA256withECDSAinP1363Format} for JOSE's r‖s); verify first
 *       compares the body's SHA-256 with the Digest header, as qseal's verifier does;</li>
 *   <li>{@code qseal*}: {@code DetachedJwsSigner.sign(request).compact()} (header JSON, sigD lines from the
 *       request, signing input, signature) and {@code DetachedJwsVerifier.verify(request, compact)} (parse, crit,
 *       x5t#S256, sigT window, lines, Digest against the body, signature);</li>
 *   <li>{@code nimbus*}: Nimbus JOSE+JWT: the same header members built per call, {@code JWSObject.sign} +
 *       {@code serialize(true)}; {@code JWSObject.parse(compact, payload).verify}. Nimbus is handed the sigD
 *       payload lines ready made (it cannot derive them from a request), so it does a little less work.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class JwsBenchmark {
    static final List<String> PARS = List.of("(request-target)", "digest", "content-type");

    @Param({"PS256", "ES256"})
    public String alg;

    KeyPair pair;
    /** The key pair in the raw baselines' provider forms (see {@link Fixtures#rawSigningKey}). */
    PrivateKey rawPrivate;
    PublicKey rawPublic;
    X509Certificate cert;
    HttpRequest request;
    DetachedJwsSigner signer;
    DetachedJwsVerifier verifier;
    byte[] signingInput;
    String lines;
    String compact;
    byte[] signature;
    String x5t;
    JWSAlgorithm nimbusAlg;
    JWSSigner nimbusSigner;
    JWSVerifier nimbusVerifier;
    String sigT;
    String digestHeader;
    byte[] body;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        boolean rsa = alg.equals("PS256");
        pair = rsa ? Fixtures.rsa2048() : Fixtures.ecP256();
        SignatureAlgorithm sa = SignatureAlgorithm.fromJose(alg).orElseThrow();
        rawPrivate = Fixtures.rawSigningKey(sa, pair.getPrivate());
        rawPublic = Fixtures.rawVerifyingKey(sa, pair.getPublic());
        cert = Fixtures.certificate(pair);
        SoftwareSigningKey key = Fixtures.signingKey("benchmark-" + alg, pair, cert);
        request = Fixtures.fullRequest("json1k");
        body = Fixtures.body("json1k");
        digestHeader = Fixtures.fullHeaders("json1k").get("Digest");
        SignatureAlgorithm a = SignatureAlgorithm.fromJose(alg).orElseThrow();
        signer = DetachedJwsSigner.builder(key).algorithm(a).signedHeaders(PARS).build();
        verifier = DetachedJwsVerifier.builder(cert).build();
        signingInput = signer.signingInput(request, Fixtures.NOW).getBytes(StandardCharsets.UTF_8);
        DetachedJws jws = signer.sign(request, Fixtures.NOW);
        compact = jws.compact();
        signature = jws.signature();
        String input = new String(signingInput, StandardCharsets.UTF_8);
        lines = input.substring(input.indexOf('.') + 1);
        x5t = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        sigT = HttpDates.iso8601(Fixtures.NOW);
        nimbusAlg = JWSAlgorithm.parse(alg);
        Set<String> deferred = Set.of("sigT", "sigD");
        nimbusSigner = rsa ? new RSASSASigner(pair.getPrivate()) : new ECDSASigner((ECPrivateKey) pair.getPrivate());
        nimbusVerifier = rsa ? new RSASSAVerifier((RSAPublicKey) pair.getPublic(), deferred)
                : new ECDSAVerifier((ECPublicKey) pair.getPublic(), deferred);
        // every contender must produce / accept a valid signature, or the comparison means nothing
        if (!qsealVerify().isValid() || !rawJcaVerify() || !nimbusVerify()) {
            throw new IllegalStateException("JWS fixtures do not verify for " + alg);
        }
        if (!JWSObject.parse(nimbusSign(), new Payload(lines)).verify(nimbusVerifier)) {
            throw new IllegalStateException("Nimbus JWS does not verify for " + alg);
        }
    }

    private Signature rawSignature(boolean verify) {
        return Fixtures.rawSignature(SignatureAlgorithm.fromJose(alg).orElseThrow(), verify);
    }

    @Benchmark
    public byte[] rawJcaSign() throws GeneralSecurityException {
        Signature s = rawSignature(false);
        s.initSign(rawPrivate);
        s.update(signingInput);
        return s.sign();
    }

    @Benchmark
    public String qsealSign() {
        return signer.sign(request, Fixtures.NOW).compact();
    }

    @Benchmark
    public String nimbusSign() throws Exception {
        Map<String, Object> sigD = new LinkedHashMap<>();
        sigD.put("pars", PARS);
        sigD.put("mId", JwsHeader.HTTP_HEADERS_MID);
        JWSHeader header = new JWSHeader.Builder(nimbusAlg)
                .base64URLEncodePayload(false)
                .criticalParams(Set.of("b64", "sigT", "sigD"))
                .x509CertSHA256Thumbprint(new Base64URL(x5t))
                .customParam("sigT", sigT)
                .customParam("sigD", sigD)
                .build();
        JWSObject obj = new JWSObject(header, new Payload(lines));
        obj.sign(nimbusSigner);
        return obj.serialize(true);
    }

    @Benchmark
    public boolean rawJcaVerify() throws GeneralSecurityException {
        // the Digest check qseal's verifier does (the goal is "verify incl. digest check / raw", as for Cavage and RFC 9421)
        if (!Fixtures.digestMatches(digestHeader, body)) {
            return false;
        }
        Signature s = rawSignature(true);
        s.initVerify(rawPublic);
        s.update(signingInput);
        return s.verify(signature);
    }

    @Benchmark
    public VerificationResult qsealVerify() {
        return verifier.verify(request, compact, Fixtures.NOW);
    }

    @Benchmark
    public boolean nimbusVerify() throws Exception {
        return JWSObject.parse(compact, new Payload(lines)).verify(nimbusVerifier);
    }
}
