package dev.qseal.core.rfc9421;

import dev.qseal.core.http.internal.StructuredFields;
import dev.qseal.core.http.internal.LogRedaction;
import dev.qseal.core.http.internal.BareItem;
import dev.qseal.core.http.internal.InnerList;
import dev.qseal.core.http.internal.Item;
import dev.qseal.core.http.internal.Parameters;
import dev.qseal.core.BadInputException;
import dev.qseal.core.RequestSigner;
import dev.qseal.core.SignatureFormat;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.headers.HeaderRules;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.http.HttpResponse;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs HTTP requests and responses with RFC 9421 HTTP Message Signatures. Immutable and
 * thread-safe: build once, use for every message.
 *
 * <pre>{@code
 * MessageSigner signer = MessageSigner.builder(key).keyId("qseal-2024")
 *         .components("@method", "@authority", "@path", "content-digest").build();
 * HttpRequest signed = signer.sign(request, Instant.now()).applyTo(request);
 * }</pre>
 *
 * <p>Signature parameters are written in the order {@code created, keyid, alg, expires, nonce, tag}
 * (the order of RFC 9421's own examples); {@code created} is on by default, the others when set.
 * A covered {@code content-digest} or {@code date} that the message lacks is generated (see
 * {@link MessageSignature#generatedHeaders()}); any other absent component is an error.
 *
 * <p>{@code @authority}, {@code @scheme} and {@code @target-uri} come from the request target when
 * it is in absolute form ({@code https://host/path}); otherwise from the {@code Host} header and
 * the {@linkplain Builder#scheme(String) scheme}, {@code https} unless set.
 */
public final class MessageSigner implements RequestSigner {
    private static final Logger LOG = LoggerFactory.getLogger(MessageSigner.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Components signed when the caller names none, for requests ({@code @query} is added after {@code @path} when there is a query). */
    public static final List<String> DEFAULT_REQUEST_COMPONENTS = List.of("@method", "@authority", "@path", "content-digest");
    /** Components signed when the caller names none, for responses. */
    public static final List<String> DEFAULT_RESPONSE_COMPONENTS = List.of("@status", "content-digest");

    private final SigningKey key;
    private final HmacKey hmacKey;
    private final Rfc9421Algorithm algorithm;
    private final String label;
    private final List<Item> components;
    private final Covered explicitCovered;
    private final boolean componentsExplicit;
    private final String keyId;
    private final boolean includeAlg;
    private final boolean created;
    private final Duration expiresIn;
    private final Supplier<String> nonce;
    private final String tag;
    private final String scheme;
    private final HeaderRules.Generator generator;
    private final Clock clock;

    private MessageSigner(Builder b) {
        this.key = b.key;
        this.hmacKey = b.hmacKey;
        if (hmacKey != null) {
            if (b.algorithm != null && b.algorithm != Rfc9421Algorithm.HMAC_SHA256) {
                throw new UnsupportedAlgorithmException(b.algorithm + " needs an asymmetric key; an HMAC key signs with hmac-sha256");
            }
            this.algorithm = Rfc9421Algorithm.HMAC_SHA256;
        } else {
            List<Rfc9421Algorithm> fitting = Rfc9421Algorithm.fitting(key.publicKey());
            Rfc9421Algorithm a = b.algorithm;
            if (a == null) {
                a = Rfc9421Algorithm.defaultFor(key.keyType()).filter(fitting::contains)
                        .orElse(fitting.isEmpty() ? null : fitting.get(0));
            }
            if (a == null) {
                throw new UnsupportedAlgorithmException("RFC 9421 defines no algorithm for the " + key.keyType() + " key "
                        + key.description() + ": use an RSA, EC P-256/P-384 or Ed25519 key");
            }
            if (!fitting.contains(a)) {
                throw new UnsupportedAlgorithmException(a + " does not fit the " + key.keyType() + " key " + key.description()
                        + ": choose one of " + fitting);
            }
            this.algorithm = a;
        }
        this.label = b.label;
        this.componentsExplicit = b.components != null;
        List<Item> items = new ArrayList<>();
        if (b.components != null) {
            List<String> seen = new ArrayList<>();
            for (String spec : b.components) {
                Item item = Components.parseSpec(spec);
                if (seen.contains(item.serialize())) {
                    throw new BadInputException("component " + item.serialize() + " is listed twice");
                }
                seen.add(item.serialize());
                items.add(item);
            }
        }
        this.components = List.copyOf(items);
        this.explicitCovered = componentsExplicit ? new Covered(components) : null;
        this.keyId = b.keyId;
        this.includeAlg = b.includeAlg;
        this.created = b.created;
        this.expiresIn = b.expiresIn;
        this.nonce = b.nonce;
        this.tag = b.tag;
        this.scheme = b.scheme;
        this.clock = b.clock;
        this.generator = b.headerRules.generator(key == null ? Optional.empty() : key.certificate(),
                key == null ? hmacKey.description() : key.description());
        if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero())) {
            throw new BadInputException("expiresIn must be positive");
        }
        if (keyId != null) {
            BareItem.string(keyId);
        }
        if (tag != null) {
            BareItem.string(tag);
        }
    }

    /** A signer with an asymmetric key (RSA, EC P-256/P-384, Ed25519). */
    public static Builder builder(SigningKey key) {
        return new Builder(Objects.requireNonNull(key, "key"), null);
    }

    /** A signer with a shared secret ({@code hmac-sha256}). */
    public static Builder builder(HmacKey key) {
        return new Builder(null, Objects.requireNonNull(key, "key"));
    }

    public Rfc9421Algorithm algorithm() {
        return algorithm;
    }

    public String label() {
        return label;
    }

    /**
     * Seals a request at the signer's clock: the generated headers, then {@code Signature-Input} and
     * {@code Signature}.
     *
     * @throws BadInputException if the request already carries a signature with this label, or a covered
     *                           component is absent and cannot be generated
     */
    @Override
    public SignedRequest sign(HttpRequest request) {
        return toSignedRequest(request, sign(request, clock.instant()));
    }

    /** Non-blocking {@link #sign(HttpRequest)}: a remote key keeps many signatures in flight. */
    @Override
    public CompletableFuture<SignedRequest> signAsync(HttpRequest request) {
        return signAsync(request, clock.instant()).thenApply(sig -> toSignedRequest(request, sig));
    }

    private static SignedRequest toSignedRequest(HttpRequest request, MessageSignature sig) {
        sig.checkLabelFree(request.headers());
        return SignedRequest.of(SignatureFormat.RFC_9421, request, sig.generatedHeaders().fields(), List.of(
                Headers.field("Signature-Input", sig.signatureInputValue()), Headers.field("Signature", sig.signatureValue())));
    }

    /** Signs a request at time {@code now} ({@code created}, {@code expires}, a generated {@code Date}). */
    public MessageSignature sign(HttpRequest request, Instant now) {
        Prepared p = prepare(MessageView.of(request, scheme), now, Covered.REQUEST);
        return p.finish(signBytes(p.baseBytes()));
    }

    /** Signs a response; {@code ;req} components are not available (use the overload with the request). */
    public MessageSignature sign(HttpResponse response, Instant now) {
        return sign(response, null, now);
    }

    /** Signs a response, with the request it answers for {@code ;req} components ({@code request} may be null). */
    public MessageSignature sign(HttpResponse response, HttpRequest request, Instant now) {
        Prepared p = prepare(MessageView.of(response, request, scheme), now, Covered.RESPONSE);
        return p.finish(signBytes(p.baseBytes()));
    }

    /** Non-blocking {@link #sign(HttpRequest, Instant)}: lets a remote key keep many signatures in flight. */
    public CompletableFuture<MessageSignature> signAsync(HttpRequest request, Instant now) {
        Prepared p;
        try {
            p = prepare(MessageView.of(request, scheme), now, Covered.REQUEST);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (hmacKey != null) {
            return CompletableFuture.completedFuture(p.finish(hmacKey.mac(p.baseBytes())));
        }
        return key.signAsync(algorithm.signatureAlgorithm().get(), p.baseBytes()).thenApply(p::finish);
    }

    private byte[] signBytes(byte[] base) {
        if (hmacKey != null) {
            return hmacKey.mac(base);
        }
        SignatureAlgorithm a = algorithm.signatureAlgorithm().get();
        return key.sign(a, base);
    }

    /**
     * Covered components parsed and validated once (they are distinct), with their serialisations and the names of
     * the message's own header fields among them.
     */
    private static final class Covered {
        static final Covered REQUEST = Covered.of(DEFAULT_REQUEST_COMPONENTS);
        /** The default verifier wants the query covered when there is one: so does the default signer. */
        static final Covered REQUEST_WITH_QUERY = Covered.of(withQuery(DEFAULT_REQUEST_COMPONENTS));
        static final Covered RESPONSE = Covered.of(DEFAULT_RESPONSE_COMPONENTS);

        final List<Item> items;
        final List<String> ids;
        final List<String> ownFields;

        Covered(List<Item> items) {
            this.items = List.copyOf(items);
            List<String> i = new ArrayList<>(items.size());
            List<String> own = new ArrayList<>();
            for (Item c : items) {
                i.add(c.serialize());
                if (Components.isOwnField(c)) {
                    own.add(c.value().asString());
                }
            }
            this.ids = List.copyOf(i);
            this.ownFields = List.copyOf(own);
        }

        static Covered of(List<String> specs) {
            return new Covered(specs.stream().map(Components::parseSpec).toList());
        }

        private static List<String> withQuery(List<String> defaults) {
            List<String> specs = new ArrayList<>(defaults);
            specs.add(specs.indexOf("@path") + 1, "@query");
            return specs;
        }
    }

    private Prepared prepare(MessageView message, Instant now, Covered defaults) {
        Covered covered = explicitCovered;
        if (covered == null) {
            covered = defaults == Covered.REQUEST && message.request().target().indexOf('?') >= 0
                    ? Covered.REQUEST_WITH_QUERY : defaults;
        }
        List<String> ownFields = covered.ownFields;
        Headers generated = Headers.empty();
        Headers headers = message.headers();
        for (Headers.Field f : generator.generate(headers, message.body(), ownFields, now)) {
            generated = generated.with(f.name(), f.value());
        }
        MessageView signed = message;
        if (!generated.fields().isEmpty()) {
            Headers all = headers;
            for (Headers.Field f : generated.fields()) {
                all = all.with(f.name(), f.value());
            }
            signed = message.withHeaders(all);
        }
        LinkedHashMap<String, BareItem> p = new LinkedHashMap<>(16);
        if (created) {
            p.put("created", BareItem.integer(now.getEpochSecond()));
        }
        if (keyId != null) {
            p.put("keyid", BareItem.string(keyId));
        }
        if (includeAlg) {
            p.put("alg", BareItem.string(algorithm.id()));
        }
        if (expiresIn != null) {
            p.put("expires", BareItem.integer(now.plus(expiresIn).getEpochSecond()));
        }
        if (nonce != null) {
            p.put("nonce", BareItem.string(Objects.requireNonNull(nonce.get(), "nonce supplier returned null")));
        }
        if (tag != null) {
            p.put("tag", BareItem.string(tag));
        }
        InnerList params = new InnerList(covered.items, Parameters.ofOwned(p));
        String base = SignatureBase.build(signed, params, covered.ids, true);
        if (LOG.isTraceEnabled()) {
            LOG.trace("RFC 9421 signature base for {} with {} ({}):\n{}", signed.isRequest()
                            ? signed.request().method() + " " + LogRedaction.target(signed.request().target()) : "a response",
                    hmacKey != null ? hmacKey.description() : key.description(), algorithm, LogRedaction.signingString(base));
        }
        return new Prepared(params, base, generated);
    }

    private final class Prepared {
        final InnerList params;
        final String base;
        final Headers generated;

        Prepared(InnerList params, String base, Headers generated) {
            this.params = params;
            this.base = base;
            this.generated = generated;
        }

        byte[] baseBytes() {
            return base.getBytes(StandardCharsets.US_ASCII);
        }

        MessageSignature finish(byte[] signature) {
            return new MessageSignature(label, params, signature, base, generated);
        }
    }

    /** A random nonce: 16 bytes from {@link SecureRandom}, base64url without padding. */
    public static String randomNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Builder for {@link MessageSigner}. */
    public static final class Builder {
        private final SigningKey key;
        private final HmacKey hmacKey;
        private Rfc9421Algorithm algorithm;
        private String label = "sig1";
        private List<String> components;
        private String keyId;
        private boolean includeAlg;
        private boolean created = true;
        private Duration expiresIn;
        private Supplier<String> nonce;
        private String tag;
        private String scheme = "https";
        private HeaderRules headerRules = HeaderRules.DEFAULT;
        private Clock clock = Clock.systemUTC();

        private Builder(SigningKey key, HmacKey hmacKey) {
            this.key = key;
            this.hmacKey = hmacKey;
        }

        /** The signature's label in {@code Signature-Input}/{@code Signature}; default {@code sig1}. */
        public Builder label(String label) {
            if (!StructuredFields.isKey(label)) {
                throw new BadInputException("label '" + StructuredFields.clip(label)
                        + "' is not an RFC 8941 key (lower-case letters, digits, _ - . *; starting with a letter or *)");
            }
            this.label = label;
            return this;
        }

        /**
         * The covered components, in order: {@code @method}, {@code content-digest},
         * {@code @query-param;name="id"}, {@code "content-digest";req}... Header names are lower-cased.
         * Default: {@link #DEFAULT_REQUEST_COMPONENTS} or {@link #DEFAULT_RESPONSE_COMPONENTS}.
         * An empty list signs no component (allowed by RFC 9421, but such a signature fits any message).
         */
        public Builder components(List<String> specs) {
            this.components = List.copyOf(specs);
            return this;
        }

        public Builder components(String... specs) {
            return components(List.of(specs));
        }

        /** The {@code keyid} parameter. */
        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /** The algorithm; default: rsa-pss-sha512 for RSA, the curve's ECDSA for EC, ed25519, hmac-sha256. */
        public Builder algorithm(Rfc9421Algorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** The algorithm by its qseal constant, which must be one RFC 9421 registers. */
        public Builder algorithm(SignatureAlgorithm algorithm) {
            this.algorithm = Rfc9421Algorithm.of(algorithm).orElseThrow(() -> new UnsupportedAlgorithmException(
                    algorithm + " is not an RFC 9421 algorithm: use rsa-pss-sha512, rsa-v1_5-sha256, ecdsa-p256-sha256,"
                            + " ecdsa-p384-sha384 or ed25519"));
            return this;
        }

        /** Whether to write the {@code alg} parameter; default false (the verifier's key decides). */
        public Builder includeAlg(boolean include) {
            this.includeAlg = include;
            return this;
        }

        /** Whether to write {@code created} (the signing time); default true. */
        public Builder created(boolean created) {
            this.created = created;
            return this;
        }

        /** Writes {@code expires = now + validity}. */
        public Builder expiresIn(Duration validity) {
            this.expiresIn = validity;
            return this;
        }

        /** Writes {@code nonce} with a value from {@code supplier} for every signature (e.g. {@link MessageSigner#randomNonce}). */
        public Builder nonce(Supplier<String> supplier) {
            this.nonce = supplier;
            return this;
        }

        /** Writes the application-specific {@code tag} parameter. */
        public Builder tag(String tag) {
            this.tag = tag;
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

        /** The algorithm of a generated {@code Content-Digest}; default SHA-512 (as RFC 9421's examples). */
        public Builder contentDigestAlgorithm(DigestAlgorithm algorithm) {
            this.headerRules = headerRules.toBuilder().contentDigest(algorithm).build();
            return this;
        }

        /**
         * How absent headers are generated ({@code Content-Digest} algorithm, {@code Date} style, request id,
         * certificate header); default {@link HeaderRules#DEFAULT}.
         */
        public Builder headerRules(HeaderRules rules) {
            this.headerRules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /** The clock {@link MessageSigner#sign(HttpRequest)} signs at; default the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public MessageSigner build() {
            return new MessageSigner(this);
        }
    }
}
