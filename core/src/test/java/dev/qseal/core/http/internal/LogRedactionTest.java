package dev.qseal.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogRedactionTest {
    @Test
    void cavageLinesLoseCredentialAndPsuValuesAndTheQuery() {
        String signing = "(request-target): post /customer-access-tokens?iban=NL00SECRET\ndate: 2018-03-30T12:22:35Z\n"
                + "authorization: Bearer FDDFGDFGDFGDFGDFGFDG\ncookie: s=secret-session\npsu-id: 12345";
        assertEquals("(request-target): post /customer-access-tokens?***\ndate: 2018-03-30T12:22:35Z\n"
                + "authorization: ***\ncookie: ***\npsu-id: ***", LogRedaction.signingString(signing));
    }

    @Test
    void signatureBaseComponentsAreRedactedWhateverTheirParameters() {
        String base = "\"@method\": GET\n\"@target-uri\": https://h/a?x=1\n\"@path\": /a\n\"@query\": ?x=1\n"
                + "\"@query-param\";name=\"x\": 1\n\"authorization\": Bearer abc\n\"cookie\";bs: :eA==:\n"
                + "\"PSU-IP-Address\": 10.0.0.1\n\"@signature-params\": (\"@method\")";
        assertEquals("\"@method\": GET\n\"@target-uri\": https://h/a?***\n\"@path\": /a\n\"@query\": ***\n"
                + "\"@query-param\";name=\"x\": ***\n\"authorization\": ***\n\"cookie\";bs: ***\n"
                + "\"PSU-IP-Address\": ***\n\"@signature-params\": (\"@method\")", LogRedaction.signingString(base));
    }

    @Test
    void diagnosisIsOneLineWithoutQueries() {
        assertEquals("digest of /a?*** does not match ok",
                LogRedaction.diagnosis("digest of /a?iban=SECRET does not match\nok"));
    }
}
