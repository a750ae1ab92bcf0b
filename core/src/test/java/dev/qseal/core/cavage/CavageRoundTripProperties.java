package dev.qseal.core.cavage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.TestKeys;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Sign-then-verify over generated requests (methods, odd targets, repeated headers, bodies, component orders,
 * both carriers, RSA and EC P-256 keys), and any one-character change to what was signed fails verification
 * with the failure that names it.
 */
class CavageRoundTripProperties {
    static final KeyPair RSA = TestKeys.generateRsa(2048);
    static final KeyPair EC = TestKeys.generateEcP256();
    static final SigningKey RSA_KEY = TestKeys.signingKey("generated RSA-2048", RSA);
    static final SigningKey EC_KEY = TestKeys.signingKey("generated EC P-256", EC);
    static final Instant NOW = Instant.parse("2024-02-29T23:59:59Z");
    static final String TARGET_CHARS = "abcXYZ019-._~%!$&'()*+,;=:@/?";
    static final String VALUE_CHARS = "abcdefXYZ0123456789 \t!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~éü€日";
    static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";

    /** What a generated test case signs: the request, the components and how. */
    static final class Case {
        final HttpRequest request;
        final List<String> components;
        final boolean ec;
        final SignatureAlgorithm algorithm;
        final String algorithmName;
        final Carrier carrier;
        final boolean timed;

        Case(HttpRequest request, List<String> components, boolean ec, SignatureAlgorithm algorithm, String algorithmName,
                Carrier carrier, boolean timed) {
            this.request = request;
            this.components = components;
            this.ec = ec;
            this.algorithm = algorithm;
            this.algorithmName = algorithmName;
            this.carrier = carrier;
            this.timed = timed;
        }

        SigningKey key() {
            return ec ? EC_KEY : RSA_KEY;
        }

        CavageSigner signer() {
            CavageSigner.Builder b = CavageSigner.builder(key()).keyId("key-" + (ec ? "ec" : "rsa")).carrier(carrier)
                    .algorithm(algorithm).algorithmName(algorithmName);
            List<String> c = new ArrayList<>(components);
            if (timed) {
                c.add(0, "(created)");
                c.add("(expires)");
                b.validity(Duration.ofSeconds(300));
            }
            return b.headers(c).build();
        }

        CavageVerifier verifier() {
            return CavageVerifier.builder(ec ? EC.getPublic() : RSA.getPublic()).allowWeakCoverage().ignoreClock().build();
        }

        @Override
        public String toString() {
            return request + " " + request.headers().fields() + " signing " + components + " with " + algorithm + "/"
                    + algorithmName + " via " + carrier + (timed ? " (created)(expires)" : "");
        }
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "get", "Post", "M-SEARCH");
    }

    @Provide
    Arbitrary<String> targets() {
        Arbitrary<String> path = Arbitraries.strings().withChars(TARGET_CHARS.replace("?", "")).ofMaxLength(20).map(s -> "/" + s);
        Arbitrary<String> query = Arbitraries.strings().withChars(TARGET_CHARS).ofMaxLength(30);
        Arbitrary<String> odd = Arbitraries.of("/a%2Fb?x=1&y=%20&x=2", "/?", "/p?a=1&&b=", "/p?q=%E2%82%AC&z=a+b", "*", "/path;v=1?=x#frag");
        return Arbitraries.oneOf(odd, Combinators.combine(path, query, Arbitraries.of(true, false))
                .as((p, q, hasQuery) -> hasQuery ? p + "?" + q : p));
    }

    @Provide
    Arbitrary<List<String[]>> headerFields() {
        // a small pool of names so that repeated headers (and names differing only in case) are common
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.of("Host", "X-Request-ID", "Content-Type", "Cache-Control", "cache-control", "PSU-ID", "Accept"),
                Arbitraries.strings().withChars(TOKEN_CHARS).ofMinLength(1).ofMaxLength(12)
                        .filter(n -> !List.of("signature", "authorization", "digest", "content-digest", "date")
                                .contains(n.toLowerCase(Locale.ROOT))));
        Arbitrary<String> value = Arbitraries.strings().withChars(VALUE_CHARS).ofMaxLength(24);
        return Combinators.combine(name, value).as((n, v) -> new String[] {n, v}).list().ofMinSize(1).ofMaxSize(7);
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300));
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(methods(), targets(), headerFields(), bodies(), Arbitraries.longs(), Arbitraries.integers().between(0, 5),
                Arbitraries.of(Carrier.class), Arbitraries.of(true, false))
                .as((method, target, fields, body, seed, keyChoice, carrier, withDigest) -> {
                    HttpRequest.Builder b = HttpRequest.builder(method, target).body(body);
                    for (String[] f : fields) {
                        b.header(f[0], f[1]);
                    }
                    b.header("Date", "Sun, 05 Jan 2014 21:31:40 GMT");
                    if (withDigest) {
                        b.header("Digest", Digests.digestValue(body == null ? new byte[0] : body));
                    }
                    HttpRequest request = b.build();
                    Random random = new Random(seed);
                    List<String> names = new ArrayList<>(request.headers().names());
                    names.add("(request-target)");
                    Collections.shuffle(names, random);
                    List<String> components = new ArrayList<>(names.subList(0, 1 + random.nextInt(names.size())));
                    SignatureAlgorithm[] rsa = {SignatureAlgorithm.RSA_PKCS1_SHA256, SignatureAlgorithm.RSA_PKCS1_SHA512,
                        SignatureAlgorithm.RSA_PSS_SHA512};
                    boolean ec = keyChoice >= 3;
                    SignatureAlgorithm alg = ec ? SignatureAlgorithm.ECDSA_P256_SHA256 : rsa[keyChoice];
                    boolean hs2019 = alg.cavageName().isEmpty() || random.nextBoolean();
                    boolean timed = hs2019 && random.nextInt(3) == 0;
                    return new Case(request, components, ec, alg, hs2019 ? "hs2019" : alg.cavageName().get(), carrier, timed);
                });
    }

    static HttpRequest signed(Case c) {
        CavageSignature sig = c.signer().sign(c.request, NOW);
        return c.request.withHeader(sig.headerName(), sig.headerValue());
    }

    @Property(tries = 100)
    void signedRequestsVerify(@ForAll("cases") Case c) {
        CavageSignature sig = c.signer().sign(c.request, NOW);
        HttpRequest signed = c.request.withHeader(sig.headerName(), sig.headerValue());
        VerificationResult result = c.verifier().verify(signed, NOW);
        assertTrue(result.isValid(), c + " -> " + result + "\n" + sig.signingString());
        assertTrue(!sig.signingString().endsWith("\n"));
        assertEquals(sig.parameters(), SignatureParameters.parse(sig.headerValue()), "format/parse round trip");
    }

    /** Header lines may be reordered in transit except among fields of the same name. */
    @Property(tries = 60)
    void headerFieldOrderAcrossNamesDoesNotMatter(@ForAll("cases") Case c, @ForAll long seed) {
        HttpRequest signed = signed(c);
        List<String> names = new ArrayList<>(signed.headers().names());
        Collections.shuffle(names, new Random(seed));
        Headers reordered = Headers.empty();
        for (String n : names) {
            for (Headers.Field f : signed.headers().fields()) {
                if (f.name().equalsIgnoreCase(n)) {
                    reordered = reordered.with(f.name(), f.value());
                }
            }
        }
        HttpRequest moved = signed.toBuilder().headers(reordered).build();
        assertTrue(c.verifier().verify(moved, NOW).isValid(), c.toString());
    }

    /** Which part a mutation changes; the right failure for each. */
    enum Part { HEADER, TARGET, BODY }

    @Property(tries = 100)
    void oneCharacterChangeToASignedPartFails(@ForAll("cases") Case c, @ForAll long seed) {
        HttpRequest signed = signed(c);
        Random random = new Random(seed);
        List<Part> parts = new ArrayList<>();
        List<Integer> mutableFields = new ArrayList<>();
        List<Headers.Field> fields = signed.headers().fields();
        for (int i = 0; i < fields.size(); i++) {
            String n = fields.get(i).name().toLowerCase(Locale.ROOT);
            if (c.components.contains(n) && !n.equals("digest") && !fields.get(i).value().isEmpty()) {
                mutableFields.add(i);
            }
        }
        if (!mutableFields.isEmpty()) {
            parts.add(Part.HEADER);
        }
        if (c.components.contains("(request-target)")) {
            parts.add(Part.TARGET);
        }
        if (c.components.contains("digest")) {
            parts.add(Part.BODY);
        }
        if (parts.isEmpty()) {
            return; // only (created)/(expires)/date-free empties are signed: nothing to change
        }
        Part part = parts.get(random.nextInt(parts.size()));
        HttpRequest changed;
        Failure expected;
        switch (part) {
            case HEADER: {
                int index = mutableFields.get(random.nextInt(mutableFields.size()));
                Headers h = Headers.empty();
                for (int i = 0; i < fields.size(); i++) {
                    String v = fields.get(i).value();
                    h = h.with(fields.get(i).name(), i == index ? mutate(v, random, "#Zq7") : v);
                }
                changed = signed.toBuilder().headers(h).build();
                expected = Failure.SIGNATURE_MISMATCH;
                break;
            }
            case TARGET: {
                String t = mutate(signed.target(), random, "AZ09");
                HttpRequest.Builder b = HttpRequest.builder(signed.method(), t).headers(signed.headers());
                signed.body().ifPresent(b::body);
                changed = b.build();
                expected = Failure.SIGNATURE_MISMATCH;
                break;
            }
            default: {
                byte[] body = signed.bodyBytesUnsafe().clone();
                if (body.length == 0) {
                    body = new byte[] {(byte) random.nextInt(256)};
                } else {
                    body[random.nextInt(body.length)] ^= (byte) (1 + random.nextInt(255));
                }
                changed = signed.toBuilder().body(body).build();
                expected = Failure.DIGEST_MISMATCH;
            }
        }
        VerificationResult result = c.verifier().verify(changed, NOW);
        assertEquals(expected, result.failure().orElse(null), part + " changed: " + c + " -> " + result);
    }

    /** Replaces one character with a different one from {@code replacements} (never whitespace). */
    static String mutate(String s, Random random, String replacements) {
        int i = random.nextInt(s.length());
        char original = s.charAt(i);
        char r;
        do {
            r = replacements.charAt(random.nextInt(replacements.length()));
        } while (r == original);
        String out = s.substring(0, i) + r + s.substring(i + 1);
        assertNotEquals(s, out);
        return out;
    }

    @Property(tries = 50)
    void changingTheSignedComponentListFails(@ForAll("cases") Case c) {
        HttpRequest signed = signed(c);
        String header = signed.headers().first(c.carrier.headerName()).orElseThrow();
        SignatureParameters p = SignatureParameters.parse(header);
        List<String> headers = new ArrayList<>(new LinkedHashSet<>(p.headers()));
        if (headers.size() < 2) {
            return;
        }
        Collections.reverse(headers);
        String tampered = header.replace("headers=\"" + String.join(" ", p.headers()) + "\"", "headers=\"" + String.join(" ", headers) + "\"");
        HttpRequest changed = signed.toBuilder().removeHeader(c.carrier.headerName()).header(c.carrier.headerName(), tampered).build();
        assertEquals(Failure.SIGNATURE_MISMATCH, c.verifier().verify(changed, NOW).failure().orElse(null), c.toString());
    }
}
