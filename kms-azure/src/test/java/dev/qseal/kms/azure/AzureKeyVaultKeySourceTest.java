package dev.qseal.kms.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
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
import dev.qseal.kms.testing.KeyVaultStandIn;
import dev.qseal.core.key.remote.RemoteCallException;
import dev.qseal.core.key.remote.RemoteResponses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** The real Key Vault SDK (CryptographyAsyncClient, JDK HTTP client, bearer challenge) against an HTTPS stand-in. */
class AzureKeyVaultKeySourceTest {
    private static final byte[] DATA = "POST /payments\n{\"amount\":\"1.00\"}".getBytes(StandardCharsets.UTF_8);
    private static final ConcurrentLinkedQueue<List<String>> SCOPES = new ConcurrentLinkedQueue<>();
    private static final TokenCredential CREDENTIAL = request -> {
        SCOPES.add(request.getScopes());
        return Mono.just(new AccessToken(KeyVaultStandIn.TOKEN, OffsetDateTime.now().plusHours(1)));
    };
    private static KeyVaultStandIn vault;
    private static SoftwareSigningKey rsa;
    private static SoftwareSigningKey ec;

    @BeforeAll
    static void start() throws Exception {
        vault = new KeyVaultStandIn();
        rsa = vault.add("seal-rsa", "0123456789abcdef0123456789abcdef", "RSA-HSM", List.of("sign", "verify"));
        ec = vault.add("seal-ec", "fedcba9876543210fedcba9876543210", "EC", List.of("sign", "verify"));
        vault.add("wrap-only", "11111111111111111111111111111111", "RSA", List.of("wrapKey", "unwrapKey"));
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @AfterEach
    void clear() {
        vault.alwaysStatus = 0;
        vault.faults.clear();
        vault.padding = 0;
    }

    private static SigningKey open(String path) {
        return new AzureKeyVaultKeySource(() -> CREDENTIAL, Optional.of(vault.clientBuilder()), false)
                .open(KeyRef.parse("azurekv:" + path), SecretProvider.NONE);
    }

    @Test
    void rsaSignsPkcs1AndPssAfterTheBearerChallengeAndOnlyTheDigestIsSent() {
        vault.signRequests.clear();
        try (SigningKey key = open(vault.host() + "/keys/seal-rsa")) {
            assertEquals(rsa.publicKey(), key.publicKey());
            for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.RSA_PKCS1_SHA256, SignatureAlgorithm.RSA_PSS_SHA256,
                    SignatureAlgorithm.RSA_PSS_SHA512)) {
                assertTrue(alg.verify(rsa.publicKey(), DATA, key.sign(alg, DATA)), alg.name());
            }
        }
        assertTrue(vault.challenges.get() > 0, "the SDK met the 401 bearer challenge (the stand-in answers nothing else without the token)");
        assertTrue(SCOPES.stream().anyMatch(s -> s.contains("https://vault.azure.net/.default")), SCOPES.toString());
        List<JsonNode> reqs = new ArrayList<>(vault.signRequests);
        assertEquals(List.of("RS256", "PS256", "PS512"), reqs.stream().map(r -> r.path("alg").asText()).collect(java.util.stream.Collectors.toList()));
        assertEquals(32, Base64.getUrlDecoder().decode(reqs.get(0).path("value").asText()).length, "only the digest is sent");
    }

    @Test
    void ecdsaRawFromKeyVaultComesBackInEitherForm() {
        try (SigningKey key = open("https://" + vault.host() + "/keys/seal-ec/fedcba9876543210fedcba9876543210")) {
            byte[] der = key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA);
            byte[] raw = key.sign(SignatureAlgorithm.ECDSA_P256_SHA256_RAW, DATA);
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(ec.publicKey(), DATA, der));
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256_RAW.verify(ec.publicKey(), DATA, raw));
        }
    }

    @Test
    void throttlingWithRetryAfterAndServerErrorsAreRetriedByTheEngineOnly() {
        try (SigningKey key = open(vault.host() + "/keys/seal-ec")) {
            int before = vault.signCalls.get();
            vault.faults.add(429);
            vault.faults.add(503);
            assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256.verify(ec.publicKey(), DATA, key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertEquals(3, vault.signCalls.get() - before);
        }
    }

    @Test
    void throttledPastTheDeadlineIsBackendUnavailableAndTheSdkNeverRetriesByItself() {
        try (SigningKey key = open(vault.host() + "/keys/seal-ec?deadline-ms=2000")) {
            vault.alwaysStatus = 429;
            int before = vault.signCalls.get();
            BackendUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThrows(BackendUnavailableException.class, () -> key.sign(SignatureAlgorithm.ECDSA_P256_SHA256, DATA)));
            assertTrue(e.getMessage().contains("429"), e.getMessage());
            assertFalse(e.getMessage().contains(KeyVaultStandIn.TOKEN));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+) attempts? in").matcher(e.getMessage());
            assertTrue(m.find(), e.getMessage());
            int attempts = Integer.parseInt(m.group(1));
            int calls = vault.signCalls.get() - before;
            assertTrue(calls >= 1 && calls <= attempts, "one server call per engine attempt at most (the SDK never retries by itself): "
                    + calls + " calls, " + attempts + " attempts");
        }
    }

    @Test
    void manyInFlightAllVerified() {
        try (SigningKey key = open(vault.host() + "/keys/seal-ec?max-in-flight=8")) {
            List<CompletableFuture<byte[]>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                fs.add(key.signAsync(SignatureAlgorithm.ECDSA_P256_SHA256_RAW, DATA));
            }
            for (CompletableFuture<byte[]> f : fs) {
                assertTrue(SignatureAlgorithm.ECDSA_P256_SHA256_RAW.verify(ec.publicKey(), DATA, f.join()));
            }
        }
    }

    @Test
    void anUnknownKeyOrVersionIsNotFound() {
        assertThrows(KeyNotFoundException.class, () -> open(vault.host() + "/keys/nope"));
        assertThrows(KeyNotFoundException.class, () -> open(vault.host() + "/keys/seal-ec/00000000000000000000000000000000"));
    }

    @Test
    void aVaultHostThatDoesNotResolveIsNotFoundWithinTheDeadline() {
        QsealException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(QsealException.class, () -> open("qseal-no-such-vault.invalid/keys/seal?deadline-ms=2000")));
        assertTrue(e instanceof KeyNotFoundException || e instanceof BackendUnavailableException, e.toString());
    }

    @Test
    void aKeyThatMayNotSignOrAnAlgorithmThatDoesNotFitIsUnsupported() {
        assertThrows(UnsupportedAlgorithmException.class, () -> open(vault.host() + "/keys/wrap-only"));
        try (SigningKey key = open(vault.host() + "/keys/seal-ec")) {
            assertThrows(UnsupportedAlgorithmException.class, () -> key.sign(SignatureAlgorithm.RSA_PSS_SHA256, DATA));
        }
    }

    @Test
    void aCredentialThatFindsNothingIsKeyAccess() {
        TokenCredential none = request -> Mono.error(new com.azure.identity.CredentialUnavailableException(
                "EnvironmentCredential authentication unavailable. Environment variables are not fully configured."));
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> new AzureKeyVaultKeySource(() -> none,
                Optional.of(vault.clientBuilder()), false).open(KeyRef.parse("azurekv:" + vault.host() + "/keys/seal-ec"), SecretProvider.NONE));
        assertTrue(e.getMessage().contains("no Azure credentials"), e.getMessage());
    }

    @Test
    void malformedReferencesAreBadInput() {
        for (String r : List.of("azurekv:", "azurekv:myvault.vault.azure.net/secrets/x", "azurekv:myvault.vault.azure.net/keys/",
                "azurekv:myvault.vault.azure.net/keys/seal?client-secret=abc", "azurekv:myvault.vault.azure.net/keys/seal?certificate=a/b/c",
                "azurekv:myvault.vault.azure.net/keys/seal?certificate=c&cert=/tmp/c.pem",
                "azurekv:myhsm.managedhsm.azure.net/keys/seal?certificate=c")) {
            BadInputException e = assertThrows(BadInputException.class, () -> new AzureKeyVaultKeySource().open(KeyRef.parse(r), SecretProvider.NONE), r);
            assertFalse(e.getMessage().contains("abc"), e.getMessage());
        }
    }

    @Test
    void theVaultsCertificateOfTheKeysNameIsAttachedWhenItCertifiesTheKey() throws Exception {
        X509Certificate cert = issued(rsa.publicKey(), "CN=qseal seal from the vault");
        vault.certificates.put("seal-rsa", cert);
        try (SigningKey key = open(vault.host() + "/keys/seal-rsa")) {
            assertEquals(List.of(cert), key.certificateChain());
        }
        vault.certificates.put("seal-rsa", issued(ec.publicKey(), "CN=renewed onto another key"));
        try (SigningKey key = open(vault.host() + "/keys/seal-rsa")) {
            assertTrue(key.certificateChain().isEmpty(), "a certificate of the same name but another key is not taken unasked");
        }
        try (SigningKey key = open(vault.host() + "/keys/seal-ec")) {
            assertTrue(key.certificateChain().isEmpty(), "no certificate of that name: the key opens without one");
        }
        vault.certificates.remove("seal-rsa");
    }

    @Test
    void aCertificateNamedInTheReferenceMustExistAndCertifyTheKeyAndAFileWins(@TempDir Path dir) throws Exception {
        X509Certificate ecCert = issued(ec.publicKey(), "CN=qseal ec seal");
        vault.certificates.put("ec-seal-cert", ecCert);
        vault.certificates.put("other-cert", issued(rsa.publicKey(), "CN=another key"));
        try (SigningKey key = open(vault.host() + "/keys/seal-ec?certificate=ec-seal-cert/1")) {
            assertEquals(List.of(ecCert), key.certificateChain());
        }
        KeyNotFoundException missing = assertThrows(KeyNotFoundException.class, () -> open(vault.host() + "/keys/seal-ec?certificate=nope"));
        assertTrue(missing.getMessage().contains("'nope'"), missing.getMessage());
        BadInputException foreign = assertThrows(BadInputException.class, () -> open(vault.host() + "/keys/seal-ec?certificate=other-cert"));
        assertTrue(foreign.getMessage().contains("CN=another key"), foreign.getMessage());
        Path file = dir.resolve("seal.pem");
        X509Certificate fromFile = issued(ec.publicKey(), "CN=from a file");
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(fromFile.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        vault.certificates.put("seal-ec", ecCert);
        try (SigningKey key = open(vault.host() + "/keys/seal-ec?cert=" + file)) {
            assertEquals(List.of(fromFile), key.certificateChain(), "cert= wins over the vault's store");
        } finally {
            vault.certificates.clear();
        }
    }

    @Test
    void anAnswerLargerThanTheBoundIsAFinalErrorNotReadWhole() {
        try (SigningKey key = open(vault.host() + "/keys/seal-ec?deadline-ms=20000")) {
            OversizedAnswers.assertFinalAndBounded(key, ec.publicKey(), n -> vault.padding = n, vault.signCalls::get, KeyVaultStandIn.TOKEN);
        }
        vault.padding = RemoteResponses.MAX_BYTES;
        assertThrows(BackendUnavailableException.class, () -> open(vault.host() + "/keys/seal-ec?deadline-ms=20000").close(),
                "the key's answer (and the bearer challenge before it) is bounded too");
    }

    private static X509Certificate issued(java.security.PublicKey subject, String dn) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair ca = g.generateKeyPair();
        long now = System.currentTimeMillis();
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(new javax.security.auth.x500.X500Principal("CN=qseal test CA"),
                        java.math.BigInteger.valueOf(now), new java.util.Date(now - 60_000), new java.util.Date(now + 86_400_000),
                        new javax.security.auth.x500.X500Principal(dn), subject)
                        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
    }

    @Test
    void theSchemeIsFoundOnTheClassPath() {
        assertTrue(KeySources.sources().get("azurekv") instanceof AzureKeyVaultKeySource);
    }
}
