package dev.qseal.core.jws;

import dev.qseal.core.http.internal.LogRedaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.qseal.core.jws.internal.Base64Url;
import dev.qseal.core.jws.internal.HttpHeaderPayload;
import dev.qseal.core.BadInputException;
import dev.qseal.core.Limits;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.QsealException;
import dev.qseal.core.RequestVerifier;
import dev.qseal.core.http.internal.DateCodec;
import dev.qseal.core.http.internal.HeaderLines;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.DigestLabel;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.internal.EcdsaSignatures;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.internal.RsaSignatures;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies detached JWS signatures over HTTP headers ({@code x-jws-signature}, JAdES {@code sigD}
 * HttpHeaders) and explains failures. Immutable and thread-safe.
 *
 * <p><b>Strict</b> where other libraries are lax: {@code b64} must be {@code false} and listed in
 * {@code crit}, as must {@code sigT} and {@code sigD}; a {@code crit} name qseal does not implement
 * is rejected; {@code sigD.mId} must be the HttpHeaders URI; {@code alg} must fit the certificate's
 * key; {@code x5t#S256} must be the SHA-256 of this certificate (and {@code x5c}, if present, must
 * start with it). <b>Tolerant</b> where real signers differ: {@code pars} names in any case (lines
 * are built with lower-case names), a padded {@code x5t#S256}, and RSA-PSS with any salt length
 * (ING's own OpenSSL recipe signs with the maximum salt).
 *
 * <p>Checks, in order: the header parses; the JOSE header rules above; {@code alg}; the certificate;
 * {@code sigT} within the allowed skew; required headers are in {@code pars}; each {@code pars}
 * header is in the request; the body matches the signed {@code Digest}; the signature. A signature
 * that does not match is then examined to name the likely cause (see {@link #verify}).
 */
public final class DetachedJwsVerifier implements RequestVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(DetachedJwsVerifier.class);

    /** The {@code crit} names this verifier implements. */
    public static final Set<String> UNDERSTOOD_CRITICAL = Set.of("b64", "sigT", "sigD");
    /** Header parameters RFC 7515/7518 define, which must never appear in {@code crit} (RFC 7515 §4.1.11). */
    private static final Set<String> REGISTERED = Set.of("alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256",
            "typ", "cty", "crit", "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c");
    private static final int MAX_EXTRA_HEADERS = 16;
    private static final List<String> TARGET = List.of("(request-target)");
    private static final List<String> TARGET_AND_DIGEST = List.of("(request-target)", "digest");
    /** The members that {@code crit} must list when the header has them, in the order they are checked. */
    private static final List<String> CRITICAL_WHEN_PRESENT = List.of("b64", "sigT", "sigD");
    private static final int MAX_PERMUTED_LINES = 6;

    private final X509Certificate certificate;
    private final PublicKey key;
    private final KeyType keyType;
    private final byte[] thumbprint;
    /** {@link #thumbprint} as unpadded base64url: what a signer of this certificate's key writes in x5t#S256. */
    private final String thumbprintText;
    private final Set<SignatureAlgorithm> allowed;
    private final Duration maxSkew;
    private final List<String> requiredSigned;
    private final String headerName;
    private final boolean weakCoverage;
    private final boolean noBody;
    private final Clock clock;
    private final long maxBodySize;
    private final boolean diagnose;

    private DetachedJwsVerifier(Builder b) {
        this.certificate = b.certificate;
        this.key = dev.qseal.core.key.CryptoProviders.verifyingForm(b.certificate.getPublicKey());
        this.keyType = KeyType.of(key);
        this.thumbprint = HttpHeaderPayload.x5tS256(certificate);
        this.thumbprintText = Base64Url.encode(thumbprint);
        Set<SignatureAlgorithm> fitting = new LinkedHashSet<>();
        for (SignatureAlgorithm a : b.allowed) {
            if (a.joseName().isPresent() && a.fits(keyType)) {
                fitting.add(a);
            }
        }
        if (fitting.isEmpty()) {
            throw new BadInputException("none of the allowed JOSE algorithms fits the " + keyType + " key of the certificate");
        }
        this.allowed = fitting;
        this.maxSkew = b.maxSkew;
        this.requiredSigned = List.copyOf(b.requiredSigned);
        this.headerName = b.headerName;
        this.weakCoverage = b.weakCoverage;
        this.noBody = b.noBody;
        this.clock = b.clock;
        this.maxBodySize = b.maxBodySize;
        this.diagnose = b.diagnose;
    }

    /** A verifier for signatures made with the key of {@code certificate}, which {@code x5t#S256} must name. */
    public static Builder builder(X509Certificate certificate) {
        return new Builder(Objects.requireNonNull(certificate, "certificate"));
    }

    /** Verifies the JWS in the request's {@code x-jws-signature} header (or the configured one) at the verifier's clock. */
    @Override
    public VerificationResult verify(HttpRequest request) {
        return verify(request, clock.instant());
    }

    /** Verifies the JWS in the request's {@code x-jws-signature} header (or the configured one) as of {@code now}. */
    public VerificationResult verify(HttpRequest request, Instant now) {
        return LogRedaction.logged(LOG, "JWS", request, find(request, now));
    }

    private VerificationResult find(HttpRequest request, Instant now) {
        List<String> values = request.headers().values(headerName);
        if (values.isEmpty()) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "no " + headerName + " header in the request");
        }
        if (values.size() > 1) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "the request has " + values.size() + " "
                    + headerName + " headers; send exactly one");
        }
        return verify(request, values.get(0), now);
    }

    /**
     * Verifies {@code compactJws} ({@code <header>..<signature>}) against {@code request}. Never throws
     * for anything in the request or the JWS: every problem is an invalid result that names it. When
     * the signature does not match, the diagnosis tries ING's troubleshooting list: an extra LF after
     * the last line, CRLF line ends, lines out of {@code pars} order, a line missing or an extra header
     * signed, another method or path, header names not lower-cased, {@code alg} other than the one
     * used. For RSA it also tells "made with another key" from "made with this key over other content"
     * (the RSA public operation shows the padding); which header <em>value</em> differs cannot be known
     * from a signature, and the diagnosis says so.
     */
    public VerificationResult verify(HttpRequest request, String compactJws, Instant now) {
        DetachedJws jws;
        try {
            jws = DetachedJws.parse(compactJws);
        } catch (MalformedSignatureException e) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, e.getMessage());
        }
        return verify(request, jws, now);
    }

    /** Verifies a parsed JWS against {@code request}. */
    public VerificationResult verify(HttpRequest request, DetachedJws jws, Instant now) {
        return verify(request, jws, now, new DiagnosisBudget());
    }

    /** As {@link #verify(HttpRequest, DetachedJws, Instant)}, counting the diagnosis's work in {@code budget} (tests read it). */
    VerificationResult verify(HttpRequest request, DetachedJws jws, Instant now, DiagnosisBudget budget) {
        try {
            return check(request, jws, now, budget);
        } catch (BadInputException e) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, e.getMessage());
        }
    }

    private VerificationResult check(HttpRequest request, DetachedJws jws, Instant now, DiagnosisBudget budget) {
        VerificationResult size = VerificationResult.checkBodySize(request.bodyLength(), maxBodySize);
        if (!size.isValid()) {
            return size;
        }
        JwsHeader h = jws.header();

        VerificationResult crit = checkCritical(h);
        if (!crit.isValid()) {
            return crit;
        }

        // alg
        if (h.alg().isEmpty()) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "the JWS header has no \"alg\"");
        }
        String algName = h.alg().get();
        SignatureAlgorithm alg = SignatureAlgorithm.fromJose(algName).orElse(null);
        if (alg == null) {
            return VerificationResult.invalid(Failure.ALGORITHM_MISMATCH, "alg \"" + HttpHeaderPayload.clip(algName)
                    + "\" is not one qseal verifies: use PS256/384/512, RS256/384/512 or ES256/384/512");
        }
        if (!alg.fits(keyType)) {
            return VerificationResult.invalid(Failure.ALGORITHM_MISMATCH, "alg \"" + algName + "\" needs a " + alg.keyType()
                    + " key, but the certificate's key is " + keyType);
        }
        if (!allowed.contains(alg)) {
            return VerificationResult.invalid(Failure.ALGORITHM_MISMATCH, "alg \"" + algName + "\" is not allowed here");
        }

        // certificate
        VerificationResult cert = checkCertificate(h);
        if (!cert.isValid()) {
            return cert;
        }

        // sigD
        if (h.sigD().isEmpty()) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "the JWS header has no \"sigD\": it does not say which HTTP headers are signed");
        }
        for (Object member : h.sigD().get().keySet()) {
            if (!member.equals("mId") && !member.equals("pars")) {
                return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "sigD has the member \"" + HttpHeaderPayload.clip(String.valueOf(member))
                        + "\", which the HttpHeaders mechanism does not define (only mId and pars)");
            }
        }
        if (!JwsHeader.HTTP_HEADERS_MID.equals(h.mId().orElse(null))) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "sigD.mId is " + h.mId().map(m -> "\"" + HttpHeaderPayload.clip(m) + "\"").orElse("missing")
                    + "; qseal verifies only \"" + JwsHeader.HTTP_HEADERS_MID + "\"");
        }
        if (h.pars().isEmpty()) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "sigD has no \"pars\" (the list of signed headers)");
        }
        List<String> pars = HttpHeaderPayload.normalise(h.pars().get()); // BadInputException -> MALFORMED above

        // sigT
        VerificationResult clock = checkSigningTime(h, now);
        if (!clock.isValid()) {
            return clock;
        }

        for (String required : required(request)) {
            if (!pars.contains(required)) {
                return VerificationResult.invalid(Failure.HEADER_NOT_SIGNED, "'" + required + "' must be signed, but sigD.pars lists only: "
                        + HttpHeaderPayload.clip(String.join(" ", pars)));
            }
        }

        String lines;
        try {
            lines = HttpHeaderPayload.build(request, pars);
        } catch (dev.qseal.core.MissingComponentException e) {
            return VerificationResult.invalid(Failure.MISSING_HEADER, "header '" + e.component()
                    + "' is listed in sigD.pars but is not in the request: send it, or sign without it");
        }

        if (!noBody && !weakCoverage && request.hasBody() && !request.headers().contains("Digest")) {
            return VerificationResult.invalid(Failure.MISSING_HEADER, "the request has a body but no Digest header");
        }
        if (pars.contains("digest") && !noBody) {
            VerificationResult digest = checkDigest(request);
            if (!digest.isValid()) {
                return digest;
            }
        }

        byte[] sig = jws.signatureUnsafe();
        if (keyType == KeyType.RSA) {
            int k = (((java.security.interfaces.RSAPublicKey) key).getModulus().bitLength() + 7) / 8;
            if (sig.length != k) {
                return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "the RSA signature has " + sig.length
                        + " bytes; the certificate's key makes signatures of exactly " + k);
            }
        }
        if (alg.scheme() == SignatureAlgorithm.Scheme.ECDSA_RAW && sig.length != 2 * keyType.coordinateLength()) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, ecdsaLengthDiagnosis(alg, sig, h.encoded() + "." + lines));
        }
        byte[] input = DetachedJws.signingInputBytes(h.encoded(), lines);
        if (verifies(alg, input, sig)) {
            return noBody ? VerificationResult.validDigestNotChecked() : VerificationResult.valid();
        }
        if (!diagnose) {
            return VerificationResult.invalid(Failure.SIGNATURE_MISMATCH, "the signature does not match the request"
                    + " (this verifier was built without a diagnosis of the cause)");
        }
        return explain(request, h, alg, pars, lines, sig, budget);
    }

    /** {@code (request-target)} and, with a body, {@code digest} unless weak coverage is allowed; then the caller's. */
    private List<String> required(HttpRequest request) {
        if (requiredSigned.isEmpty()) { // the usual case: one of three constant lists
            if (weakCoverage) {
                return List.of();
            }
            return request.hasBody() || (noBody && request.headers().contains("Digest")) ? TARGET_AND_DIGEST : TARGET;
        }
        List<String> out = new ArrayList<>();
        if (!weakCoverage) {
            out.add("(request-target)");
            if (request.hasBody() || (noBody && request.headers().contains("Digest"))) {
                out.add("digest");
            }
        }
        for (String r : requiredSigned) {
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    private VerificationResult checkCritical(JwsHeader h) {
        if (h.b64().isEmpty() || h.b64().get()) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "the JWS header must have \"b64\":false (an unencoded, detached payload), "
                    + (h.b64().isEmpty() ? "it has no b64" : "it has b64 true"));
        }
        if (h.crit().isEmpty()) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "the JWS header has \"b64\":false but no \"crit\"; RFC 7797 §6 requires b64 to be listed in crit");
        }
        List<String> crit = h.crit().get();
        if (crit.isEmpty()) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "\"crit\" is an empty list; RFC 7515 §4.1.11 forbids that");
        }
        for (int i = 0; i < crit.size(); i++) {
            String c = crit.get(i);
            if (crit.subList(0, i).contains(c)) {
                return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "\"crit\" lists \"" + HttpHeaderPayload.clip(c) + "\" twice");
            }
            if (REGISTERED.contains(c)) {
                return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "\"crit\" lists \"" + c
                        + "\", a parameter RFC 7515/7518 define, which crit must not name (RFC 7515 §4.1.11)");
            }
            if (!UNDERSTOOD_CRITICAL.contains(c)) {
                return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "\"crit\" lists \"" + HttpHeaderPayload.clip(c)
                        + "\", which qseal does not implement (it knows b64, sigT, sigD): the signature must be rejected");
            }
            if (!h.members().containsKey(c)) {
                return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "\"crit\" lists \"" + c + "\" but the header has no such member");
            }
        }
        for (String needed : CRITICAL_WHEN_PRESENT) {
            if (h.members().containsKey(needed) && !crit.contains(needed)) {
                return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "the JWS header has \"" + needed
                        + "\" but \"crit\" does not list it; a verifier that ignored it would check something else than was signed");
            }
        }
        return VerificationResult.valid();
    }

    private VerificationResult checkCertificate(JwsHeader h) {
        if (h.x5tS256().isEmpty()) {
            return VerificationResult.invalid(Failure.WRONG_KEY, "the JWS header has no \"x5t#S256\": it does not name the certificate it was made for");
        }
        String x5t = h.x5tS256().get();
        if (!x5t.equals(thumbprintText)) { // the usual case, this certificate's thumbprint as written: nothing to decode
            VerificationResult named = checkThumbprint(x5t);
            if (!named.isValid()) {
                return named;
            }
        }
        if (h.x5c().isPresent()) {
            List<String> chain = h.x5c().get();
            byte[] leaf;
            try {
                leaf = chain.isEmpty() ? new byte[0] : Base64.getDecoder().decode(chain.get(0));
                if (!MessageDigest.isEqual(leaf, certificate.getEncoded())) {
                    return VerificationResult.invalid(Failure.WRONG_KEY, "x5c does not start with the verification certificate");
                }
            } catch (IllegalArgumentException e) {
                return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "x5c[0] is not base64 (RFC 7515 §4.1.6 uses standard base64, not base64url)");
            } catch (CertificateEncodingException e) {
                throw new QsealException("cannot encode the verification certificate", e);
            }
        }
        return VerificationResult.valid();
    }

    /** Whether {@code x5t} (written otherwise than {@link #thumbprintText}: padded, or another value) names this certificate. */
    private VerificationResult checkThumbprint(String x5t) {
        String unpadded = x5t;
        while (unpadded.endsWith("=")) {
            unpadded = unpadded.substring(0, unpadded.length() - 1);
        }
        byte[] named;
        try {
            named = Base64Url.decode(unpadded, "x5t#S256");
        } catch (MalformedSignatureException e) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, e.getMessage());
        }
        if (named.length != 32) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "x5t#S256 has " + named.length
                    + " bytes; a SHA-256 thumbprint has 32 (a SHA-1 x5t in the wrong member?)");
        }
        if (!MessageDigest.isEqual(named, thumbprint)) {
            return VerificationResult.invalid(Failure.WRONG_KEY, "x5t#S256 names the certificate with SHA-256 fingerprint "
                    + fingerprint(named) + ", but the verification certificate ('" + certificate.getSubjectX500Principal().getName()
                    + "') has " + fingerprint(thumbprint) + ": verify with the certificate the signer used");
        }
        return VerificationResult.valid();
    }

    private VerificationResult checkSigningTime(JwsHeader h, Instant now) {
        if (h.sigT().isEmpty()) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "the JWS header has no \"sigT\" (signing time)");
        }
        String sigT = h.sigT().get();
        Optional<Instant> parsed = DateCodec.isoOffset(sigT);
        if (parsed.isEmpty()) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "sigT \"" + HttpHeaderPayload.clip(sigT)
                    + "\" is not an RFC 3339 time such as 2019-11-19T17:28:15Z");
        }
        Instant t = parsed.get();
        if (maxSkew == null) {
            return VerificationResult.valid();
        }
        long skew = Duration.between(t, now).getSeconds();
        if (Math.abs(skew) > maxSkew.getSeconds()) {
            return VerificationResult.invalid(Failure.CLOCK_SKEW, "sigT " + sigT + " is " + Math.abs(skew) + " s "
                    + (skew > 0 ? "behind" : "ahead of") + " the verifier's clock (" + now + "); allowed skew is +/-"
                    + maxSkew.getSeconds() + " s");
        }
        return VerificationResult.valid();
    }

    private static VerificationResult checkDigest(HttpRequest request) {
        byte[] body = request.bodyBytesUnsafe();
        List<String> values = request.headers().values("Digest");
        for (String value : values) {
            Map<DigestAlgorithm, byte[]> expected;
            try {
                expected = Digests.parseDigest(value);
            } catch (BadInputException e) {
                return VerificationResult.invalid(Failure.DIGEST_MISMATCH, e.getMessage());
            }
            if (expected.isEmpty()) {
                return VerificationResult.invalid(Failure.DIGEST_MISMATCH, "the Digest header names no algorithm qseal knows (SHA-256, SHA-512)");
            }
            for (Map.Entry<DigestAlgorithm, byte[]> e : expected.entrySet()) {
                byte[] actual = Digests.hash(e.getKey(), body);
                if (!MessageDigest.isEqual(e.getValue(), actual)) {
                    return VerificationResult.invalid(Failure.DIGEST_MISMATCH, "the body (" + body.length
                            + " bytes) does not match the signed Digest: " + Digests.formatDigest(e.getKey(), DigestLabel.STANDARD, actual)
                            + " computed, " + HttpHeaderPayload.clip(value.trim()) + " sent" + digestHint(e.getKey(), e.getValue(), body));
                }
            }
        }
        return VerificationResult.valid();
    }

    /**
     * Names the two classic shell mistakes when they explain the digest. Bounded: the LF case hashes the
     * body once more without copying it, and the whitespace case is tried only for bodies up to
     * {@link Limits#DIGEST_HINT_BODY_BYTES} (a shell variable holds a small JSON, not megabytes).
     */
    private static String digestHint(DigestAlgorithm alg, byte[] sent, byte[] body) {
        byte[] withLf = Digests.hash(alg, new SequenceInputStream(new ByteArrayInputStream(body), new ByteArrayInputStream(new byte[] {'\n'})));
        if (MessageDigest.isEqual(sent, withLf)) {
            return " (the Digest is of the body followed by LF: 'echo' without -n)";
        }
        if (body.length > Limits.DIGEST_HINT_BODY_BYTES) {
            return "";
        }
        String collapsed = String.join(" ", new String(body, StandardCharsets.UTF_8).trim().split("\\s+"));
        if (MessageDigest.isEqual(sent, Digests.hash(alg, collapsed.getBytes(StandardCharsets.UTF_8)))) {
            return " (the Digest is of the body with its whitespace collapsed: an unquoted $payload in 'echo -n $payload')";
        }
        return "";
    }

    private String ecdsaLengthDiagnosis(SignatureAlgorithm alg, byte[] sig, String input) {
        String base = alg.joseName().orElseThrow() + " signatures are raw r||s of " + 2 * keyType.coordinateLength()
                + " bytes; this one has " + sig.length;
        if (sig.length > 0 && (sig[0] & 0xff) == 0x30) {
            try {
                byte[] raw = EcdsaSignatures.derToRaw(sig, keyType.coordinateLength());
                boolean ok = verifies(alg, input.getBytes(StandardCharsets.UTF_8), raw);
                return base + " and is ASN.1 DER (JCA's SHA256withECDSA output)" + (ok ? ", which verifies once converted" : "")
                        + ": JOSE needs it converted to r||s";
            } catch (IllegalArgumentException e) {
                return base;
            }
        }
        return base;
    }

    /** Verifies PS* with any salt length, ES* strictly ({@link EcdsaVerification}), RS* through the JCA. Never throws for a bad signature. */
    private boolean verifies(SignatureAlgorithm alg, byte[] data, byte[] sig) {
        return alg.verifyAnySaltLength(key, data, sig);
    }

    // ---- diagnosis -------------------------------------------------------------------------

    private static final class Variant {
        final String lines;
        final Failure failure;
        final String cause;

        Variant(String lines, Failure failure, String cause) {
            this.lines = lines;
            this.failure = failure;
            this.cause = cause;
        }
    }

    /**
     * Names the likely cause of a mismatch by trying the signing inputs signers commonly produce by
     * mistake. Bounded whatever the request holds: at most {@link Limits#DIAGNOSIS_CANDIDATES} inputs
     * and {@link Limits#DIAGNOSIS_BYTES} bytes of them are tried (the budget), most likely first.
     */
    private VerificationResult explain(HttpRequest request, JwsHeader h, SignatureAlgorithm alg, List<String> pars, String lines, byte[] sig,
            DiagnosisBudget budget) {
        String algName = alg.joseName().orElseThrow();
        String prefix = h.encoded() + ".";
        if (keyType == KeyType.RSA) {
            RsaSignatures.Inspection ins = RsaSignatures.inspect(key, sig);
            if (!ins.madeWithThisKey()) {
                return VerificationResult.invalid(Failure.WRONG_KEY, "the signature was not made with the private key of the certificate that x5t#S256 names"
                        + " (its RSA public operation gives neither a PKCS#1 v1.5 nor a PSS encoding): the signer used another private key,"
                        + " or the signature bytes were altered");
            }
            SignatureAlgorithm used = ins.algorithm().orElseThrow();
            String usedName = joseNameOf(used);
            String algNote = sameJose(used, alg) ? "" : "; also, alg says " + algName + " but the signer used " + usedName;
            budget.tried(prefix.length() + lines.length());
            if (ins.covers((prefix + lines).getBytes(StandardCharsets.UTF_8))) {
                return VerificationResult.invalid(Failure.ALGORITHM_MISMATCH, "alg is \"" + algName + "\" but the signature was made with "
                        + usedName + " (it verifies as " + usedName + "): set alg to what the signer uses");
            }
            for (Variant v : variants(request, pars, lines, budget.forCandidates(prefix.length(), lines.length()))) {
                budget.tried(prefix.length() + v.lines.length());
                if (ins.covers((prefix + v.lines).getBytes(StandardCharsets.UTF_8))) {
                    return VerificationResult.invalid(v.failure, v.cause + algNote);
                }
            }
            return VerificationResult.invalid(Failure.SIGNATURE_MISMATCH, "the signature was made with this certificate's key (" + usedName
                    + ") but over another signing input: a signed header value, the method or the path differs from what was signed"
                    + " (a signature cannot tell which); qseal checked the lines " + describeLines(lines) + algNote);
        }
        // ECDSA: one JOSE algorithm per curve, so alg cannot name another hash; only the content can differ
        for (Variant v : variants(request, pars, lines, budget.forCandidates(prefix.length(), lines.length()))) {
            budget.tried(prefix.length() + v.lines.length());
            if (verifies(alg, (prefix + v.lines).getBytes(StandardCharsets.UTF_8), sig)) {
                return VerificationResult.invalid(v.failure, v.cause);
            }
        }
        return VerificationResult.invalid(Failure.SIGNATURE_MISMATCH, "the signature does not match: a signed header value, the method or the path"
                + " differs from what was signed, or the signer used another private key than the one x5t#S256 names"
                + " (an ECDSA signature cannot tell which); qseal checked the lines " + describeLines(lines));
    }

    private static boolean sameJose(SignatureAlgorithm used, SignatureAlgorithm alg) {
        return used.scheme() == alg.scheme() && used.hash() == alg.hash();
    }

    private static String joseNameOf(SignatureAlgorithm used) {
        if (used.scheme() == SignatureAlgorithm.Scheme.RSA_PSS) {
            String n = "PS" + used.hash().jcaName().substring(4);
            return used.saltLength() == used.hash().length() ? n : n + " (salt " + used.saltLength() + ")";
        }
        return used.joseName().orElse(used.name());
    }

    private static String describeLines(String lines) {
        List<String> out = new ArrayList<>();
        // values of secret-bearing headers (Authorization, Cookie...) are never echoed
        String[] all = LogRedaction.signingString(lines).split("\n", -1);
        for (int i = 0; i < all.length && i < 8; i++) {
            out.add("'" + HttpHeaderPayload.clip(all[i]) + "'");
        }
        return String.join(", ", out) + (all.length > 8 ? " and " + (all.length - 8) + " more" : "");
    }

    /**
     * Signing inputs a signer commonly produces by mistake, most likely first, each with its diagnosis;
     * no more than {@code room} admits (it stops the list once the candidate or byte budget is spent).
     */
    private List<Variant> variants(HttpRequest request, List<String> pars, String exact, DiagnosisBudget.Room room) {
        List<Variant> out = new ArrayList<>();
        List<String> lines = List.of(exact.split("\n", -1));
        if (!add(room, out, exact + "\n", Failure.SIGNATURE_MISMATCH,
                "the signer put an extra LF (0x0A) after the last header line of the signing input")
                || !add(room, out, exact + "\r\n", Failure.SIGNATURE_MISMATCH,
                "the signer put an extra CRLF after the last header line of the signing input")
                || !add(room, out, String.join("\r\n", lines), Failure.SIGNATURE_MISMATCH,
                "the signer joined the header lines with CRLF instead of LF")) {
            return out;
        }

        // header names not lower-cased
        List<String> cased = new ArrayList<>();
        for (int i = 0; i < pars.size(); i++) {
            String p = pars.get(i);
            String line = lines.get(i);
            if (p.startsWith("(")) {
                cased.add(line);
            } else {
                String sent = sentName(request.headers(), p);
                cased.add(sent + line.substring(p.length()));
            }
        }
        String casedJoined = String.join("\n", cased);
        if (!casedJoined.equals(exact) && !add(room, out, casedJoined, Failure.SIGNATURE_MISMATCH,
                "the signer wrote the header names as sent instead of lower-case in the signing input")) {
            return out;
        }

        // a pars line left out of the signing input
        if (pars.size() > 1) {
            for (int i = 0; i < pars.size(); i++) {
                if (!room.hasRoom()) {
                    return out;
                }
                List<String> copy = new ArrayList<>(lines);
                copy.remove(i);
                add(room, out, String.join("\n", copy), Failure.SIGNATURE_MISMATCH, "'" + pars.get(i)
                        + "' is listed in sigD.pars but the signer left its line out of the signing input");
            }
        }

        // two neighbouring lines swapped (the full reordering, for short lists, comes last)
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (!room.hasRoom()) {
                return out;
            }
            List<String> copy = new ArrayList<>(lines);
            copy.set(i, lines.get(i + 1));
            copy.set(i + 1, lines.get(i));
            add(room, out, String.join("\n", copy), Failure.SIGNATURE_MISMATCH, "the signer wrote the header lines in the order '"
                    + String.join(" ", swapped(pars, i)) + "', not in the sigD.pars order '" + String.join(" ", pars) + "'");
        }

        // (request-target)
        int rt = pars.indexOf("(request-target)");
        if (rt >= 0) {
            String target = request.target();
            List<String> targets = new ArrayList<>();
            targets.add(target);
            int q = target.indexOf('?');
            if (q >= 0) {
                targets.add(target.substring(0, q));
            }
            String path = q >= 0 ? target.substring(0, q) : target;
            if (path.length() > 1 && path.endsWith("/")) {
                targets.add(path.substring(0, path.length() - 1) + (q >= 0 ? target.substring(q) : ""));
            } else {
                targets.add(path + "/" + (q >= 0 ? target.substring(q) : ""));
            }
            List<String> methods = new ArrayList<>();
            methods.add(request.methodLowerCase());
            methods.add(request.method().toUpperCase(Locale.ROOT));
            for (String m : List.of("get", "post", "put", "patch", "delete")) {
                if (!methods.contains(m)) {
                    methods.add(m);
                }
            }
            String actual = request.methodLowerCase() + " " + target;
            for (String m : methods) {
                for (String t : targets) {
                    String signed = m + " " + t;
                    if (signed.equals(actual)) {
                        continue;
                    }
                    if (!room.hasRoom()) {
                        return out;
                    }
                    List<String> copy = new ArrayList<>(lines);
                    copy.set(rt, "(request-target): " + signed);
                    String why = m.equals(request.method().toUpperCase(Locale.ROOT)) && !m.equals(request.methodLowerCase()) && t.equals(target)
                            ? "the signer did not lower-case the method in (request-target): it signed '" + HttpHeaderPayload.clip(signed) + "'"
                            : "the method or path in the signing input differs from the request: the signer signed '(request-target): "
                                    + HttpHeaderPayload.clip(signed) + "', the request is '" + HttpHeaderPayload.clip(actual) + "'";
                    add(room, out, String.join("\n", copy), Failure.SIGNATURE_MISMATCH, why);
                }
            }
        }

        // an extra header signed that pars does not list
        int extras = 0;
        for (Headers.Field f : request.headers().fields()) {
            String name = f.name().toLowerCase(Locale.ROOT);
            if (pars.contains(name) || name.equals(headerName) || extras >= MAX_EXTRA_HEADERS) {
                continue;
            }
            extras++;
            String line;
            try {
                line = HeaderLines.lines(request, List.of(name));
            } catch (BadInputException e) {
                continue;
            }
            for (int pos = 0; pos <= lines.size(); pos++) {
                if (!room.hasRoom(line.length())) {
                    return out;
                }
                List<String> copy = new ArrayList<>(lines);
                copy.add(pos, line);
                add(room, out, String.join("\n", copy), Failure.SIGNATURE_MISMATCH, "the signer signed the header '"
                        + HttpHeaderPayload.clip(name) + "' (line " + (pos + 1) + " of the signing input) but sigD.pars does not list it");
            }
        }

        // lines in any other order than pars (short lists only: n! inputs)
        if (lines.size() > 2 && lines.size() <= MAX_PERMUTED_LINES) {
            for (int[] perm : permutations(lines.size())) {
                if (!room.hasRoom()) {
                    return out;
                }
                List<String> copy = new ArrayList<>();
                List<String> order = new ArrayList<>();
                int moved = 0;
                for (int i = 0; i < perm.length; i++) {
                    copy.add(lines.get(perm[i]));
                    order.add(pars.get(perm[i]));
                    moved += perm[i] == i ? 0 : 1;
                }
                if (moved > 2 || (moved == 2 && !adjacentSwap(perm))) {
                    add(room, out, String.join("\n", copy), Failure.SIGNATURE_MISMATCH, "the signer wrote the header lines in the order '"
                            + String.join(" ", order) + "', not in the sigD.pars order '" + String.join(" ", pars) + "'");
                }
            }
        }
        return out;
    }

    private static boolean add(DiagnosisBudget.Room room, List<Variant> out, String lines, Failure failure, String cause) {
        if (!room.admit(room.overheadPlus(lines.length()))) {
            return false;
        }
        out.add(new Variant(lines, failure, cause));
        return true;
    }

    private static List<String> swapped(List<String> list, int i) {
        List<String> copy = new ArrayList<>(list);
        copy.set(i, list.get(i + 1));
        copy.set(i + 1, list.get(i));
        return copy;
    }

    /** True if {@code perm} only swaps two neighbours (those were tried earlier). */
    private static boolean adjacentSwap(int[] perm) {
        for (int i = 0; i + 1 < perm.length; i++) {
            if (perm[i] != i) {
                return perm[i] == i + 1 && perm[i + 1] == i;
            }
        }
        return false;
    }

    private static String sentName(Headers headers, String lower) {
        for (Headers.Field f : headers.fields()) {
            if (f.name().equalsIgnoreCase(lower)) {
                return f.name();
            }
        }
        return lower;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] cur, boolean[] used, int i, List<int[]> out) {
        if (i == cur.length) {
            out.add(cur.clone());
            return;
        }
        for (int v = 0; v < cur.length; v++) {
            if (!used[v]) {
                used[v] = true;
                cur[i] = v;
                permute(cur, used, i + 1, out);
                used[v] = false;
            }
        }
    }

    private static String fingerprint(byte[] b) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(b, 0, 4) + ":...";
    }

    /** Builder for {@link DetachedJwsVerifier}. */
    public static final class Builder {
        private final X509Certificate certificate;
        private List<SignatureAlgorithm> allowed = List.of(
                SignatureAlgorithm.RSA_PSS_SHA256, SignatureAlgorithm.RSA_PSS_SHA384, SignatureAlgorithm.RSA_PSS_SHA512,
                SignatureAlgorithm.RSA_PKCS1_SHA256, SignatureAlgorithm.RSA_PKCS1_SHA384, SignatureAlgorithm.RSA_PKCS1_SHA512,
                SignatureAlgorithm.ECDSA_P256_SHA256_RAW, SignatureAlgorithm.ECDSA_P384_SHA384_RAW, SignatureAlgorithm.ECDSA_P521_SHA512_RAW);
        private Duration maxSkew = RequestVerifier.DEFAULT_MAX_SKEW;
        private List<String> requiredSigned = List.of();
        private String headerName = DetachedJws.HEADER;
        private boolean weakCoverage;
        private boolean noBody;
        private long maxBodySize = -1;
        private Clock clock = Clock.systemUTC();
        private boolean diagnose = true;

        private Builder(X509Certificate certificate) {
            this.certificate = certificate;
        }

        /** The JOSE algorithms accepted (those not fitting the key are ignored). Default: all nine PS/RS/ES. */
        public Builder allowedAlgorithms(List<SignatureAlgorithm> algorithms) {
            this.allowed = List.copyOf(algorithms);
            return this;
        }

        /** How far {@code sigT} may be from the verifier's clock, either way. Default {@link RequestVerifier#DEFAULT_MAX_SKEW}. */
        public Builder maxSkew(Duration skew) {
            this.maxSkew = Objects.requireNonNull(skew, "skew");
            return this;
        }

        /** Do not compare {@code sigT} with the clock (it must still be present and well-formed). */
        public Builder ignoreClock() {
            this.maxSkew = null;
            return this;
        }

        /**
         * Components {@code sigD.pars} must include besides the default ({@code (request-target)}, and
         * {@code digest} with a body), e.g. {@code content-type}.
         */
        public Builder requireSigned(String... components) {
            List<String> lower = new ArrayList<>();
            for (String c : components) {
                lower.add(c.trim().toLowerCase(Locale.ROOT));
            }
            this.requiredSigned = lower;
            return this;
        }

        /** The header carrying the JWS; default {@code x-jws-signature}. */
        public Builder headerName(String name) {
            this.headerName = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
            return this;
        }

        /** The clock {@link DetachedJwsVerifier#verify(HttpRequest)} compares {@code sigT} with. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Accept a JWS whose {@code sigD.pars} leaves out {@code (request-target)}, or a body's {@code digest}:
         * such a signature stays valid when the method, path or body is changed.
         */
        public Builder allowWeakCoverage() {
            this.weakCoverage = true;
            return this;
        }

        /** The body is not at hand (a recorded request): check the signature but not the digest; a valid result says so. */
        public Builder noBody() {
            this.noBody = true;
            return this;
        }

        /** The largest body accepted, in bytes; a larger one is {@link dev.qseal.core.verify.Failure#BODY_TOO_LARGE} before anything is hashed. Default: no limit. */
        public Builder maxBodySize(long bytes) {
            this.maxBodySize = VerificationResult.requireMaxBodySize(bytes);
            return this;
        }

        /**
         * Do not look for the cause of a mismatch (a server that only answers 401 need not): a failed
         * signature then costs one verification. By default the cause is looked for, within a fixed
         * budget ({@link Limits#DIAGNOSIS_CANDIDATES} inputs, {@link Limits#DIAGNOSIS_BYTES} bytes).
         */
        public Builder withoutDiagnosis() {
            this.diagnose = false;
            return this;
        }

        public DetachedJwsVerifier build() {
            return new DetachedJwsVerifier(this);
        }
    }
}
