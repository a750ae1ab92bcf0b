package dev.qseal.cli;

import dev.qseal.core.BadInputException;
import dev.qseal.core.QsealException;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.http.Headers;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.core.verify.VerificationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qseal demo}: seals a sample ING application-token request with a demo key (made on
 * first run), verifies it as the bank would, and shows both. The bank-flow issue extends this to
 * every bank against local simulators.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Sign and verify a sample ING token request with a demo key made on first run.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "also write the exchanged request(s) here")
    Path out;

    @Option(names = "--key-dir", paramLabel = "DIR", description = "where the demo key lives (default $QSEAL_HOME/demo or ~/.qseal/demo)")
    Path keyDir;

    @Override
    public Integer call() throws IOException {
        Path dir = keyDir != null ? keyDir : defaultKeyDir();
        Path keyFile = dir.resolve("demo-seal-key.pem");
        Path certFile = dir.resolve("demo-seal-cert.pem");
        PrintWriter o = spec.commandLine().getOut();
        if (!Files.exists(keyFile) || !Files.exists(certFile)) {
            createDemoKey(dir, keyFile, certFile);
            o.print("# made a demo QSeal key: " + keyFile + "\n");
        }
        SigningKey key = KeySources.open("file:" + keyFile.toAbsolutePath() + "?cert=" + certFile.toAbsolutePath());

        byte[] body = "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = HttpRequest.builder("POST", "/oauth2/token")
                .header("Host", "api.sandbox.ing.com")
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body)
                .build();
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        SignedRequest signed = BankProfiles.ING.signer(key).clock(clock).build().sign(request);

        // verify it as ING would: the profile's own verification policy, with the certificate
        VerificationResult result = BankProfiles.ING.verifier(key.certificate().orElseThrow()).clock(clock).build()
                .verify(signed.request());

        String exchange = render(signed.request());
        o.print("# ING application token request, sealed with profile 'ing'\n");
        o.print(exchange);
        o.print("# verification as the bank does it: " + (result.isValid() ? "valid" : result.toString()) + "\n");
        o.flush();
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("ing-token-request.http"), exchange, StandardCharsets.UTF_8);
            Files.writeString(out.resolve("ing-token-verification.txt"), (result.isValid() ? "valid" : result.toString()) + "\n",
                    StandardCharsets.UTF_8);
        }
        return result.isValid() ? Main.OK : Main.VERIFICATION_FAILED;
    }

    static String render(HttpRequest r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\n");
        for (Headers.Field f : r.headers().fields()) {
            sb.append(f.name()).append(": ").append(f.value()).append('\n');
        }
        sb.append('\n').append(new String(r.bodyBytesUnsafe(), StandardCharsets.UTF_8)).append('\n');
        return sb.toString();
    }

    private static Path defaultKeyDir() {
        String home = System.getenv("QSEAL_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "demo");
        }
        return Path.of(System.getProperty("user.home"), ".qseal", "demo");
    }

    /** An RSA-2048 key and a self-signed certificate shaped like a QSealC, written as PEM (key readable by the owner only). */
    private static void createDemoKey(Path dir, Path keyFile, Path certFile) throws IOException {
        try {
            Files.createDirectories(dir);
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=qseal demo QSeal,O=qseal demo TPP,C=BE,2.5.4.97=PSDBE-NBB-0000000000");
            Instant now = Instant.now();
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, new BigInteger(64, new SecureRandom()).setBit(62), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
            StringWriter keyPem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(keyPem)) {
                w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(kp.getPrivate(), null));
            }
            StringWriter certPem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(certPem)) {
                w.writeObject(cert);
            }
            Path tmp = Files.createTempFile(dir, "key", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection applies
            }
            Files.writeString(tmp, keyPem.toString(), StandardCharsets.US_ASCII);
            Files.writeString(certFile, certPem.toString(), StandardCharsets.US_ASCII);
            Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new QsealException("cannot create the demo key: " + e.getMessage(), e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new BadInputException("cannot write the demo key in " + dir + ": set QSEAL_HOME or --key-dir to a writable directory");
        }
    }
}
