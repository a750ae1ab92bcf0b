package dev.qseal.core.rfc9421;

import dev.qseal.core.http.internal.LogRedaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.qseal.core.http.internal.StructuredFields;
import dev.qseal.core.http.internal.BareItem;
import dev.qseal.core.http.internal.InnerList;
import dev.qseal.core.http.internal.Item;
import dev.qseal.core.http.internal.Member;
import dev.qseal.core.Limits;
import dev.qseal.core.internal.Untrusted;
import dev.qseal.core.BadInputException;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.RequestVerifier;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.HttpResponse;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies RFC 9421 HTTP Message Signatures and explains failures. Immutable and thread-safe.
 *
 * <p>The verifying key decides: an {@code alg} parameter may only name an algorithm that fits the
 * key (otherwise {@link Failure#ALGORITHM_MISMATCH}); without {@code alg}, every allowed algorithm
 * that fits the key is tried (for RSA: rsa-pss-sha512 and rsa-v1_5-sha256; a key encoded with the
 * RSASSA-PSS OID only PSS).
 *
 * <p>Which signature: with {@link Builder#label(String)}, only that one (the others are ignored);
 * without, every signature in the message must verify with this key. {@link #verifyEach} reports
 * on each label separately.
 *
 * <p>Checks, in order, for each signature: {@code Signature-Input} and {@code Signature} parse and
 * carry the label; the parameters have their RFC 9421 types; {@code keyid} is the expected one;
 * {@code alg} fits the key; the required components are covered; every covered component is in
 * the message; {@code expires} is not past and {@code created} is within the allowed skew; a covered
 * {@code Content-Digest} matches the body; then the signature itself.
 */
public final class MessageVerifier implements RequestVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(MessageVerifier.class);

    private final PublicKey key;
    private final HmacKey hmacKey;
    private final List<Rfc9421Algorithm> candidates;
    private final String label;
    private final Duration maxSkew;
    private final boolean requireCreated;
    private final boolean checkExpiry;
    /** The components that must be covered, serialised once (as {@code covered} holds them). */
    private final List<String> requiredIds;
    private final String expectedKeyId;
    private final String scheme;
    private final boolean weakCoverage;
    private final boolean noBody;
    private final Clock clock;
    private final long maxBodySize;

    private MessageVerifier(Builder b) {
        this.key = dev.qseal.core.key.CryptoProviders.verifyingForm(b.key);
        this.hmacKey = b.hmacKey;
        List<Rfc9421Algorithm> fitting = hmacKey != null ? List.of(Rfc9421Algorithm.HMAC_SHA256) : Rfc9421Algorithm.fitting(key);
        List<Rfc9421Algorithm> c = new ArrayList<>();
        for (Rfc9421Algorithm a : fitting) {
            if (b.allowed.contains(a)) {
                c.add(a);
            }
        }
        if (c.isEmpty()) {
            throw new BadInputException("none of the allowed algorithms " + b.allowed + " fits the verification key ("
                    + (hmacKey != null ? "HMAC" : KeyType.of(key).toString()) + ")");
        }
        this.candidates = List.copyOf(c);
        this.label = b.label;
        this.maxSkew = b.maxSkew;
        this.requireCreated = b.requireCreated;
        this.checkExpiry = b.checkExpiry;
        this.requiredIds = b.required.stream().map(Item::serialize).collect(java.util.stream.Collectors.toUnmodifiableList());
        this.expectedKeyId = b.expectedKeyId;
        this.scheme = b.scheme;
        this.weakCoverage = b.weakCoverage;
        this.noBody = b.noBody;
        this.clock = b.clock;
        this.maxBodySize = b.maxBodySize;
    }

    /** A verifier for signatures made with the private half of {@code key} (RSA, EC P-256/P-384, Ed25519). */
    public static Builder builder(PublicKey key) {
        Objects.requireNonNull(key, "key");
        return new Builder(key, null);
    }

    /** A verifier for signatures made with the key of {@code certificate}. */
    public static Builder builder(X509Certificate certificate) {
        return builder(certificate.getPublicKey());
    }

    /** A verifier for {@code hmac-sha256} signatures made with this shared secret. */
    public static Builder builder(HmacKey key) {
        return new Builder(null, Objects.requireNonNull(key, "key"));
    }

    /** Verifies the signature(s) of a request at the verifier's clock. */
    @Override
    public VerificationResult verify(HttpRequest request) {
        return verify(request, clock.instant());
    }

    /** Verifies the signature(s) of a request as of {@code now}. */
    public VerificationResult verify(HttpRequest request, Instant now) {
        return LogRedaction.logged(LOG, "RFC 9421", request, verify(MessageView.of(request, scheme), now));
    }

    /** Verifies the signature(s) of a response; components marked {@code ;req} cannot be checked. */
    public VerificationResult verify(HttpResponse response, Instant now) {
        return verify(response, null, now);
    }

    /** Verifies the signature(s) of a response, with the request it answers for {@code ;req} components. */
    public VerificationResult verify(HttpResponse response, HttpRequest request, Instant now) {
        return verify(MessageView.of(response, request, scheme), now);
    }

    /** The result for each signature label in the request, in message order (ignores {@link Builder#label}). */
    public Map<String, VerificationResult> verifyEach(HttpRequest request, Instant now) {
        return verifyEach(MessageView.of(request, scheme), now);
    }

    /** The result for each signature label in the response, in message order (ignores {@link Builder#label}). */
    public Map<String, VerificationResult> verifyEach(HttpResponse response, HttpRequest request, Instant now) {
        return verifyEach(MessageView.of(response, request, scheme), now);
    }

    private VerificationResult verify(MessageView message, Instant now) {
        VerificationResult size = VerificationResult.checkBodySize(message.body().length, maxBodySize);
        if (!size.isValid()) {
            return size;
        }
        Parsed parsed;
        try {
            parsed = parse(message.headers());
        } catch (MalformedSignatureException e) {
            return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, e.getMessage());
        }
        if (label != null) {
            if (!parsed.inputs.containsKey(label)) {
                return VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, "no signature labelled '" + label
                        + "' in Signature-Input; labels present: " + Untrusted.echo(String.join(", ", parsed.inputs.keySet())));
            }
            return verifyOne(message, parsed, label, now);
        }
        VerificationResult last = VerificationResult.valid();
        for (String l : parsed.inputs.keySet()) {
            VerificationResult r = verifyOne(message, parsed, l, now);
            if (!r.isValid()) {
                return parsed.inputs.size() == 1 ? r : VerificationResult.invalid(r.failure().get(), r.message()
                        + " (every signature must verify when no label is chosen; choose one with a label)");
            }
            last = r;
        }
        return last;
    }

    private Map<String, VerificationResult> verifyEach(MessageView message, Instant now) {
        Parsed parsed;
        try {
            parsed = parse(message.headers());
        } catch (MalformedSignatureException e) {
            return Map.of("", VerificationResult.invalid(Failure.MALFORMED_SIGNATURE, e.getMessage()));
        }
        Map<String, VerificationResult> out = new LinkedHashMap<>();
        for (String l : parsed.inputs.keySet()) {
            out.put(l, verifyOne(message, parsed, l, now));
        }
        return out;
    }

    private static final class Parsed {
        final Map<String, Member> inputs;
        final Map<String, Member> signatures;

        Parsed(Map<String, Member> inputs, Map<String, Member> signatures) {
            this.inputs = inputs;
            this.signatures = signatures;
        }
    }

    private static Parsed parse(Headers headers) {
        List<String> inputs = headers.values("Signature-Input");
        List<String> sigs = headers.values("Signature");
        if (inputs.isEmpty()) {
            throw new MalformedSignatureException("the message has no Signature-Input header");
        }
        if (sigs.isEmpty()) {
            throw new MalformedSignatureException("the message has no Signature header");
        }
        Map<String, Member> in;
        Map<String, Member> sg;
        try {
            in = StructuredFields.parseDictionary(combined(inputs));
        } catch (MalformedSignatureException e) {
            throw new MalformedSignatureException("Signature-Input is not an RFC 8941 Dictionary: " + e.getMessage());
        }
        try {
            sg = StructuredFields.parseDictionary(combined(sigs));
        } catch (MalformedSignatureException e) {
            throw new MalformedSignatureException("Signature is not an RFC 8941 Dictionary: " + e.getMessage());
        }
        if (in.isEmpty()) {
            throw new MalformedSignatureException("Signature-Input is empty");
        }
        if (in.size() > Limits.SIGNATURE_LABELS) {
            throw new MalformedSignatureException("Signature-Input has " + in.size() + " signatures; qseal verifies at most "
                    + Limits.SIGNATURE_LABELS + " in one message");
        }
        return new Parsed(in, sg);
    }

    /** The field lines of one header joined as RFC 9110 §5.3 combines them; one line as it is, without a copy. */
    private static String combined(List<String> values) {
        return values.size() == 1 ? values.get(0) : String.join(", ", values);
    }

    private VerificationResult verifyOne(MessageView message, Parsed parsed, String l, Instant now) {
        VerificationResult r = check(message, parsed, l, now);
        if (r.isValid() || label != null || parsed.inputs.size() == 1) {
            return r;
        }
        return VerificationResult.invalid(r.failure().get(), "signature '" + l + "': " + r.message());
    }

    private VerificationResult check(MessageView message, Parsed parsed, String l, Instant now) {
        Member input = parsed.inputs.get(l);
        Member sigMember = parsed.signatures.get(l);
        if (!(input instanceof InnerList)) {
            return invalid(Failure.MALFORMED_SIGNATURE, "Signature-Input member '" + l + "' is not an Inner List of components");
        }
        if (((InnerList) input).items().size() > Limits.SIGNED_COMPONENTS) {
            return invalid(Failure.MALFORMED_SIGNATURE, "Signature-Input member '" + l + "' covers " + ((InnerList) input).items().size()
                    + " components; qseal accepts at most " + Limits.SIGNED_COMPONENTS);
        }
        if (sigMember == null) {
            return invalid(Failure.MALFORMED_SIGNATURE, "Signature-Input has '" + l + "' but Signature has no member with that label");
        }
        if (!(sigMember instanceof Item) || ((Item) sigMember).value().type() != BareItem.Type.BYTE_SEQUENCE) {
            return invalid(Failure.MALFORMED_SIGNATURE, "Signature member '" + l + "' is not a Byte Sequence (:base64:)");
        }
        InnerList params = (InnerList) input;
        byte[] signature = ((Item) sigMember).value().asBytes();
        Long created;
        Long expires;
        String keyid;
        String alg;
        try {
            created = params.parameters().get("created").map(BareItem::asLong).orElse(null);
            expires = params.parameters().get("expires").map(BareItem::asLong).orElse(null);
            params.parameters().get("nonce").ifPresent(BareItem::asString);
            params.parameters().get("tag").ifPresent(BareItem::asString);
            keyid = params.parameters().get("keyid").map(BareItem::asString).orElse(null);
            alg = params.parameters().get("alg").map(BareItem::asString).orElse(null);
        } catch (MalformedSignatureException e) {
            return invalid(Failure.MALFORMED_SIGNATURE, "a signature parameter has the wrong type: " + e.getMessage());
        }

        if (expectedKeyId != null && !expectedKeyId.equals(keyid)) {
            return invalid(Failure.WRONG_KEY, keyid == null ? "the signature has no keyid; expected \"" + expectedKeyId + "\""
                    : "keyid \"" + StructuredFields.clip(keyid) + "\" is not the expected \"" + expectedKeyId + "\"");
        }

        List<Rfc9421Algorithm> tryAlgs = candidates;
        if (alg != null) {
            Rfc9421Algorithm named = Rfc9421Algorithm.fromId(alg).orElse(null);
            if (named == null) {
                return invalid(Failure.ALGORITHM_MISMATCH, "alg \"" + StructuredFields.clip(alg)
                        + "\" is not an RFC 9421 algorithm (rsa-pss-sha512, rsa-v1_5-sha256, hmac-sha256, ecdsa-p256-sha256,"
                        + " ecdsa-p384-sha384, ed25519)");
            }
            if (!candidates.contains(named)) {
                List<Rfc9421Algorithm> fitting = hmacKey != null ? List.of(Rfc9421Algorithm.HMAC_SHA256) : Rfc9421Algorithm.fitting(key);
                return invalid(Failure.ALGORITHM_MISMATCH, fitting.contains(named)
                        ? "alg \"" + alg + "\" is not allowed by this verifier (allowed: " + candidates + ")"
                        : "alg \"" + alg + "\" does not fit the verification key (" + keyDescription() + "), which verifies "
                                + fitting);
            }
            tryAlgs = List.of(named);
        }

        List<String> ids = new ArrayList<>(params.items().size());
        for (Item c : params.items()) {
            ids.add(c.serialize());
        }
        Set<String> covered = new LinkedHashSet<>(ids);
        VerificationResult coverage = checkCoverage(message, covered);
        if (!coverage.isValid()) {
            return coverage;
        }
        for (String req : requiredIds) {
            if (!covered.contains(req)) {
                return invalid(Failure.HEADER_NOT_SIGNED, "component " + req + " must be covered but the signature"
                        + " covers only: " + (covered.isEmpty() ? "nothing" : String.join(" ", covered)));
            }
        }

        String base;
        try {
            base = SignatureBase.build(message, params, ids);
        } catch (MissingComponentException e) {
            return invalid(Failure.MISSING_HEADER, e.getMessage());
        } catch (BadInputException e) {
            return invalid(Failure.MALFORMED_SIGNATURE, e.getMessage());
        }

        VerificationResult clock = checkClock(created, expires, now);
        if (!clock.isValid()) {
            return clock;
        }
        for (Item c : params.items()) {
            if (c.value().asString().equals("content-digest") && !noBody) {
                boolean req = Components.flag(c.parameters(), "req");
                MessageView m = req ? message.related().get() : message;
                VerificationResult d = checkDigest(m, req);
                if (!d.isValid()) {
                    return d;
                }
            }
        }

        byte[] data = base.getBytes(StandardCharsets.US_ASCII);
        for (Rfc9421Algorithm a : tryAlgs) {
            if (verifies(a, data, signature)) {
                return noBody ? VerificationResult.validDigestNotChecked() : VerificationResult.valid();
            }
        }
        return invalid(Failure.SIGNATURE_MISMATCH, explainMismatch(base, covered, tryAlgs, signature));
    }

    /**
     * The default policy for a request, unless weak coverage is allowed: {@code @method}; the target as
     * {@code @target-uri}, {@code @request-target} or {@code @path} (+ {@code @query} when there is a query);
     * {@code content-digest} with a body, present and matching.
     */
    private VerificationResult checkCoverage(MessageView message, Set<String> covered) {
        if (weakCoverage) {
            return VerificationResult.valid();
        }
        boolean hasBody = message.body().length > 0 || (noBody && message.headers().contains("Content-Digest"));
        if (message.isRequest()) {
            boolean whole = covered.contains("\"@target-uri\"") || covered.contains("\"@request-target\"");
            List<String> missing = new ArrayList<>();
            if (!covered.contains("\"@method\"")) {
                missing.add("\"@method\"");
            }
            if (!whole && !covered.contains("\"@path\"")) {
                missing.add("\"@path\" (or \"@target-uri\")");
            }
            if (!whole && message.request().target().indexOf('?') >= 0 && !covered.contains("\"@query\"")) {
                missing.add("\"@query\"");
            }
            if (hasBody && !covered.contains("\"content-digest\"")) {
                missing.add("\"content-digest\"");
            }
            if (!missing.isEmpty()) {
                return invalid(Failure.HEADER_NOT_SIGNED, "the signature must cover " + String.join(", ", missing)
                        + " but covers only: " + (covered.isEmpty() ? "nothing" : String.join(" ", covered))
                        + "; a signature that covers less stays valid when the method, target or body is changed");
            }
        } else if (hasBody && !covered.contains("\"content-digest\"")) {
            return invalid(Failure.HEADER_NOT_SIGNED, "the response has a body but the signature does not cover \"content-digest\"");
        }
        return VerificationResult.valid();
    }

    private boolean verifies(Rfc9421Algorithm a, byte[] data, byte[] signature) {
        if (a == Rfc9421Algorithm.HMAC_SHA256) {
            return hmacKey.verify(data, signature);
        }
        try {
            return a.signatureAlgorithm().get().verifyAnySaltLength(key, data, signature);
        } catch (UnsupportedAlgorithmException e) {
            return false;
        }
    }

    private VerificationResult checkClock(Long created, Long expires, Instant now) {
        long t = now.getEpochSecond();
        long tolerance = maxSkew == null ? 0 : maxSkew.getSeconds();
        if (checkExpiry && expires != null && t > expires + tolerance) {
            return invalid(Failure.EXPIRED, "the signature expired at " + Instant.ofEpochSecond(expires) + ", "
                    + (t - expires) + " s before " + now);
        }
        if (created == null) {
            return requireCreated ? invalid(Failure.CLOCK_SKEW, "the signature has no created parameter, which this verifier requires")
                    : VerificationResult.valid();
        }
        if (expires != null && expires < created) {
            return invalid(Failure.MALFORMED_SIGNATURE, "expires=" + expires + " is before created=" + created);
        }
        if (maxSkew != null && Math.abs(t - created) > tolerance) {
            return invalid(Failure.CLOCK_SKEW, "created=" + created + " (" + Instant.ofEpochSecond(created) + ") is "
                    + Math.abs(t - created) + " s " + (created > t ? "ahead of" : "behind") + " the verifier's clock (" + now
                    + "); allowed skew is " + tolerance + " s");
        }
        return VerificationResult.valid();
    }

    private static VerificationResult checkDigest(MessageView m, boolean req) {
        String what = req ? "the request's" : "the";
        byte[] body = m.body();
        List<String> values = m.headers().values("Content-Digest");
        Map<DigestAlgorithm, byte[]> expected;
        try {
            expected = Digests.parseContentDigest(combined(values));
        } catch (BadInputException e) {
            return invalid(Failure.DIGEST_MISMATCH, e.getMessage());
        }
        if (expected.isEmpty()) {
            return invalid(Failure.DIGEST_MISMATCH, what + " Content-Digest names no algorithm qseal knows (sha-256, sha-512)");
        }
        for (Map.Entry<DigestAlgorithm, byte[]> e : expected.entrySet()) {
            byte[] actual = Digests.hash(e.getKey(), body);
            if (!MessageDigest.isEqual(e.getValue(), actual)) {
                return invalid(Failure.DIGEST_MISMATCH, what + " body (" + body.length + " bytes) does not match its Content-Digest: "
                        + Digests.formatContentDigest(e.getKey(), actual) + " computed");
            }
        }
        return VerificationResult.valid();
    }

    private String explainMismatch(String base, Set<String> covered, List<Rfc9421Algorithm> algs, byte[] signature) {
        String text = "the signature does not match the signature base over " + (covered.isEmpty() ? "no components"
                : String.join(" ", covered)) + " for this key (" + keyDescription() + ", tried " + algs
                + "): a covered component differs from what was signed, or another key signed it";
        String[][] variants = {
            {base + "\n", "the signer appended a trailing LF to the signature base"},
            {base.replace("\n", "\r\n"), "the signer joined the signature base lines with CRLF instead of LF"},
        };
        for (String[] v : variants) {
            byte[] data = v[0].getBytes(StandardCharsets.US_ASCII);
            for (Rfc9421Algorithm a : algs) {
                if (verifies(a, data, signature)) {
                    return text + " (" + v[1] + ")";
                }
            }
        }
        return text;
    }

    private String keyDescription() {
        return hmacKey != null ? "HMAC " + hmacKey.description() : KeyType.of(key).toString();
    }

    private static VerificationResult invalid(Failure f, String message) {
        return VerificationResult.invalid(f, message);
    }

    /** Builder for {@link MessageVerifier}. */
    public static final class Builder {
        private final PublicKey key;
        private final HmacKey hmacKey;
        private List<Rfc9421Algorithm> allowed = List.of(Rfc9421Algorithm.values());
        private String label;
        private Duration maxSkew = RequestVerifier.DEFAULT_MAX_SKEW;
        private boolean weakCoverage;
        private boolean noBody;
        private long maxBodySize = -1;
        private Clock clock = Clock.systemUTC();
        private boolean requireCreated;
        private boolean checkExpiry = true;
        private List<Item> required = List.of();
        private String expectedKeyId;
        private String scheme = "https";

        private Builder(PublicKey key, HmacKey hmacKey) {
            this.key = key;
            this.hmacKey = hmacKey;
            if (key != null) {
                KeyType.of(key);
            }
        }

        /** Verify only the signature with this label (others in the message are ignored). */
        public Builder label(String label) {
            if (!StructuredFields.isKey(label)) {
                throw new BadInputException("label '" + StructuredFields.clip(label) + "' is not an RFC 8941 key");
            }
            this.label = label;
            return this;
        }

        /** The algorithms a signature may use; those that do not fit the key are ignored. Default: all six. */
        public Builder allowedAlgorithms(List<Rfc9421Algorithm> algorithms) {
            this.allowed = List.copyOf(algorithms);
            return this;
        }

        /**
         * How far {@code created} may be from the verifier's clock (and the grace after {@code expires}).
         * Default {@link RequestVerifier#DEFAULT_MAX_SKEW}.
         */
        public Builder maxSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative()) {
                throw new BadInputException("max skew must not be negative");
            }
            this.maxSkew = skew;
            return this;
        }

        /** Do not compare {@code created} with the clock ({@code expires} is still enforced, without grace). */
        public Builder ignoreClock() {
            this.maxSkew = null;
            return this;
        }

        /**
         * Compare neither {@code created} nor {@code expires} with the clock: for checking a recorded
         * exchange offline. {@code requireCreated} still demands the parameter.
         */
        public Builder ignoreClockAndExpiry() {
            this.maxSkew = null;
            this.checkExpiry = false;
            return this;
        }

        /** Reject signatures without a {@code created} parameter. */
        public Builder requireCreated() {
            this.requireCreated = true;
            return this;
        }

        /**
         * Components every signature must cover, written as for {@link MessageSigner.Builder#components}
         * ({@code @method}, {@code content-digest}, {@code @query-param;name="id"}); compared by their
         * serialized identifier, parameters included.
         */
        public Builder requireComponents(List<String> specs) {
            List<Item> items = new ArrayList<>();
            for (String s : specs) {
                items.add(Components.parseSpec(s));
            }
            this.required = items;
            return this;
        }

        public Builder requireComponents(String... specs) {
            return requireComponents(List.of(specs));
        }

        /** Rejects signatures whose {@code keyid} is not exactly this. */
        public Builder expectKeyId(String keyId) {
            this.expectedKeyId = keyId;
            return this;
        }

        /** The scheme for {@code @scheme}/{@code @target-uri} when the target is not absolute; default {@code https}. */
        public Builder scheme(String scheme) {
            String s = scheme.toLowerCase(Locale.ROOT);
            if (!s.equals("https") && !s.equals("http")) {
                throw new BadInputException("scheme must be https or http, not '" + StructuredFields.clip(scheme) + "'");
            }
            this.scheme = s;
            return this;
        }

        /** The clock {@link MessageVerifier#verify(HttpRequest)} compares {@code created}/{@code expires} with. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Accept signatures that cover less than {@code @method}, the target and (with a body)
         * {@code content-digest}, down to the empty list {@code ()}: such a signature fits any message.
         */
        public Builder allowWeakCoverage() {
            this.weakCoverage = true;
            return this;
        }

        /** The body is not at hand (a recorded message): check the signature but not {@code Content-Digest}; a valid result says so. */
        public Builder noBody() {
            this.noBody = true;
            return this;
        }

        /** The largest body accepted, in bytes; a larger one is {@link dev.qseal.core.verify.Failure#BODY_TOO_LARGE} before anything is hashed. Default: no limit. */
        public Builder maxBodySize(long bytes) {
            this.maxBodySize = VerificationResult.requireMaxBodySize(bytes);
            return this;
        }

        public MessageVerifier build() {
            return new MessageVerifier(this);
        }
    }
}
