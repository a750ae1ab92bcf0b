package dev.qseal.kms.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.QsealException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.kms.testing.OversizedAnswers;
import dev.qseal.kms.testing.VaultStandIn;
import dev.qseal.core.key.remote.RemoteCallException;
import dev.qseal.core.key.remote.RemoteResponses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultKeySourceTest {
    private static final byte[] DATA = "POST /payments\n{\"amount\":\"1.00\"}".getBytes(StandardCharsets.UTF_8);
    private static VaultStandIn vault;
    private static SoftwareSigningKey rsa;
    private static SoftwareSigningKey ec;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        vault = new VaultStandIn();
        rsa = vault.addRsa("seal-rsa");
        ec = vault.addEc("seal-ec");
        vault.addAes("not-a-signing-key");
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private SigningKey open(String ref) {
        return open(ref, VaultStandIn.TOKEN);
    }

    private SigningKey open(String ref, String token) {
        Map<String, String> env = token == null ? Map.of("HOME", dir.toString()) : Map.of("VAULT_TOKEN", token);
        return new VaultKeySource(env::get).open(KeyRef.parse(ref), SecretProvider.NONE);
    }


    @Test
    void rsaKeysSignPkcs1AndPssWithSaltEqualToTheHashLength() {
        vault.signRequests.clear();
        try (SigningKey key = open("vault:seal-rsa?addr=" + vault.addr())) {
            assertEquals(rsa.publicKey(), key.publicKey());
            for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.RSA_PKCS1_SHA256, SignatureAlgorithm.RSA_PSS_SHA256,
                    SignatureAlgorithm.RSA_PSS_SHA512)) {
                assertTrue(alg.verify(rsa.publicKey(), DATA, key.sign(alg, DATA)), alg.name());
            }
        }
        List<JsonNode> reqs = new ArrayList<>(vault.signRequests);
        assertEquals(3, reqs.size());
        assertEquals("pkcs1v15", reqs.get(0).path("signature_algorithm").asText());
        assertEquals("pss", reqs.get(1).path("signature_algorithm").asText());
        assertEquals("hash", reqs.get(1).path("salt_length").asText(), "PSS salt = hash length, stated explicitly");
        assertEquals("sha2-512", reqs.get(2).path("hash_algorithm").asText());
        for (JsonNode r : reqs) {
            assertTrue(r.path("prehashed").asBoolean(), "only the digest is sent");
            int len = Base64.getDecoder().decode(r.path("input").asText()).length;
            assertTrue(len == 32 || len == 64, "the input is a digest, not the message: " + len);
        }
    }

    @Test
    void ecdsaComesBackAsDerOrRawAsAsked() {
        try (SigningKey key = open("vault:seal-ec?addr=" + vault.addr() + "&mount=transit")) {
            byte[] der = key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA);
            byte[] raw = key.sign(SignatureAlgorithm.ECDSA_P256_SHA256_RAW, DATA);
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(ec.publicKey(), DATA, der));
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256_RAW.verify(ec.publicKey(), DATA, raw));
            assertEquals("asn1", vault.signRequests.peek() == null ? "asn1"
                    : new ArrayList<>(vault.signRequests).get(vault.signRequests.size() - 1).path("marshaling_algorithm").asText());
        }
    }

    @Test
    void throttlingAndSealedAnswersAreRetried() {
        try (SigningKey key = open("vault:seal-ec?addr=" + vault.addr())) {
            int before = vault.signCalls.get();
            vault.faults.add(429);
            vault.faults.add(503);
            vault.faults.add(500);
            byte[] sig = key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA);
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(ec.publicKey(), DATA, sig));
            assertEquals(4, vault.signCalls.get() - before);
        }
    }

    @Test
    void manyRequestsInFlightAllComeBackVerified() {
        vault.latencyMillis = 5;
        try (SigningKey key = open("vault:seal-ec?addr=" + vault.addr() + "&max-in-flight=8")) {
            List<CompletableFuture<byte[]>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                fs.add(key.signAsync(SignatureAlgorithm.ECDSA_P256_SHA256_RAW, DATA));
            }
            for (CompletableFuture<byte[]> f : fs) {
                assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256_RAW.verify(ec.publicKey(), DATA, f.join()));
            }
        } finally {
            vault.latencyMillis = 0;
        }
    }

    @Test
    void aVaultThrottlingPastTheDeadlineGivesBackendUnavailableWithoutTheToken() {
        try (SigningKey key = open("vault:seal-ec?addr=" + vault.addr() + "&deadline-ms=2000")) {
            vault.alwaysStatus = 429;
            BackendUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThrows(BackendUnavailableException.class, () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertTrue(e.getMessage().contains("429"), e.getMessage());
            assertTrue(e.getMessage().contains("vault:seal-ec"), e.getMessage());
            assertFalse(e.getMessage().contains(VaultStandIn.TOKEN));
        } finally {
            vault.alwaysStatus = 0;
        }
    }

    @Test
    void anUnknownKeyIsKeyNotFound() {
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class, () -> open("vault:no-such-key?addr=" + vault.addr()));
        assertTrue(e.getMessage().contains("no-such-key"), e.getMessage());
    }

    @Test
    void aWrongTokenIsKeyAccessAndTheTokenIsNeverShown() {
        String wrong = "hvs.wrong-token-secret";
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> open("vault:seal-ec?addr=" + vault.addr(), wrong));
        assertTrue(e.getMessage().contains("403"), e.getMessage());
        assertFalse(e.getMessage().contains(wrong));
    }

    @Test
    void noTokenAnywhereIsKeyAccessNamingWhereOneComesFrom() {
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> open("vault:seal-ec?addr=" + vault.addr(), null));
        assertTrue(e.getMessage().contains("VAULT_TOKEN"), e.getMessage());
    }

    @Test
    void aTokenFileIsRead() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, VaultStandIn.TOKEN + "\n");
        try (SigningKey key = open("vault:seal-ec?addr=" + vault.addr() + "&token-file=" + file, null)) {
            assertEquals(ec.publicKey(), key.publicKey());
        }
    }

    @Test
    void aKeyThatCannotSignOrAnAlgorithmThatDoesNotFitIsUnsupported() {
        assertThrows(UnsupportedAlgorithmException.class, () -> open("vault:not-a-signing-key?addr=" + vault.addr()));
        try (SigningKey key = open("vault:seal-ec?addr=" + vault.addr())) {
            assertThrows(UnsupportedAlgorithmException.class, () -> key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA));
        }
    }

    @Test
    void malformedReferencesAreBadInput() {
        for (String ref : List.of("vault:?addr=" + vault.addr(), "vault:seal-ec", "vault:seal-ec?addr=ftp://x",
                "vault:seal-ec?addr=" + vault.addr() + "&version=latest", "vault:seal-ec?addr=" + vault.addr() + "&token=s3cret",
                "vault:seal-ec?addr=" + vault.addr() + "&mount=../sys", "vault:seal-ec?addr=" + vault.addr() + "&colour=blue")) {
            BadInputException e = assertThrows(BadInputException.class, () -> open(ref), ref);
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        }
    }

    @Test
    void aVaultThatIsNotThereGivesBackendUnavailableWithinTheDeadline() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String ref = "vault:seal-ec?addr=http://127.0.0.1:" + port + "&deadline-ms=500";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(BackendUnavailableException.class, () -> open(ref)));
    }

    @Test
    void anAnswerLargerThanTheBoundIsAFinalErrorNotReadWhole() {
        try (SigningKey key = open("vault:seal-ec?addr=" + vault.addr() + "&deadline-ms=20000")) {
            OversizedAnswers.assertFinalAndBounded(key, ec.publicKey(), n -> vault.padding = n, vault.signCalls::get, VaultStandIn.TOKEN);
        } finally {
            vault.padding = 0;
        }
    }

    @Test
    void aMountWithoutTheTransitEngineIsKeyNotFound() {
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class, () -> open("vault:seal-ec?addr=" + vault.addr() + "&mount=pki"));
        assertTrue(e.getMessage().contains("mount pki"), e.getMessage());
    }

    @Test
    void theSchemeIsFoundOnTheClassPath() {
        assertTrue(KeySources.sources().get("vault") instanceof VaultKeySource);
        QsealException e = assertThrows(QsealException.class, () -> KeySources.open("vault:seal-ec"));
        assertTrue(e instanceof BadInputException || e instanceof KeyAccessException, e.toString());
    }

    @Test
    void theCertificateFromCertIsAttachedAndOneOfAnotherKeyIsRefused() throws Exception {
        java.security.KeyPair kp = ecKeyPair();
        vault.add("with-cert", "ecdsa-p256", new SoftwareSigningKey("with-cert", kp.getPrivate(), kp.getPublic(), List.of()));
        Path cert = writeCertificate("seal.pem", kp, "CN=qseal test seal");
        try (SigningKey key = open("vault:with-cert?addr=" + vault.addr() + "&cert=" + cert)) {
            assertEquals("CN=qseal test seal", key.certificate().orElseThrow().getSubjectX500Principal().getName());
        }
        Path other = writeCertificate("other.pem", ecKeyPair(), "CN=another key");
        BadInputException e = assertThrows(BadInputException.class, () -> open("vault:with-cert?addr=" + vault.addr() + "&cert=" + other));
        assertTrue(e.getMessage().contains("CN=another key"), e.getMessage());
    }

    private static java.security.KeyPair ecKeyPair() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private Path writeCertificate(String name, java.security.KeyPair kp, String dn) throws Exception {
        org.bouncycastle.asn1.x500.X500Name x500 = new org.bouncycastle.asn1.x500.X500Name(dn);
        long now = System.currentTimeMillis();
        java.security.cert.X509Certificate c = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(x500, java.math.BigInteger.valueOf(now),
                        new java.util.Date(now - 60_000), new java.util.Date(now + 86_400_000), x500, kp.getPublic())
                        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        Path file = dir.resolve(name);
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        return file;
    }
}
