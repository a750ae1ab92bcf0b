package dev.qseal.cli;

import dev.qseal.banks.AccessToken;
import dev.qseal.banks.BankException;
import dev.qseal.banks.Exchange;
import dev.qseal.banks.ExchangeRecorder;
import dev.qseal.banks.FlowOptions;
import dev.qseal.banks.TppCredentials;
import dev.qseal.banks.becm.BecmClient;
import dev.qseal.banks.belfius.BelfiusClient;
import dev.qseal.banks.belfius.BelfiusSession;
import dev.qseal.banks.cic.CicClient;
import dev.qseal.banks.cic.CicSession;
import dev.qseal.banks.PaymentAccount;
import dev.qseal.banks.ing.IngApplication;
import dev.qseal.banks.ing.IngApplicationToken;
import dev.qseal.banks.ing.IngClient;
import dev.qseal.banks.ing.IngPayment;
import dev.qseal.core.BadInputException;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SigningKey;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import dev.qseal.simulators.BankSimulator;
import dev.qseal.simulators.Observation;
import dev.qseal.simulators.SandboxPki;
import dev.qseal.simulators.SimulatorSetup;
import dev.qseal.simulators.becm.BecmSimulator;
import dev.qseal.simulators.belfius.BelfiusSimulator;
import dev.qseal.simulators.cic.CicSimulator;
import dev.qseal.simulators.ing.IngSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qseal demo}: runs the ING, Belfius, CIC, BECM and itsme Sign flows end to end over mutual TLS against
 * their local simulators, with a sandbox QWAC and a distinct QSealC made on first run, and prints
 * each call (URL, headers sent with secrets redacted, what the bank checked, what came back).
 * {@code --out DIR} writes every exchange, and each itsme-signed document beside its detached CAdES {@code NAME.p7s}. The CIC PSU password comes from
 * {@code QSEAL_DEMO_PSU_PASSWORD} when set and appears nowhere in what is printed or written.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the ING, Belfius, CIC, BECM and itsme Sign flows end to end against local bank simulators (mutual TLS, sealed requests).")
final class DemoCommand implements Callable<Integer> {
    static final String PASSWORD_ENV = "QSEAL_DEMO_PSU_PASSWORD";
    /** Used when the environment gives none; non-ASCII on purpose (percent-encoded in the form). */
    private static final String DEFAULT_PSU_PASSWORD = "démo-Passw0rd";
    private static final int CONSOLE_VALUE_LIMIT = 100;
    /** The environment (tests give their own). */
    static java.util.function.Function<String, String> environment = System::getenv;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "write every request/response exchanged (secrets redacted) into DIR, and each itsme-signed document beside its NAME.p7s")
    Path out;

    @Option(names = "--key-dir", paramLabel = "DIR", description = "where the sandbox CA, server key, QWAC and QSealC live (default $QSEAL_HOME/demo or ~/.qseal/demo)")
    Path keyDir;

    @Option(names = "--pkcs11", description = "keep the QWAC and the QSealC on a throwaway SoftHSM2 token instead of PEM files")
    boolean pkcs11;

    private PrintWriter o;
    private BankSimulator current;
    private int exchanges;

    @Override
    public Integer call() throws IOException {
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInputException("--out must be a directory: " + out + " exists and is a file (a directory is created when missing)");
        }
        if (out != null) {
            Files.createDirectories(out);
        }
        o = spec.commandLine().getOut();
        Path dir = keyDir != null ? keyDir : defaultKeyDir();
        boolean fresh = !Files.exists(dir.resolve("qsealc-key.pem"));
        SandboxPki pki = SandboxPki.loadOrCreate(dir);
        String qwacRef = SandboxPki.keyRef(dir, "qwac");
        String qsealcRef = SandboxPki.keyRef(dir, "qsealc");
        SimulatorSetup setup = SimulatorSetup.from(pki);
        o.print("# qseal demo: five bank flows over mutual TLS against local simulators\n");
        o.print("# " + (fresh ? "made" : "using") + " the sandbox keys in " + dir + "\n");
        if (pkcs11) {
            SoftHsmToken token = softHsmToken();
            qwacRef = token.uri(SoftHsmToken.EC);
            qsealcRef = token.uri(SoftHsmToken.RSA);
            X509Certificate qwacCert = KeySources.open(qwacRef).certificate().orElseThrow();
            X509Certificate sealCert = KeySources.open(qsealcRef).certificate().orElseThrow();
            // the token's certificates are self-signed: the banks trust and register them as they are
            setup = setup.toBuilder().trustClientCa(qwacCert).trustClientCa(sealCert).registeredSealCertificate(sealCert).build();
            o.print("# --pkcs11: QWAC and QSealC on the SoftHSM2 token '" + token.label() + "' (" + token.modulePath() + ")\n");
            o.print("#   QWAC   (TLS client, via the QSEAL key store): " + SoftHsmToken.EC + ", " + subject(qwacCert) + "\n");
            o.print("#   QSealC (sealing, a distinct key):            " + SoftHsmToken.RSA + ", " + subject(sealCert) + "\n");
        } else {
            o.print("#   QWAC   (TLS client, via the QSEAL key store): " + subject(pki.qwac().certificate()) + "\n");
            o.print("#   QSealC (sealing, a distinct key):            " + subject(pki.qsealc().certificate()) + "\n");
        }
        SigningKey sealKey = KeySources.open(qsealcRef);
        TppCredentials tpp = TppCredentials.builder().qwac(qwacRef).sealKey(sealKey).trustAnchors(pki.trustAnchors()).build();
        FlowOptions options = FlowOptions.builder().recorder(this::record).build();
        SimulatorSetup banks = setup;

        char[] password = psuPassword();
        String failed = null;
        try {
            failed = run("ING", () -> ing(tpp, banks, options), failed);
            failed = run("Belfius", () -> belfius(tpp, banks, options), failed);
            failed = run("CIC", () -> cic(tpp, banks, options, password), failed);
            failed = run("Banque Européenne Crédit Mutuel (BECM)", () -> becm(tpp, banks, options), failed);
            failed = run("itsme Sign", () -> ItsmeDemo.run(tpp, pki, banks, options, out, o, sim -> current = sim), failed);
        } finally {
            Arrays.fill(password, '\0');
        }
        o.print("\n# " + exchanges + " exchanges" + (out != null ? ", written to " + out : "") + "\n");
        if (failed != null) {
            o.print("# FAILED: " + failed + "\n");
            o.flush();
            return Main.VERIFICATION_FAILED;
        }
        o.print("# every flow completed: ING, Belfius, CIC, Banque Européenne Crédit Mutuel (BECM), itsme Sign\n");
        o.flush();
        return Main.OK;
    }

    private interface Flow {
        String run() throws IOException;
    }

    private String run(String bank, Flow flow, String failedSoFar) throws IOException {
        o.print("\n==================== " + bank + " ====================\n");
        try {
            String summary = flow.run();
            o.print("# " + bank + ": " + summary + "\n");
            return failedSoFar;
        } catch (BankException e) {
            o.print("# " + bank + " FAILED: " + e.getMessage() + "\n");
            return failedSoFar == null ? e.getMessage() : failedSoFar;
        } finally {
            current = null;
        }
    }

    // ---- the four flows

    private String ing(TppCredentials tpp, SimulatorSetup setup, FlowOptions options) {
        try (IngSimulator sim = new IngSimulator(setup)) {
            current = sim;
            o.print("# ING (seed 004): onboarding with a detached JWS, mTLS-only token, HTTP-signature tokens, AIS and PIS\n");
            IngClient ing = IngClient.create(tpp, sim.baseUri(), sim.authorizationBaseUri(), options);
            URI redirect = URI.create("https://tpp.example.com/callback");
            IngApplication app = ing.onboard("ops@tpp.example.com", List.of(redirect));
            AccessToken mtls = ing.mtlsToken(app.clientId());
            ing.application(mtls);
            ing.updateApplication(mtls, app.clientId(), "ops@tpp.example.com", List.of(redirect));
            IngApplicationToken appToken = ing.applicationToken();
            String state = "demo_" + Instant.now().getEpochSecond();
            URI authorize = ing.authorizationUrl(Optional.of("NL"),
                    List.of("payment-accounts:balances:view", "payment-accounts:transactions:view"), state, Optional.of(redirect));
            o.print("\n>> the PSU opens the authorization URL in a browser (no client certificate):\n   "
                    + authorize.toString().replace("state=" + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8), "state=" + state) + "\n");
            URI callback = consent(tpp, authorize);
            o.print("<< ING redirects back to " + redirect + "?state=" + state + "&code=" + Exchange.REDACTED + "\n");
            printObservations();
            String code = IngClient.authorizationCode(callback, state);
            o.print("   callback parsed: state matches, authorization code taken (valid 10 minutes)\n");
            AccessToken customer = ing.customerToken(code, Optional.of(redirect));
            List<PaymentAccount> accounts = ing.accounts(customer);
            AccessToken refreshed = ing.refresh(customer);
            ing.accounts(refreshed);
            IngPayment payment = ing.initiatePayment("Jane Doe", "NL44RABO0123456789", "12.34", "EUR");
            IngApplicationToken again = ing.applicationToken();
            o.print("   application token reused from the cache: " + (again.token() == appToken.token()) + " (expires "
                    + appToken.token().expiresAt() + ")\n");
            return "ok - client " + app.clientId() + ", " + accounts.size() + " account(s) (" + accounts.get(0).iban()
                    + "), payment " + payment.transactionStatus();
        }
    }

    private URI consent(TppCredentials tpp, URI authorize) {
        try {
            java.net.http.HttpResponse<Void> r = tpp.plainTlsClient().send(java.net.http.HttpRequest.newBuilder(authorize).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            String location = r.headers().firstValue("Location").orElseThrow(
                    () -> new dev.qseal.banks.BankProtocolException("ING", "authorization", "no redirect back (status " + r.statusCode() + ")"));
            return URI.create(location);
        } catch (IOException e) {
            throw new dev.qseal.banks.BankConnectionException("ING", "authorization", e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.qseal.banks.BankConnectionException("ING", "authorization", "interrupted", e);
        }
    }

    private String belfius(TppCredentials tpp, SimulatorSetup setup, FlowOptions options) {
        String tppId = "62f02718-eeee-46e1-b5eb-e8fd6e799c2e";
        String clientId = "4df63778-1295-11ea-8d71-362b9e155667";
        try (BelfiusSimulator sim = new BelfiusSimulator(setup, tppId, clientId)) {
            current = sim;
            o.print("# Belfius fallback (seed 000): signed first call (keyId = TPP-ID, ISO-8601 Date), then the session endpoint unsigned\n");
            BelfiusClient belfius = BelfiusClient.create(tpp, sim.baseUri(), tppId, clientId, options);
            BelfiusSession session = belfius.openSession("12345");
            String page = belfius.customerInterface(session);
            return "ok - session opened, customer interface served (" + page.length() + " bytes of HTML)";
        }
    }

    private String cic(TppCredentials tpp, SimulatorSetup setup, FlowOptions options, char[] password) {
        try (CicSimulator sim = new CicSimulator(setup, "jdupont", password)) {
            current = sim;
            o.print("# CIC fallback (seed 001): login form with the QWAC, form POST, 303 with cookies, banking page without client certificate\n");
            o.print("# the PSU password comes from " + PASSWORD_ENV + (environment.apply(PASSWORD_ENV) != null ? "" : " (unset: a demo default)")
                    + " and is shown only as " + Exchange.REDACTED + "\n");
            CicClient cic = CicClient.create(tpp, sim.fallbackUrl(), options);
            cic.loginForm();
            CicSession session = cic.login("jdupont", password, StandardCharsets.UTF_8);
            String page = cic.bankingPage(session);
            return "ok - logged in, session cookies " + session.cookies().keySet() + ", banking page "
                    + (page.contains("Bienvenue") ? "shown" : "unexpected");
        }
    }

    private String becm(TppCredentials tpp, SimulatorSetup setup, FlowOptions options) {
        String kid = "qsealc-2026";
        try (BecmSimulator sim = new BecmSimulator(setup, kid, "https://tpp.example.com/jwks/qsealc.pem")) {
            current = sim;
            o.print("# Banque Européenne Crédit Mutuel (seed 002): STET AIS, Bearer token not signed, profile 'becm', keyId = JWK kid\n");
            AccessToken token = new AccessToken(sim.issueAccessToken(), Instant.now().plusSeconds(900), "aisp", Optional.empty());
            BecmClient becm = BecmClient.create(tpp, sim.baseUri(), kid, options);
            Map<String, String> psu = Map.of("PSU-IP-Address", "192.0.2.10");
            becm.consents(token, List.of("FR7630006000011234567890189"), psu);
            int n = becm.accounts(token, psu).size();
            return "ok - consent given, " + n + " account(s)";
        }
    }

    // ---- the account of each exchange

    private void record(Exchange e) {
        exchanges++;
        List<Observation> seen = current == null ? List.of() : current.drainObservations();
        o.print("\n>> " + e.bank() + " - " + e.step() + "\n");
        o.print("   " + e.method() + " " + e.url() + "\n");
        for (Map.Entry<String, String> h : e.requestHeaders()) {
            o.print("   " + h.getKey() + ": " + clip(h.getValue()) + "\n");
        }
        if (!e.requestBody().isEmpty()) {
            o.print("   (body) " + clip(e.requestBody()) + "\n");
        }
        printChecks(seen);
        o.print("<< " + e.status() + "\n");
        for (Map.Entry<String, String> h : e.responseHeaders()) {
            String n = h.getKey().toLowerCase(Locale.ROOT);
            if (n.equals("content-type") || n.equals("location") || n.equals("set-cookie") || n.startsWith("x-")) {
                o.print("   " + h.getKey() + ": " + clip(h.getValue()) + "\n");
            }
        }
        if (!e.responseBody().isEmpty()) {
            o.print("   (body) " + clip(e.responseBody().replace('\n', ' ')) + "\n");
        }
        o.flush();
        if (out != null) {
            StringBuilder file = new StringBuilder(e.render());
            file.append("\n# what the bank checked\n");
            for (Observation ob : seen) {
                ob.checks().forEach(c -> file.append("# ").append(c).append('\n'));
            }
            String name = String.format(Locale.ROOT, "%02d-%s-%s.http", exchanges, slug(e.bank()), slug(e.step()));
            try {
                Files.writeString(out.resolve(name), file.toString(), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException("cannot write " + out.resolve(name) + ": " + ex.getMessage(), ex);
            }
        }
    }

    private void printObservations() {
        if (current != null) {
            printChecks(current.drainObservations());
        }
    }

    private void printChecks(List<Observation> seen) {
        for (Observation ob : seen) {
            o.print("   the bank checked:\n");
            for (String c : ob.checks()) {
                o.print("     - " + c + "\n");
            }
        }
    }

    /** A throwaway SoftHSM2 token (made by qseal-pkcs11's script), or bad input saying what is missing. */
    private static SoftHsmToken softHsmToken() {
        try {
            return SoftHsmExtension.token();
        } catch (RuntimeException e) {
            throw new BadInputException("--pkcs11 needs SoftHSM2 (softhsm2-util and libsofthsm2.so; scripts/test.sh installs them): "
                    + e.getMessage(), e);
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253,
                Map.of("2.5.4.97", "organizationIdentifier"));
    }

    private static String clip(String v) {
        return v.length() <= CONSOLE_VALUE_LIMIT ? v : v.substring(0, CONSOLE_VALUE_LIMIT) + "... (" + v.length() + " chars)";
    }

    private static String slug(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        t = t.replaceAll("^-+|-+$", "");
        return t.length() > 40 ? t.substring(0, 40) : t;
    }

    private static char[] psuPassword() {
        String env = environment.apply(PASSWORD_ENV);
        return (env != null && !env.isEmpty() ? env : DEFAULT_PSU_PASSWORD).toCharArray();
    }

    private static Path defaultKeyDir() {
        String home = environment.apply("QSEAL_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "demo");
        }
        return Path.of(System.getProperty("user.home"), ".qseal", "demo");
    }
}
