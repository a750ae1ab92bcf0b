package dev.qseal.cades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.verify.VerificationResult;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** CAdES signatures made by keys on a real SoftHSM2 token (in CI a missing SoftHSM fails these tests). */
@ExtendWith(SoftHsmExtension.class)
class Pkcs11CadesTest {
    private static final byte[] DOC = "sealed by the TPP's own QSealC\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aTokenRsaKeySealsADocumentThatOpenSslVerifies(SoftHsmToken t, @TempDir Path dir) throws Exception {
        try (SigningKey key = KeySources.open(t.uri(SoftHsmToken.RSA))) {
            byte[] p7s = CadesSigner.sign(DOC, key);
            VerificationResult r = CadesVerifier.create().verify(p7s, DOC);
            assertTrue(r.isValid(), r.toString());
            OpenSslCms.Outcome ok = OpenSslCms.verify(Files.write(dir.resolve("doc.p7s"), p7s), Files.write(dir.resolve("doc"), DOC), null);
            assertEquals(0, ok.exit, ok.toString());
        }
    }

    @Test
    void aTokenEcKeySignsABatchInOneCall(SoftHsmToken t) {
        try (SigningKey key = KeySources.open(t.uri(SoftHsmToken.EC))) {
            List<byte[]> docs = List.of(DOC, "second".getBytes(StandardCharsets.UTF_8), "third".getBytes(StandardCharsets.UTF_8));
            List<byte[]> sigs = CadesSigner.signAll(docs, key);
            for (int i = 0; i < docs.size(); i++) {
                assertTrue(CadesVerifier.create().verify(sigs.get(i), docs.get(i)).isValid(), "item " + i);
            }
        }
    }
}
