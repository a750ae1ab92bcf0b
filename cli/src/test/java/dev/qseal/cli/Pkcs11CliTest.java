package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The CLI with keys on a real SoftHSM2 token (in CI a missing SoftHSM fails these tests). */
@ExtendWith(SoftHsmExtension.class)
class Pkcs11CliTest {
    private static final List<String> REQUEST = List.of("--key-id", "k", "--headers", "(request-target) date digest",
            "--method", "POST", "--target", "/v1/payments?x=1", "--now", "2024-03-01T12:00:00Z");

    private static CliRun sign(String keyRef, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("sign", "cavage", "--key", keyRef));
        args.addAll(REQUEST);
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(new String[0]));
    }

    @Test
    void aTokenKeySignsByteForByteLikeTheSameKeyInAFile(SoftHsmToken t) {
        CliRun token = sign(t.uri(SoftHsmToken.RSA));
        CliRun file = sign("file:" + t.keyFile(SoftHsmToken.RSA));
        assertEquals(0, token.code, token.toString());
        assertEquals(0, file.code, file.toString());
        assertEquals(file.out, token.out);
        assertTrue(token.out.contains("Signature: keyId=\"k\",algorithm=\"rsa-sha256\""), token.out);
    }

    @Test
    void aKeyWithoutACertificateObjectTakesItsCertificateFromTheCommandLine(SoftHsmToken t) {
        CliRun r = CliRun.of("sign", "cavage", "--key", t.uri(SoftHsmToken.RSA_BARE), "--cert", t.certFile(SoftHsmToken.RSA_BARE).toString(),
                "--profile", "ing", "--method", "POST", "--target", "/oauth2/token", "--now", "2024-03-01T12:00:00Z");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("TPP-Signature-Certificate: -----BEGIN CERTIFICATE-----"), r.out);
        assertTrue(r.out.contains("Authorization: Signature keyId=\"SN="), r.out);

        CliRun wrong = CliRun.of("sign", "cavage", "--key", t.uri(SoftHsmToken.RSA_BARE), "--cert", t.certFile(SoftHsmToken.RSA).toString(),
                "--profile", "ing", "--method", "POST", "--target", "/oauth2/token");
        assertEquals(2, wrong.code, wrong.toString());
        assertTrue(wrong.err.contains("does not belong"), wrong.err);
    }

    @Test
    void keysListShowsObjectsAndWhetherACertificateIsPresent(SoftHsmToken t, @TempDir Path dir) throws Exception {
        Path pin = dir.resolve("pin");
        Files.writeString(pin, t.userPin() + "\n");
        CliRun r = CliRun.of("keys", "list", "--module", t.modulePath(), "--token", t.label(), "--pin-source", pin.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("type=private-key label=\"seal-rsa\" id=") && r.out.contains("key=RSA certificate=yes"), r.out);
        assertTrue(r.out.lines().anyMatch(l -> l.contains("type=private-key label=\"seal-rsa-bare\"") && l.endsWith("certificate=no")), r.out);
        assertTrue(r.out.lines().anyMatch(l -> l.contains("type=private-key label=\"seal-ec\"") && l.contains("key=EC")), r.out);
        assertFalse(r.out.contains(t.userPin() + "\n"), r.out);

        CliRun anonymous = CliRun.of("keys", "list", "--module", t.modulePath());
        assertEquals(0, anonymous.code, anonymous.toString());
        assertFalse(anonymous.out.contains("type=private-key"), anonymous.out);
        assertTrue(anonymous.out.contains("label=\"" + t.label() + "\""), anonymous.out);
    }

    @Test
    void aWrongPinOrMissingObjectExitsTwoWithoutEchoingThePin(SoftHsmToken t) {
        String badPin = "86420975";
        CliRun wrongPin = sign(t.uri(SoftHsmToken.RSA).replace("pin-value=" + t.userPin(), "pin-value=" + badPin));
        assertEquals(2, wrongPin.code, wrongPin.toString());
        assertTrue(wrongPin.err.contains("PIN"), wrongPin.err);
        assertFalse(wrongPin.err.contains(badPin) || wrongPin.err.contains(t.userPin()), wrongPin.err);
        assertEquals(1, wrongPin.err.split("\n").length, wrongPin.err);

        CliRun missing = sign(t.uri("no-such-key"));
        assertEquals(2, missing.code, missing.toString());
        assertTrue(missing.err.contains("no-such-key"), missing.err);
        assertFalse(missing.err.contains(t.userPin()), missing.err);
    }

    @Test
    void nimbusVerifiesDetachedJwsMadeWithTokenKeys(SoftHsmToken t, @TempDir Path dir) throws Exception {
        Path body = dir.resolve("body.json");
        Files.writeString(body, "{\"redirect_uris\":[\"https://tpp.example/cb\"]}");
        for (String object : List.of(SoftHsmToken.RSA, SoftHsmToken.EC)) {
            CliRun r = CliRun.of("sign", "jws", "--key", t.uri(object), "--method", "POST", "--target", "/oauth2/applications",
                    "-H", "Content-Type: application/json", "--body-file", body.toString());
            assertEquals(0, r.code, r.toString());
            String digest = r.out.lines().filter(l -> l.startsWith("Digest: ")).findFirst().orElseThrow().substring(8);
            String jws = r.out.lines().filter(l -> l.startsWith("x-jws-signature: ")).findFirst().orElseThrow().substring(17);
            String signedLines = "(request-target): post /oauth2/applications\ndigest: " + digest + "\ncontent-type: application/json";
            com.nimbusds.jose.JWSObject parsed = com.nimbusds.jose.JWSObject.parse(jws, new com.nimbusds.jose.Payload(signedLines));
            java.security.PublicKey pub = dev.qseal.core.key.Certificates.load(t.certFile(object)).get(0).getPublicKey();
            java.util.Set<String> deferred = java.util.Set.of("sigT", "sigD");
            com.nimbusds.jose.JWSVerifier v = object.equals(SoftHsmToken.RSA)
                    ? new com.nimbusds.jose.crypto.RSASSAVerifier((java.security.interfaces.RSAPublicKey) pub, deferred)
                    : new com.nimbusds.jose.crypto.ECDSAVerifier((java.security.interfaces.ECPublicKey) pub, deferred);
            assertTrue(parsed.verify(v), object + ": " + jws);
            assertEquals(object.equals(SoftHsmToken.RSA) ? "PS256" : "ES256", parsed.getHeader().getAlgorithm().getName());
            com.nimbusds.jose.JWSObject changed = com.nimbusds.jose.JWSObject.parse(jws, new com.nimbusds.jose.Payload(signedLines + " "));
            assertFalse(changed.verify(v), object);
        }
    }
}
