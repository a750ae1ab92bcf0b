package dev.qseal.cli;

import dev.qseal.core.BadInputException;
import dev.qseal.core.MalformedSignatureException;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.Certificates;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.http.internal.BareItem;
import dev.qseal.core.http.internal.InnerList;
import dev.qseal.core.http.internal.Item;
import dev.qseal.core.http.internal.Member;
import dev.qseal.core.rfc9421.MessageSigner;
import dev.qseal.core.rfc9421.MessageVerifier;
import dev.qseal.core.rfc9421.Rfc9421Algorithm;
import dev.qseal.core.http.internal.StructuredFields;
import dev.qseal.core.verify.VerificationResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qseal sign rfc9421} and {@code qseal verify rfc9421}: RFC 9421 HTTP Message Signatures. */
final class Rfc9421Commands {
    private Rfc9421Commands() {
    }

    /** Splits "@method @authority "@query-param";name="a b"" on spaces outside double quotes. */
    static List<String> components(String list) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '"' && (i == 0 || list.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (!quoted && Character.isWhitespace(c)) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new BadInputException("--components has an unclosed double quote");
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    static Rfc9421Algorithm algorithm(String alg) {
        return Rfc9421Algorithm.fromId(alg.trim()).orElseThrow(() -> new BadInputException("unknown --alg '"
                + RequestOptions.clip(alg) + "': use rsa-pss-sha512, rsa-v1_5-sha256, ecdsa-p256-sha256, ecdsa-p384-sha384 or ed25519"));
    }

    /** {@code qseal sign rfc9421}. */
    @Command(name = "rfc9421", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Sign with an RFC 9421 HTTP Message Signature.",
                    "Prints each generated header (Content-Digest and Date when covered and not given with -H),",
                    "then Signature-Input: and, last, Signature:.",
                    "@authority comes from the Host header (or an absolute --target); @scheme/@target-uri use --scheme."})
    static final class Sign implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        KeyOptions keyOptions;

        @Option(names = "--label", paramLabel = "LABEL", defaultValue = "sig1", description = "the signature's label (default sig1)")
        String label;

        @Option(names = "--components", paramLabel = "\"c1 c2 ...\"",
                description = "covered components, in order (default \"@method @authority @path content-digest\"); "
                        + "e.g. @query-param;name=\"id\", \"example-dict\";key=\"a\"")
        String components;

        @Option(names = {"--keyid", "--key-id"}, paramLabel = "ID", description = "the keyid parameter")
        String keyId;

        @Option(names = "--alg", paramLabel = "ALG",
                description = "rsa-pss-sha512 (RSA default), rsa-v1_5-sha256, ecdsa-p256-sha256, ecdsa-p384-sha384, ed25519; also written as the alg parameter")
        String alg;

        @Option(names = "--created", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "write the created parameter (default; --no-created leaves it out)")
        boolean created;

        @Option(names = "--expires-in", paramLabel = "SECONDS", description = "write expires = created + SECONDS")
        Long expiresIn;

        @Option(names = "--nonce", paramLabel = "NONCE", description = "write this nonce parameter (\"random\" for a fresh random one)")
        String nonce;

        @Option(names = "--tag", paramLabel = "TAG", description = "write the tag parameter")
        String tag;

        @Option(names = "--scheme", paramLabel = "https|http", defaultValue = "https", description = "scheme for @scheme and @target-uri (default https)")
        String scheme;

        @Mixin
        RequestOptions request;

        @Override
        public Integer call() {
            HttpRequest httpRequest = request.toRequest();
            MessageSigner.Builder b;
            SigningKey key = keyOptions.open();
            try {
                b = MessageSigner.builder(key).label(label).keyId(keyId).created(created).tag(tag).scheme(scheme);
                if (components != null) {
                    b.components(components(components));
                }
                if (alg != null) {
                    b.algorithm(algorithm(alg)).includeAlg(true);
                }
                if (expiresIn != null) {
                    if (expiresIn <= 0) {
                        throw new BadInputException("--expires-in must be a positive number of seconds");
                    }
                    b.expiresIn(Duration.ofSeconds(expiresIn));
                }
                if (nonce != null) {
                    String n = nonce;
                    b.nonce("random".equals(n) ? MessageSigner::randomNonce : () -> n);
                }
                SignCommand.printAdded(spec, b.clock(ClockOptions.fixed(request)).build().sign(httpRequest));
                return Main.OK;
            } finally {
                key.close();
            }
        }
    }

    /** {@code qseal verify rfc9421}. */
    @Command(name = "rfc9421", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Verify RFC 9421 signatures carried in -H 'Signature-Input: ...' and -H 'Signature: ...'.",
                    "Without --label every signature in the request must verify with the key.",
                    "created/expires are compared with the clock only when --now or --max-skew is given."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        VerifyCommand.VerificationKey key;

        @Option(names = "--label", paramLabel = "LABEL", description = "verify only the signature with this label")
        String label;

        @Mixin
        RequestOptions request;

        @Mixin
        ClockOptions clock;

        @Mixin
        CoverageOptions coverage;

        @Option(names = {"--keyid", "--key-id"}, paramLabel = "ID", description = "the keyid the signature must name")
        String keyId;

        @Option(names = "--alg", paramLabel = "ALG", description = "accept only this algorithm")
        String alg;

        @Option(names = "--scheme", paramLabel = "https|http", defaultValue = "https", description = "scheme for @scheme and @target-uri (default https)")
        String scheme;

        @Override
        public Integer call() {
            HttpRequest httpRequest = request.toRequest();
            MessageVerifier.Builder b = key.cert != null
                    ? MessageVerifier.builder(Certificates.load(key.cert).get(0))
                    : MessageVerifier.builder(Certificates.loadPublicKey(key.publicKey));
            b.scheme(scheme);
            if (label != null) {
                b.label(label);
            }
            clock.applyTo(request, b::ignoreClockAndExpiry, b::maxSkew);
            coverage.applyTo(request, b::allowWeakCoverage, b::noBody, Rfc9421Commands::components, b::requireComponents);
            if (keyId != null) {
                b.expectKeyId(keyId);
            }
            if (alg != null) {
                b.allowedAlgorithms(List.of(algorithm(alg)));
            }
            VerificationResult result = b.clock(clock.fixedAt(request)).build().verify(httpRequest);
            result.orThrow();
            StringBuilder sb = new StringBuilder("Verified: valid\n");
            if (result.digestNotChecked()) {
                sb.append("Digest: not checked\n");
            }
            Map<String, Member> inputs = StructuredFields.parseDictionary(String.join(", ", httpRequest.headers().values("Signature-Input")));
            for (Map.Entry<String, Member> e : inputs.entrySet()) {
                if (label != null && !label.equals(e.getKey()) || !(e.getValue() instanceof InnerList)) {
                    continue;
                }
                InnerList params = (InnerList) e.getValue();
                List<String> covered = new ArrayList<>();
                for (Item i : params.items()) {
                    covered.add(i.serialize());
                }
                sb.append("Label: ").append(e.getKey()).append('\n');
                String kid = params.parameters().get("keyid").map(Verify::text).orElse(null);
                if (kid != null) {
                    sb.append("Key-Id: ").append(kid).append('\n');
                }
                sb.append("Covered-Components: ").append(String.join(" ", covered)).append('\n');
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(sb);
            out.flush();
            return Main.OK;
        }

        private static String text(BareItem i) {
            try {
                return i.asString();
            } catch (MalformedSignatureException e) {
                return i.serialize();
            }
        }
    }
}
