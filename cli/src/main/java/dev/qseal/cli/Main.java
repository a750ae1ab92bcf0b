package dev.qseal.cli;

import dev.qseal.core.QsealException;
import dev.qseal.core.VerificationException;
import dev.qseal.core.internal.Untrusted;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code qseal} command. Exit codes: 0 success, 1 verification failed, 2 bad input. Output on
 * stdout is one {@code Name: value} header per line; diagnostics go to stderr as one line, never a
 * stack trace, never a secret.
 */
@Command(name = "qseal", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Seal PSD2 / open-banking requests with QSeal keys (HSM, keystore, KMS).",
        subcommands = {DigestCommand.class, SignCommand.class, VerifyCommand.class, KeysCommand.class, DoctorCommand.class,
                DemoCommand.class, SignHashCommand.class, CadesCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int VERIFICATION_FAILED = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: digest, sign, verify, sign-hash, cades, keys, doctor or demo");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the CLI with the given streams; returns the exit code. Used by tests too. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(outWriter);
        cl.setErr(errWriter);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            errWriter.println("qseal: " + oneLine(ex.getMessage()) + " (see: qseal "
                    + commandPath(ex.getCommandLine()) + "--help)");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, errWriter));
        int code;
        try {
            code = cl.execute(args);
        } catch (Throwable t) { // NOPMD: an Error (OutOfMemoryError, StackOverflowError) must not reach the user as a stack trace
            code = report(t, errWriter);
        }
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    /** One line on stderr for anything a command threw, and the exit code for it (DESIGN §5): never a stack trace. */
    static int report(Throwable ex, PrintWriter errWriter) {
        if (ex instanceof CommandLine.ExecutionException && ex.getCause() != null) {
            ex = ex.getCause();
        }
        if (ex instanceof VerificationException) {
            errWriter.println("qseal: verification failed: " + oneLine(ex.getMessage()));
            return VERIFICATION_FAILED;
        }
        if (ex instanceof QsealException) {
            errWriter.println("qseal: " + oneLine(ex.getMessage()) + FlagHints.hint(ex));
            return BAD_INPUT;
        }
        if (ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException) {
            errWriter.println("qseal: " + oneLine(ex.getMessage()));
            return BAD_INPUT;
        }
        if (ex instanceof OutOfMemoryError) {
            errWriter.println("qseal: out of memory: an input is larger than this JVM's heap allows (see the limits in SECURITY.md)");
            return BAD_INPUT;
        }
        if (ex instanceof StackOverflowError) {
            errWriter.println("qseal: internal error (StackOverflowError): an input nests too deeply; please report it");
            return BAD_INPUT;
        }
        // anything else is a qseal bug: say so in one line, without a stack trace or data
        errWriter.println("qseal: internal error (" + ex.getClass().getSimpleName() + "): " + oneLine(String.valueOf(ex.getMessage()))
                + "; please report it");
        return BAD_INPUT;
    }

    private static String commandPath(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            sb.insert(0, c.getCommandName() + " ");
        }
        return sb.toString();
    }

    /** A message as one safe line: line breaks become spaces, other control characters and terminal escapes are escaped. */
    static String oneLine(String s) {
        return s == null ? "" : Untrusted.echo(s.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' '), MAX_MESSAGE_CHARS);
    }

    /** Longest diagnostic line printed. */
    private static final int MAX_MESSAGE_CHARS = 8 * 1024;

    /** Version from the jar manifest, if any. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"qseal " + (v == null ? "(development build)" : v),
                "Crypto-Provider: " + dev.qseal.core.key.CryptoProviders.describe()};
        }
    }
}
