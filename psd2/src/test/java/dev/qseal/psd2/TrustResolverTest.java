package dev.qseal.psd2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.psd2.testing.Psd2TestPki;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustResolverTest {
    private static final Psd2TestPki.Leaf TPP = Psd2TestPki.shared().leaf().issue();

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void readsTheCertificateHeaderInEitherEncoding() throws Exception {
        String der64 = b64(TPP.certificate().getEncoded());
        for (String value : List.of(der64, "-----BEGIN CERTIFICATE-----" + der64 + "-----END CERTIFICATE-----")) {
            HttpRequest r = HttpRequest.builder("GET", "/v1/accounts").header("TPP-Signature-Certificate", value).build();
            assertEquals(Optional.of(List.of(TPP.certificate())), TrustResolver.standard().resolve(r));
        }
    }

    @Test
    void readsTheX5cOfADetachedJws() throws Exception {
        String header = "{\"alg\":\"PS256\",\"x5c\":[\"" + b64(TPP.chain().get(0).getEncoded()) + "\",\""
                + b64(TPP.chain().get(1).getEncoded()) + "\"]}";
        String jws = Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "..c2ln";
        HttpRequest r = HttpRequest.builder("POST", "/oauth2/applications").header("x-jws-signature", jws).build();
        assertEquals(Optional.of(TPP.chain()), TrustResolver.standard().resolve(r));
    }

    @Test
    void looksUpTheKeyIdOfEachFormat() {
        TrustResolver byKeyId = TrustResolver.byKeyId(id -> id.equals("tpp-42") ? Optional.of(TPP.chain()) : Optional.empty());
        for (String[] h : List.of(
                new String[] {"Signature", "keyId=\"tpp-42\",algorithm=\"rsa-sha256\",headers=\"date\",signature=\"AA==\""},
                new String[] {"Authorization", "Signature keyId=\"tpp-42\",signature=\"AA==\""},
                new String[] {"Signature-Input", "sig1=(\"@method\");created=1;keyid=\"tpp-42\""})) {
            HttpRequest r = HttpRequest.builder("GET", "/").header(h[0], h[1]).build();
            assertEquals(Optional.of(TPP.chain()), byKeyId.resolve(r), h[0]);
        }
        assertEquals(Optional.empty(), byKeyId.resolve(HttpRequest.builder("GET", "/").header("Signature", "keyId=\"other\"").build()));
    }

    @Test
    void aBrokenCertificateHeaderIsBadInputNamingTheHeader() {
        HttpRequest r = HttpRequest.builder("GET", "/").header("TPP-Signature-Certificate", "MIIB!!").build();
        BadInputException e = assertThrows(BadInputException.class, () -> TrustResolver.standard().resolve(r));
        assertTrue(e.getMessage().contains("TPP-Signature-Certificate"), e.getMessage());
    }
}
