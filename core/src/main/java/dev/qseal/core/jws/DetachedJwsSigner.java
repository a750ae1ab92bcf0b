package dev.qseal.core.jws;

import dev.qseal.core.jws.internal.Base64Url;
import dev.qseal.core.jws.internal.Json;
import dev.qseal.core.jws.internal.HttpHeaderPayload;
import dev.qseal.core.BadInputException;
import dev.qseal.core.QsealException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.http.HttpDates;
import dev.qseal.core.http.internal.LogRedaction;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs requests with a detached JWS over HTTP headers (JAdES {@code sigD} HttpHeaders, the
 * {@code x-jws-signature} of ING's onboarding API). Immutable and thread-safe.
 *
 * <pre>{@code
 * DetachedJwsSigner signer = DetachedJwsSigner.builder(key).build();   // PS256, (request-target) digest content-type
 * DetachedJws jws = signer.sign(request, Instant.now());
 * request = request.withHeader(DetachedJws.HEADER, jws.compact());
 * }</pre>
 *
 * <p>The protected header is written deterministically, compact (no spaces), with its members in
 * this fixed order, which is the order of ING's scripts:
 * <pre>
 * {"b64":false,"x5t#S256":"&lt;b64url SHA-256 of the cert DER&gt;","crit":["sigT","sigD","b64"],
 *  "sigT":"yyyy-MM-ddTHH:mm:ssZ","sigD":{"pars":[...],"mId":"http://uri.etsi.org/19182/HttpHeaders"},
 *  "alg":"PS256"[,"kid":"..."][,"x5c":["&lt;base64 DER&gt;",...]]}
 * </pre>
 * Strings are escaped only where JSON requires it (quote, backslash, control characters). The
 * signing input is {@code base64url(header) + "." +} the {@code pars} lines (see
 * {@link dev.qseal.core.http.internal.HeaderLines}); the output is {@code <header>..<signature>}.
 * Every header named in {@code pars} must already be in the request: the
 * {@link dev.qseal.core.profile.JwsProfileSigner} adds {@code Digest} and the certificate header.
 */
public final class DetachedJwsSigner {
    private static final Logger LOG = LoggerFactory.getLogger(DetachedJwsSigner.class);

    /** What ING's onboarding call signs: {@code (request-target) digest content-type}. */
    public static final List<String> DEFAULT_PARS = List.of("(request-target)", "digest", "content-type");

    private final SigningKey key;
    private final SignatureAlgorithm algorithm;
    private final String alg;
    private final List<String> pars;
    private final String x5tS256;
    private final String kid;
    private final List<String> x5c;
    /** The header JSON around {@code sigT}, made once (every signature differs in sigT only). */
    private final String headerPrefix;
    private final String headerSuffix;
    /**
     * The header's base64url around a 20-character {@code sigT}, encoded once: {@code encodedHead} covers the prefix's
     * bytes up to a multiple of 3, {@code middleHead} and {@code middleTail} are the bytes that share base64 groups with
     * the quoted sigT, {@code encodedTail} covers the rest of the suffix (base64 of a concatenation is the concatenation of
     * the base64 of its parts when every part but the last has a multiple of 3 bytes).
     */
    private final String encodedHead;
    private final byte[] middleHead;
    private final byte[] middleTail;
    private final String encodedTail;

    private DetachedJwsSigner(Builder b) {
        this.key = b.key;
        this.algorithm = joseAlgorithm(b.algorithm != null ? b.algorithm : defaultAlgorithm(key.keyType()), key);
        this.alg = algorithm.joseName().orElseThrow();
        this.pars = HttpHeaderPayload.normalise(b.pars);
        X509Certificate cert = b.certificate != null ? b.certificate : key.certificate().orElseThrow(() -> new dev.qseal.core.MissingCertificateException(
                key.description(), "a detached JWS names its certificate in x5t#S256, but the key " + key.description()
                        + " has none: attach the certificate to the key, or give it to the signer"));
        if (!java.util.Arrays.equals(cert.getPublicKey().getEncoded(), key.publicKey().getEncoded())) {
            throw new BadInputException("the certificate '" + cert.getSubjectX500Principal().getName()
                    + "' does not belong to the key " + key.description() + ": give the certificate issued for this key");
        }
        this.x5tS256 = Base64Url.encode(HttpHeaderPayload.x5tS256(cert));
        this.kid = b.kid;
        if (b.includeX5c) {
            List<X509Certificate> chain = b.certificate != null ? List.of(b.certificate) : key.certificateChain();
            List<String> enc = new ArrayList<>();
            for (X509Certificate c : chain) {
                try {
                    enc.add(Base64.getEncoder().encodeToString(c.getEncoded()));
                } catch (CertificateEncodingException e) {
                    throw new QsealException("cannot encode the certificate " + c.getSubjectX500Principal().getName(), e);
                }
            }
            this.x5c = List.copyOf(enc);
        } else {
            this.x5c = List.of();
        }
        this.headerPrefix = headerPrefix(x5tS256);
        this.headerSuffix = headerSuffix();
        byte[] prefix = headerPrefix.getBytes(StandardCharsets.UTF_8);
        byte[] suffix = headerSuffix.getBytes(StandardCharsets.UTF_8);
        int cut = prefix.length - prefix.length % 3;
        this.encodedHead = Base64Url.encode(java.util.Arrays.copyOf(prefix, cut));
        this.middleHead = java.util.Arrays.copyOfRange(prefix, cut, prefix.length);
        int k = (3 - (middleHead.length + SIGT_CHARS + 2) % 3) % 3; // the suffix always has more than 2 bytes
        this.middleTail = java.util.Arrays.copyOf(suffix, k);
        this.encodedTail = Base64Url.encode(java.util.Arrays.copyOfRange(suffix, k, suffix.length));
        Json.parseObject(headerJson(Instant.EPOCH)); // it writes only what it can parse back: fails here, not per signature
    }

    /** PS256 for RSA (ING's choice), ES256/384/512 by curve for EC. */
    static SignatureAlgorithm defaultAlgorithm(KeyType type) {
        switch (type) {
            case RSA: return SignatureAlgorithm.RSA_PSS_SHA256;
            case EC_P256: return SignatureAlgorithm.ECDSA_P256_SHA256_RAW;
            case EC_P384: return SignatureAlgorithm.ECDSA_P384_SHA384_RAW;
            default: return SignatureAlgorithm.ECDSA_P521_SHA512_RAW;
        }
    }

    /** The JOSE form of {@code a}: ECDSA in DER becomes raw r‖s (JOSE has only that); anything without a JOSE name is refused. */
    private static SignatureAlgorithm joseAlgorithm(SignatureAlgorithm a, SigningKey key) {
        SignatureAlgorithm j = a;
        if (a.scheme() == SignatureAlgorithm.Scheme.ECDSA_DER) {
            j = defaultAlgorithm(a.keyType());
        }
        if (j.joseName().isEmpty()) {
            throw new UnsupportedAlgorithmException(a + " has no JOSE name (RSA-PSS in JOSE uses salt = hash length):"
                    + " use PS256/384/512, RS256/384/512 or ES256/384/512");
        }
        if (!j.fits(key.keyType())) {
            throw new UnsupportedAlgorithmException(j.joseName().get() + " needs a " + j.keyType() + " key but "
                    + key.description() + " is " + key.keyType() + ": choose an algorithm for this key");
        }
        return j;
    }

    public static Builder builder(SigningKey key) {
        return new Builder(key);
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** The lower-case {@code sigD.pars}, in signing order. */
    public List<String> pars() {
        return pars;
    }

    /** The protected header JSON this signer writes at {@code now}. */
    public String headerJson(Instant now) {
        return headerJson(HttpDates.iso8601(now));
    }

    private String headerJson(String sigT) {
        StringBuilder sb = new StringBuilder(headerPrefix.length() + 22 + headerSuffix.length()).append(headerPrefix);
        Json.writeString(sb, sigT);
        return sb.append(headerSuffix).toString();
    }

    /** How long {@code sigT} is for the years 1 to 9999: {@code yyyy-MM-ddTHH:mm:ssZ}. */
    private static final int SIGT_CHARS = 20;

    /** base64url of the UTF-8 of {@link #headerJson(String)}, from the parts encoded once when sigT has its usual form. */
    String encodedHeader(String sigT) {
        if (sigT.length() != SIGT_CHARS || !plain(sigT)) {
            return Base64Url.encode(headerJson(sigT).getBytes(StandardCharsets.UTF_8));
        }
        byte[] middle = new byte[middleHead.length + SIGT_CHARS + 2 + middleTail.length];
        System.arraycopy(middleHead, 0, middle, 0, middleHead.length);
        int o = middleHead.length;
        middle[o++] = '"';
        for (int i = 0; i < SIGT_CHARS; i++) {
            middle[o++] = (byte) sigT.charAt(i);
        }
        middle[o++] = '"';
        System.arraycopy(middleTail, 0, middle, o, middleTail.length);
        return encodedHead + Base64Url.encode(middle) + encodedTail;
    }

    /** Whether JSON writes {@code sigT} as its characters in quotes, one byte each (digits, letters, '-', ':'). */
    private static boolean plain(String sigT) {
        for (int i = 0; i < sigT.length(); i++) {
            char c = sigT.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-' || c == ':')) {
                return false;
            }
        }
        return true;
    }

    /** The header JSON up to the value of {@code sigT}: the same for every signature of this signer. */
    private static String headerPrefix(String x5tS256) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"b64\":false,\"x5t#S256\":");
        Json.writeString(sb, x5tS256);
        return sb.append(",\"crit\":[\"sigT\",\"sigD\",\"b64\"],\"sigT\":").toString();
    }

    /** The header JSON after the value of {@code sigT}. */
    private String headerSuffix() {
        StringBuilder sb = new StringBuilder(256);
        sb.append(",\"sigD\":{\"pars\":[");
        for (int i = 0; i < pars.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Json.writeString(sb, pars.get(i));
        }
        sb.append("],\"mId\":");
        Json.writeString(sb, JwsHeader.HTTP_HEADERS_MID);
        sb.append("},\"alg\":");
        Json.writeString(sb, alg);
        if (kid != null) {
            sb.append(",\"kid\":");
            Json.writeString(sb, kid);
        }
        if (!x5c.isEmpty()) {
            sb.append(",\"x5c\":[");
            for (int i = 0; i < x5c.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Json.writeString(sb, x5c.get(i));
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    /**
     * The JWS Signing Input for {@code request} at {@code now}: {@code base64url(header) "." lines}.
     *
     * @throws dev.qseal.core.MissingComponentException if a header in pars is not in the request
     */
    public String signingInput(HttpRequest request, Instant now) {
        return prepare(request, now).input;
    }

    /**
     * Signs {@code request} at {@code now} ({@code sigT}, whole seconds, UTC).
     *
     * @throws dev.qseal.core.MissingComponentException if a header in pars is not in the request
     */
    public DetachedJws sign(HttpRequest request, Instant now) {
        Prepared p = prepare(request, now);
        return new DetachedJws(p.header, key.sign(algorithm, p.input.getBytes(StandardCharsets.UTF_8)));
    }

    /** Non-blocking {@link #sign}: lets a remote key keep many signatures in flight. */
    public CompletableFuture<DetachedJws> signAsync(HttpRequest request, Instant now) {
        Prepared p = prepare(request, now);
        return key.signAsync(algorithm, p.input.getBytes(StandardCharsets.UTF_8)).thenApply(sig -> new DetachedJws(p.header, sig));
    }

    private Prepared prepare(HttpRequest request, Instant now) {
        Objects.requireNonNull(now, "now");
        String lines = HttpHeaderPayload.build(request, pars);
        JwsHeader header = JwsHeader.ofWrittenEncoded(encodedHeader(HttpDates.iso8601(now)));
        String input = DetachedJws.signingInput(header.encoded(), lines);
        if (LOG.isTraceEnabled()) {
            LOG.trace("JWS signing input for {} {} with key {}: header {}\n{}", request.method(),
                    LogRedaction.target(request.target()), key.description(), header.json(), LogRedaction.signingString(lines));
        }
        return new Prepared(header, input);
    }

    private static final class Prepared {
        final JwsHeader header;
        final String input;

        Prepared(JwsHeader header, String input) {
            this.header = header;
            this.input = input;
        }
    }

    /** Builder for {@link DetachedJwsSigner}. */
    public static final class Builder {
        private final SigningKey key;
        private SignatureAlgorithm algorithm;
        private List<String> pars = DEFAULT_PARS;
        private X509Certificate certificate;
        private String kid;
        private boolean includeX5c;

        private Builder(SigningKey key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        /**
         * {@code alg}: PS256/384/512 (salt = hash length), RS256/384/512 or ES256/384/512 (raw r‖s; an
         * ECDSA DER constant is taken as its raw form). Default PS256 for RSA, ES* by curve for EC.
         */
        public Builder algorithm(SignatureAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** {@code sigD.pars}: the headers to sign, in order, any case. Default {@link #DEFAULT_PARS}. */
        public Builder signedHeaders(List<String> names) {
            this.pars = List.copyOf(names);
            return this;
        }

        public Builder signedHeaders(String... names) {
            return signedHeaders(List.of(names));
        }

        /** The certificate {@code x5t#S256} names; default the key's own leaf certificate. */
        public Builder certificate(X509Certificate certificate) {
            this.certificate = certificate;
            return this;
        }

        /** Adds a {@code kid} member. */
        public Builder kid(String kid) {
            this.kid = kid;
            return this;
        }

        /** Adds {@code x5c} with the certificate chain (leaf first). */
        public Builder includeX5c(boolean include) {
            this.includeX5c = include;
            return this;
        }

        public DetachedJwsSigner build() {
            return new DetachedJwsSigner(this);
        }
    }
}
