package dev.qseal.cli;

import dev.qseal.banks.BankConnectionException;
import dev.qseal.banks.BankProtocolException;
import dev.qseal.banks.FlowOptions;
import dev.qseal.banks.TppCredentials;
import dev.qseal.banks.itsme.ItsmeClient;
import dev.qseal.banks.itsme.ItsmeIdentification;
import dev.qseal.banks.itsme.ItsmeLanguage;
import dev.qseal.banks.itsme.ItsmePolling;
import dev.qseal.banks.itsme.ItsmeSignRequest;
import dev.qseal.banks.itsme.ItsmeSignature;
import dev.qseal.banks.itsme.ItsmeSigningSession;
import dev.qseal.banks.itsme.ItsmeUser;
import dev.qseal.cades.CadesVerifier;
import dev.qseal.core.verify.VerificationResult;
import dev.qseal.simulators.BankSimulator;
import dev.qseal.simulators.SandboxPki;
import dev.qseal.simulators.SimulatorSetup;
import dev.qseal.simulators.itsme.ItsmeSimulator;
import dev.qseal.simulators.itsme.ItsmeTestUser;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The itsme step of {@code qseal demo}: the itsme Sign flow (seed 003) against its simulator over
 * mutual TLS — user identification, two sample documents prepared as CAdES-B, their hashes signed by
 * the simulated user, each returned value verified and completed — and, with {@code --out DIR},
 * each document written beside its detached signature {@code NAME.p7s}
 * ({@code DIR/itsme-contract.txt} + {@code DIR/itsme-contract.p7s}, ...), the document also as
 * {@code DIR/itsme-contract} for tools that take {@code X.p7s}'s content from {@code X}. The user's certificate is
 * issued by the sandbox CA, so {@code openssl cms -verify -CAfile} with that CA checks the chain too.
 */
final class ItsmeDemo {
    static final String PARTNER = "qseal-demo-partner";
    static final String SERVICE = "qseal-demo-sign";
    static final String REDIRECT = "https://tpp.example.com/itsme/back";

    private ItsmeDemo() {
    }

    /** The two sample documents: file name to bytes. */
    static Map<String, byte[]> documents() {
        Map<String, byte[]> docs = new LinkedHashMap<>();
        docs.put("itsme-contract.txt", ("Car insurance contract no. 2026-0042\n\nThe policyholder accepts the general conditions "
                + "(version 2026-01) and the premium of EUR 41.50 per month.\nSigned with itsme(R) through qseal.\n")
                .getBytes(StandardCharsets.UTF_8));
        docs.put("itsme-mandate.pdf", pdf("SEPA Direct Debit Mandate - creditor BE00ZZZ0123456789, debtor Test Stephane"));
        return docs;
    }

    static String run(TppCredentials tpp, SandboxPki pki, SimulatorSetup setup, FlowOptions options, Path out, PrintWriter o,
            Consumer<BankSimulator> current) throws IOException {
        ItsmeTestUser user = ItsmeTestUser.issuedBy(pki.ca().certificate(), pki.ca().privateKey());
        try (ItsmeSimulator sim = new ItsmeSimulator(setup, PARTNER, SERVICE, REDIRECT, user)) {
            current.accept(sim);
            o.print("# itsme Sign (seed 003): the user signs SHA-256 hashes in the itsme app; qseal verifies each raw PKCS#1 v1.5 value\n"
                    + "# against the user's certificate and turns it into a detached CAdES-B signature\n");
            sim.pendingPolls(1);
            ItsmeClient itsme = ItsmeClient.builder(tpp, sim.baseUri()).partnerCode(PARTNER).serviceCode(SERVICE).options(options)
                    .polling(ItsmePolling.builder().initialDelay(Duration.ofMillis(200)).maxDelay(Duration.ofSeconds(1))
                            .timeout(Duration.ofSeconds(30)).build())
                    .build();
            String back = REDIRECT + "?sessionID=demo-42";
            ItsmeIdentification id = itsme.identify(ItsmeLanguage.EN, back);
            URI visit = id.identificationUrl(Map.of("step", "identify"));
            o.print("\n>> the user's browser opens the identification URL (the TPP added its own parameter step=identify):\n   "
                    + visit + "\n");
            o.print("<< itsme sends the user back to " + browse(tpp, visit) + "\n");
            ItsmeUser identified = itsme.awaitIdentification(id);
            o.print("   user identified (after a PENDING): " + identified.certificate().getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253,
                    Map.of("2.5.4.4", "SURNAME", "2.5.4.42", "GIVENNAME", "2.5.4.5", "SERIALNUMBER")) + "\n");

            Map<String, byte[]> docs = documents();
            ItsmeSignRequest request = ItsmeSignRequest.builder(back).language(ItsmeLanguage.EN)
                    .description(ItsmeLanguage.EN, "Car insurance contract and SEPA mandate")
                    .description(ItsmeLanguage.FR, "Contrat d'assurance auto et mandat SEPA")
                    .description(ItsmeLanguage.NL, "Autoverzekeringscontract en SEPA-mandaat")
                    .description(ItsmeLanguage.DE, "Kfz-Versicherungsvertrag und SEPA-Mandat")
                    .signPolicy(ItsmeSignRequest.ITSME_DEFAULT_POLICY).commitmentType("1.2.840.113549.1.9.16.6.5")
                    .signerRole(ItsmeLanguage.EN, "Policyholder").signerRole(ItsmeLanguage.FR, "Preneur d'assurance")
                    .build();
            ItsmeSigningSession session = itsme.signDocuments(identified, docs, request);
            URI signing = session.signingUrl(Map.of("step", "sign"));
            o.print("\n>> the user's browser opens the signing URL:\n   " + signing + "\n");
            o.print("<< itsme sends the user back to " + browse(tpp, signing) + "\n");
            List<ItsmeSignature> signed = itsme.awaitSignatures(session);

            CadesVerifier verifier = CadesVerifier.builder().trustAnchors(List.of(user.root())).build();
            StringBuilder files = new StringBuilder();
            for (ItsmeSignature s : signed) {
                byte[] document = docs.get(s.id());
                byte[] p7s = s.cades().orElseThrow();
                VerificationResult v = verifier.verify(p7s, document);
                if (!v.isValid()) {
                    throw new BankProtocolException(ItsmeClient.BANK, "CAdES check", s.id() + ": " + v);
                }
                String p7sName = stem(s.id()) + ".p7s";
                o.print("   " + s.id() + ": signature value verified against the user's certificate; CAdES-B " + p7s.length
                        + " bytes, verified with the chain\n");
                if (out != null) {
                    Files.write(out.resolve(s.id()), document);
                    Files.write(out.resolve(p7sName), p7s);
                    // the same document also under the name NAME.p7s strips to, for tools that take X.p7s's content from X
                    Files.write(out.resolve(stem(s.id())), document);
                    o.print("   wrote " + out.resolve(s.id()) + " and " + out.resolve(p7sName) + " (the document also as "
                            + stem(s.id()) + ")\n");
                    files.append(files.length() == 0 ? "" : ", ").append(p7sName);
                }
            }
            if (out != null) {
                Path ca = out.resolve("itsme-user-ca.pem");
                Files.writeString(ca, ItsmeTestUser.pem(List.of(user.root())), StandardCharsets.US_ASCII);
                o.print("   check one: openssl cms -verify -binary -inform DER -in " + out.resolve(files.toString().split(", ")[0])
                        + " -content " + out.resolve(signed.get(0).id()) + " -CAfile " + ca + " -out /dev/null\n");
            }
            return "ok - " + signed.size() + " documents signed by the user, CAdES-B detached" + (out != null ? " (" + files + ")" : "");
        }
    }

    /** {@code itsme-contract} for {@code itsme-contract.txt}. */
    private static String stem(String fileName) {
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }

    /** The user's browser: opens {@code url} without a client certificate and returns where itsme sends it back. */
    private static String browse(TppCredentials tpp, URI url) {
        try {
            HttpResponse<Void> r = tpp.plainTlsClient().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());
            return r.headers().firstValue("Location").orElseThrow(
                    () -> new BankProtocolException(ItsmeClient.BANK, "user's browser", "no redirect back (status " + r.statusCode() + ")"));
        } catch (IOException e) {
            throw new BankConnectionException(ItsmeClient.BANK, "user's browser", e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BankConnectionException(ItsmeClient.BANK, "user's browser", "interrupted", e);
        }
    }

    /** A small one-page PDF showing {@code text} (Helvetica), with a correct cross-reference table. */
    static byte[] pdf(String text) {
        String content = "BT /F1 11 Tf 56 780 Td (" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj ET";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        StringBuilder xref = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int i = 0; i < objects.size(); i++) {
            xref.append(String.format(Locale.ROOT, "%010d 00000 n \n", pdf.length()));
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int start = pdf.length();
        pdf.append(xref).append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(start).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
