package dev.qseal.cli;

import dev.qseal.core.cavage.CavageVerifier;
import dev.qseal.core.cavage.SignatureParameters;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.jws.DetachedJws;
import dev.qseal.core.jws.DetachedJwsVerifier;
import dev.qseal.core.key.Certificates;
import dev.qseal.core.verify.VerificationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
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
        subcommands = {VerifyCommand.Cavage.class, VerifyCommand.Jws.class, Rfc9421Commands.Verify.class})
final class VerifyCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a format: cavage, jws or rfc9421");
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

        @Mixin
        ClockOptions clock;

        @Mixin
        CoverageOptions coverage;

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
            clock.applyTo(request, b::ignoreClockAndExpiry, b::maxSkew);
            coverage.applyTo(request, b::allowWeakCoverage, b::noBody, CoverageOptions::words,
                    list -> b.requireSigned(list.toArray(new String[0])));
            if (keyId != null) {
                b.expectKeyId(keyId);
            }
            VerificationResult result = b.clock(clock.fixedAt(request)).build().verify(httpRequest);
            result.orThrow();
            SignatureParameters params = signatureParameters(httpRequest);
            PrintWriter out = spec.commandLine().getOut();
            out.print("Verified: valid\n");
            CoverageOptions.printDigestNote(out, result);
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

    /** {@code qseal verify jws}. */
    @Command(name = "jws", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Verify a detached JWS carried in -H 'x-jws-signature: <header>..<signature>' (JAdES sigD HttpHeaders).",
                    "sigT is compared with the clock only when --now or --max-skew is given (default skew then 300 s)."})
    static final class Jws implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--cert", required = true, paramLabel = "CERTREF", description = "the signer's certificate (PEM or DER), named by x5t#S256")
        Path cert;

        @Mixin
        RequestOptions request;

        @Mixin
        ClockOptions clock;

        @Mixin
        CoverageOptions coverage;

        @Option(names = "--header-name", paramLabel = "NAME", description = "the header carrying the JWS (default x-jws-signature)")
        String headerName;

        @Override
        public Integer call() {
            HttpRequest httpRequest = request.toRequest();
            List<X509Certificate> chain = Certificates.load(cert);
            DetachedJwsVerifier.Builder b = DetachedJwsVerifier.builder(chain.get(0));
            clock.applyTo(request, b::ignoreClock, b::maxSkew);
            coverage.applyTo(request, b::allowWeakCoverage, b::noBody, CoverageOptions::words,
                    list -> b.requireSigned(list.toArray(new String[0])));
            String name = headerName == null ? DetachedJws.HEADER : headerName;
            b.headerName(name);
            VerificationResult result = b.clock(clock.fixedAt(request)).build().verify(httpRequest);
            result.orThrow();
            DetachedJws jws = DetachedJws.parse(httpRequest.headers().first(name).orElseThrow());
            PrintWriter out = spec.commandLine().getOut();
            out.print("Verified: valid\n");
            CoverageOptions.printDigestNote(out, result);
            out.print("Alg: " + jws.header().alg().orElse("") + "\n");
            out.print("Signed-Headers: " + String.join(" ", jws.header().pars().orElse(List.of())) + "\n");
            out.print("Signing-Time: " + jws.header().sigT().orElse("") + "\n");
            out.flush();
            return Main.OK;
        }
    }
}
