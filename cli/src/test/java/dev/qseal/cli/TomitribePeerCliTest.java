package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.cavage.SignatureParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.tomitribe.auth.signatures.Signature;
import org.tomitribe.auth.signatures.Signer;
import org.tomitribe.auth.signatures.Verifier;

/**
 * The CLI against another draft-cavage implementation (tomitribe http-signatures) on random
 * requests: tomitribe verifies what {@code qseal sign cavage} prints, and {@code qseal verify cavage}
 * accepts what tomitribe signs.
 */
class TomitribePeerCliTest {
    static KeyPair keys;
    static Path dir;
    static Path keyFile;
    static Path publicKeyFile;

    @BeforeContainer
    static void makeKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
        dir = Files.createTempDirectory("qseal-peer");
        keyFile = dir.resolve("key.pem");
        publicKeyFile = dir.resolve("pub.pem");
        writePem(keyFile, new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null));
        writePem(publicKeyFile, keys.getPublic());
    }

    private static void writePem(Path p, Object o) throws IOException {
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(p))) {
            w.writeObject(o);
        }
    }

    /** A random request: method, target with a raw query, and distinct headers in random order. */
    static final class Req {
        final String method;
        final String target;
        final Map<String, String> headers;

        Req(String method, String target, Map<String, String> headers) {
            this.method = method;
            this.target = target;
            this.headers = headers;
        }

        @Override
        public String toString() {
            return method + " " + target + " " + headers;
        }
    }

    @Provide
    Arbitrary<Req> requests() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH");
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcxyz0129-_.~%2F").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(4).map(l -> "/" + String.join("/", l));
        Arbitrary<String> query = Arbitraries.strings().withChars("abz09=&%+-_.").ofMaxLength(20).map(q -> q.isEmpty() ? "" : "?" + q);
        Arbitrary<String> name = Arbitraries.strings().withChars("abcdefghxyz-").ofMinLength(1).ofMaxLength(10)
                .filter(n -> !n.startsWith("-")).map(n -> "x-" + n);
        Arbitrary<String> value = Arbitraries.strings().withChars("abcXYZ 0189:/=+;,.\"'()").ofMaxLength(30).map(String::trim)
                .filter(v -> !v.isEmpty());
        Arbitrary<Map<String, String>> headers = Arbitraries.maps(name, value).ofMinSize(1).ofMaxSize(5);
        return Combinators.combine(method, path, query, headers).as((m, p, q, h) -> {
            Map<String, String> all = new LinkedHashMap<>(h);
            all.put("Date", "Tue, 07 Jun 2014 20:51:35 GMT");
            return new Req(m, p + q, all);
        });
    }

    private static List<String> headerArgs(Map<String, String> headers) {
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            args.add("-H");
            args.add(e.getKey() + ": " + e.getValue());
        }
        return args;
    }

    private static List<String> signedNames(Req r) {
        List<String> names = new ArrayList<>();
        names.add("(request-target)");
        for (String h : r.headers.keySet()) {
            names.add(h.toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }

    @Property(tries = 40)
    void tomitribeVerifiesWhatTheCliSigns(@ForAll("requests") Req r) throws Exception {
        List<String> args = new ArrayList<>(List.of("sign", "cavage", "--key", "file:" + keyFile, "--key-id", "peer-key",
                "--headers", String.join(" ", signedNames(r)), "--method", r.method, "--target", r.target));
        args.addAll(headerArgs(r.headers));
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.code, run.toString());
        String line = run.out.trim();
        assertTrue(line.startsWith("Signature: "), line);
        Signature theirs = Signature.fromString(line.substring("Signature: ".length()));
        assertTrue(new Verifier(keys.getPublic(), theirs).verify(r.method, r.target, r.headers), r + " / " + line);
    }

    @Property(tries = 40)
    void theCliVerifiesWhatTomitribeSigns(@ForAll("requests") Req r) throws Exception {
        Signature template = new Signature("peer-key", "rsa-sha256", null, signedNames(r));
        Signature signed = new Signer(keys.getPrivate(), template).sign(r.method, r.target, r.headers);
        String headerValue = signed.toString(); // "Signature keyId=...": the Authorization form
        assertTrue(headerValue.startsWith("Signature "), headerValue);

        List<String> args = new ArrayList<>(List.of("verify", "cavage", "--public-key", publicKeyFile.toString(),
                "--method", r.method, "--target", r.target));
        args.addAll(headerArgs(r.headers));
        args.add("-H");
        args.add("Authorization: " + headerValue);
        CliRun ok = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, ok.code, r + "\n" + ok);

        // the same signature on another target must fail with exit 1
        args.set(args.indexOf("--target") + 1, r.target + (r.target.contains("?") ? "&" : "?") + "tampered=1");
        CliRun bad = CliRun.of(args.toArray(new String[0]));
        assertEquals(1, bad.code, bad.toString());
        // the parameters tomitribe wrote parse as ours
        assertEquals("peer-key", SignatureParameters.parse(headerValue).keyId());
    }
}
