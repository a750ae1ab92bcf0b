package dev.qseal.cli;

import dev.qseal.core.BadInputException;
import dev.qseal.core.QsealException;
import dev.qseal.core.key.Certificates;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.jca.QsealPrivateKey;
import dev.qseal.jca.QsealProvider;
import dev.qseal.pkcs11.Pkcs11SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qseal doctor KEYREF}: checks a key end to end, the first thing an operator runs. Opens the
 * key, signs a probe with every algorithm it offers and verifies each with the public key (naming
 * the JDK provider that verified), signs once more through plain JCA with the {@code QSeal} provider
 * installed at the end of the list (naming the provider JCA chose), and checks the certificate:
 * it belongs to the key, its validity (a warning within {@code --warn-days}, a failure when expired
 * or not yet valid) and, when present, its PSD2 roles. Every finding is a {@code Name: value} line
 * on stdout; exit 0 when all checks pass, 1 when one fails, 2 when the input itself is wrong.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a key end to end: open it, sign and verify a probe with each algorithm, name the provider, "
                + "check the certificate (subject, serial, validity, PSD2 roles) and PKCS#11 sessions.",
                "Exit 0: every check passed (warnings allowed); 1: a check failed; 2: bad input."})
final class DoctorCommand implements Callable<Integer> {
    static final byte[] PROBE = "qseal doctor probe: not a payment".getBytes(StandardCharsets.US_ASCII);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    KeyArgument keyArgument;

    @Option(names = "--now", paramLabel = "INSTANT", description = "check the certificate's validity at this ISO-8601 instant instead of now")
    String now;

    @Option(names = "--warn-days", paramLabel = "DAYS", defaultValue = "30",
            description = "warn when the certificate expires within this many days (default: ${DEFAULT-VALUE})")
    int warnDays;

    private final List<String> lines = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    @Override
    public Integer call() {
        // bad input (exit 2) is found before any check runs
        KeyRef ref = KeyRef.parse(keyArgument.key);
        List<X509Certificate> chain = keyArgument.cert == null ? null : Certificates.load(keyArgument.cert);
        Instant at = instant();
        if (warnDays < 0) {
            throw new BadInputException("--warn-days must not be negative");
        }

        SigningKey k;
        try {
            k = KeyOptions.open(ref, chain);
        } catch (QsealException e) {
            check("open", false, Main.oneLine(e.getMessage()));
            return finish();
        }
        try (k) {
            check("open", true, k.description());
            lines.addAll(KeyFacts.keyLines(k));
            lines.add("Backend: " + k.getClass().getSimpleName() + " (" + ref.scheme() + ":)");
            // software keys sign with it, every key's signatures are verified with it
            lines.add("Crypto-Provider: " + dev.qseal.core.key.CryptoProviders.describe());
            if (k instanceof Pkcs11SigningKey) {
                Pkcs11SigningKey p = (Pkcs11SigningKey) k;
                ref.param("module-path").ifPresent(m -> lines.add("Pkcs11-Module: " + m));
                lines.add("Pkcs11-Sessions: " + p.openSessions() + " open, at most " + p.maxSessions());
            }
            probeEachAlgorithm(k);
            probeThroughJca(k);
            lines.addAll(KeyFacts.certificateLines(k));
            k.certificate().ifPresent(c -> checkCertificate(k, c, at));
        }
        return finish();
    }

    private Instant instant() {
        if (now == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(now);
        } catch (DateTimeParseException e) {
            throw new BadInputException("--now must be an ISO-8601 instant such as 2024-03-01T12:00:00Z, not '" + now + "'");
        }
    }

    private void probeEachAlgorithm(SigningKey k) {
        k.algorithms().stream().sorted(Comparator.comparing(SignatureAlgorithm::name)).forEach(alg -> {
            String name = "sign-verify " + alg.name();
            try {
                byte[] sig = k.sign(alg, PROBE);
                boolean ok = alg.verify(k.publicKey(), PROBE, sig);
                byte[] tampered = PROBE.clone();
                tampered[0] ^= 1;
                boolean rejects = !alg.verify(k.publicKey(), tampered, sig);
                check(name, ok && rejects, ok ? (rejects ? "verified with " + verifier(alg, k)
                        : "a changed probe verified too") : "the signature does not verify with the public key");
            } catch (QsealException e) {
                check(name, false, Main.oneLine(e.getMessage()));
            }
        });
    }

    /** The provider the JDK picks to verify {@code alg} with the key's public key. */
    private static String verifier(SignatureAlgorithm alg, SigningKey k) {
        try {
            Signature v = alg.newJcaSignature();
            v.initVerify(k.publicKey());
            return v.getProvider().getName();
        } catch (GeneralSecurityException | QsealException e) {
            return "qseal";
        }
    }

    /** Plain JCA, as a gateway calls it: {@code Signature.getInstance(name).initSign(key)} with QSeal at the end of the list. */
    private void probeThroughJca(SigningKey k) {
        if (Security.getProvider(QsealProvider.NAME) == null) {
            Security.addProvider(new QsealProvider());
        }
        SignatureAlgorithm alg = k.defaultAlgorithm();
        String name = "jca " + alg.jcaName();
        try {
            Signature s = Signature.getInstance(alg.jcaName());
            s.initSign(QsealPrivateKey.of(k));
            if (alg.scheme() == SignatureAlgorithm.Scheme.RSA_PSS) {
                s.setParameter(alg.pssParameters());
            }
            s.update(PROBE);
            byte[] sig = s.sign();
            boolean ok = alg.verify(k.publicKey(), PROBE, sig);
            check(name, ok, "Signature.getInstance(\"" + alg.jcaName() + "\") chose provider " + s.getProvider().getName()
                    + (ok ? "" : "; the signature does not verify"));
        } catch (GeneralSecurityException | RuntimeException e) {
            check(name, false, e.getClass().getSimpleName() + ": " + Main.oneLine(e.getMessage()));
        }
    }

    private void checkCertificate(SigningKey k, X509Certificate c, Instant at) {
        boolean matches = Arrays.equals(c.getPublicKey().getEncoded(), k.publicKey().getEncoded());
        check("certificate-key", matches, matches ? "the certificate belongs to the key"
                : "the certificate's public key is not the key's: wrong certificate");
        Instant notBefore = c.getNotBefore().toInstant();
        Instant notAfter = c.getNotAfter().toInstant();
        long days = Duration.between(at, notAfter).toDays();
        lines.add("Certificate-Days-Left: " + (at.isAfter(notAfter) ? 0 : days));
        if (at.isAfter(notAfter)) {
            check("certificate-validity", false, "expired on " + notAfter);
        } else if (at.isBefore(notBefore)) {
            check("certificate-validity", false, "not valid before " + notBefore);
        } else if (days < warnDays) {
            warn("certificate-validity", "expires in " + days + " days, on " + notAfter + ": renew it");
        } else {
            check("certificate-validity", true, "valid until " + notAfter + " (" + days + " days)");
        }
        try {
            Optional<Psd2QcStatement> psd2 = Psd2QcStatement.of(c);
            if (psd2.isPresent()) {
                lines.add("PSD2-Roles: " + String.join(", ", psd2.get().roles));
                lines.add("PSD2-NCA: " + psd2.get().ncaName + " (" + psd2.get().ncaId + ")");
            } else {
                lines.add("PSD2-Roles: none (no PSD2 QCStatement in the certificate)");
            }
        } catch (IllegalArgumentException e) {
            check("psd2-qcstatement", false, Main.oneLine(e.getMessage()));
        }
    }

    private void check(String name, boolean ok, String detail) {
        lines.add("Check: " + name + " " + (ok ? "ok" : "FAILED") + " - " + detail);
        if (!ok) {
            failed.add(name);
        }
    }

    private void warn(String name, String detail) {
        lines.add("Check: " + name + " warning - " + detail);
        warnings.add(name + ": " + detail);
    }

    private int finish() {
        lines.add("Result: " + (failed.isEmpty() ? "ok" : "failed (" + String.join(", ", failed) + ")")
                + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)"));
        java.io.PrintWriter out = spec.commandLine().getOut();
        lines.forEach(out::println);
        out.flush();
        java.io.PrintWriter err = spec.commandLine().getErr();
        warnings.forEach(w -> err.println("qseal: warning: " + w));
        if (!failed.isEmpty()) {
            err.println("qseal: doctor: " + failed.size() + " check(s) failed: " + String.join(", ", failed));
        }
        err.flush();
        return failed.isEmpty() ? Main.OK : Main.VERIFICATION_FAILED;
    }
}
