package dev.qseal.core.cavage;

import dev.qseal.core.Fips;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qseal.core.OpenSsl;
import dev.qseal.core.TestKeys;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openssl dgst -sign} over the signing string (written to a file) gives our RSA PKCS#1 v1.5 signature
 * byte for byte; {@code openssl dgst -verify} accepts our RSA-PSS and ECDSA signatures. Needs openssl: skipped
 * without it, except with {@code CI=true}, where a missing openssl fails.
 */
class OpenSslCrossCheckTest {
    @TempDir
    Path dir;

    Path pem(String name, String label, byte[] der) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n");
        return p;
    }

    static HttpRequest randomRequest(Random random) {
        byte[] body = new byte[random.nextInt(200)];
        random.nextBytes(body);
        String[] methods = {"GET", "POST", "DELETE"};
        return HttpRequest.builder(methods[random.nextInt(3)], "/v1/p/" + random.nextInt(1000) + "?q=%20&a=" + random.nextInt())
                .header("Host", "bank.example")
                .header("Date", "Sun, 05 Jan 2014 21:31:40 GMT")
                .header("X-Request-ID", Long.toHexString(random.nextLong()))
                .header("Cache-Control", "no-cache").header("Cache-Control", " max-age=" + random.nextInt(100) + " ")
                .header("Digest", dev.qseal.core.digest.Digests.digestValue(body))
                .body(body).build();
    }

    @Test
    void opensslSignatureEqualsOursOverTheAppendixCSigningString() throws Exception {
        KeyPair kp = TestKeys.cavageTestKey();
        CavageSigner signer = CavageSigner.builder(TestKeys.signingKey("appendix C", kp)).keyId("Test")
                .headers("(request-target)", "host", "date", "content-type", "digest", "content-length").build();
        if (Fips.refused(() -> signer.sign(CavageDraft10AppendixCTest.request(), Instant.EPOCH))) {
            return; // a 1024-bit key
        }
        CavageSignature sig = signer.sign(CavageDraft10AppendixCTest.request(), Instant.EPOCH);
        Path key = pem("key.pem", "PRIVATE KEY", kp.getPrivate().getEncoded());
        Path data = dir.resolve("c3.txt");
        Files.write(data, sig.signingString().getBytes(StandardCharsets.UTF_8));
        byte[] openssl = OpenSsl.run("dgst", "-sha256", "-sign", key.toString(), data.toString());
        assertArrayEquals(openssl, Base64.getDecoder().decode(sig.parameters().signature()));
    }

    @Test
    void opensslSignsWhatWeSignOnRandomRequests() throws Exception {
        KeyPair kp = CavageRoundTripProperties.RSA;
        SigningKey key = TestKeys.signingKey("generated", kp);
        Path keyFile = pem("rsa.pem", "PRIVATE KEY", kp.getPrivate().getEncoded());
        Random random = new Random(20240301L);
        List<String> components = List.of("(request-target)", "host", "date", "x-request-id", "cache-control", "digest");
        for (int i = 0; i < 6; i++) {
            HttpRequest r = randomRequest(random);
            SignatureAlgorithm alg = i % 2 == 0 ? SignatureAlgorithm.RSA_PKCS1_SHA256 : SignatureAlgorithm.RSA_PKCS1_SHA512;
            CavageSignature sig = CavageSigner.builder(key).keyId("k").algorithm(alg).headers(components).build().sign(r, Instant.EPOCH);
            Path data = dir.resolve("ss" + i + ".txt");
            Files.write(data, sig.signingString().getBytes(StandardCharsets.UTF_8));
            byte[] openssl = OpenSsl.run("dgst", i % 2 == 0 ? "-sha256" : "-sha512", "-sign", keyFile.toString(), data.toString());
            assertArrayEquals(openssl, Base64.getDecoder().decode(sig.parameters().signature()), r.toString());
        }
    }

    @Test
    void opensslVerifiesOurPssAndEcdsaSignatures() throws Exception {
        Random random = new Random(7);
        HttpRequest r = randomRequest(random);
        List<String> components = List.of("(request-target)", "date", "digest");

        KeyPair rsa = CavageRoundTripProperties.RSA;
        CavageSignature pss = CavageSigner.builder(TestKeys.signingKey("rsa", rsa)).keyId("k").algorithm(SignatureAlgorithm.RSA_PSS_SHA512)
                .headers(components).build().sign(r, Instant.EPOCH);
        assertEquals("hs2019", pss.parameters().algorithm().orElseThrow());
        Path data = dir.resolve("pss.txt");
        Files.write(data, pss.signingString().getBytes(StandardCharsets.UTF_8));
        Path sigFile = dir.resolve("pss.sig");
        Files.write(sigFile, Base64.getDecoder().decode(pss.parameters().signature()));
        String out = new String(OpenSsl.run("dgst", "-sha512", "-verify", pem("rsa.pub", "PUBLIC KEY", rsa.getPublic().getEncoded()).toString(),
                "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:64", "-signature", sigFile.toString(), data.toString()),
                StandardCharsets.US_ASCII);
        assertEquals("Verified OK", out.strip());

        KeyPair ec = CavageRoundTripProperties.EC;
        CavageSignature ecdsa = CavageSigner.builder(TestKeys.signingKey("ec", ec)).keyId("k").headers(components).build().sign(r, Instant.EPOCH);
        Path ecData = dir.resolve("ec.txt");
        Files.write(ecData, ecdsa.signingString().getBytes(StandardCharsets.UTF_8));
        Path ecSig = dir.resolve("ec.sig");
        Files.write(ecSig, Base64.getDecoder().decode(ecdsa.parameters().signature()));
        String ecOut = new String(OpenSsl.run("dgst", "-sha256", "-verify", pem("ec.pub", "PUBLIC KEY", ec.getPublic().getEncoded()).toString(),
                "-signature", ecSig.toString(), ecData.toString()), StandardCharsets.US_ASCII);
        assertEquals("Verified OK", ecOut.strip());
    }
}
