package dev.qseal.core.cavage;

import dev.qseal.core.http.internal.LogRedaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.qseal.core.cavage.internal.SigningString;
import dev.qseal.core.BadInputException;
import dev.qseal.core.internal.Untrusted;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.RequestVerifier;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpDates;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies draft-cavage signatures and explains failures. The verifying key decides the key type
 * and the candidate algorithms (draft-cavage §2.5): the {@code algorithm} parameter may only narrow
 * the choice among algorithms that fit the key, never switch to another key type.
 *
 * <p>Checks, in order: a signature header is present and parses; required headers are signed;
 * every signed component is present; {@code expires} is not past and {@code Date} /
 * {@code created} are within the allowed skew; the body matches its {@code Digest} /
 * {@code Content-Digest}; then the signature itself. Immutable and thread-safe.
 */
public final class CavageVerifier implements RequestVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(CavageVerifier.class);

    /**
     * What {@code hs2019} (or no {@code algorithm}) may mean, by key type, as draft-cavage-12 §7.1 lists it and
     * as real signers differ: RSA PKCS#1 v1.5 SHA-256/512 and RSA-PSS SHA-512 (any salt length); ECDSA P-256
     * with SHA-256 or SHA-512 (DER, or raw r||s), P-384/SHA-384, P-521/SHA-512; Ed25519.
     */
    public static final List<SignatureAlgorithm> DEFAULT_ALGORITHMS = List.of(
            SignatureAlgorithm.RSA_PKCS1_SHA256, SignatureAlgorithm.RSA_PKCS1_SHA512, SignatureAlgorithm.RSA_PSS_SHA512,
            SignatureAlgorithm.ECDSA_P256_SHA256, SignatureAlgorithm.ECDSA_P256_SHA512, SignatureAlgorithm.ECDSA_P256_SHA256_RAW,
            SignatureAlgorithm.ECDSA_P384_SHA384, SignatureAlgorithm.ECDSA_P521_SHA512, SignatureAlgorithm.ED25519);
    private final PublicKey key;
    private final KeyType keyType;
    private final X509Certificate certificate;
    private final Set<SignatureAlgorithm> allowed;
    private final Duration maxSkew;
    private final List<String> requiredHeaders;
    private final String expectedKeyId;
    private final boolean checkExpiry;
    private final boolean weakCoverage;
    private final boolean noBody;
    private final Clock clock;
    private final List<String> requiredWhenPresent;
    private final List<DigestAlgorithm> digestAlgorithms;
    private final long maxBodySize;

    private CavageVerifier(Builder b) {
        this.key = dev.qseal.core.key.CryptoProviders.verifyingForm(b.key);
        this.keyType = KeyType.of(b.key);
        this.certificate = b.certificate;
        Set<SignatureAlgorithm> fitting = new LinkedHashSet<>();
        for (SignatureAlgorithm a : b.allowed) {
            if (a.fits(keyType)) {
                fitting.add(a);
            }
        }
        if (fitting.isEmpty()) {
            throw new BadInputException("none of the allowed algorithms fits the " + keyType + " verification key");
        }
        this.allowed = fitting;
        this.maxSkew = b.maxSkew;
        this.requiredHeaders = List.copyOf(b.requiredHeaders);
        this.expectedKeyId = b.expectedKeyId;
        this.checkExpiry = b.checkExpiry;
        this.weakCoverage = b.weakCoverage;
        this.noBody = b.noBody;
        this.clock = b.clock;
        this.requiredWhenPresent = List.copyOf(b.requiredWhenPresent);
        this.digestAlgorithms = List.copyOf(b.digestAlgorithms);
        this.maxBodySize = b.maxBodySize;
    }

    /** A verifier for signatures made with the private half of {@code key}. */
    public static Builder builder(PublicKey key) {
        return new Builder(Objects.requireNonNull(key, "key"), null);
    }

    /**
     * A verifier for signatures made with the key of {@code certificate}. A {@code keyId} of the
     * form {@code SN=<hex>[,CA=...]} is then checked against the certificate's serial number.
     */
    public static Builder builder(X509Certificate certificate) {
        return new Builder(certificate.getPublicKey(), certificate);
    }

    /** Finds the signature in {@code Signature:} or else {@code Authorization: Signature ...} and verifies it at the verifier's clock. */
    @Override
    public VerificationResult verify(HttpRequest request) {
        return verify(request, clock.instant());
    }

    /** Finds the signature in {@code Signature:} or else {@code Authorization: Signature ...} and verifies it as of {@code now}. */
    public VerificationResult verify(HttpRequest request, Instant now) {
        return LogRedaction.logged(LOG, "Cavage", request, find(request, now));
    }

    private VerificationResult find(HttpRequest request, Instant now) {
        Optional<String> header = request.headers().first("Signature");
        if (header.isEmpty()) {
            for (String auth : request.headers().values("Authorization")) {
                String a = auth.trim();
                if (a.regionMatches(true, 0, "Signature ", 0, 10)) {
                    header = Optional.of(a);
                    break;
                }
            }
        }
        if (header.isEmpty()) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE,
                    "no Signature header and no Authorization: Signature header in the request");
        }
        SignatureParameters params;
        try {
            params = SignatureParameters.parse(header.get());
        } catch (MalformedSignatureException e) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, e.getMessage());
        }
        return verify(request, params, now);
    }

    /**
     * Verifies already-parsed signature parameters against {@code request}. A {@code created} or
     * {@code expires} parameter that the signature does not cover (its {@code headers} list has no
     * {@code (created)} / {@code (expires)}) is ignored, since anyone on the path may have written, edited
     * or removed it; a failure says so. Covered ones are enforced.
     */
    public VerificationResult verify(HttpRequest request, SignatureParameters params, Instant now) {
        VerificationResult size = VerificationResult.checkBodySize(request.bodyLength(), maxBodySize);
        if (!size.isValid()) {
            return size;
        }
        VerificationResult result = check(request, params, now);
        List<String> ignored = new ArrayList<>();
        if (params.createdText().isPresent() && !params.headers().contains("(created)")) {
            ignored.add("created");
        }
        if (params.expiresText().isPresent() && !params.headers().contains("(expires)")) {
            ignored.add("expires");
        }
        if (ignored.isEmpty() || result.isValid()) {
            return result;
        }
        return VerificationResult.invalid(result.failure().orElseThrow(), result.message() + " (note: the " + String.join(" and ", ignored)
                + " parameter" + (ignored.size() > 1 ? "s are" : " is") + " not covered by the signature, so qseal ignored "
                + (ignored.size() > 1 ? "them" : "it") + ")");
    }

    private VerificationResult check(HttpRequest request, SignatureParameters params, Instant now) {
        if (expectedKeyId != null && !expectedKeyId.equals(params.keyId())) {
            return VerificationResult.invalid(Failure.WRONG_KEY, "keyId \"" + clip(params.keyId())
                    + "\" is not the expected \"" + expectedKeyId + "\"");
        }
        Optional<String> serialMismatch = serialMismatch(params.keyId());
        if (serialMismatch.isPresent()) {
            return VerificationResult.invalid(Failure.WRONG_KEY, serialMismatch.get());
        }

        List<SignatureAlgorithm> candidates = new ArrayList<>();
        String algName = params.algorithm().map(s -> s.toLowerCase(Locale.ROOT)).orElse("hs2019");
        if (algName.equals("hs2019")) {
            candidates.addAll(allowed);
        } else {
            Optional<SignatureAlgorithm> named = algName.equals("ed25519") ? Optional.of(SignatureAlgorithm.ED25519)
                    : SignatureAlgorithm.fromCavage(algName);
            if (named.isEmpty()) {
                return VerificationResult.invalid(Failure.ALGORITHM_MISMATCH, "algorithm \"" + clip(algName)
                        + "\" is not one qseal verifies (rsa-sha256, rsa-sha512, ecdsa-sha256, ed25519, hs2019)");
            }
            if (!named.get().fits(keyType)) {
                return VerificationResult.invalid(Failure.ALGORITHM_MISMATCH, "algorithm \"" + algName
                        + "\" needs a " + named.get().keyType() + " key but the verification key is " + keyType);
            }
            if (!allowed.contains(named.get())) {
                return VerificationResult.invalid(Failure.ALGORITHM_MISMATCH, "algorithm \"" + algName + "\" is not allowed here");
            }
            candidates.add(named.get());
            if (named.get() == SignatureAlgorithm.ECDSA_P256_SHA256 && allowed.contains(SignatureAlgorithm.ECDSA_P256_SHA256_RAW)) {
                candidates.add(SignatureAlgorithm.ECDSA_P256_SHA256_RAW); // the same signature as raw r||s, as some signers send it
            }
            if (params.headers().contains("(created)") || params.headers().contains("(expires)")) {
                return VerificationResult.invalid(Failure.ALGORITHM_MISMATCH,
                        "(created)/(expires) are signed with algorithm \"" + algName + "\"; draft-cavage-12 allows them only with hs2019");
            }
        }

        for (String required : required(request)) {
            if (!params.headers().contains(required)) {
                return VerificationResult.invalid(Failure.HEADER_NOT_SIGNED, "'" + required
                        + "' must be signed but the signature covers only: " + Untrusted.echo(String.join(" ", params.headers())));
            }
        }

        String signingString;
        try {
            signingString = SigningString.buildWithParameterText(request, params.headers(), params.createdText().orElse(null), params.expiresText().orElse(null));
        } catch (SigningString.MissingComponentException e) {
            return VerificationResult.invalid(Failure.MISSING_HEADER, e.getMessage());
        }

        VerificationResult clock = checkClock(request, params, now);
        if (!clock.isValid()) {
            return clock;
        }
        VerificationResult digest = noBody ? VerificationResult.valid() : checkDigest(request);
        if (!digest.isValid()) {
            return digest;
        }

        byte[] sig;
        try {
            sig = params.signatureBytes();
        } catch (MalformedSignatureException e) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, e.getMessage());
        }
        byte[] data = signingString.getBytes(StandardCharsets.UTF_8);
        for (SignatureAlgorithm a : candidates) {
            if (verifies(a, data, sig)) {
                return noBody ? VerificationResult.validDigestNotChecked() : VerificationResult.valid();
            }
        }
        return VerificationResult.invalid(Failure.SIGNATURE_MISMATCH, explainMismatch(request, params, candidates, sig));
    }

    /**
     * What must be covered here: unless weak coverage is allowed, {@code (request-target)}, and {@code digest}
     * when the request has a body (or a {@code Digest} header, when its body is not at hand); then what the
     * caller requires.
     */
    private List<String> required(HttpRequest request) {
        List<String> out = new ArrayList<>();
        if (!weakCoverage) {
            out.add("(request-target)");
            if (request.hasBody() || (noBody && request.headers().contains("Digest"))) {
                out.add("digest");
            }
        }
        for (String r : requiredHeaders) {
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        for (String pattern : requiredWhenPresent) {
            for (String name : request.headers().names()) {
                boolean match = pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : name.equals(pattern);
                if (match && !out.contains(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private Optional<String> serialMismatch(String keyId) {
        if (certificate == null || !keyId.regionMatches(true, 0, "SN=", 0, 3)) {
            return Optional.empty();
        }
        int comma = keyId.indexOf(',');
        String hex = keyId.substring(3, comma < 0 ? keyId.length() : comma).trim();
        try {
            BigInteger serial = new BigInteger(hex, 16);
            if (!serial.equals(certificate.getSerialNumber())) {
                return Optional.of("keyId \"" + clip(keyId) + "\" names certificate serial " + clip(hex.toUpperCase(Locale.ROOT))
                        + " but the verification certificate's serial is " + certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
            }
        } catch (NumberFormatException e) {
            return Optional.empty(); // not a hex serial: the keyId is some other bank-specific identifier
        }
        return Optional.empty();
    }

    private VerificationResult checkClock(HttpRequest request, SignatureParameters params, Instant now) {
        // only covered values count: an uncovered created/expires is whatever the last hop wrote
        if (params.expires().isPresent() && params.headers().contains("(expires)") && checkExpiry) {
            long expires = params.expires().get();
            long tolerance = maxSkew == null ? 0 : maxSkew.getSeconds();
            if (now.getEpochSecond() > expires + tolerance) {
                return VerificationResult.invalid(Failure.EXPIRED, "the signature expired at "
                        + Instant.ofEpochSecond(expires) + ", " + (now.getEpochSecond() - expires) + " s before " + now);
            }
        }
        if (maxSkew == null) {
            return VerificationResult.valid();
        }
        if (params.created().isPresent() && params.headers().contains("(created)")) {
            long created = params.created().get();
            if (created > now.getEpochSecond() + maxSkew.getSeconds()) {
                return VerificationResult.invalid(Failure.CLOCK_SKEW, "created=" + created + " is "
                        + (created - now.getEpochSecond()) + " s in the future (allowed skew " + maxSkew.getSeconds() + " s)");
            }
        }
        if (params.headers().contains("date")) {
            String date = request.headers().first("Date").orElse("");
            Optional<Instant> when = HttpDates.parse(date);
            if (when.isEmpty()) {
                return VerificationResult.invalid(Failure.CLOCK_SKEW, "the Date header '" + clip(date)
                        + "' is neither an RFC 7231 date nor ISO-8601");
            }
            long skew = Math.abs(Duration.between(when.get(), now).getSeconds());
            if (skew > maxSkew.getSeconds()) {
                return VerificationResult.invalid(Failure.CLOCK_SKEW, "the Date header is " + skew + " s "
                        + (when.get().isBefore(now) ? "behind" : "ahead of") + " the verifier's clock (" + now
                        + "); allowed skew is " + maxSkew.getSeconds() + " s");
            }
        }
        return VerificationResult.valid();
    }

    private VerificationResult checkDigest(HttpRequest request) {
        byte[] body = request.bodyBytesUnsafe();
        List<String> digests = request.headers().values("Digest");
        if (!weakCoverage && request.hasBody() && digests.isEmpty()) {
            return VerificationResult.invalid(Failure.MISSING_HEADER, "the request has a body but no Digest header");
        }
        for (String value : digests) {
            Map<DigestAlgorithm, byte[]> expected;
            try {
                expected = Digests.parseDigest(value);
            } catch (BadInputException e) {
                return VerificationResult.invalid(Failure.DIGEST_MISMATCH, e.getMessage());
            }
            if (expected.isEmpty()) {
                return VerificationResult.invalid(Failure.DIGEST_MISMATCH, "the Digest header names no algorithm qseal knows (SHA-256, SHA-512)");
            }
            for (DigestAlgorithm a : expected.keySet()) {
                if (!digestAlgorithms.isEmpty() && !digestAlgorithms.contains(a)) {
                    return VerificationResult.invalid(Failure.ALGORITHM_MISMATCH, "the Digest header uses " + a.token()
                            + ", which is not allowed here (allowed: " + digestAlgorithms + ")");
                }
            }
            for (Map.Entry<DigestAlgorithm, byte[]> e : expected.entrySet()) {
                if (!MessageDigest.isEqual(e.getValue(), Digests.hash(e.getKey(), body))) {
                    return VerificationResult.invalid(Failure.DIGEST_MISMATCH, "the body (" + body.length + " bytes) does not match its Digest: "
                            + Digests.formatDigest(e.getKey(), dev.qseal.core.digest.DigestLabel.STANDARD, Digests.hash(e.getKey(), body))
                            + " computed, " + clip(value.trim()) + " sent");
                }
            }
        }
        for (String value : request.headers().values("Content-Digest")) {
            Map<DigestAlgorithm, byte[]> expected;
            try {
                expected = Digests.parseContentDigest(value);
            } catch (BadInputException e) {
                return VerificationResult.invalid(Failure.DIGEST_MISMATCH, e.getMessage());
            }
            for (Map.Entry<DigestAlgorithm, byte[]> e : expected.entrySet()) {
                if (!MessageDigest.isEqual(e.getValue(), Digests.hash(e.getKey(), body))) {
                    return VerificationResult.invalid(Failure.DIGEST_MISMATCH, "the body (" + body.length
                            + " bytes) does not match its Content-Digest " + e.getKey().token());
                }
            }
        }
        return VerificationResult.valid();
    }

    /** On a mismatch, tries the classic signer mistakes so the diagnosis can name one. */
    private String explainMismatch(HttpRequest request, SignatureParameters params, List<SignatureAlgorithm> candidates, byte[] sig) {
        StringBuilder tried = new StringBuilder();
        for (SignatureAlgorithm a : candidates) {
            tried.append(tried.length() == 0 ? "" : ", ").append(a.scheme() == SignatureAlgorithm.Scheme.RSA_PSS ? a.name() + " (any salt)" : a.name());
        }
        String base = "the signature does not match the signing string over '" + Untrusted.echo(String.join(" ", params.headers()))
                + "' for this " + keyType + " key (tried " + tried + "): a signed value differs from what was signed,"
                + " or the request was signed with another key";
        String exact = SigningString.buildWithParameterText(request, params.headers(), params.createdText().orElse(null), params.expiresText().orElse(null));
        List<String[]> variants = new ArrayList<>();
        variants.add(new String[] {exact + "\n", "the signer appended a trailing LF to the signing string"});
        variants.add(new String[] {exact.replace("\n", "\r\n"), "the signer joined the lines with CRLF instead of LF"});
        if (params.headers().contains("(request-target)")) {
            String upper = exact.replace("(request-target): " + request.methodLowerCase() + " ",
                    "(request-target): " + request.method().toUpperCase(Locale.ROOT) + " ");
            variants.add(new String[] {upper, "the signer did not lower-case the method in (request-target)"});
            int q = request.target().indexOf('?');
            if (q >= 0) {
                variants.add(new String[] {exact.replace("(request-target): " + request.methodLowerCase() + " " + request.target(),
                        "(request-target): " + request.methodLowerCase() + " " + request.target().substring(0, q)),
                        "the signer left the query string out of (request-target)"});
            }
        }
        for (String[] v : variants) {
            if (v[0].equals(exact)) {
                continue;
            }
            byte[] data = v[0].getBytes(StandardCharsets.UTF_8);
            for (SignatureAlgorithm a : candidates) {
                if (verifies(a, data, sig)) {
                    return base + " (" + v[1] + ")";
                }
            }
        }
        return base;
    }

    /**
     * Whether {@code a} verifies; an algorithm this key cannot be used for (RSA-PSS-SHA512 with a key under
     * 130 bytes, tried for hs2019) is a candidate that does not match, not an error.
     */
    private boolean verifies(SignatureAlgorithm a, byte[] data, byte[] sig) {
        try {
            return a.verifyAnySaltLength(key, data, sig);
        } catch (dev.qseal.core.UnsupportedAlgorithmException e) {
            return false;
        }
    }

    /** Untrusted text (keyId, header values) made safe to echo: escaped, cut at 60 characters. */
    private static String clip(String s) {
        return Untrusted.echo(s, 60);
    }

    /** Builder for {@link CavageVerifier}. */
    public static final class Builder {
        private final PublicKey key;
        private final X509Certificate certificate;
        private List<SignatureAlgorithm> allowed = DEFAULT_ALGORITHMS;
        private Duration maxSkew = RequestVerifier.DEFAULT_MAX_SKEW;
        private List<String> requiredHeaders = List.of();
        private String expectedKeyId;
        private boolean checkExpiry = true;
        private boolean weakCoverage;
        private boolean noBody;
        private long maxBodySize = -1;
        private Clock clock = Clock.systemUTC();
        private List<String> requiredWhenPresent = List.of();
        private List<DigestAlgorithm> digestAlgorithms = List.of();

        private Builder(PublicKey key, X509Certificate certificate) {
            this.key = key;
            this.certificate = certificate;
        }

        /**
         * The algorithms a signature may use (those that do not fit the key are ignored). Default:
         * RSA PKCS#1 v1.5 SHA-256/512 and RSA-PSS SHA-512 (hs2019) for RSA keys; ECDSA for EC keys.
         */
        public Builder allowedAlgorithms(List<SignatureAlgorithm> algorithms) {
            this.allowed = List.copyOf(algorithms);
            return this;
        }

        /** How far {@code Date}/{@code created} may be from the verifier's clock. Default {@link RequestVerifier#DEFAULT_MAX_SKEW}. */
        public Builder maxSkew(Duration skew) {
            this.maxSkew = Objects.requireNonNull(skew, "skew");
            return this;
        }

        /** Do not compare {@code Date}/{@code created} with the clock ({@code expires} is still enforced). */
        public Builder ignoreClock() {
            this.maxSkew = null;
            return this;
        }

        /**
         * Components that must be covered besides the default ({@code (request-target)}, and {@code digest} with
         * a body), e.g. {@code date}, {@code x-request-id}.
         */
        public Builder requireSigned(String... components) {
            List<String> lower = new ArrayList<>();
            for (String c : components) {
                lower.add(c.toLowerCase(Locale.ROOT));
            }
            this.requiredHeaders = lower;
            return this;
        }

        /**
         * Do not compare anything with the clock, not even {@code expires}: for inspecting archived
         * requests, never for accepting live ones.
         */
        public Builder ignoreClockAndExpiry() {
            this.maxSkew = null;
            this.checkExpiry = false;
            return this;
        }

        /** Rejects signatures whose keyId is not exactly this. */
        public Builder expectKeyId(String keyId) {
            this.expectedKeyId = keyId;
            return this;
        }

        /** Headers that must be signed when the request has them; an entry ending in {@code *} is a prefix ({@code psu-*}). */
        public Builder requireSignedWhenPresent(String... patterns) {
            List<String> lower = new ArrayList<>();
            for (String c : patterns) {
                lower.add(c.trim().toLowerCase(Locale.ROOT));
            }
            this.requiredWhenPresent = lower;
            return this;
        }

        /** The algorithms a {@code Digest} header may use; default any qseal knows. */
        public Builder allowedDigestAlgorithms(List<DigestAlgorithm> algorithms) {
            this.digestAlgorithms = List.copyOf(algorithms);
            return this;
        }

        /** The clock {@link CavageVerifier#verify(HttpRequest)} compares {@code Date}/{@code created}/{@code expires} with. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Accept signatures that do not cover {@code (request-target)}, or a body's {@code digest}: such a
         * signature stays valid when the method, path or body is changed. Only for a bank that signs less.
         */
        public Builder allowWeakCoverage() {
            this.weakCoverage = true;
            return this;
        }

        /**
         * The request's body is not at hand (a recorded request): check the signature, including a signed
         * {@code Digest} header's text, but not whether the digest matches a body; a valid result says
         * "digest not checked".
         */
        public Builder noBody() {
            this.noBody = true;
            return this;
        }

        /** The largest body accepted, in bytes; a larger one is {@link dev.qseal.core.verify.Failure#BODY_TOO_LARGE} before anything is hashed. Default: no limit. */
        public Builder maxBodySize(long bytes) {
            this.maxBodySize = VerificationResult.requireMaxBodySize(bytes);
            return this;
        }

        public CavageVerifier build() {
            return new CavageVerifier(this);
        }
    }
}
