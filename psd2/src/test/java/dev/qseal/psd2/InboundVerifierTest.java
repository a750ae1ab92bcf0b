package dev.qseal.psd2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.BadInputException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.psd2.testing.Psd2TestPki;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboundVerifierTest {
    private static final Psd2TestPki PKI = Psd2TestPki.shared();
    private static final Psd2TestPki.Leaf TPP = PKI.leaf().roles(Psd2Role.PSP_PI).issue();
    private static final BankProfile PROFILE = BankProfiles.BERLIN_GROUP;
    private final Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    private final Psd2Policy policy = Psd2Policy.builder().trustAnchors(List.of(PKI.root())).intermediates(List.of(PKI.issuingCa()))
            .berlinGroupRoles().build();

    private HttpRequest sealed(Psd2TestPki.Leaf tpp, String target) {
        HttpRequest r = HttpRequest.builder("POST", target).header("Host", "aspsp.test").header("Content-Type", "application/json")
                .body("{\"amount\":\"1\"}".getBytes(StandardCharsets.UTF_8)).build();
        return PROFILE.signer(tpp.signingKey()).clock(clock).build().sign(r).request();
    }

    private InboundVerifier.Builder verifier() {
        return InboundVerifier.builder(PROFILE).certificatePolicy(policy).clock(clock);
    }

    @Test
    void acceptsOnceAndRefusesTheReplay() {
        InboundVerifier v = verifier().build();
        HttpRequest request = sealed(TPP, "/v1/payments/sepa-credit-transfers");
        InboundDecision first = v.verify(request);
        assertTrue(first.isAccepted(), first.toString());
        assertEquals(Optional.of("PSDBE-NBB-0123456789"), first.certificate().orElseThrow().organizationIdentifier());
        InboundDecision again = v.verify(request);
        assertEquals(Optional.of(InboundDecision.REPLAYED), again.reason());
        assertEquals(401, again.status());
    }

    @Test
    void theRoleIsCheckedAgainstTheEndpoint() {
        InboundDecision d = verifier().build().verify(sealed(TPP, "/v1/consents"));
        assertEquals(Optional.of("ROLE_INVALID"), d.reason());
        assertEquals("{\"type\":\"urn:qseal:problem:role-invalid\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"failure\":\"ROLE_INVALID\",\"detail\":\"the request signature or the signer's certificate was refused\"}", d.problemJson());
        assertFalse(d.problemJson().contains("PSP_PI"), "the diagnosis stays out of the answer");
    }

    @Test
    void aSignatureFailureIsNamed() {
        HttpRequest request = sealed(TPP, "/v1/payments/x");
        HttpRequest changed = request.toBuilder().body("{\"amount\":\"9\"}".getBytes(StandardCharsets.UTF_8)).build();
        assertEquals(Optional.of("DIGEST_MISMATCH"), verifier().build().verify(changed).reason());
    }

    @Test
    void aMalformedCertificateHeaderIsNamed() {
        HttpRequest request = sealed(TPP, "/v1/payments/x").toBuilder().removeHeader("TPP-Signature-Certificate")
                .header("TPP-Signature-Certificate", "not-a-certificate").build();
        assertEquals(Optional.of("CERTIFICATE_MALFORMED"), verifier().build().verify(request).reason());
    }

    @Test
    void aStoreThatCannotAnswerFailsClosed() {
        InboundVerifier v = verifier().replayStore((key, ttl) -> {
            throw new BackendUnavailableException("the replay check failed: Redis at 127.0.0.1:1 did not answer");
        }).build();
        InboundDecision d = v.verify(sealed(TPP, "/v1/payments/x"));
        assertEquals(Optional.of(InboundDecision.REPLAY_CHECK_UNAVAILABLE), d.reason());
        assertEquals(503, d.status());
    }

    @Test
    void aKeyIdDirectoryCanSupplyTheCertificate() {
        // the Berlin Group keyId is SN=<serial hex>,CA=<issuer DN>: the directory knows the TPP by its serial
        java.util.function.Function<String, Optional<List<X509Certificate>>> directory = id -> {
            String sn = id.substring(3, id.indexOf(','));
            return new java.math.BigInteger(sn, 16).equals(TPP.certificate().getSerialNumber()) ? Optional.of(TPP.chain()) : Optional.empty();
        };
        HttpRequest request = sealed(TPP, "/v1/payments/x").toBuilder().removeHeader("TPP-Signature-Certificate").build();
        InboundVerifier byHeaderOnly = verifier().build();
        assertEquals(Optional.of("CERTIFICATE_MISSING"), byHeaderOnly.verify(request).reason());
        InboundVerifier byKeyId = verifier().trustResolver(TrustResolver.standard()
                .orElse(TrustResolver.byKeyId(directory))).build();
        InboundDecision d = byKeyId.verify(request);
        assertTrue(d.isAccepted(), d.toString());
    }

    @Test
    void aVerifierWithoutCertificatePolicyMustSaySo() {
        assertThrows(BadInputException.class, () -> InboundVerifier.builder(PROFILE).build());
        assertTrue(InboundVerifier.builder(PROFILE).withoutCertificatePolicy().clock(clock).build()
                .verify(sealed(TPP, "/v1/consents")).isAccepted());
    }
}
