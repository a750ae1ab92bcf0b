package dev.qseal.cli;

import dev.qseal.core.BadInputException;
import dev.qseal.core.VerificationException;
import dev.qseal.core.cavage.CavageVerifier;
import dev.qseal.core.cavage.SignatureParameters;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.Certificates;
import dev.qseal.core.verify.VerificationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qseal verify ...}: verify a signed request; exit 1 with the diagnosis when it fails. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify a signed request (exit 1 with the reason if it fails).",
        subcommands = {VerifyCommand.Cavage.class})
final class VerifyCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a format: cavage");
    }

    /** Where the verification key comes from. */
    static final class VerificationKey {
        @Option(names = "--cert", required = true, paramLabel = "CERTREF", description = "the signer's certificate (PEM or DER)")
        Path cert;

        @Option(names = "--public-key", required = true, paramLabel = "F", description = "the signer's public key (PEM)")
        Path publicKey;
    }

    /** {@code qseal verify cavage}. */
    @Command(name = "cavage", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Verify a draft-cavage signature carried in -H 'Signature: ...' or -H 'Authorization: Signature ...'.",
                    "Times are compared with the clock only when --now or --max-skew is given; expires is then enforced too."})
    static final class Cavage implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        VerificationKey key;

        @Mixin
        RequestOptions request;

        @Option(names = "--max-skew", paramLabel = "SECONDS", description = "allowed distance of Date/created from now (default 300 when --now is given)")
        Long maxSkew;

        @Option(names = "--require", paramLabel = "\"h1 h2 ...\"", description = "components the signature must cover")
        String require;

        @Option(names = "--key-id", paramLabel = "ID", description = "the keyId the signature must name")
        String keyId;

        @Override
        public Integer call() {
            HttpRequest httpRequest = request.toRequest();
            CavageVerifier.Builder b;
            if (key.cert != null) {
                List<X509Certificate> chain = Certificates.load(key.cert);
                b = CavageVerifier.builder(chain.get(0));
            } else {
                b = CavageVerifier.builder(Certificates.loadPublicKey(key.publicKey));
            }
            if (maxSkew != null && maxSkew < 0) {
                throw new BadInputException("--max-skew must not be negative");
            }
            if (request.now == null && maxSkew == null) {
                b.ignoreClockAndExpiry();
            } else if (maxSkew != null) {
                b.maxSkew(Duration.ofSeconds(maxSkew));
            }
            if (require != null && !require.isBlank()) {
                b.requireSigned(require.trim().split("\\s+"));
            }
            if (keyId != null) {
                b.expectKeyId(keyId);
            }
            VerificationResult result = b.build().verify(httpRequest, request.clock());
            if (!result.isValid()) {
                throw new VerificationException(result.failure().get() + ": " + result.message());
            }
            SignatureParameters params = signatureParameters(httpRequest);
            PrintWriter out = spec.commandLine().getOut();
            out.print("Verified: valid\n");
            out.print("Key-Id: " + params.keyId() + "\n");
            out.print("Signed-Headers: " + String.join(" ", params.headers()) + "\n");
            out.flush();
            return Main.OK;
        }

        private static SignatureParameters signatureParameters(HttpRequest r) {
            String v = r.headers().first("Signature").orElseGet(() -> r.headers().values("Authorization").stream()
                    .filter(a -> a.trim().regionMatches(true, 0, "Signature ", 0, 10)).findFirst().orElseThrow());
            return SignatureParameters.parse(v);
        }
    }
}
