package dev.qseal.core.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.RequestVerifier;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.digest.DigestAlgorithm;
import dev.qseal.core.digest.DigestLabel;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bodies: digests from a stream or file in constant memory, signing with a given digest and no body, a maximum body size. */
class BodiesTest {
    @TempDir
    Path dir;

    /** A body bigger than any buffer qseal uses, written in pieces. */
    Path bigFile(long bytes) throws IOException {
        Path f = dir.resolve("big.bin");
        byte[] chunk = new byte[64 * 1024];
        new Random(1).nextBytes(chunk);
        try (OutputStream out = Files.newOutputStream(f)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - written));
            }
        }
        return f;
    }

    @Test
    void aFileOrStreamIsDigestedAsItsBytesWould() throws Exception {
        Path f = bigFile(20L * 1024 * 1024 + 17);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        byte[] expected = md.digest();
        assertArrayEquals(expected, Digests.hash(DigestAlgorithm.SHA_256, f));
        assertEquals(Digests.formatDigest(DigestAlgorithm.SHA_256, DigestLabel.STANDARD, expected),
                Digests.digestValue(DigestAlgorithm.SHA_256, DigestLabel.STANDARD, f));
        try (InputStream in = Files.newInputStream(f)) {
            assertEquals(Digests.digestValue(DigestAlgorithm.SHA_256, DigestLabel.STANDARD, f),
                    Digests.digestValue(DigestAlgorithm.SHA_256, DigestLabel.STANDARD, in));
        }
        byte[] small = Files.readAllBytes(bigFile(1000));
        assertEquals(Digests.contentDigestValue(DigestAlgorithm.SHA_512, small),
                Digests.contentDigestValue(DigestAlgorithm.SHA_512, dir.resolve("big.bin")));
        assertThrows(BadInputException.class, () -> Digests.hash(DigestAlgorithm.SHA_256, dir.resolve("missing.bin")));
    }

    @Test
    void aRequestSignedWithAGivenDigestAndNoBodyVerifiesWithTheBodyAndWithoutIt() throws Exception {
        Path f = bigFile(3L * 1024 * 1024);
        String digest = Digests.digestValue(DigestAlgorithm.SHA_256, DigestLabel.STANDARD, f);
        HttpRequest headersOnly = HttpRequest.builder("POST", "/v1/documents").header("Host", "bank.example")
                .header("Digest", digest).build();
        assertFalse(headersOnly.bodyAtHand());
        SignedRequest signed = BankProfiles.ING.signer(BankProfileSeamTest.KEY).clock(BankProfileSeamTest.CLOCK).allowInvalidCertificate().build().sign(headersOnly);
        assertEquals(digest, signed.request().headers().first("Digest").orElseThrow(), "the given digest is used, not recomputed");
        assertFalse(signed.generatedHeaders().stream().anyMatch(h -> h.name().equals("Digest")));

        RequestVerifier noBody = BankProfiles.ING.verifier(BankProfileSeamTest.CERT).clock(BankProfileSeamTest.CLOCK).noBody().build();
        VerificationResult withoutBody = noBody.verify(signed.request());
        assertTrue(withoutBody.isValid() && withoutBody.digestNotChecked(), withoutBody.toString());

        HttpRequest sent = signed.request().toBuilder().body(Files.readAllBytes(f)).build();
        RequestVerifier bank = BankProfiles.ING.verifier(BankProfileSeamTest.CERT).clock(BankProfileSeamTest.CLOCK).build();
        assertTrue(bank.verify(sent).isValid());
        HttpRequest otherBody = signed.request().toBuilder().body(new byte[] {1, 2, 3}).build();
        assertEquals(Failure.DIGEST_MISMATCH, bank.verify(otherBody).failure().orElseThrow());

        RequestVerifier limited = BankProfiles.ING.verifier(BankProfileSeamTest.CERT).clock(BankProfileSeamTest.CLOCK)
                .maxBodySize(1024 * 1024).build();
        VerificationResult tooLarge = limited.verify(sent);
        assertEquals(Failure.BODY_TOO_LARGE, tooLarge.failure().orElseThrow(), tooLarge.toString());
        assertTrue(limited.verify(signed.request()).failure().map(x -> x != Failure.BODY_TOO_LARGE).orElse(true));
    }

    @Test
    void aStreamedBodyWithAGivenDigestSignsTheHeadersAProfileSignsWithABody() {
        byte[] body = "{\"amount\":\"12.00\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String digest = Digests.digestValue(DigestAlgorithm.SHA_256, DigestLabel.STANDARD, body);
        HttpRequest headersOnly = HttpRequest.builder("POST", "/stet/psd2/v1/payment-requests").header("Host", "api.bank.example")
                .header("Content-Type", "application/json").header("Digest", digest).build();
        assertTrue(headersOnly.carriesBody());
        SignedRequest signed = BankProfiles.BECM.signer(BankProfileSeamTest.KEY).keyId("kid-1").clock(BankProfileSeamTest.CLOCK)
                .allowInvalidCertificate().build().sign(headersOnly);
        String signature = signed.request().headers().first("Signature").orElseThrow();
        assertTrue(signature.contains("content-type digest"), signature);
        HttpRequest sent = signed.request().toBuilder().body(body).build();
        VerificationResult r = BankProfiles.BECM.verifier(BankProfileSeamTest.CERT).clock(BankProfileSeamTest.CLOCK).build().verify(sent);
        assertTrue(r.isValid(), r.toString());
    }

    @Test
    void aGivenDigestThatDoesNotMatchAGivenBodyIsRefused() {
        HttpRequest r = HttpRequest.builder("POST", "/x").header("Digest", Digests.digestValue(new byte[0])).body(new byte[] {1}).build();
        assertThrows(BadInputException.class, () -> BankProfiles.ING.signer(BankProfileSeamTest.KEY).build().sign(r));
        HttpRequest empty = HttpRequest.builder("POST", "/x").header("Digest", Digests.digestValue(new byte[] {1})).body(new byte[0]).build();
        assertThrows(BadInputException.class, () -> BankProfiles.ING.signer(BankProfileSeamTest.KEY).build().sign(empty),
                "zero body bytes given is a body at hand: its digest must match");
    }
}
