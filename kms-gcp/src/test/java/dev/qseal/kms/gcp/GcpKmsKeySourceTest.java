package dev.qseal.kms.gcp;

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
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.KeySources;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.kms.testing.OversizedAnswers;
import dev.qseal.kms.testing.CloudKmsStandIn;
import dev.qseal.core.key.remote.RemoteCallException;
import dev.qseal.core.key.remote.RemoteResponses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real google-cloud-kms client (HTTP/JSON transport, Application Default Credentials from a
 * service-account file) against a loopback Cloud KMS stand-in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GcpKmsKeySourceTest {
    private static final String RING = "projects/qseal-test/locations/europe-west1/keyRings/seal";
    private static final String RSA = RING + "/cryptoKeys/rsa-pss/cryptoKeyVersions/1";
    private static final String RSA_PKCS1 = RING + "/cryptoKeys/rsa-pkcs1/cryptoKeyVersions/3";
    private static final String EC = RING + "/cryptoKeys/ec/cryptoKeyVersions/1";
    private static final byte[] DATA = "POST /payments\n{\"amount\":\"1.00\"}".getBytes(StandardCharsets.UTF_8);
    private static CloudKmsStandIn kms;
    private static SoftwareSigningKey rsa;
    private static SoftwareSigningKey rsaPkcs1;
    private static SoftwareSigningKey ec;

    @BeforeAll
    static void start() throws Exception {
        kms = new CloudKmsStandIn();
        rsa = kms.add(RSA, "RSA_SIGN_PSS_2048_SHA256");
        rsaPkcs1 = kms.add(RSA_PKCS1, "RSA_SIGN_PKCS1_2048_SHA256");
        ec = kms.add(EC, "EC_SIGN_P256_SHA256");
        kms.add(RING + "/cryptoKeys/k1/cryptoKeyVersions/1", "EC_SIGN_SECP256K1_SHA256");
        Files.deleteIfExists(credentialsFile());
    }

    private static Path credentialsFile() {
        return Path.of(System.getenv("GOOGLE_APPLICATION_CREDENTIALS"));
    }

    @AfterAll
    static void stop() {
        kms.close();
    }

    @AfterEach
    void clear() {
        kms.alwaysStatus = 0;
        kms.faults.clear();
        kms.corruptSignatureCrc = false;
        kms.padding = 0;
        kms.gzip = false;
    }

    private static SigningKey open(String name, String extra) throws Exception {
        if (!Files.exists(credentialsFile())) {
            kms.writeServiceAccount(credentialsFile());
        }
        return new GcpKmsKeySource().open(KeyRef.parse("gcpkms:" + name + "?endpoint=" + kms.endpoint() + extra), SecretProvider.NONE);
    }

    @Test
    @Order(1)
    void missingApplicationDefaultCredentialsAreKeyAccess() {
        KeyAccessException e = assertThrows(KeyAccessException.class,
                () -> new GcpKmsKeySource().open(KeyRef.parse("gcpkms:" + EC + "?endpoint=" + kms.endpoint()), SecretProvider.NONE));
        assertTrue(e.getMessage().contains("Application Default Credentials"), e.getMessage());
    }

    @Test
    void eachKeyVersionSignsWithItsOneAlgorithmAndOnlyTheDigestIsSent() throws Exception {
        kms.signRequests.clear();
        try (SigningKey key = open(RSA, "")) {
            assertEquals(rsa.publicKey(), key.publicKey());
            assertEquals(java.util.Set.of(SignatureAlgorithm.RSA_PSS_SHA256), key.algorithms());
            assertTrue(SignatureAlgorithm.RSA_PSS_SHA256.verify(rsa.publicKey(), DATA, key.sign(SignatureAlgorithm.RSA_PSS_SHA256, DATA)));
            assertThrows(UnsupportedAlgorithmException.class, () -> key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA));
        }
        try (SigningKey key = open(RSA_PKCS1, "")) {
            assertTrue(SignatureAlgorithm.RSA_PKCS1_SHA256.verify(rsaPkcs1.publicKey(), DATA, key.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, DATA)));
        }
        JsonNode req = kms.signRequests.peek();
        assertEquals(32, java.util.Base64.getDecoder().decode(req.path("digest").path("sha256").asText()).length);
        assertTrue(req.has("digestCrc32c"), "the digest's CRC32C is sent");
        assertTrue(kms.lastAuthorization.startsWith("Bearer "), "authorised from Application Default Credentials");
    }

    @Test
    void ecdsaInEitherForm() throws Exception {
        try (SigningKey key = open(EC, "")) {
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(ec.publicKey(), DATA, key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256_RAW.verify(ec.publicKey(), DATA,
                    key.sign(SignatureAlgorithm.ECDSA_P256_SHA256_RAW, DATA)));
        }
    }

    @Test
    void resourceExhaustedAndUnavailableAreRetriedOnceEachByTheEngine() throws Exception {
        try (SigningKey key = open(EC, "")) {
            int before = kms.signCalls.get();
            kms.faults.add(429);
            kms.faults.add(503);
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(ec.publicKey(), DATA, key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertEquals(3, kms.signCalls.get() - before, "one call per attempt: the client's own retries are off");
        }
    }

    @Test
    void aSignatureWhoseCrc32cDoesNotMatchIsNeverHandedOut() throws Exception {
        try (SigningKey key = open(EC, "&deadline-ms=2000")) {
            kms.corruptSignatureCrc = true;
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA));
            assertTrue(e.getMessage().contains("CRC32C"), e.getMessage());
        }
    }

    @Test
    void manyInFlightAllVerified() throws Exception {
        try (SigningKey key = open(EC, "&max-in-flight=8")) {
            List<CompletableFuture<byte[]>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                fs.add(key.signAsync(SignatureAlgorithm.ECDSA_P256_SHA256, DATA));
            }
            for (CompletableFuture<byte[]> f : fs) {
                assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(ec.publicKey(), DATA, f.join()));
            }
        }
    }

    @Test
    void unavailablePastTheDeadlineIsBackendUnavailableAndTheClientNeverRetriesByItself() throws Exception {
        try (SigningKey key = open(EC, "&deadline-ms=2000")) {
            kms.alwaysStatus = 503;
            int before = kms.signCalls.get();
            BackendUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThrows(BackendUnavailableException.class, () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertTrue(e.getMessage().contains("UNAVAILABLE"), e.getMessage());
            assertFalse(e.getMessage().contains("ya29."));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+) attempts? in").matcher(e.getMessage());
            assertTrue(m.find(), e.getMessage());
            int attempts = Integer.parseInt(m.group(1));
            int calls = kms.signCalls.get() - before;
            assertTrue(calls >= 1 && calls <= attempts, "one server call per engine attempt at most (the SDK never retries by itself): "
                    + calls + " calls, " + attempts + " attempts");
        }
    }

    @Test
    void resourceExhaustedPastTheDeadlineIsBackendUnavailableNamingItWithoutCredentials() throws Exception {
        try (SigningKey key = open(EC, "&deadline-ms=2000")) {
            kms.alwaysStatus = 429;
            BackendUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThrows(BackendUnavailableException.class, () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertTrue(e.getMessage().contains("RESOURCE_EXHAUSTED"), e.getMessage());
            assertTrue(e.getMessage().contains("gcpkms:" + EC), e.getMessage());
            assertFalse(e.getMessage().contains("ya29.") || e.getMessage().contains("PRIVATE KEY"), e.getMessage());
        }
    }

    @Test
    void anAnswerLargerThanTheBoundIsAFinalErrorNotReadWhole() throws Exception {
        try (SigningKey key = open(EC, "&deadline-ms=20000")) {
            OversizedAnswers.assertFinalAndBounded(key, ec.publicKey(), n -> kms.padding = n, kms.signCalls::get, "ya29.");
        }
        assertThrows(BackendUnavailableException.class, () -> open(EC, "&deadline-ms=20000").close(), "the public key's answer is bounded too");
        kms.padding = 0;
        try (SigningKey key = open(EC, "&deadline-ms=1000")) {
            kms.padding = RemoteResponses.MAX_BYTES;
            kms.alwaysStatus = 503; // gax reads an error body only for its message: cut at the bound, the status decides
            BackendUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThrows(BackendUnavailableException.class, () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertTrue(e.getMessage().contains("UNAVAILABLE"), e.getMessage());
        }
    }

    @Test
    void aCompressedAnswerIsBoundedAfterDecompressionToo() throws Exception {
        try (SigningKey key = open(EC, "&deadline-ms=20000")) {
            kms.gzip = true;
            kms.padding = 4096;
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(ec.publicKey(), DATA, key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)),
                    "a gzip answer is decoded as usual");
            kms.padding = 4 * RemoteResponses.MAX_BYTES; // a few KiB on the wire
            BackendUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThrows(BackendUnavailableException.class, () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertTrue(e.getMessage().contains("larger than 256 KiB"), e.getMessage());
        }
    }

    @Test
    void anUnknownVersionOrLocationIsNotFound() {
        assertThrows(KeyNotFoundException.class, () -> open(RING + "/cryptoKeys/ec/cryptoKeyVersions/9", ""));
        assertThrows(KeyNotFoundException.class,
                () -> open("projects/qseal-test/locations/us-east1/keyRings/seal/cryptoKeys/ec/cryptoKeyVersions/1", ""));
    }

    @Test
    void aKeyVersionWithAnAlgorithmQsealDoesNotSignWithIsUnsupported() {
        assertThrows(UnsupportedAlgorithmException.class, () -> open(RING + "/cryptoKeys/k1/cryptoKeyVersions/1", ""));
    }

    @Test
    void malformedReferencesAreBadInput() {
        for (String r : List.of("gcpkms:projects/p/keyRings/r", "gcpkms:" + EC.replace("/1", "/latest"),
                "gcpkms:" + EC + "?endpoint=::", "gcpkms:" + EC + "?credentials=/tmp/x.json")) {
            assertThrows(BadInputException.class, () -> new GcpKmsKeySource().open(KeyRef.parse(r), SecretProvider.NONE), r);
        }
    }

    @Test
    void theSchemeIsFoundOnTheClassPath() {
        assertTrue(KeySources.sources().get("gcpkms") instanceof GcpKmsKeySource);
    }
}
