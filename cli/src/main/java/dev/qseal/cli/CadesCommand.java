package dev.qseal.cli;

import dev.qseal.cades.CadesSigner;
import dev.qseal.cades.PreparedSignature;
import dev.qseal.core.BadInputException;
import dev.qseal.core.key.Certificates;
import dev.qseal.core.key.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qseal cades ...}: CAdES-B detached signatures, in two steps around a remote signer or in one with a key. */
@Command(name = "cades", mixinStandardHelpOptions = true,
        description = "CAdES-B detached signatures (.p7s): prepare the hash to sign, complete with the signature value, or sign with a key.",
        subcommands = {CadesCommand.Prepare.class, CadesCommand.Complete.class, CadesCommand.Sign.class})
final class CadesCommand implements Runnable {
    /** The longest signature value read from the command line (RSA-16384 in base64, with room). */
    private static final int MAX_SIGNATURE_CHARS = 4096;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: prepare, complete or sign");
    }

    /** {@code qseal cades prepare}. */
    @Command(name = "prepare", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Prepare CAdES-B signatures of documents: print, per document, the hash to have signed (base64),",
                    "and the state that 'qseal cades complete' needs (printed as State:, or written to --out)."})
    static final class Prepare implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--cert", required = true, paramLabel = "CERTREF", description = "the signer's certificate (PEM or DER; a PEM file may hold the chain, leaf first)")
        Path cert;

        @Option(names = "--chain", paramLabel = "F", description = "intermediate and root certificates to include (PEM or DER)")
        Path chain;

        @Option(names = "--document", required = true, paramLabel = "F", arity = "1..*",
                description = "a document to sign (repeatable: 1 to " + CadesSigner.DEFAULT_MAX_BATCH_SIZE + ", one hash each)")
        List<Path> documents;

        @Option(names = "--out", paramLabel = "STATE", description = "write the state to this file instead of printing it")
        Path out;

        @Option(names = "--now", paramLabel = "INSTANT", description = "fix the signing time, e.g. 2026-01-05T21:31:40Z")
        String now;

        @Override
        public Integer call() {
            List<X509Certificate> certs = new ArrayList<>(Certificates.load(cert));
            if (chain != null) {
                certs.addAll(Certificates.load(chain));
            }
            checkBatch(documents.size());
            Instant at = now == null ? Instant.now() : RequestOptions.parseInstant(now);
            CadesSigner signer = CadesSigner.builder(certs).clock(Clock.fixed(at, ZoneOffset.UTC)).build();
            List<CadesState.Entry> entries = new ArrayList<>();
            StringBuilder sb = new StringBuilder();
            for (Path d : documents) {
                PreparedSignature p = hashDocument(d, signer::prepare);
                entries.add(new CadesState.Entry(p, java.util.Optional.of(d)));
                sb.append("Document: ").append(d).append('\n');
                sb.append("Hash: ").append(Base64.getEncoder().encodeToString(p.hashToSign())).append('\n');
            }
            sb.append("Signing-Time: ").append(entries.get(0).prepared.signingTime()).append('\n');
            CadesState state = new CadesState(entries);
            if (out == null) {
                sb.append("State: ").append(state.toValue()).append('\n');
            } else {
                write(out, state.toText().getBytes(StandardCharsets.UTF_8), "state file");
                sb.append("State-File: ").append(out).append('\n');
            }
            PrintWriter w = spec.commandLine().getOut();
            w.print(sb);
            w.flush();
            return Main.OK;
        }
    }

    /** {@code qseal cades complete}. */
    @Command(name = "complete", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Complete prepared CAdES-B signatures with the raw signature values (base64), in document order;",
                    "each is checked against the certificate's key, then written as DER (.p7s). Exit 1 if one does not verify."})
    static final class Complete implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--state", required = true, paramLabel = "STATE", description = "the state file from prepare --out, or its State: value")
        String state;

        @Option(names = "--signature", required = true, paramLabel = "BASE64", arity = "1..*",
                description = "a raw signature value over the prepared hash, base64 or base64url (one per document, in order)")
        List<String> signatures;

        @Option(names = "--out", paramLabel = "NAME.p7s", arity = "1..*",
                description = "where to write each signature (default: the document's path + .p7s)")
        List<Path> outs = new ArrayList<>();

        @Option(names = "--document", paramLabel = "F", arity = "1..*",
                description = "the documents again, to check that they are the ones prepared (one per document, in order)")
        List<Path> documents = new ArrayList<>();

        @Override
        public Integer call() {
            CadesState s = CadesState.read(state);
            int n = s.entries.size();
            if (signatures.size() != n) {
                throw new BadInputException("the state holds " + n + " prepared signature(s) but " + signatures.size()
                        + " --signature value(s) were given: give one per document, in order");
            }
            if (!outs.isEmpty() && outs.size() != n) {
                throw new BadInputException("give one --out per document (" + n + "), or none to write each document's path + .p7s");
            }
            if (!documents.isEmpty() && documents.size() != n) {
                throw new BadInputException("give one --document per prepared signature (" + n + "), or none");
            }
            List<PreparedSignature> prepared = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            List<Path> targets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                CadesState.Entry e = s.entries.get(i);
                prepared.add(e.prepared);
                values.add(SignHashCommand.decodeBase64("--signature", signatures.get(i), MAX_SIGNATURE_CHARS));
                if (!documents.isEmpty()) {
                    hashDocument(documents.get(i), in -> {
                        e.prepared.checkDocument(in);
                        return e.prepared;
                    });
                }
                int index = i;
                targets.add(outs.isEmpty() ? e.document.map(d -> Path.of(d + ".p7s")).orElseThrow(() -> new BadInputException(
                        "the state names no document for item " + (index + 1) + ": give --out NAME.p7s")) : outs.get(i));
            }
            writeAll(spec, targets, CadesSigner.completeAll(prepared, values));
            return Main.OK;
        }
    }

    /** {@code qseal cades sign}. */
    @Command(name = "sign", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Sign documents with a key (file, keystore, PKCS#11, KMS) as CAdES-B detached signatures (.p7s).")
    static final class Sign implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        KeyOptions keyOptions;

        @Option(names = "--document", required = true, paramLabel = "F", arity = "1..*",
                description = "a document to sign (repeatable, 1 to " + CadesSigner.DEFAULT_MAX_BATCH_SIZE + ")")
        List<Path> documents;

        @Option(names = "--out", paramLabel = "F.p7s", arity = "1..*", description = "where to write each signature (default: the document's path + .p7s)")
        List<Path> outs = new ArrayList<>();

        @Override
        public Integer call() {
            checkBatch(documents.size());
            if (!outs.isEmpty() && outs.size() != documents.size()) {
                throw new BadInputException("give one --out per --document (" + documents.size() + "), or none");
            }
            try (SigningKey key = keyOptions.open()) {
                CadesSigner signer = CadesSigner.forKey(key);
                List<PreparedSignature> prepared = new ArrayList<>();
                List<byte[]> hashes = new ArrayList<>();
                List<Path> targets = new ArrayList<>();
                for (int i = 0; i < documents.size(); i++) {
                    PreparedSignature p = hashDocument(documents.get(i), signer::prepare);
                    prepared.add(p);
                    hashes.add(p.hashToSign());
                    targets.add(outs.isEmpty() ? Path.of(documents.get(i) + ".p7s") : outs.get(i));
                }
                writeAll(spec, targets, CadesSigner.completeAll(prepared, key.signDigestBatch(signer.algorithm(), hashes)));
            }
            return Main.OK;
        }
    }

    private static void checkBatch(int n) {
        if (n > CadesSigner.DEFAULT_MAX_BATCH_SIZE) {
            throw new BadInputException("at most " + CadesSigner.DEFAULT_MAX_BATCH_SIZE + " --document per run (itsme's batch limit); got " + n);
        }
    }

    /** Streams a document file into {@code use} (documents of any size: only their hash is kept). */
    private static PreparedSignature hashDocument(Path document, Function<InputStream, PreparedSignature> use) {
        try (InputStream in = Files.newInputStream(document)) {
            return use.apply(in);
        } catch (NoSuchFileException e) {
            throw new BadInputException("document " + document + " not found");
        } catch (IOException e) {
            throw new BadInputException("cannot read document " + document + ": " + e.getMessage());
        }
    }

    private static void writeAll(CommandLine.Model.CommandSpec spec, List<Path> targets, List<byte[]> signatures) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < targets.size(); i++) {
            write(targets.get(i), signatures.get(i), "signature file");
            sb.append("Signature-File: ").append(targets.get(i)).append('\n');
        }
        PrintWriter w = spec.commandLine().getOut();
        w.print(sb);
        w.flush();
    }

    private static void write(Path file, byte[] bytes, String what) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new BadInputException("cannot write the " + what + " " + file + ": " + e.getMessage());
        }
    }
}
