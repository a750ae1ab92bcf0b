package dev.qseal.core.cavage;

import dev.qseal.core.cavage.internal.SigningString;
import dev.qseal.core.BadInputException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs requests with a draft-cavage HTTP signature. Immutable and thread-safe: build once, use
 * for every request.
 *
 * <pre>{@code
 * CavageSigner signer = CavageSigner.builder(key).keyId("Test")
 *         .headers("(request-target)", "host", "date").build();
 * CavageSignature sig = signer.sign(request, Instant.now());
 * }</pre>
 *
 * <p>Every signed header must already be in the request; {@link dev.qseal.core.profile.ProfileSigner}
 * adds the ones a bank wants generated ({@code Date}, {@code Digest}, request ids).
 */
public final class CavageSigner {
    private static final Logger LOG = LoggerFactory.getLogger(CavageSigner.class);

    private final SigningKey key;
    private final SignatureAlgorithm algorithm;
    private final String algorithmName;
    private final String keyId;
    private final List<String> headers;
    private final boolean headersExplicit;
    private final Carrier carrier;
    private final Duration validity;

    private CavageSigner(Builder b) {
        this.key = b.key;
        this.algorithm = b.algorithm != null ? b.algorithm : b.key.defaultAlgorithm();
        if (!algorithm.fits(key.keyType())) {
            throw new UnsupportedAlgorithmException(algorithm + " does not fit the " + key.keyType() + " key "
                    + key.description() + ": choose an algorithm for this key type");
        }
        if (b.algorithmName != null) {
            this.algorithmName = b.algorithmName;
        } else {
            this.algorithmName = algorithm.cavageName().orElse("hs2019");
        }
        if (!algorithmName.equals("hs2019")) {
            SignatureAlgorithm named = SignatureAlgorithm.fromCavage(algorithmName).orElseThrow(() ->
                    new UnsupportedAlgorithmException("unknown Cavage algorithm '" + algorithmName
                            + "': use rsa-sha256, rsa-sha512, ecdsa-sha256 or hs2019"));
            if (!named.equals(algorithm)) {
                throw new UnsupportedAlgorithmException("algorithm=\"" + algorithmName + "\" names " + named
                        + " but the signature would be " + algorithm + ": make them agree, or use hs2019");
            }
        }
        this.keyId = Objects.requireNonNull(b.keyId, "keyId: call keyId(...) (the bank's key identifier)");
        for (int i = 0; i < keyId.length(); i++) {
            char c = keyId.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                throw new BadInputException("keyId must not contain quotes, backslashes or control characters");
            }
        }
        this.headers = List.copyOf(b.headers);
        this.headersExplicit = b.headersExplicit;
        if (headers.isEmpty()) {
            throw new BadInputException("a signature must cover at least one header");
        }
        for (String h : headers) {
            if (h.startsWith("(") && !h.equals("(request-target)") && !h.equals("(created)") && !h.equals("(expires)")) {
                throw new BadInputException("unknown pseudo-header " + h + ": use (request-target), (created) or (expires)");
            }
        }
        boolean timed = headers.contains("(created)") || headers.contains("(expires)");
        if (timed && !algorithmName.equals("hs2019")) {
            // draft-12 §2.3: (created)/(expires) with an rsa-, hmac- or ecdsa- algorithm MUST be an error
            throw new BadInputException("(created)/(expires) can only be signed with algorithm=\"hs2019\" (draft-cavage-12 §2.3)");
        }
        if (headers.contains("(expires)") && b.validity == null) {
            throw new BadInputException("(expires) is signed: set how long the signature is valid (validity)");
        }
        this.carrier = b.carrier;
        this.validity = b.validity;
    }

    public static Builder builder(SigningKey key) {
        return new Builder(key);
    }

    public List<String> headers() {
        return headers;
    }

    public Carrier carrier() {
        return carrier;
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    public String keyId() {
        return keyId;
    }

    /**
     * Signs {@code request} at time {@code now} (used for {@code created}/{@code expires}).
     *
     * @throws SigningString.MissingComponentException if a signed header is not in the request
     */
    public CavageSignature sign(HttpRequest request, Instant now) {
        Prepared p = prepare(request, now);
        byte[] sig = key.sign(algorithm, p.signingString.getBytes(StandardCharsets.UTF_8));
        return p.finish(sig);
    }

    /** Non-blocking {@link #sign}: lets a remote key keep many signatures in flight. */
    public CompletableFuture<CavageSignature> signAsync(HttpRequest request, Instant now) {
        Prepared p = prepare(request, now);
        return key.signAsync(algorithm, p.signingString.getBytes(StandardCharsets.UTF_8)).thenApply(p::finish);
    }

    private Prepared prepare(HttpRequest request, Instant now) {
        Long created = null;
        Long expires = null;
        if (headers.contains("(created)") || validity != null) {
            created = now.getEpochSecond();
        }
        if (validity != null) {
            expires = now.plus(validity).getEpochSecond();
        }
        String signingString = SigningString.build(request, headers, created, expires);
        if (LOG.isDebugEnabled()) {
            LOG.debug("signing string for {} {} with key {}:\n{}", request.method(), request.target(), key.description(),
                    SigningString.redactedForLog(signingString));
        }
        return new Prepared(signingString, created, expires);
    }

    private final class Prepared {
        final String signingString;
        final Long created;
        final Long expires;

        Prepared(String signingString, Long created, Long expires) {
            this.signingString = signingString;
            this.created = created;
            this.expires = expires;
        }

        CavageSignature finish(byte[] sig) {
            SignatureParameters params = SignatureParameters.of(keyId, algorithmName, created, expires, headers,
                    headersExplicit, Base64.getEncoder().encodeToString(sig));
            return new CavageSignature(carrier, params, signingString);
        }
    }

    /** Builder for {@link CavageSigner}. */
    public static final class Builder {
        private final SigningKey key;
        private SignatureAlgorithm algorithm;
        private String algorithmName;
        private String keyId;
        private List<String> headers = List.of("date");
        private boolean headersExplicit;
        private Carrier carrier = Carrier.SIGNATURE;
        private Duration validity;

        private Builder(SigningKey key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        /** The bank's identifier for the key: a TPP-ID, {@code SN=<hex>}, a client id... */
        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /** How to sign; default: the key's default (RSA PKCS#1 v1.5 SHA-256 for RSA keys). */
        public Builder algorithm(SignatureAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /**
         * The {@code algorithm} parameter to write: a Cavage name that must agree with
         * {@link #algorithm}, or {@code hs2019}. Default: the algorithm's Cavage name, else hs2019.
         */
        public Builder algorithmName(String name) {
            this.algorithmName = name == null ? null : name.toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Components to sign, in order (case-insensitive). Setting them always writes {@code headers=};
         * without this call only {@code date} is signed and {@code headers=} is omitted (draft-10 default).
         */
        public Builder headers(List<String> names) {
            List<String> lower = new ArrayList<>(names.size());
            for (String n : names) {
                String l = n.trim().toLowerCase(Locale.ROOT);
                if (l.isEmpty()) {
                    continue;
                }
                if (lower.contains(l)) {
                    throw new BadInputException("header '" + l + "' is listed twice in the signed headers");
                }
                lower.add(l);
            }
            this.headers = lower;
            this.headersExplicit = true;
            return this;
        }

        public Builder headers(String... names) {
            return headers(List.of(names));
        }

        public Builder carrier(Carrier carrier) {
            this.carrier = Objects.requireNonNull(carrier, "carrier");
            return this;
        }

        /** Adds {@code created} and {@code expires = created + validity} parameters (draft-12). */
        public Builder validity(Duration validity) {
            this.validity = validity;
            return this;
        }

        public CavageSigner build() {
            return new CavageSigner(this);
        }
    }
}
