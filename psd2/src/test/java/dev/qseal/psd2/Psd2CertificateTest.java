package dev.qseal.psd2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.psd2.testing.Psd2TestPki;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Psd2CertificateTest {
    private final Psd2TestPki pki = Psd2TestPki.shared();

    @Test
    void readsRolesNcaAndOrganizationIdentifierOfAQsealc() {
        Psd2Certificate c = Psd2Certificate.of(pki.leaf().roles(Psd2Role.PSP_AI, Psd2Role.PSP_IC).issue().certificate());
        assertTrue(c.isQualified());
        assertTrue(c.isPsd2());
        assertEquals(Set.of(QcType.ESEAL), c.qcTypes());
        assertEquals(Set.of(Psd2Role.PSP_AI, Psd2Role.PSP_IC), c.roles());
        assertEquals(List.of("PSP_AI", "PSP_IC"), c.roleNames());
        assertEquals(Optional.of("National Bank of Belgium"), c.ncaName());
        assertEquals(Optional.of("BE-NBB"), c.ncaId());
        assertEquals(Optional.of("PSDBE-NBB-0123456789"), c.organizationIdentifier());
        assertEquals(Optional.of("0123456789"), c.authorisationNumber());
    }

    @Test
    void tellsAQwacFromAQsealc() {
        Psd2Certificate qwac = Psd2Certificate.of(pki.leaf().qcType(QcType.WEB).issue().certificate());
        assertEquals(Set.of(QcType.WEB), qwac.qcTypes());
    }

    @Test
    void aCertificateWithoutPsd2StatementHasNoRolesAndNoNca() {
        Psd2Certificate c = Psd2Certificate.of(pki.leaf().notPsd2().notQualified().issue().certificate());
        assertFalse(c.isPsd2());
        assertFalse(c.isQualified());
        assertTrue(c.roles().isEmpty());
        assertEquals(Optional.empty(), c.ncaId());
        assertEquals(Optional.empty(), c.organizationIdentifier());
        assertEquals(Optional.empty(), c.authorisationNumber());
    }

    @Test
    void aCaCertificateHasNoQcStatementsAtAll() {
        Psd2Certificate c = Psd2Certificate.of(pki.root());
        assertFalse(c.isPsd2());
        assertTrue(c.qcTypes().isEmpty());
    }
}
