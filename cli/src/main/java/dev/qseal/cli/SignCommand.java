package dev.qseal.cli;

import dev.qseal.core.BadInputException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.cavage.Carrier;
import dev.qseal.core.http.Headers;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.core.profile.JwsProfile;
import dev.qseal.core.profile.JwsProfileSigner;
import dev.qseal.core.profile.Profile;
import dev.qseal.core.profile.ProfileSigner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qseal sign ...}: sign a request and print the headers to add. */
@Command(name = "sign", mixinStandardHelpOptions = true, description = "Sign a request; print the headers to add to it.",
        subcommands = {SignCommand.Cavage.class, SignCommand.Jws.class, Rfc9421Commands.Sign.class})
final class SignCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a format: cavage, jws or rfc9421");
    }

    /** {@code qseal sign cavage}. */
    @Command(name = "cavage", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Sign with a draft-cavage HTTP signature.",
                    "Prints each generated header (Date, Digest, X-Request-ID, TPP-Signature-Certificate...) and, last, the signature header."})
    static final class Cavage implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        KeyOptions keyOptions;

        @Option(names = "--key-id", paramLabel = "ID", description = "keyId (TPP-ID, client id, JWK kid...); overrides the profile's")
        String keyId;

        @Option(names = "--profile", paramLabel = "P", description = "bank profile: ing, ing-client, belfius, becm, berlin-group, cavage-default, cavage")
        String profile;

        @Option(names = "--algorithm", paramLabel = "ALG", description = "algorithm parameter: rsa-sha256 (RSA default), rsa-sha512, ecdsa-sha256, hs2019")
        String algorithm;

        @Option(names = "--sign-with", paramLabel = "SCHEME",
                description = "with hs2019: how to sign, e.g. RSA_PKCS1_SHA256 (default for RSA), RSA_PSS_SHA512, ECDSA_P256_SHA256")
        String signWith;

        @Option(names = "--headers", paramLabel = "\"h1 h2 ...\"",
                description = "components to sign, in order (default: the profile's, or (request-target) date + digest with a body)")
        String headers;

        @Option(names = "--carrier", paramLabel = "signature|authorization", description = "Signature: header or Authorization: Signature")
        String carrier;

        @Option(names = "--expires-in", paramLabel = "SECONDS", description = "add created/expires parameters (draft-12)")
        Long expiresIn;

        @Mixin
        RequestOptions request;

        @Override
        public Integer call() {
            if (keyId == null && profile == null) {
                throw new BadInputException("give --key-id ID or --profile P (ing, ing-client, belfius, becm, berlin-group, cavage-default)");
            }
            Profile p = cavagePart(profile == null ? BankProfiles.CAVAGE : BankProfiles.named(profile));
            var httpRequest = request.toRequest();
            SigningKey key = keyOptions.open();
            try {
                ProfileSigner.Builder b = p.signer(key).keyId(keyId);
                if (headers != null) {
                    List<String> list = Arrays.asList(headers.trim().split("[\\s]+"));
                    if (headers.isBlank()) {
                        throw new BadInputException("--headers is empty: list at least one component, e.g. \"(request-target) date\"");
                    }
                    b.headers(list);
                }
                if (carrier != null) {
                    b.carrier(Carrier.parse(carrier));
                }
                configureAlgorithm(b, key);
                if (expiresIn != null) {
                    if (expiresIn <= 0) {
                        throw new BadInputException("--expires-in must be a positive number of seconds");
                    }
                    b.validity(Duration.ofSeconds(expiresIn));
                }
                printAdded(spec, b.clock(ClockOptions.fixed(request)).build().sign(httpRequest));
                return Main.OK;
            } finally {
                key.close();
            }
        }

        private static Profile cavagePart(BankProfile p) {
            return p.cavage().orElseThrow(() -> new BadInputException("profile '" + p.name() + "' is a " + p.format()
                    + " profile, not a Cavage one: use it with the matching sign command"));
        }

        private void configureAlgorithm(ProfileSigner.Builder b, SigningKey key) {
            if (algorithm == null && signWith == null) {
                return;
            }
            String name = algorithm == null ? null : algorithm.trim().toLowerCase(Locale.ROOT);
            if (signWith != null && name != null && !name.equals("hs2019")) {
                throw new BadInputException("--sign-with goes with --algorithm hs2019; rsa-sha256 and the like already say how to sign");
            }
            if (name == null || name.equals("hs2019")) {
                SignatureAlgorithm scheme = signWith == null ? key.defaultAlgorithm()
                        : SignatureAlgorithm.fromName(signWith).orElseThrow(() -> new UnsupportedAlgorithmException(
                                "unknown --sign-with '" + RequestOptions.clip(signWith) + "': use one of "
                                        + SignatureAlgorithm.values().stream().map(SignatureAlgorithm::name).reduce((x, y) -> x + ", " + y).orElse("")));
                b.algorithm(scheme).algorithmName("hs2019");
                return;
            }
            SignatureAlgorithm a = SignatureAlgorithm.fromCavage(name).orElseThrow(() -> new UnsupportedAlgorithmException(
                    "unknown --algorithm '" + RequestOptions.clip(algorithm) + "': use rsa-sha256, rsa-sha512, ecdsa-sha256 or hs2019"));
            if (!a.fits(key.keyType())) {
                throw new UnsupportedAlgorithmException("--algorithm " + name + " needs a " + a.keyType() + " key but "
                        + key.description() + " is " + key.keyType());
            }
            b.algorithm(a).algorithmName(name);
        }
    }

    private static JwsProfile jwsPart(BankProfile p) {
        return p.jws().orElseThrow(() -> new BadInputException("profile '" + p.name() + "' is a " + p.format()
                + " profile, not a detached-JWS one: use it with the matching sign command"));
    }

    /** Prints every header the signer added, in order: the generated ones, then the signature header(s). */
    static void printAdded(CommandLine.Model.CommandSpec spec, SignedRequest signed) {
        StringBuilder sb = new StringBuilder();
        for (Headers.Field f : signed.addedHeaders()) {
            sb.append(f.name()).append(": ").append(f.value()).append('\n');
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(sb);
        out.flush();
    }

    /** {@code qseal sign jws}. */
    @Command(name = "jws", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Sign with a detached JWS over HTTP headers (JAdES sigD HttpHeaders, ING's x-jws-signature).",
                    "Prints each generated header (Digest when digest is signed and not given; Date only if listed;",
                    "TPP-Signature-Certificate with --profile ing-jws) and, last, x-jws-signature: <header>..<signature>."})
    static final class Jws implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        KeyOptions keyOptions;

        @Option(names = "--alg", paramLabel = "ALG", description = "PS256 (RSA default), PS384, PS512, RS256, RS384, RS512, ES256/ES384/ES512 (EC, by curve)")
        String alg;

        @Option(names = "--headers", paramLabel = "\"h1 h2 ...\"",
                description = "sigD.pars: headers to sign, in order (default \"(request-target) digest content-type\")")
        String headers;

        @Option(names = "--profile", paramLabel = "P", description = "JWS bank profile: ing-jws (adds TPP-Signature-Certificate)")
        String profile;

        @Option(names = "--x5c", description = "also send the certificate chain in x5c")
        boolean x5c;

        @Option(names = "--kid", paramLabel = "KID", description = "add a kid member to the protected header")
        String kid;

        @Mixin
        RequestOptions request;

        @Override
        public Integer call() {
            JwsProfile p = profile == null ? JwsProfile.builder("jws").build() : jwsPart(BankProfiles.named(profile));
            if (x5c) {
                p = p.toBuilder().includeX5c(true).build();
            }
            var httpRequest = request.toRequest();
            SignatureAlgorithm algorithm = null;
            if (alg != null) {
                algorithm = SignatureAlgorithm.fromJose(alg.trim().toUpperCase(Locale.ROOT)).orElseThrow(() -> new UnsupportedAlgorithmException(
                        "unknown --alg '" + RequestOptions.clip(alg) + "': use PS256, PS384, PS512, RS256, RS384, RS512, ES256, ES384 or ES512"));
            }
            SigningKey key = keyOptions.open();
            try {
                JwsProfileSigner.Builder b = p.signer(key).algorithm(algorithm).kid(kid);
                if (headers != null) {
                    if (headers.isBlank()) {
                        throw new BadInputException("--headers is empty: list at least one header, e.g. \"(request-target) digest content-type\"");
                    }
                    b.headers(Arrays.asList(headers.trim().split("[\\s]+")));
                }
                printAdded(spec, b.clock(ClockOptions.fixed(request)).build().sign(httpRequest));
                return Main.OK;
            } finally {
                key.close();
            }
        }
    }
}
