package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.kms.testing.VaultStandIn;
import dev.qseal.testvectors.TestVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sign} takes cloud KMS key references: a Vault transit key holding the Appendix C test key signs byte-exact. */
class CloudKeyRefCliTest {
    private static final String V = TestVectors.CAVAGE_DRAFT10;
    private static final String DATE = "Sun, 05 Jan 2014 21:31:40 GMT";

    @TempDir
    static Path dir;
    static VaultStandIn vault;
    static Path token;

    @BeforeAll
    static void start() throws Exception {
        Path key = dir.resolve("test-key.pem");
        Files.writeString(key, TestVectors.pemBlock(V, "RSA PRIVATE KEY"));
        vault = new VaultStandIn();
        vault.add("cavage-test", "rsa-2048", (SoftwareSigningKey) KeySources.open("file:" + key));
        token = dir.resolve("vault-token");
        Files.writeString(token, VaultStandIn.TOKEN);
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void signCavageWithAVaultKeyMatchesAppendixC1() {
        CliRun r = CliRun.of("sign", "cavage", "--key", "vault:cavage-test?addr=" + vault.addr() + "&token-file=" + token,
                "--key-id", "Test", "--profile", "cavage-default", "--method", "POST", "--target", "/foo?param=value&pet=dog",
                "-H", "Host: example.com", "-H", "Date: " + DATE);
        assertEquals(0, r.code, r.toString());
        String expected = TestVectors.section(V, "C.1 Default Test", "signature value, joined");
        assertEquals("Signature: keyId=\"Test\",algorithm=\"rsa-sha256\",signature=\"" + expected + "\"\n", r.out);
    }

    @Test
    void everyCloudSchemeIsKnownAndABadReferenceIsExit2WithOneLine() {
        for (String ref : List.of("awskms:arn:aws:s3:::bucket", "gcpkms:projects/p", "azurekv:vault.example/secrets/x",
                "vault:seal?addr=ftp://vault")) {
            CliRun r = CliRun.of("sign", "cavage", "--key", ref, "--key-id", "Test", "--method", "GET", "--target", "/",
                    "-H", "Date: " + DATE);
            assertEquals(2, r.code, r.toString());
            assertFalse(r.err.contains("unknown key scheme"), r.toString());
            assertEquals(1, r.err.strip().lines().count(), r.toString());
        }
    }

    @Test
    void aVaultThatIsNotThereIsExit2NamingTheKeyNotAHang() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.of("sign", "cavage", "--key", "vault:seal?addr=http://127.0.0.1:" + port + "&deadline-ms=500&token-file=" + token,
                "--key-id", "Test", "--method", "GET", "--target", "/", "-H", "Date: " + DATE);
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.contains("vault:seal"), r.toString());
        assertFalse(r.err.contains(VaultStandIn.TOKEN), r.toString());
    }
}
