package dev.qseal.core.jws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.internal.RsaSignatures;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SoftwareSigningKey;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ING's onboarding recipe, run as ING publishes it (bash + OpenSSL: {@code openssl dgst -sha256
 * -sigopt rsa_padding_mode:pss}, i.e. the maximum salt), verified by qseal. OpenSSL is required in
 * CI ({@code CI=true}): missing there it fails the test instead of skipping it.
 */
class OpenSslIngRecipeTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void needOpenSsl() {
        dev.qseal.core.OpenSsl.executable(); // fails under CI=true, skips visibly elsewhere
    }

    static String run(Map<String, String> env, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(dir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "script timed out");
        assertEquals(0, p.exitValue(), err);
        return out;
    }

    @Test
    void ingsScriptSignatureWithMaximumSaltVerifies() throws Exception {
        SoftwareSigningKey key = JwsTestKeys.rsa();
        Path keyFile = dir.resolve("example_client_signing.key");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(JwsTestKeys.pair("rsa").getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        String sigT = "2024-05-06T07:08:09Z";
        // ING's script, steps 1-6 (fingerprint passed in: xxd is not everywhere); header JSON with ING's spaces
        String script = String.join("\n",
                "set -e",
                "httpMethod=\"POST\"; reqPath=\"/oauth2/applications\"",
                "payload='{ \"contact\": \"test@ingsandbox.com\", \"redirect_uris\":[ \"https://example.com\", \"https://another-example.com\"]}'",
                "jwsHeader='{ \"b64\":false, \"x5t#S256\":\"'\"$FP\"'\", \"crit\":[ \"sigT\", \"sigD\", \"b64\"], \"sigT\":\"'\"$SIGT\"'\", "
                        + "\"sigD\":{\"pars\":[ \"(request-target)\", \"digest\", \"content-type\" ], \"mId\":\"http://uri.etsi.org/19182/HttpHeaders\"}, \"alg\":\"PS256\"}'",
                "jwsHeaderBase64URL=$(echo -n \"$jwsHeader\" | openssl base64 -e -A | tr -d '=' | tr '/+' '_-' | tr -d '\\n')",
                "digest=\"SHA-256=$(echo -n \"$payload\" | openssl dgst -binary -sha256 | openssl base64)\"",
                "lowerCaseHttpMethod=`echo $httpMethod | tr [:upper:] [:lower:]`",
                "signingString=\"(request-target): $lowerCaseHttpMethod $reqPath",
                "digest: $digest",
                "content-type: application/json\"",
                "inputForSignatureValueComputation=\"$jwsHeaderBase64URL.$signingString\"",
                "jwsSignatureValue=$(printf %s \"$inputForSignatureValueComputation\" | openssl dgst -sha256 -sign example_client_signing.key "
                        + "-sigopt rsa_padding_mode:pss | openssl base64 -A | tr -d '=' | tr '/+' '_-' | tr -d '\\n')",
                "echo \"$digest\"",
                "echo \"$jwsHeaderBase64URL..$jwsSignatureValue\"");
        String[] out = run(Map.of("FP", DetachedJwsSignerTest.x5t(key), "SIGT", sigT), script).split("\n");
        String digest = out[0];
        String compact = out[1];
        byte[] body = "{ \"contact\": \"test@ingsandbox.com\", \"redirect_uris\":[ \"https://example.com\", \"https://another-example.com\"]}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(Digests.digestValue(body), digest);
        HttpRequest request = HttpRequest.builder("POST", "/oauth2/applications")
                .header("Content-Type", "application/json").header("Digest", digest).header("x-jws-signature", compact).body(body).build();

        VerificationResult r = DetachedJwsVerifier.builder(key.certificate().orElseThrow()).build()
                .verify(request, Instant.parse(sigT).plusSeconds(60));
        assertTrue(r.isValid(), r.toString());

        // OpenSSL used the maximum salt: 256 - 32 - 2 = 222 bytes, which JOSE's PS256 (salt 32) rejects
        DetachedJws jws = DetachedJws.parse(compact);
        RsaSignatures.Inspection ins = RsaSignatures.inspect(key.publicKey(), jws.signature());
        assertEquals(SignatureAlgorithm.rsaPss(dev.qseal.core.key.HashAlgorithm.SHA_256, 222), ins.algorithm().orElseThrow());
        String lines = "(request-target): post /oauth2/applications\ndigest: " + digest + "\ncontent-type: application/json";
        assertFalse(JWSObject.parse(compact, new Payload(lines))
                .verify(new RSASSAVerifier((RSAPublicKey) key.publicKey(), Set.of("sigT", "sigD"))), "Nimbus rejects the maximum salt");
    }

    @Test
    void opensslVerifiesOurPs256SignatureInput() throws Exception {
        SoftwareSigningKey key = JwsTestKeys.rsa();
        Path pub = dir.resolve("pub.pem");
        Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        DetachedJwsSigner signer = DetachedJwsSigner.builder(key).build();
        HttpRequest req = DetachedJwsSignerTest.ingRequest();
        Files.writeString(dir.resolve("input.txt"), signer.signingInput(req, DetachedJwsSignerTest.NOW));
        Files.write(dir.resolve("sig.bin"), signer.sign(req, DetachedJwsSignerTest.NOW).signature());
        String out = run(Map.of(), "openssl dgst -sha256 -verify pub.pem -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 "
                + "-signature sig.bin input.txt");
        assertTrue(out.contains("Verified OK"), out);
    }
}
