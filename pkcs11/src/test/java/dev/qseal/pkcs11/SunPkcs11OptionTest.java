package dev.qseal.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ?provider=sunpkcs11}: the same token objects signed through the JDK's SunPKCS11, on SoftHSM2. */
@ExtendWith(SoftHsmExtension.class)
class SunPkcs11OptionTest {
    private static final byte[] MSG = "(request-target): post /oauth2/token".getBytes(StandardCharsets.UTF_8);

    @Test
    void keysWithACertificateObjectSignThroughSunPkcs11AndVerifyWithTheCertificate(SoftHsmToken t) throws Exception {
        for (String label : List.of(SoftHsmToken.RSA, SoftHsmToken.EC)) {
            try (SigningKey key = KeySources.open(t.uri(label, "provider=sunpkcs11"))) {
                assertInstanceOf(SunPkcs11SigningKey.class, key);
                assertTrue(key.description().contains("SunPKCS11"), key.description());
                X509Certificate cert = TestKeys.certificate(t.certFile(label));
                assertEquals(cert, key.certificate().orElseThrow(), "certificate read from the token");
                int n = 0;
                for (SignatureAlgorithm alg : key.algorithms()) {
                    byte[] sig = key.sign(alg, MSG);
                    assertTrue(alg.verify(cert.getPublicKey(), MSG, sig), alg + " signature verifies with the certificate");
                    byte[] other = MSG.clone();
                    other[0] ^= 1;
                    assertFalse(alg.verify(cert.getPublicKey(), other, sig), alg + " does not cover another message");
                    if (alg.scheme() != SignatureAlgorithm.Scheme.RSA_PSS) {
                        byte[] fromDigest = key.signDigest(alg, alg.hash().hash(MSG));
                        assertTrue(alg.verify(cert.getPublicKey(), MSG, fromDigest), alg + " hash signature");
                    }
                    n++;
                }
                assertTrue(n >= 2, "signed with " + n + " algorithms");
            }
        }
    }

    @Test
    void aKeyWithoutACertificateObjectIsNotFoundAndSaysWhy(SoftHsmToken t) {
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class,
                () -> KeySources.open(t.uri(SoftHsmToken.RSA_NO_CERT, "provider=sunpkcs11")));
        assertTrue(e.getMessage().contains("certificate object"), e.getMessage());
        assertFalse(e.getMessage().contains(t.userPin()), e.getMessage());
    }

    @Test
    void anUnknownProviderIsBadInput(SoftHsmToken t) {
        BadInputException e = assertThrows(BadInputException.class, () -> KeySources.open(t.uri(SoftHsmToken.RSA, "provider=bogus")));
        assertTrue(e.getMessage().contains("qseal (the default) or sunpkcs11"), e.getMessage());
    }
}
