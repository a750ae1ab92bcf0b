package dev.qseal.cli;

import dev.qseal.core.key.Certificates;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.SigningKey;
import java.io.Console;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --key KEYREF [--cert CERTREF]}: the signing key and, optionally, its certificate. */
final class KeyOptions {
    @Option(names = "--key", required = true, paramLabel = "KEYREF",
            description = "key reference: file:/k.pem[?cert=/c.pem], pkcs12:/k.p12?alias=seal&password-env=VAR, jks:..., pkcs11:...")
    String key;

    @Option(names = "--cert", paramLabel = "CERTREF", description = "certificate (chain) file, PEM or DER, when the key source has none")
    Path cert;

    SigningKey open() {
        return open(KeyRef.parse(key), cert);
    }

    /** Opens {@code ref}, with the certificate (chain) in {@code cert} when it is not null. */
    static SigningKey open(KeyRef ref, Path cert) {
        return open(ref, cert == null ? null : Certificates.load(cert));
    }

    /** Opens {@code ref}, with this certificate chain when it is not null. */
    static SigningKey open(KeyRef ref, java.util.List<java.security.cert.X509Certificate> chain) {
        if (chain == null) {
            return KeySources.open(ref, KeyOptions::askConsole);
        }
        return KeySources.open(ref, KeyOptions::askConsole, chain);
    }

    /** Asks a person at a terminal; in scripts (no console) there is nobody to ask. */
    private static Optional<char[]> askConsole(KeyRef ref, String what) {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        char[] answer = console.readPassword("%s for %s: ", what, ref);
        return Optional.ofNullable(answer);
    }
}
