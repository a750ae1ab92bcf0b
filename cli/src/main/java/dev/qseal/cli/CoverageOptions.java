package dev.qseal.cli;

import dev.qseal.core.BadInputException;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * The coverage policy options every {@code verify} form shares: strict by default (method and target
 * covered; digest covered and matching with a body), {@code --allow-weak-coverage} to accept less,
 * {@code --no-body} for a recorded request whose body is not at hand, {@code --require} to demand more.
 */
final class CoverageOptions {
    @Option(names = "--allow-weak-coverage",
            description = "accept a signature that does not cover the method and target (or, with a body, the digest)")
    boolean allowWeakCoverage;

    @Option(names = "--no-body",
            description = "the body is not at hand (a recorded request): check the signature, not the digest (\"digest not checked\")")
    boolean noBody;

    @Option(names = "--require", paramLabel = "\"h1 h2 ...\"", description = "components the signature must cover besides the default")
    String require;

    /**
     * @param request        the request options (to refuse {@code --no-body} with {@code --body-file})
     * @param allowWeak      called for {@code --allow-weak-coverage}
     * @param noBodyOption   called for {@code --no-body}
     * @param split          how the format splits a {@code --require} list
     * @param requireSigned  called with the {@code --require} list, when not blank
     */
    void applyTo(RequestOptions request, Runnable allowWeak, Runnable noBodyOption,
            java.util.function.Function<String, List<String>> split, Consumer<List<String>> requireSigned) {
        if (noBody && request.bodyFile != null) {
            throw new BadInputException("--no-body says the body is not at hand, but --body-file gives one: use one or the other");
        }
        if (allowWeakCoverage) {
            allowWeak.run();
        }
        if (noBody) {
            noBodyOption.run();
        }
        if (require != null && !require.isBlank()) {
            requireSigned.accept(split.apply(require));
        }
    }

    /** Adds "Digest: not checked" to a verify command's output when the body was not at hand. */
    static void printDigestNote(java.io.PrintWriter out, dev.qseal.core.verify.VerificationResult result) {
        if (result.digestNotChecked()) {
            out.print("Digest: not checked\n");
        }
    }

    static List<String> words(String list) {
        return List.of(list.trim().split("\\s+"));
    }
}
