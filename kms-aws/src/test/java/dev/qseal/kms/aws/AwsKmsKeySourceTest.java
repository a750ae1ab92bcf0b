package dev.qseal.kms.aws;

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
import dev.qseal.kms.testing.AwsKmsStandIn;
import dev.qseal.core.key.remote.RemoteCallException;
import dev.qseal.core.key.remote.RemoteResponses;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real AWS SDK (KmsClient, SigV4, AWS JSON 1.1) against a loopback KMS stand-in. */
class AwsKmsKeySourceTest {
    private static final String ACCESS_KEY = "AKIAQSEALSTANDIN0001";
    private static final String SECRET_KEY = "standin/secret/key/never-shown-0123456789";
    private static final byte[] DATA = "POST /payments\n{\"amount\":\"1.00\"}".getBytes(StandardCharsets.UTF_8);
    private static AwsKmsStandIn kms;
    private static SoftwareSigningKey rsa;
    private static SoftwareSigningKey ec;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("aws.disableEc2Metadata", "true");
        kms = new AwsKmsStandIn();
        rsa = kms.add("1234abcd-12ab-34cd-56ef-1234567890ab", "alias/seal-rsa", "RSA_2048",
                List.of("RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_512"));
        ec = kms.add("ec-0000-1111", "alias/seal-ec", "ECC_NIST_P256", List.of("ECDSA_SHA_256"));
        kms.add("enc-key", null, "RSA_2048", List.of());
    }

    @AfterAll
    static void stop() {
        kms.close();
    }

    @BeforeEach
    void credentials() {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    @AfterEach
    void clear() {
        kms.alwaysFault = null;
        kms.faults.clear();
        kms.padding = 0;
    }

    private String ref(String key, String extra) {
        return "awskms:" + key + "?region=" + AwsKmsStandIn.REGION + "&endpoint=" + kms.endpoint() + extra;
    }

    private static SigningKey open(String ref) {
        return new AwsKmsKeySource().open(KeyRef.parse(ref), SecretProvider.NONE);
    }

    @Test
    void rsaKeySignsDigestsOnlyWithPkcs1AndPss() {
        kms.signRequests.clear();
        try (SigningKey key = open(ref("alias/seal-rsa", ""))) {
            assertEquals(rsa.publicKey(), key.publicKey());
            assertEquals(3, key.algorithms().size());
            for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.RSA_PKCS1_SHA256, SignatureAlgorithm.RSA_PSS_SHA256,
                    SignatureAlgorithm.RSA_PSS_SHA512)) {
                assertTrue(alg.verify(rsa.publicKey(), DATA, key.sign(alg, DATA)), alg.name());
            }
        }
        assertEquals(ACCESS_KEY, kms.lastAccessKey, "signed with SigV4 from the default credential chain");
        for (JsonNode r : new ArrayList<>(kms.signRequests)) {
            assertEquals("DIGEST", r.path("MessageType").asText());
            int len = Base64.getDecoder().decode(r.path("Message").asText()).length;
            assertTrue(len == 32 || len == 64, "only the digest is sent: " + len);
        }
    }

    @Test
    void ecdsaByArnInEitherForm() {
        try (SigningKey key = open("awskms:" + kms.arn("ec-0000-1111") + "?endpoint=" + kms.endpoint())) {
            byte[] der = key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA);
            byte[] raw = key.sign(SignatureAlgorithm.ECDSA_P256_SHA256_RAW, DATA);
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(ec.publicKey(), DATA, der));
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256_RAW.verify(ec.publicKey(), DATA, raw));
        }
    }

    @Test
    void throttlingAndInternalErrorsAreRetriedByTheEngineNotTheSdk() {
        try (SigningKey key = open(ref("alias/seal-ec", ""))) {
            int before = kms.signCalls.get();
            kms.sdkRequestHeaders.clear();
            kms.faults.add("ThrottlingException");
            kms.faults.add("KMSInternalException");
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(ec.publicKey(), DATA, key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertEquals(3, kms.signCalls.get() - before);
            for (String h : kms.sdkRequestHeaders) {
                assertTrue(h.endsWith("max=1"), "the SDK's own retries are off: " + h);
            }
        }
    }

    @Test
    void manyInFlightAllVerified() {
        try (SigningKey key = open(ref("alias/seal-ec", "&max-in-flight=8"))) {
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
    void throttledPastTheDeadlineIsBackendUnavailableWithoutCredentials() {
        try (SigningKey key = open(ref("alias/seal-ec", "&deadline-ms=2000"))) {
            kms.alwaysFault = "ThrottlingException";
            BackendUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThrows(BackendUnavailableException.class, () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertTrue(e.getMessage().contains("ThrottlingException"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET_KEY));
            assertFalse(e.getMessage().contains(ACCESS_KEY));
        }
    }

    @Test
    void anUnknownKeyOrAKeyInAnotherRegionIsNotFound() {
        assertThrows(KeyNotFoundException.class, () -> open(ref("alias/nope", "")));
        String otherRegionArn = "arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assertThrows(KeyNotFoundException.class, () -> open("awskms:" + otherRegionArn + "?endpoint=" + kms.endpoint()));
    }

    @Test
    void aRegionThatContradictsTheArnIsBadInput() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> open("awskms:" + kms.arn("ec-0000-1111") + "?region=us-east-1&endpoint=" + kms.endpoint()));
        assertTrue(e.getMessage().contains("us-east-1"), e.getMessage());
    }

    @Test
    void aClientForTheWrongRegionIsRefusedAsKeyAccess() {
        assertThrows(KeyAccessException.class, () -> open("awskms:alias/seal-ec?region=us-east-1&endpoint=" + kms.endpoint()));
    }

    @Test
    void missingCredentialsAreKeyAccessNamingTheChain() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        KeyAccessException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(KeyAccessException.class, () -> open(ref("alias/seal-ec", ""))));
        assertTrue(e.getMessage().contains("credentials"), e.getMessage());
    }

    @Test
    void aKeyThatCannotSignOrAnAlgorithmItLacksIsUnsupported() {
        assertThrows(UnsupportedAlgorithmException.class, () -> open(ref("enc-key", "")));
        try (SigningKey key = open(ref("alias/seal-rsa", ""))) {
            assertThrows(UnsupportedAlgorithmException.class, () -> key.sign(SignatureAlgorithm.RSA_PKCS1_SHA512, DATA));
        }
    }

    @Test
    void malformedReferencesAreBadInput() {
        for (String r : List.of("awskms:arn:aws:s3:::bucket?region=eu-west-1", "awskms:?region=eu-west-1",
                "awskms:alias/x?region=Europe", "awskms:alias/x?region=eu-west-1&endpoint=not a url",
                "awskms:alias/x?region=eu-west-1&secret-key=abc")) {
            BadInputException e = assertThrows(BadInputException.class, () -> open(r), r);
            assertFalse(e.getMessage().contains("abc"), e.getMessage());
        }
    }

    @Test
    void anAnswerLargerThanTheBoundIsAFinalErrorNotReadWhole() {
        try (SigningKey key = open(ref("alias/seal-ec", "&deadline-ms=20000"))) {
            OversizedAnswers.assertFinalAndBounded(key, ec.publicKey(), n -> kms.padding = n, kms.signCalls::get, SECRET_KEY, ACCESS_KEY);
        }
        kms.padding = RemoteResponses.MAX_BYTES;
        assertThrows(BackendUnavailableException.class, () -> open(ref("alias/seal-ec", "&deadline-ms=20000")).close(),
                "the public key's answer is bounded too");
    }

    @Test
    void theSchemeIsFoundOnTheClassPath() {
        assertTrue(KeySources.sources().get("awskms") instanceof AwsKmsKeySource);
    }
}
