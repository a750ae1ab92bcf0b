package dev.qseal.cli;

import dev.qseal.core.BadInputException;
import dev.qseal.core.Limits;
import dev.qseal.core.internal.BoundedRead;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.DigestLabel;
import dev.qseal.core.digest.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qseal digest}: the Digest or Content-Digest header of a body, streamed. */
@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "Print the Digest (RFC 3230) or Content-Digest (RFC 9530) header of a body (stdin if no file).")
final class DigestCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--alg", defaultValue = "sha-256", paramLabel = "sha-256|sha-512", description = "hash (default ${DEFAULT-VALUE})")
    String alg;

    @Option(names = "--format", defaultValue = "digest", paramLabel = "digest|content-digest", description = "header to print (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--label", defaultValue = "standard", paramLabel = "standard|no-hyphen|lower-case",
            description = "Digest label spelling: SHA-256=, SHA256= or sha-256= (default ${DEFAULT-VALUE})")
    String label;

    @Option(names = "--body-file", paramLabel = "F", description = "the body; stdin when absent")
    Path bodyFile;

    @Override
    public Integer call() {
        DigestAlgorithm algorithm = DigestAlgorithm.parse(alg).orElseThrow(() ->
                new BadInputException("unknown --alg '" + RequestOptions.clip(alg) + "': use sha-256 or sha-512"));
        DigestLabel digestLabel;
        switch (label.toLowerCase(java.util.Locale.ROOT)) {
            case "standard": digestLabel = DigestLabel.STANDARD; break;
            case "no-hyphen": digestLabel = DigestLabel.NO_HYPHEN; break;
            case "lower-case": digestLabel = DigestLabel.LOWER_CASE; break;
            default: throw new BadInputException("unknown --label '" + RequestOptions.clip(label) + "': use standard, no-hyphen or lower-case");
        }
        String f = format.toLowerCase(java.util.Locale.ROOT);
        if (!f.equals("digest") && !f.equals("content-digest")) {
            throw new BadInputException("unknown --format '" + RequestOptions.clip(format) + "': use digest or content-digest");
        }
        byte[] digest;
        if (bodyFile == null) {
            digest = Digests.hash(algorithm, BoundedRead.capped(System.in, Limits.BODY_BYTES, "the body on standard input"));
        } else {
            try (InputStream in = Files.newInputStream(bodyFile)) {
                digest = Digests.hash(algorithm, BoundedRead.capped(in, Limits.BODY_BYTES, "the body file " + bodyFile));
            } catch (NoSuchFileException e) {
                throw new BadInputException("body file " + bodyFile + " not found");
            } catch (IOException e) {
                throw new BadInputException("cannot read body file " + bodyFile + ": " + e.getClass().getSimpleName());
            }
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        if (f.equals("digest")) {
            out.print("Digest: " + Digests.formatDigest(algorithm, digestLabel, digest) + "\n");
        } else {
            out.print("Content-Digest: " + Digests.formatContentDigest(algorithm, digest) + "\n");
        }
        out.flush();
        return Main.OK;
    }
}
