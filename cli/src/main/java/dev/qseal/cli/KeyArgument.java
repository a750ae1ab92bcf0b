package dev.qseal.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code KEYREF [--cert CERTREF]} as the first positional argument: the key a command looks at ({@code keys describe}, {@code doctor}). */
final class KeyArgument {
    @Parameters(index = "0", paramLabel = "KEYREF", description = "key reference: file:..., pkcs12:..., jks:..., pkcs11:...")
    String key;

    @Option(names = "--cert", paramLabel = "CERTREF", description = "certificate (chain) file, PEM or DER, when the key source has none")
    Path cert;
}
