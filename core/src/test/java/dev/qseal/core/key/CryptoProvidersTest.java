package dev.qseal.core.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which provider software keys use: ACCP when it is on the class path (it is, for core's tests), the JDK on request. */
class CryptoProvidersTest {
    static final byte[] DATA = "(request-target): post /oauth2/token".getBytes(StandardCharsets.UTF_8);

    static boolean switchedOff() {
        String p = System.getProperty(CryptoProviders.PROPERTY, System.getenv(CryptoProviders.ENV));
        return "jdk".equalsIgnoreCase(p);
    }

    @Test
    void bcFipsOnTheClassPathMeansBcFipsInApprovedOnlyModeAndNeverAccp() {
        assertEquals(dev.qseal.core.Fips.enabled() && !switchedOff(), CryptoProviders.fips());
        if (!CryptoProviders.fips()) {
            assertFalse(CryptoProviders.approvedOnly());
            return;
        }
        assertTrue(CryptoProviders.approvedOnly());
        assertEquals("BCFIPS", CryptoProviders.preferred().orElseThrow().getName());
        assertTrue(CryptoProviders.describe().startsWith("BCFIPS 2."), CryptoProviders.describe());
        assertTrue(CryptoProviders.describe().contains("approved-only mode on"), CryptoProviders.describe());
        for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
            assertEquals("BCFIPS", CryptoProviders.forVerifying(alg).orElseThrow().getName(), alg.name());
        }
        assertEquals("BCFIPS", SignatureAlgorithm.RSA_PKCS1_SHA256.newJcaSignature().getProvider().getName());
        assertEquals("BCFIPS", HashAlgorithm.SHA_256.newDigest().getProvider().getName());
        // an algorithm BCFIPS lacks is not quietly done by the JDK
        assertThrows(dev.qseal.core.QsealException.class, () -> SignatureAlgorithm.ECDSA_P256_SHA256_RAW.newJcaSignature());
    }

    /** Run in a child JVM by {@link #fipsAskedForIsFipsOrNothing}: prints the provider line and whether keys can sign. */
    public static final class Describe {
        public static void main(String[] args) {
            System.out.println(CryptoProviders.describe());
            try {
                System.out.println("preferred: " + CryptoProviders.preferred().map(java.security.Provider::getName).orElse("JDK"));
            } catch (dev.qseal.core.QsealException e) {
                System.out.println("refused: " + e.getClass().getSimpleName());
            }
        }
    }

    static String describeInChildJvm(String... properties) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(properties));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Describe.class.getName()));
        // stdout only: JDK 21+ warns on stderr when bc-fips loads its native code
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void fipsAskedForIsFipsOrNothing() throws Exception {
        String out = describeInChildJvm("-Dqseal.provider=fips");
        if (dev.qseal.core.Fips.enabled()) {
            assertTrue(out.startsWith("BCFIPS 2.") && out.contains("approved-only mode on)"), out);
            assertTrue(out.contains("preferred: BCFIPS"), out);
            // the application's own decision about approved-only mode is kept, and shown
            String off = describeInChildJvm("-Dqseal.provider=fips", "-Dorg.bouncycastle.fips.approved_only=false");
            assertTrue(off.contains("approved-only mode OFF"), off);
        } else {
            // without bc-fips, no silent fallback to ACCP or the JDK: nothing signs
            assertTrue(out.startsWith("none: qseal.provider/QSEAL_PROVIDER = fips asks for Bouncy Castle FIPS, but bc-fips is"
                    + " not on the class path"), out);
            assertTrue(out.contains("refused: QsealException"), out);
        }
    }

    @Test
    void accpIsPreferredWhenOnTheClassPathAndNotSwitchedOff() {
        assumeTrue(!dev.qseal.core.Fips.enabled(), "FIPS mode: see bcFipsOnTheClassPathMeansBcFipsInApprovedOnlyModeAndNeverAccp");
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch")));
        if (switchedOff()) {
            assertTrue(CryptoProviders.preferred().isEmpty());
            assertTrue(CryptoProviders.describe().startsWith("JDK providers"), CryptoProviders.describe());
            return;
        }
        assertEquals("AmazonCorrettoCryptoProvider", CryptoProviders.preferred().orElseThrow().getName());
        assertTrue(CryptoProviders.describe().startsWith("AmazonCorrettoCryptoProvider 2.5"), CryptoProviders.describe());
        assertEquals("AmazonCorrettoCryptoProvider", SignatureAlgorithm.RSA_PKCS1_SHA256.newJcaSignature().getProvider().getName());
        assertEquals("AmazonCorrettoCryptoProvider", HashAlgorithm.SHA_256.newDigest().getProvider().getName());
    }

    @Test
    void signaturesOfEitherProviderVerifyWithTheOther() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        for (KeyPair pair : List.of(rsa.generateKeyPair(), ec.generateKeyPair())) {
            SoftwareSigningKey preferred = new SoftwareSigningKey("test", pair.getPrivate(), pair.getPublic(), List.of());
            SoftwareSigningKey jdk = preferred.withJdkProvider();
            assertEquals("JDK", jdk.providerName());
            for (SignatureAlgorithm alg : preferred.algorithms()) {
                byte[] fast = preferred.sign(alg, DATA);
                byte[] slow = jdk.sign(alg, DATA);
                assertTrue(alg.verify(pair.getPublic(), DATA, slow), alg + " JDK signature, preferred verifier");
                Signature plain = jdkSignature(alg);
                plain.initVerify(pair.getPublic());
                plain.update(DATA);
                assertTrue(plain.verify(fast), alg + " preferred signature, JDK verifier");
                fast[fast.length / 2] ^= 1;
                assertFalse(alg.verify(pair.getPublic(), DATA, fast), alg + " altered signature");
            }
        }
    }

    private static Signature jdkSignature(SignatureAlgorithm alg) throws Exception {
        Signature s = Signature.getInstance(alg.jcaName());
        if (alg.scheme() == SignatureAlgorithm.Scheme.RSA_PSS) {
            s.setParameter(alg.pssParameters());
        }
        return s;
    }
}
