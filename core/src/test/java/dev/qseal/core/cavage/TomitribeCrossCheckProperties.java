package dev.qseal.core.cavage;

import dev.qseal.core.cavage.internal.SigningString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.TestKeys;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.tomitribe.auth.signatures.Algorithm;
import org.tomitribe.auth.signatures.MissingRequiredHeaderException;
import org.tomitribe.auth.signatures.SigningAlgorithm;

/**
 * Cross-checks with tomitribe-http-signatures 1.8: it verifies our signatures and we verify its, on generated
 * requests. Its canonicalisation differs from draft-cavage §2.3 in ways the generator avoids and the tests at the
 * end pin down (so a change in either library shows up):
 * <ul>
 *   <li>header values are not trimmed (the draft and qseal trim);</li>
 *   <li>headers are a {@code Map<String, String>}: a repeated header must be pre-joined with ", " by the caller;</li>
 *   <li>{@code expires} is written with a millisecond fraction ({@code expires=1795319467.741}) and signed that way
 *       (draft-12 allows it; qseal signs and verifies the text as written);</li>
 *   <li>{@code created}/{@code expires} are formatted with the default locale (Arabic-Indic digits under ar-EG);</li>
 *   <li>header names are lower-cased with the default locale (under tr-TR "X-Request-ID" becomes "x-request-ıd").</li>
 * </ul>
 */
class TomitribeCrossCheckProperties {
    static final KeyPair RSA = CavageRoundTripProperties.RSA;
    static final KeyPair EC = CavageRoundTripProperties.EC;
    static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    static final String VALUE_CHARS = "abcXYZ0189 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~é€";

    /** A request tomitribe can represent: distinct header names, trimmed values. */
    static final class Req {
        final String method;
        final String target;
        final Map<String, String> headers;
        final List<String> components;
        final String algorithm;
        final byte[] body;

        Req(String method, String target, Map<String, String> headers, List<String> components, String algorithm, byte[] body) {
            this.body = body;
            this.method = method;
            this.target = target;
            this.headers = headers;
            this.components = components;
            this.algorithm = algorithm;
        }

        HttpRequest toHttpRequest() {
            HttpRequest.Builder b = HttpRequest.builder(method, target);
            headers.forEach(b::header);
            return b.body(body).build();
        }

        boolean ec() {
            return algorithm.startsWith("ecdsa");
        }

        @Override
        public String toString() {
            return method + " " + target + " " + headers + " " + components + " " + algorithm;
        }
    }

    @Provide
    Arbitrary<Req> requests() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "patch");
        Arbitrary<String> target = Arbitraries.strings().withChars("abc019-._~%!$&'()*+,;=:@/?").ofMaxLength(30).map(s -> "/" + s);
        Arbitrary<String> name = Arbitraries.of("Host", "Date", "X-Request-ID", "Content-Type", "PSU-ID", "TPP-Redirect-URI", "Accept", "X-Custom");
        Arbitrary<String> value = Arbitraries.strings().withChars(VALUE_CHARS).ofMaxLength(30).map(String::strip);
        Arbitrary<Map<String, String>> headers = Arbitraries.maps(name, value).ofMinSize(1).ofMaxSize(6)
                .map(LinkedHashMap::new);
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(100);
        return Combinators.combine(method, target, headers, body, Arbitraries.longs(), Arbitraries.of("rsa-sha256", "rsa-sha512", "ecdsa-sha256"))
                .as((m, t, h, bd, seed, alg) -> {
                    Map<String, String> all = new LinkedHashMap<>(h);
                    all.put("Digest", Digests.digestValue(bd));
                    Random random = new Random(seed);
                    List<String> names = new ArrayList<>();
                    all.keySet().forEach(k -> names.add(k.toLowerCase(Locale.ROOT)));
                    names.add("(request-target)");
                    Collections.shuffle(names, random);
                    return new Req(m, t, all, List.copyOf(names.subList(0, 1 + random.nextInt(names.size()))), alg, bd);
                });
    }

    static SignatureAlgorithm ours(String cavageName) {
        return SignatureAlgorithm.fromCavage(cavageName).orElseThrow();
    }

    @Property(tries = 60)
    void tomitribeVerifiesOurSignatures(@ForAll("requests") Req r, @ForAll Carrier carrier) throws Exception {
        SigningKey key = TestKeys.signingKey("k", r.ec() ? EC : RSA);
        CavageSignature sig = CavageSigner.builder(key).keyId("qseal").algorithm(ours(r.algorithm)).carrier(carrier)
                .headers(r.components).build().sign(r.toHttpRequest(), NOW);

        org.tomitribe.auth.signatures.Signature theirs = org.tomitribe.auth.signatures.Signature.fromString(sig.headerValue());
        org.tomitribe.auth.signatures.Verifier verifier = new org.tomitribe.auth.signatures.Verifier((r.ec() ? EC : RSA).getPublic(), theirs);
        assertEquals(sig.signingString(), verifier.createSigningString(r.method, r.target, r.headers), r.toString());
        assertTrue(verifier.verify(r.method, r.target, r.headers), r.toString());
    }

    @Property(tries = 60)
    void weVerifyTomitribeSignatures(@ForAll("requests") Req r) throws Exception {
        org.tomitribe.auth.signatures.Signature template = new org.tomitribe.auth.signatures.Signature("tomitribe", r.algorithm, null, r.components);
        org.tomitribe.auth.signatures.Signature signed = new org.tomitribe.auth.signatures.Signer(
                (r.ec() ? EC : RSA).getPrivate(), template).sign(r.method, r.target, r.headers);

        HttpRequest request = r.toHttpRequest();
        CavageVerifier verifier = CavageVerifier.builder((r.ec() ? EC : RSA).getPublic()).allowWeakCoverage().ignoreClock().build();
        VerificationResult asAuthorization = verifier.verify(request.withHeader("Authorization", signed.toString()), NOW);
        VerificationResult asSignature = verifier.verify(request.withHeader("Signature", signed.toParamString()), NOW);
        assertTrue(asAuthorization.isValid(), r + " -> " + asAuthorization);
        assertTrue(asSignature.isValid(), r + " -> " + asSignature);
    }

    // ---- documented differences (pinned so that a change in either library is noticed) ----

    @Test
    void quirkTomitribeDoesNotTrimHeaderValues() throws Exception {
        Map<String, String> headers = Map.of("X-Pad", "  padded  ");
        org.tomitribe.auth.signatures.Signature template = new org.tomitribe.auth.signatures.Signature("t", "rsa-sha256", null, List.of("x-pad"));
        org.tomitribe.auth.signatures.Signer signer = new org.tomitribe.auth.signatures.Signer(RSA.getPrivate(), template);
        assertEquals("x-pad:   padded  ", signer.createSigningString("GET", "/", headers));
        HttpRequest request = HttpRequest.builder("GET", "/").header("X-Pad", "  padded  ").build();
        assertEquals("x-pad: padded", SigningString.build(request, List.of("x-pad"), null, null));

        VerificationResult result = CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().build()
                .verify(request.withHeader("Signature", signer.sign("GET", "/", headers).toParamString()), NOW);
        assertEquals(Failure.SIGNATURE_MISMATCH, result.failure().orElseThrow());
    }

    @Test
    void quirkRepeatedHeadersMustBePreJoinedForTomitribe() throws Exception {
        HttpRequest request = HttpRequest.builder("GET", "/").header("Cache-Control", "max-age=60").header("Cache-Control", "must-revalidate").build();
        CavageSignature sig = CavageSigner.builder(TestKeys.signingKey("k", RSA)).keyId("k").headers("cache-control").build().sign(request, NOW);
        org.tomitribe.auth.signatures.Verifier v = new org.tomitribe.auth.signatures.Verifier(RSA.getPublic(),
                org.tomitribe.auth.signatures.Signature.fromString(sig.headerValue()));
        assertTrue(v.verify("GET", "/", Map.of("Cache-Control", "max-age=60, must-revalidate")));
        assertFalse(v.verify("GET", "/", Map.of("Cache-Control", "must-revalidate")));
    }

    @Test
    void tomitribeSignsExpiresWithAMillisecondFractionAndQsealVerifiesIt() throws Exception {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ROOT); // avoid the locale quirk below
            Map<String, String> headers = Map.of("Date", "Fri, 01 Mar 2024 12:00:00 GMT");
            org.tomitribe.auth.signatures.Signature template = new org.tomitribe.auth.signatures.Signature("t", SigningAlgorithm.HS2019,
                    Algorithm.RSA_SHA256, null, null, List.of("(created)", "(expires)", "date"), 300_123L);
            org.tomitribe.auth.signatures.Signature signed = new org.tomitribe.auth.signatures.Signer(RSA.getPrivate(), template)
                    .sign("GET", "/", headers);
            String header = signed.toParamString();
            assertTrue(header.matches(".*expires=[0-9]+\\.[0-9]{3},.*"), header);

            // draft-12 allows a decimal expires and (expires) signs the parameter text as written: qseal keeps
            // that text, so a tomitribe signature over (expires) verifies
            HttpRequest request = HttpRequest.builder("GET", "/").header("Date", headers.get("Date")).build().withHeader("Signature", header);
            Instant when = Instant.ofEpochMilli(signed.getSignatureCreationTimeMilliseconds());
            VerificationResult result = CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().ignoreClock().build().verify(request, when);
            assertTrue(result.isValid(), result.toString());
            // and the decimal text is what was signed: rounding it breaks the signature
            String rounded = header.replaceAll("expires=([0-9]+)\\.[0-9]+", "expires=$1");
            HttpRequest roundedRequest = HttpRequest.builder("GET", "/").header("Date", headers.get("Date")).build().withHeader("Signature", rounded);
            assertEquals(Failure.SIGNATURE_MISMATCH, CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().ignoreClock().build()
                    .verify(roundedRequest, when).failure().orElse(null));

            // without (expires) in the signed list, tomitribe's created/expires parameters are read fine
            org.tomitribe.auth.signatures.Signature createdOnly = new org.tomitribe.auth.signatures.Signer(RSA.getPrivate(),
                    new org.tomitribe.auth.signatures.Signature("t", SigningAlgorithm.HS2019, Algorithm.RSA_SHA256, null, null,
                            List.of("(created)", "date"), 300_123L)).sign("GET", "/", headers);
            HttpRequest ok = HttpRequest.builder("GET", "/").header("Date", headers.get("Date")).build()
                    .withHeader("Signature", createdOnly.toParamString());
            VerificationResult okResult = CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().ignoreClock().build()
                    .verify(ok, Instant.ofEpochMilli(createdOnly.getSignatureCreationTimeMilliseconds()));
            assertTrue(okResult.isValid(), okResult.toString());
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void quirkTomitribeFormatsCreatedWithTheDefaultLocale() throws Exception {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(new Locale("ar", "EG"));
            org.tomitribe.auth.signatures.Signature signed = new org.tomitribe.auth.signatures.Signer(RSA.getPrivate(),
                    new org.tomitribe.auth.signatures.Signature("t", SigningAlgorithm.HS2019, Algorithm.RSA_SHA256, null, null,
                            List.of("(created)"), 300_000L)).sign("GET", "/", Map.of());
            String header = signed.toParamString();
            assertFalse(header.chars().allMatch(c -> c < 128), "tomitribe wrote non-ASCII digits: " + header);
            // qseal refuses such a header as malformed rather than misreading it
            VerificationResult r = CavageVerifier.builder(RSA.getPublic()).allowWeakCoverage().ignoreClock().build()
                    .verify(HttpRequest.builder("GET", "/").build().withHeader("Signature", header), NOW);
            assertEquals(Failure.MALFORMED_SIGNATURE, r.failure().orElse(null), r.toString());
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void quirkTomitribeLowerCasesHeaderNamesWithTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(new Locale("tr", "TR"));
            org.tomitribe.auth.signatures.Signer signer = new org.tomitribe.auth.signatures.Signer(RSA.getPrivate(),
                    new org.tomitribe.auth.signatures.Signature("t", "rsa-sha256", null, List.of("x-request-id")));
            assertThrows(MissingRequiredHeaderException.class, () -> signer.sign("GET", "/", Map.of("X-Request-ID", "1")));
            // qseal is locale-proof here
            HttpRequest request = HttpRequest.builder("GET", "/").header("X-Request-ID", "1").build();
            assertNotEquals("", SigningString.build(request, List.of("x-request-id"), null, null));
            assertEquals("x-request-id: 1", CavageSigner.builder(TestKeys.signingKey("k", RSA)).keyId("k").headers("X-Request-ID")
                    .build().sign(request, NOW).signingString());
        } finally {
            Locale.setDefault(saved);
        }
    }
}
