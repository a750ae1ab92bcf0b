package dev.qseal.core.cavage;

import dev.qseal.core.cavage.internal.SigningString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.OpenSsl;
import dev.qseal.core.TestKeys;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hs2019 means what draft-cavage-12 §7.1 lists for the verifying key, as other implementations sign it:
 * ECDSA P-256 with SHA-512, Ed25519, RSA-PSS with any salt length. The signatures here are made by
 * OpenSSL (and the JDK for raw r||s), never by qseal, and OpenSSL's own verdict is checked next to ours.
 */
class Hs2019ToleranceTest {
    static final List<String> COMPONENTS = List.of("(request-target)", "host", "date", "digest");

    @TempDir
    Path dir;

    Path pem(String name, String label, byte[] der) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n");
        return p;
    }

    static HttpRequest request() {
        return OpenSslCrossCheckTest.randomRequest(new Random(2019));
    }

    static HttpRequest withSignature(HttpRequest r, String algorithm, byte[] sig) {
        return r.withHeader("Signature", "keyId=\"peer\"," + (algorithm == null ? "" : "algorithm=\"" + algorithm + "\",")
                + "headers=\"" + String.join(" ", COMPONENTS) + "\",signature=\"" + Base64.getEncoder().encodeToString(sig) + "\"");
    }

    Path signingString(HttpRequest r) throws Exception {
        Path data = dir.resolve("signing-string.txt");
        Files.write(data, SigningString.build(r, COMPONENTS, null, null).getBytes(StandardCharsets.UTF_8));
        return data;
    }

    static VerificationResult verify(KeyPair kp, HttpRequest signed) {
        return CavageVerifier.builder(kp.getPublic()).ignoreClock().build().verify(signed, Instant.EPOCH);
    }

    /** OpenSSL's verdict on (data, sig) with {@code dgstArgs}, "Verified OK" or not. */
    boolean opensslVerifies(Path pub, Path data, byte[] sig, String... dgstArgs) throws Exception {
        Path sigFile = dir.resolve("sig.bin");
        Files.write(sigFile, sig);
        java.util.List<String> cmd = new java.util.ArrayList<>(List.of(OpenSsl.executable(), "dgst"));
        cmd.addAll(List.of(dgstArgs));
        cmd.addAll(List.of("-verify", pub.toString(), "-signature", sigFile.toString(), data.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        return p.waitFor() == 0 && out.contains("Verified OK");
    }

    static HttpRequest tampered(HttpRequest signed) {
        return HttpRequest.builder(signed.method(), signed.target() + "&x=1").headers(signed.headers()).body(signed.bodyBytesUnsafe()).build();
    }

    @Test
    void ecdsaP256WithSha512FromOpenSslVerifiesUnderHs2019() throws Exception {
        KeyPair ec = TestKeys.generateEcP256();
        HttpRequest r = request();
        Path data = signingString(r);
        byte[] sig = OpenSsl.run("dgst", "-sha512", "-sign", pem("ec.pem", "PRIVATE KEY", ec.getPrivate().getEncoded()).toString(),
                data.toString());
        Path pub = pem("ec.pub", "PUBLIC KEY", ec.getPublic().getEncoded());
        assertTrue(opensslVerifies(pub, data, sig, "-sha512"));
        for (String alg : new String[] {"hs2019", null}) {
            VerificationResult v = verify(ec, withSignature(r, alg, sig));
            assertTrue(v.isValid(), alg + ": " + v);
        }
        assertEquals(Failure.SIGNATURE_MISMATCH, verify(ec, tampered(withSignature(r, "hs2019", sig))).failure().orElseThrow());
        // what the named algorithm says still binds: ecdsa-sha256 is SHA-256 only
        assertEquals(Failure.SIGNATURE_MISMATCH, verify(ec, withSignature(r, "ecdsa-sha256", sig)).failure().orElseThrow());
    }

    @Test
    void rawRsEcdsaFromTheJdkVerifiesUnderHs2019() throws Exception {
        KeyPair ec = TestKeys.generateEcP256();
        HttpRequest r = request();
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(ec.getPrivate());
        s.update(SigningString.build(r, COMPONENTS, null, null).getBytes(StandardCharsets.UTF_8));
        byte[] sig = s.sign();
        assertEquals(64, sig.length);
        assertTrue(verify(ec, withSignature(r, "hs2019", sig)).isValid());
        assertTrue(verify(ec, withSignature(r, "ecdsa-sha256", sig)).isValid(), "ecdsa-sha256 sent as raw r||s");
        assertEquals(Failure.SIGNATURE_MISMATCH, verify(ec, tampered(withSignature(r, "hs2019", sig))).failure().orElseThrow());
    }

    @Test
    void ed25519FromOpenSslVerifiesUnderHs2019AndAsEd25519() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        HttpRequest r = request();
        Path data = signingString(r);
        Path key = pem("ed.pem", "PRIVATE KEY", ed.getPrivate().getEncoded());
        byte[] sig = OpenSsl.run("pkeyutl", "-sign", "-rawin", "-inkey", key.toString(), "-in", data.toString());
        assertEquals(64, sig.length);
        Path sigFile = dir.resolve("ed.sig");
        Files.write(sigFile, sig);
        String ok = new String(OpenSsl.run("pkeyutl", "-verify", "-rawin", "-pubin", "-inkey",
                pem("ed.pub", "PUBLIC KEY", ed.getPublic().getEncoded()).toString(), "-in", data.toString(), "-sigfile", sigFile.toString()),
                StandardCharsets.US_ASCII);
        assertTrue(ok.contains("Signature Verified Successfully"), ok);
        for (String alg : new String[] {"hs2019", "ed25519", null}) {
            VerificationResult v = verify(ed, withSignature(r, alg, sig));
            assertTrue(v.isValid(), alg + ": " + v);
        }
        assertEquals(Failure.SIGNATURE_MISMATCH, verify(ed, tampered(withSignature(r, "hs2019", sig))).failure().orElseThrow());
        assertEquals(Failure.ALGORITHM_MISMATCH, verify(ed, withSignature(r, "rsa-sha256", sig)).failure().orElseThrow());
    }

    @Test
    void rsaPssWithOpenSslsMaximumSaltVerifiesUnderHs2019() throws Exception {
        KeyPair rsa = CavageRoundTripProperties.RSA;
        HttpRequest r = request();
        Path data = signingString(r);
        Path key = pem("rsa.pem", "PRIVATE KEY", rsa.getPrivate().getEncoded());
        Path pub = pem("rsa.pub", "PUBLIC KEY", rsa.getPublic().getEncoded());
        for (String salt : new String[] {"max", "32", "0"}) {
            byte[] sig = OpenSsl.run("dgst", "-sha512", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:" + salt,
                    "-sign", key.toString(), data.toString());
            assertTrue(opensslVerifies(pub, data, sig, "-sha512", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:auto"));
            VerificationResult v = verify(rsa, withSignature(r, "hs2019", sig));
            assertTrue(v.isValid(), "salt " + salt + ": " + v);
            assertEquals(Failure.SIGNATURE_MISMATCH, verify(rsa, tampered(withSignature(r, "hs2019", sig))).failure().orElseThrow());
        }
    }

    @Test
    void aFailedHs2019NamesTheAlgorithmsTried() throws Exception {
        KeyPair ec = TestKeys.generateEcP256();
        HttpRequest r = request();
        byte[] sig = OpenSsl.run("dgst", "-sha384", "-sign", pem("ec.pem", "PRIVATE KEY", ec.getPrivate().getEncoded()).toString(),
                signingString(r).toString());
        VerificationResult v = verify(ec, withSignature(r, "hs2019", sig));
        assertEquals(Failure.SIGNATURE_MISMATCH, v.failure().orElseThrow());
        assertTrue(v.message().contains("tried ECDSA_P256_SHA256, ECDSA_P256_SHA512, ECDSA_P256_SHA256_RAW"), v.message());
    }
}
