package dev.qseal.cli;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.key.Secrets;
import dev.qseal.pkcs11.Pkcs11Inventory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qseal keys ...}: look into key stores. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Inspect keys and key stores (PKCS#11 modules).",
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.Describe.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: list, describe");
    }

    /** {@code qseal keys describe KEYREF [--cert CERTREF]}. */
    @Command(name = "describe", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Describe a key from any source: key type, size or curve, the algorithms it signs with "
                    + "(JCA, JOSE, Cavage and RFC 9421 names), and its certificate (subject, serial, issuer, validity)."})
    static final class Describe implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        KeyArgument keyArgument;

        @Override
        public Integer call() {
            StringBuilder sb = new StringBuilder();
            try (dev.qseal.core.key.SigningKey k = KeyOptions.open(dev.qseal.core.key.KeyRef.parse(keyArgument.key),
                    keyArgument.cert)) {
                KeyFacts.keyLines(k).forEach(l -> sb.append(l).append('\n'));
                KeyFacts.certificateLines(k).forEach(l -> sb.append(l).append('\n'));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(sb);
            out.flush();
            return Main.OK;
        }
    }

    /** {@code qseal keys list --module PATH}. */
    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"List the tokens of a PKCS#11 module and their objects (labels, ids, types, certificate present).",
                    "Private keys are listed only after logging in: give --token and a PIN source."})
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--module", required = true, paramLabel = "PATH", description = "the PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so")
        String module;

        @Option(names = "--token", paramLabel = "LABEL", description = "only this token (needed to log in)")
        String token;

        @Option(names = "--pin-source", paramLabel = "FILE", description = "file holding the user PIN (to list private keys)")
        Path pinSource;

        @Option(names = "--pin-env", paramLabel = "VAR", description = "environment variable holding the user PIN")
        String pinEnv;

        @Override
        public Integer call() {
            char[] pin = pin();
            if (pin != null && token == null) {
                java.util.Arrays.fill(pin, '\0');
                throw new BadInputException("a PIN is for one token: add --token LABEL");
            }
            List<Pkcs11Inventory.Token> tokens;
            try {
                tokens = Pkcs11Inventory.list(module, Optional.ofNullable(token), pin);
            } finally {
                if (pin != null) {
                    java.util.Arrays.fill(pin, '\0');
                }
            }
            if (tokens.isEmpty()) {
                throw new BadInputException(token == null ? "the module " + module + " shows no token"
                        : "no token labelled '" + token + "' in " + module);
            }
            PrintWriter out = spec.commandLine().getOut();
            StringBuilder sb = new StringBuilder();
            for (Pkcs11Inventory.Token t : tokens) {
                sb.append("Token: label=\"").append(t.label).append("\" slot=").append(t.slotId)
                        .append(" manufacturer=\"").append(t.manufacturer).append("\" model=\"").append(t.model)
                        .append("\" serial=").append(t.serial).append(t.loggedIn ? " logged-in" : " not-logged-in (private keys hidden)")
                        .append('\n');
                for (Pkcs11Inventory.Item i : t.objects) {
                    sb.append("Object: token=\"").append(t.label).append("\" type=").append(i.type)
                            .append(" label=\"").append(i.label).append("\" id=").append(i.idHex.isEmpty() ? "-" : i.idHex);
                    if (!i.keyType.isEmpty()) {
                        sb.append(" key=").append(i.keyType);
                    }
                    if (!i.type.equals("certificate") && !i.type.equals("other")) {
                        sb.append(" certificate=").append(i.certificatePresent ? "yes" : "no");
                    }
                    sb.append('\n');
                }
            }
            out.print(sb);
            out.flush();
            return Main.OK;
        }

        private char[] pin() {
            if (pinSource != null && pinEnv != null) {
                throw new BadInputException("give --pin-source or --pin-env, not both");
            }
            if (pinEnv != null) {
                String v = System.getenv(pinEnv);
                if (v == null) {
                    // the name is not echoed: a PIN typed where the name belongs would be shown otherwise
                    throw new KeyAccessException("the environment variable named in --pin-env is not set"
                            + " (--pin-env names the variable that holds the PIN, not the PIN)");
                }
                return v.toCharArray();
            }
            if (pinSource != null) {
                return Secrets.fromFile(pinSource.toString(), "--pin-source", "PIN");
            }
            return null;
        }
    }
}
