package dev.qseal.psd2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.psd2.testing.Psd2TestPki;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class Psd2PolicyTest {
    private final Psd2TestPki pki = Psd2TestPki.shared();
    private final Psd2Policy policy = Psd2Policy.builder()
            .trustAnchors(List.of(pki.root()))
            .intermediates(List.of(pki.issuingCa()))
            .berlinGroupRoles()
            .build();
    private final Instant now = Instant.now();

    private Optional<CertificateFailure> failure(List<X509Certificate> chain, String path) {
        return policy.check(chain, now, path).failure();
    }

    @Test
    void acceptsAQsealcWithTheRoleTheEndpointNeeds() {
        CertificateCheck check = policy.check(pki.leaf().roles(Psd2Role.PSP_PI).issue().chain(), now, "/v1/payments/sepa-credit-transfers");
        assertTrue(check.isValid(), check.toString());
        assertEquals(Set.of(Psd2Role.PSP_PI), check.certificate().orElseThrow().roles());
    }

    @Test
    void anAisEndpointRefusesAPisOnlyTpp() {
        CertificateCheck check = policy.check(pki.leaf().roles(Psd2Role.PSP_PI).issue().chain(), now, "/v1/accounts?withBalance=true");
        assertEquals(Optional.of(CertificateFailure.ROLE_INVALID), check.failure());
        assertTrue(check.message().contains("PSP_AI") && check.message().contains("PSDBE-NBB-0123456789"), check.message());
    }

    @Test
    void aPaymentsEndpointRefusesAnAisOnlyTpp() {
        assertEquals(Optional.of(CertificateFailure.ROLE_INVALID),
                failure(pki.leaf().roles(Psd2Role.PSP_AI).issue().chain(), "/v1/payments/sepa-credit-transfers"));
    }

    @Test
    void rolesMatchOnSegmentBoundariesAndTheLongestPrefixWins() {
        Psd2Policy p = Psd2Policy.builder().skipChainValidation()
                .requireRole("/v1/payments", Psd2Role.PSP_PI)
                .requireRole("/v1/payments/status", Psd2Role.PSP_AI, Psd2Role.PSP_PI)
                .build();
        assertEquals(Set.of(Psd2Role.PSP_PI), p.requiredRoles("/v1/payments"));
        assertEquals(Set.of(Psd2Role.PSP_PI), p.requiredRoles("/v1/payments/x?y=1"));
        assertEquals(Set.of(), p.requiredRoles("/v1/paymentsX"));
        assertEquals(Set.of(Psd2Role.PSP_AI, Psd2Role.PSP_PI), p.requiredRoles("/v1/payments/status/1"));
    }

    @Test
    void aQwacIsNotASealingCertificate() {
        assertEquals(Optional.of(CertificateFailure.CERTIFICATE_INVALID), failure(pki.leaf().qcType(QcType.WEB).issue().chain(), "/v1/other"));
    }

    @Test
    void aNonQualifiedCertificateIsRefused() {
        assertEquals(Optional.of(CertificateFailure.CERTIFICATE_INVALID), failure(pki.leaf().notQualified().issue().chain(), "/v1/other"));
    }

    @Test
    void aCertificateWithoutPsd2StatementIsRefused() {
        assertEquals(Optional.of(CertificateFailure.CERTIFICATE_INVALID), failure(pki.leaf().notPsd2().issue().chain(), "/v1/other"));
    }

    @Test
    void aCertificateNotValidAtTheSigningTimeIsRefused() {
        List<X509Certificate> expired = pki.leaf().validity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35))).issue().chain();
        assertEquals(Optional.of(CertificateFailure.CERTIFICATE_EXPIRED), failure(expired, "/v1/other"));
        // the same certificate was fine when it signed, 40 days ago
        assertTrue(policy.check(expired, now.minus(Duration.ofDays(40)), "/v1/other").isValid());
    }

    @Test
    void aKeyUsageWithoutSigningIsRefused() {
        assertEquals(Optional.of(CertificateFailure.KEY_USAGE_INVALID),
                failure(pki.leaf().keyUsage(KeyUsage.keyEncipherment).issue().chain(), "/v1/other"));
    }

    @Test
    void aCertificateFromAnotherQtspIsUntrusted() {
        Psd2TestPki other = Psd2TestPki.create("Rogue");
        CertificateCheck check = policy.check(other.leaf().issue().chain(), now, "/v1/other");
        assertEquals(Optional.of(CertificateFailure.CERTIFICATE_UNTRUSTED), check.failure());
        assertTrue(check.message().contains("Rogue"), check.message());
    }

    @Test
    void aLeafAloneChainsThroughTheConfiguredIntermediates() {
        assertTrue(policy.check(List.of(pki.leaf().issue().certificate()), now, "/v1/other").isValid());
        Psd2Policy noIntermediates = Psd2Policy.builder().trustAnchors(List.of(pki.root())).build();
        assertEquals(Optional.of(CertificateFailure.CERTIFICATE_UNTRUSTED),
                noIntermediates.check(List.of(pki.leaf().issue().certificate()), now, "/").failure());
        assertTrue(noIntermediates.check(pki.leaf().issue().chain(), now, "/").isValid());
    }

    @Test
    void noCertificateIsMissing() {
        assertEquals(Optional.of(CertificateFailure.CERTIFICATE_MISSING), failure(List.of(), "/"));
    }

    @Test
    void contradictoryPoliciesAreRefusedAtBuildTime() {
        assertThrows(BadInputException.class, () -> Psd2Policy.builder().build());
        assertThrows(BadInputException.class, () -> Psd2Policy.builder().skipChainValidation().allowNonPsd2()
                .requireRole("/v1/payments", Psd2Role.PSP_PI).build());
        assertThrows(BadInputException.class, () -> Psd2Policy.builder().requireRole("v1", Psd2Role.PSP_PI));
    }
}
