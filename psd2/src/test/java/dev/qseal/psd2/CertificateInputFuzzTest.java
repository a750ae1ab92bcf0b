package dev.qseal.psd2;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qseal.core.BadInputException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.psd2.testing.Psd2TestPki;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz targets for the certificates a gateway receives from a caller: the text of a certificate
 * header (PEM, one-line PEM, URL-encoded PEM, base64 DER), certificate bytes (DER, PKCS#7, PEM), the
 * signer hints of a request ({@code TPP-Signature-Certificate}, the JWS {@code x5c}, keyIds) and the PSD2
 * reading of whatever certificate parses ({@code qcStatements}, roles, NCA, the policy's checks). Only
 * {@link BadInputException} may escape; {@link Psd2Policy#check} answers with a result and never throws.
 * Corpus under {@code src/test/resources/dev/qseal/psd2/CertificateInputFuzzTestInputs/<method>/};
 * {@code scripts/fuzz.sh} fuzzes each for real. Each run lasts {@code 2m}, as core's {@code FuzzSettings.RUN}.
 */
class CertificateInputFuzzTest {
    private static final Psd2TestPki PKI = Psd2TestPki.shared();
    private static final Psd2Policy POLICY = Psd2Policy.builder()
            .trustAnchors(List.of(PKI.root()))
            .intermediates(List.of(PKI.issuingCa()))
            .berlinGroupRoles()
            .build();
    private static final Instant NOW = Instant.now();
    private static final List<String> PATHS = List.of("/v1/accounts", "/v1/payments/sepa-credit-transfers", "/v1/funds-confirmations", "/");

    /** A certificate header's text, as {@link TrustResolver#fromHeader} hands it over. */
    @FuzzTest(maxDuration = "2m")
    void certificateText(FuzzedDataProvider data) {
        String path = data.pickValue(PATHS);
        try {
            readAsPsd2(CertificateParser.parseChain(data.consumeRemainingAsString()), path);
        } catch (BadInputException expected) {
            // documented
        }
    }

    /** Certificate bytes: DER, a DER PKCS#7 bundle, or PEM/base64 text as bytes. */
    @FuzzTest(maxDuration = "2m")
    void certificateBytes(FuzzedDataProvider data) {
        String path = data.pickValue(PATHS);
        try {
            readAsPsd2(CertificateParser.parseChain(data.consumeRemainingAsBytes()), path);
        } catch (BadInputException expected) {
            // documented
        }
    }

    /** A request's header lines ({@code Name: value}), their signer hints resolved as {@link InboundVerifier} resolves them. */
    @FuzzTest(maxDuration = "2m")
    void signerHints(FuzzedDataProvider data) {
        TrustResolver resolver = TrustResolver.standard()
                .orElse(TrustResolver.byKeyId(id -> id.equals("SN=1") ? Optional.of(List.of(PKI.root())) : Optional.empty()));
        try {
            HttpRequest.Builder b = HttpRequest.builder("POST", "/v1/payments");
            for (String line : data.consumeRemainingAsString().split("\n", 16)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    b.header(line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
            resolver.resolve(b.build()).ifPresent(chain -> readAsPsd2(chain, "/v1/payments"));
        } catch (BadInputException expected) {
            // documented
        }
    }

    private static void readAsPsd2(List<X509Certificate> chain, String path) {
        Psd2Certificate psd2 = Psd2Certificate.of(chain.get(0));
        psd2.authorisationNumber();
        psd2.toString();
        POLICY.check(chain, NOW, path).message();
    }
}
