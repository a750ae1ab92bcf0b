package dev.qseal.core.rfc9421;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Sign → verify round trips over generated requests, components and every algorithm; any covered change fails. */
class RoundTripProperties {
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final Map<Rfc9421Algorithm, Object[]> KEYS = keys();

    private static Map<Rfc9421Algorithm, Object[]> keys() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KeyPair r = rsa.generateKeyPair();
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair p256 = ec.generateKeyPair();
            ec.initialize(new ECGenParameterSpec("secp384r1"));
            KeyPair p384 = ec.generateKeyPair();
            KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            HmacKey hmac = Rfc9421Vectors.sharedSecret();
            return Map.of(
                    Rfc9421Algorithm.RSA_PSS_SHA512, pair(r),
                    Rfc9421Algorithm.RSA_V1_5_SHA256, pair(r),
                    Rfc9421Algorithm.ECDSA_P256_SHA256, pair(p256),
                    Rfc9421Algorithm.ECDSA_P384_SHA384, pair(p384),
                    Rfc9421Algorithm.ED25519, pair(ed),
                    Rfc9421Algorithm.HMAC_SHA256, new Object[] {hmac, hmac});
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object[] pair(KeyPair kp) {
        SigningKey k = new SoftwareSigningKey("generated", kp.getPrivate(), kp.getPublic(), List.of());
        return new Object[] {k, kp.getPublic()};
    }

    /** A generated request and the components a signer covers on it. */
    record Case(HttpRequest request, List<String> components) {
        @Override
        public String toString() {
            return request + " " + request.headers().fields() + " covering " + components;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH");
        Arbitrary<String> path = word.list().ofMinSize(1).ofMaxSize(3).map(l -> "/" + String.join("/", l));
        Arbitrary<String> query = Combinators.combine(word, word).as((k, v) -> k + "=" + v).list().ofMaxSize(3).uniqueElements(
                s -> s.substring(0, s.indexOf('='))).map(l -> l.isEmpty() ? "" : "?" + String.join("&", l));
        Arbitrary<String> value = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20);
        Arbitrary<List<String[]>> headers = Combinators.combine(Arbitraries.of("x-a", "x-b", "x-request-id", "accept", "date"), value)
                .as((n, v) -> new String[] {n, v}).list().ofMaxSize(5);
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Combinators.combine(method, path, query, headers, body, word, Arbitraries.integers().between(0, 1 << 12))
                .as((m, p, q, hs, b, host, mask) -> {
                    HttpRequest.Builder rb = HttpRequest.builder(m, p + q).header("Host", host + ".example").body(b);
                    List<String> available = new ArrayList<>(List.of("@method", "@authority", "@path", "@query",
                            "@target-uri", "@request-target", "@scheme", "content-digest"));
                    for (String[] h : hs) {
                        rb.header(h[0], h[1]);
                        if (!available.contains(h[0])) {
                            available.add(h[0]);
                        }
                    }
                    if (!q.isEmpty()) {
                        available.add("@query-param;name=\"" + q.substring(1, q.indexOf('=')) + "\"");
                    }
                    List<String> covered = new ArrayList<>();
                    for (int i = 0; i < available.size(); i++) {
                        if ((mask >> (i % 12) & 1) == 1 || covered.isEmpty() && i == available.size() - 1) {
                            covered.add(available.get(i));
                        }
                    }
                    return new Case(rb.build(), covered);
                });
    }

    private static MessageSigner signer(Rfc9421Algorithm alg, List<String> components) {
        Object k = KEYS.get(alg)[0];
        MessageSigner.Builder b = k instanceof HmacKey ? MessageSigner.builder((HmacKey) k) : MessageSigner.builder((SigningKey) k);
        return b.algorithm(alg).includeAlg(true).keyId("k").components(components).build();
    }

    private static MessageVerifier verifier(Rfc9421Algorithm alg) {
        Object k = KEYS.get(alg)[1];
        return (k instanceof HmacKey ? MessageVerifier.builder((HmacKey) k).allowWeakCoverage() : MessageVerifier.builder((java.security.PublicKey) k).allowWeakCoverage()).build();
    }

    @Property(tries = 150)
    void signedRequestsVerify(@ForAll("cases") Case c, @ForAll Rfc9421Algorithm alg) {
        HttpRequest signed = signer(alg, c.components()).sign(c.request(), NOW).applyTo(c.request());
        VerificationResult r = verifier(alg).verify(signed, NOW);
        assertTrue(r.isValid(), r.toString());
    }

    @Property(tries = 150)
    void aOneCharacterChangeToAnyCoveredComponentFails(@ForAll("cases") Case c, @ForAll Rfc9421Algorithm alg,
            @ForAll("indexes") int pick, @ForAll("indexes") int position) {
        HttpRequest signed = signer(alg, c.components()).sign(c.request(), NOW).applyTo(c.request());
        String component = c.components().get(Math.floorMod(pick, c.components().size()));
        HttpRequest tampered = tamper(signed, component, position);
        VerificationResult r = verifier(alg).verify(tampered, NOW);
        assertFalse(r.isValid(), "changing " + component + " went unnoticed");
        Failure f = r.failure().get();
        // a changed @query-param name leaves the covered parameter missing: also a failure that names the cause
        assertTrue(f == Failure.SIGNATURE_MISMATCH || f == Failure.DIGEST_MISMATCH || f == Failure.MISSING_HEADER, r.toString());
    }

    @Property(tries = 60)
    void aChangedSignatureByteFails(@ForAll("cases") Case c, @ForAll Rfc9421Algorithm alg, @ForAll("indexes") int position) {
        MessageSignature sig = signer(alg, c.components()).sign(c.request(), NOW);
        byte[] bytes = sig.signature();
        bytes[Math.floorMod(position, bytes.length)] ^= 0x01;
        HttpRequest sent = sig.applyTo(c.request()).toBuilder().removeHeader("Signature")
                .header("Signature", sig.label() + "=:" + java.util.Base64.getEncoder().encodeToString(bytes) + ":").build();
        assertEquals(Failure.SIGNATURE_MISMATCH, verifier(alg).verify(sent, NOW).failure().orElseThrow());
    }

    @Provide
    Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 1000);
    }

    /** Changes one character (one byte) of what the component is computed from. */
    private static HttpRequest tamper(HttpRequest r, String component, int position) {
        String target = r.target();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        switch (component) {
            case "@method":
                return HttpRequest.builder(r.method().equals("GET") ? "HEAD" : "GET", target).headers(r.headers())
                        .body(r.bodyBytesUnsafe()).build();
            case "@path":
                return retarget(r, flip(path, 1 + Math.floorMod(position, path.length() - 1)) + target.substring(path.length()));
            case "@query":
                if (q < 0) {
                    return retarget(r, target + "?x"); // "/a" and "/a?" both have @query "?" (RFC 9421 §2.2.7)
                }
                return retarget(r, path + "?" + flip(target.substring(q + 1), Math.floorMod(position, target.length() - q - 1)));
            case "@target-uri":
            case "@request-target":
                return retarget(r, flip(path, 1 + Math.floorMod(position, path.length() - 1)) + target.substring(path.length()));
            case "@scheme":
                return retarget(r, "http://" + r.headers().first("Host").get() + target);
            case "@authority":
                String host = r.headers().first("Host").get();
                return r.toBuilder().removeHeader("Host").header("Host", flip(host, Math.floorMod(position, host.length()))).build();
            case "content-digest":
                byte[] body = r.bodyBytesUnsafe();
                if (body.length == 0) {
                    return r.toBuilder().body(new byte[] {0}).build();
                }
                byte[] b = body.clone();
                b[Math.floorMod(position, b.length)] ^= 0x01;
                return r.toBuilder().body(b).build();
            default:
                if (component.startsWith("@query-param")) {
                    int eq = target.indexOf('=', q);
                    return retarget(r, target.substring(0, eq + 1) + "z" + target.substring(eq + 1));
                }
                List<String> values = r.headers().values(component);
                int which = Math.floorMod(position, values.size());
                String v = values.get(which);
                Headers h = r.headers().without(component);
                for (int i = 0; i < values.size(); i++) {
                    h = h.with(component, i == which ? flip(v, Math.floorMod(position, v.length())) : values.get(i));
                }
                return r.toBuilder().headers(h).build();
        }
    }

    private static HttpRequest retarget(HttpRequest r, String target) {
        return HttpRequest.builder(r.method(), target).headers(r.headers()).body(r.bodyBytesUnsafe()).build();
    }

    /** Replaces the character at {@code i} with another letter or digit of the same case class, never equal. */
    private static String flip(String s, int i) {
        char c = s.charAt(i);
        char n = c == 'a' ? 'b' : (Character.isLetterOrDigit(c) && Character.isLowerCase(c)) ? 'a' : c == '0' ? '1' : c == 'x' ? 'y' : '0';
        if (n == c) {
            n = n == '0' ? '1' : 'q';
        }
        return s.substring(0, i) + n + s.substring(i + 1);
    }
}
