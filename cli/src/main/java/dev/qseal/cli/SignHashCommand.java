package dev.qseal.cli;

import dev.qseal.core.BadInputException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qseal sign-hash}: sign a bare digest (hash signing) with any key reference; print the raw signature. */
@Command(name = "sign-hash", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sign a digest computed elsewhere (hash signing, as itsme does) with any key.",
                "Prints 'Signature: <base64>': the raw value (PKCS#1 v1.5 for RSA, DER for ECDSA unless a raw r||s algorithm is chosen)."})
final class SignHashCommand implements Callable<Integer> {
    /** The longest digest (SHA-512) in any encoding, with room for whitespace. */
    private static final int MAX_HASH_CHARS = 256;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KeyOptions keyOptions;

    @Option(names = "--alg", paramLabel = "ALG",
            description = "rsa-pkcs1-sha256 (RSA default), rsa-pkcs1-sha512, rsa-pss-sha256, ecdsa-p256-sha256 (P-256 default), "
                    + "ecdsa-p256-sha256-raw...; JOSE (RS256, PS256, ES256) and RFC 9421 names work too")
    String alg;

    @ArgGroup(exclusive = true, multiplicity = "1")
    HashInput hash;

    static final class HashInput {
        @Option(names = "--hash", paramLabel = "BASE64", description = "the digest, base64 or base64url")
        String base64;

        @Option(names = "--hash-hex", paramLabel = "HEX", description = "the digest, hex")
        String hex;
    }

    @Override
    public Integer call() {
        byte[] digest = hash.base64 != null ? decodeBase64("--hash", hash.base64, MAX_HASH_CHARS) : decodeHex(hash.hex);
        try (SigningKey key = keyOptions.open()) {
            SignatureAlgorithm algorithm = alg == null ? key.defaultAlgorithm() : parseAlgorithm(alg);
            if (!algorithm.fits(key.keyType())) {
                throw new UnsupportedAlgorithmException("--alg " + alg + " needs a " + algorithm.keyType() + " key but "
                        + key.description() + " is " + key.keyType());
            }
            if (digest.length != algorithm.hash().length()) {
                throw new BadInputException("the hash is " + digest.length + " bytes; " + algorithm + " signs a "
                        + algorithm.hash().jcaName() + " digest of " + algorithm.hash().length() + " bytes (choose --alg to match)");
            }
            byte[] signature = key.signDigest(algorithm, digest);
            spec.commandLine().getOut().print("Signature: " + Base64.getEncoder().encodeToString(signature) + "\n");
            spec.commandLine().getOut().flush();
        }
        return Main.OK;
    }

    static SignatureAlgorithm parseAlgorithm(String name) {
        String n = name.trim();
        Optional<SignatureAlgorithm> a = SignatureAlgorithm.fromName(n)
                .or(() -> SignatureAlgorithm.fromJose(n))
                .or(() -> SignatureAlgorithm.fromRfc9421(n));
        return a.orElseThrow(() -> new UnsupportedAlgorithmException("unknown --alg '" + RequestOptions.clip(name)
                + "': use rsa-pkcs1-sha256, rsa-pss-sha256, ecdsa-p256-sha256 (or a JOSE name such as RS256)"));
    }

    /** Base64 or base64url, padded or not; at most {@code maxChars} characters. */
    static byte[] decodeBase64(String option, String value, int maxChars) {
        String v = value.strip();
        if (v.length() > maxChars) {
            throw new BadInputException(option + " is longer than " + maxChars + " characters");
        }
        try {
            return v.indexOf('-') >= 0 || v.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(v) : Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + " '" + RequestOptions.clip(v) + "' is not base64: " + e.getMessage());
        }
    }

    private static byte[] decodeHex(String value) {
        String v = value.strip();
        if (v.length() > MAX_HASH_CHARS) {
            throw new BadInputException("--hash-hex is longer than " + MAX_HASH_CHARS + " characters");
        }
        try {
            return HexFormat.of().parseHex(v);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--hash-hex '" + RequestOptions.clip(v) + "' is not hex: " + e.getMessage());
        }
    }
}
