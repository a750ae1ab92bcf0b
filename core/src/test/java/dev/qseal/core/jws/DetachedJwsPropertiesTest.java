package dev.qseal.core.jws;

import dev.qseal.core.jws.internal.Base64Url;
import dev.qseal.core.jws.internal.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.verify.VerificationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Round trips, single-byte changes and parser robustness over generated requests. */
class DetachedJwsPropertiesTest {
    static final Instant NOW = Instant.parse("2024-02-29T23:59:59Z");

    static final class Case {
        final HttpRequest request;
        final List<String> pars;
        final SignatureAlgorithm alg;

        Case(HttpRequest request, List<String> pars, SignatureAlgorithm alg) {
            this.request = request;
            this.pars = pars;
            this.alg = alg;
        }

        SoftwareSigningKey key() {
            return JwsTestKeys.get(alg.keyType() == KeyType.RSA ? "rsa" : "ec" + alg.keyType().fieldBits());
        }

        @Override
        public String toString() {
            return alg.joseName().orElseThrow() + " " + request + " pars=" + pars + "\n" + request.headers();
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE");
        Arbitrary<String> target = Arbitraries.strings().withChars("abcXYZ019-._~%/?=&+").ofMaxLength(40).map(s -> "/" + s);
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30);
        Arbitrary<List<String>> values = value.list().ofSize(4);
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<SignatureAlgorithm> alg = Arbitraries.of(SignatureAlgorithm.RSA_PSS_SHA256, SignatureAlgorithm.RSA_PSS_SHA512,
                SignatureAlgorithm.RSA_PKCS1_SHA256, SignatureAlgorithm.ECDSA_P256_SHA256_RAW, SignatureAlgorithm.ECDSA_P384_SHA384_RAW);
        Arbitrary<List<String>> extra = Arbitraries.of("content-type", "x-request-id", "date", "psu-ip-address").list().uniqueElements().ofMaxSize(4);
        return Combinators.combine(method, target, values, body, alg, extra).as((m, t, v, b, a, ex) -> {
            HttpRequest.Builder rb = HttpRequest.builder(m, t).header("Digest", Digests.digestValue(b)).body(b);
            List<String> names = List.of("Content-Type", "X-Request-ID", "Date", "PSU-IP-Address");
            for (int i = 0; i < names.size(); i++) {
                rb.header(names.get(i), v.get(i));
            }
            List<String> pars = new ArrayList<>();
            pars.add("(request-target)");
            pars.add("digest");
            pars.addAll(ex);
            java.util.Collections.rotate(pars, ex.size() % pars.size());
            return new Case(rb.build(), pars, a);
        });
    }

    static DetachedJwsVerifier verifier(Case c) {
        return DetachedJwsVerifier.builder(c.key().certificate().orElseThrow()).build();
    }

    static DetachedJws sign(Case c) {
        return DetachedJwsSigner.builder(c.key()).algorithm(c.alg).signedHeaders(c.pars).build().sign(c.request, NOW);
    }

    @Property(tries = 60)
    void signThenVerifyRoundTrips(@ForAll("cases") Case c) {
        DetachedJws jws = sign(c);
        VerificationResult r = verifier(c).verify(c.request, jws.compact(), NOW.plusSeconds(5));
        assertTrue(r.isValid(), c + " -> " + r);
        assertEquals(jws.compact(), DetachedJws.parse(jws.compact()).compact());
    }

    @Property(tries = 60)
    void anySingleCharacterChangeOfTheJwsFails(@ForAll("cases") Case c, @ForAll @IntRange(min = 0, max = 100_000) int where,
            @ForAll @IntRange(min = 1, max = 63) int delta) {
        String compact = sign(c).compact();
        int i = where % compact.length();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        int pos = alphabet.indexOf(compact.charAt(i));
        char replacement = alphabet.charAt((pos + delta) % alphabet.length());
        String changed = compact.substring(0, i) + replacement + compact.substring(i + 1);
        VerificationResult r = verifier(c).verify(c.request, changed, NOW);
        assertFalse(r.isValid(), "changed char " + i + " of " + compact);
    }

    @Property(tries = 60)
    void anySingleByteChangeOfASignedComponentFails(@ForAll("cases") Case c, @ForAll @IntRange(min = 0, max = 10_000) int which,
            @ForAll @IntRange(min = 0, max = 1000) int where) {
        String compact = sign(c).compact();
        String component = c.pars.get(which % c.pars.size());
        HttpRequest changed;
        if (component.equals("(request-target)")) {
            String t = c.request.target();
            int i = where % t.length();
            String nt = t.substring(0, i) + (t.charAt(i) == 'a' ? 'b' : 'a') + t.substring(i + 1);
            changed = HttpRequest.builder(c.request.method(), nt).headers(c.request.headers()).body(c.request.bodyBytesUnsafe()).build();
        } else if (component.equals("digest")) {
            byte[] body = c.request.bodyBytesUnsafe().clone();
            if (body.length == 0) {
                body = new byte[] {1};
            } else {
                body[where % body.length] ^= 0x01;
            }
            changed = c.request.toBuilder().body(body).build();
        } else {
            String v = c.request.headers().first(component).orElseThrow();
            String nv = v.strip().isEmpty() ? "x" : v.strip().substring(1) + (v.strip().charAt(0) == 'q' ? 'r' : 'q');
            changed = c.request.toBuilder().removeHeader(component).header(component, nv).build();
            if (SigningLine.of(changed, component).equals(SigningLine.of(c.request, component))) {
                return;
            }
        }
        assertFalse(verifier(c).verify(changed, compact, NOW).isValid(), component + " changed");
    }

    /** The canonical value of one signed header. */
    static final class SigningLine {
        static String of(HttpRequest r, String name) {
            return dev.qseal.core.cavage.internal.SigningString.build(r, List.of(name), null, null);
        }
    }

    @Property(tries = 300)
    void parserThrowsOnlyMalformedSignatureException(@ForAll("junk") String text) {
        try {
            DetachedJws.parse(text);
        } catch (MalformedSignatureException expected) {
            // the documented failure
        }
        try {
            Json.parseObject(text);
        } catch (MalformedSignatureException expected) {
            // the documented failure
        }
        VerificationResult r = DetachedJwsVerifier.builder(JwsTestKeys.rsa().certificate().orElseThrow()).build()
                .verify(DetachedJwsSignerTest.ingRequest(), text, NOW);
        assertFalse(r.isValid());
    }

    @Provide
    Arbitrary<String> junk() {
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("{}[]\":,.-0123456789eEtrufalsn \\u\t\n").ofMaxLength(80);
        Arbitrary<String> encodedJson = jsonish.map(s -> Base64Url.encode(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "..AAAA");
        Arbitrary<String> parts = Arbitraries.strings().withChars("AZaz09-_.=+/").ofMaxLength(60);
        return Arbitraries.oneOf(any, jsonish, encodedJson, parts);
    }
}
