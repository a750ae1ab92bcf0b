package dev.qseal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.cades.CadesVerifier;
import dev.qseal.core.key.Certificates;
import dev.qseal.core.verify.Failure;
import dev.qseal.core.verify.VerificationResult;
import dev.qseal.pkcs11.testing.SoftHsmExtension;
import dev.qseal.pkcs11.testing.SoftHsmToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code qseal sign-hash} and {@code qseal cades prepare|complete|sign}, with the SoftHSM token's keys (as files and on the token). */
@ExtendWith(SoftHsmExtension.class)
class CliCadesTest {
    private static String fileKey(SoftHsmToken t, String object) {
        return "file:" + t.keyFile(object) + "?cert=" + t.certFile(object);
    }

    private static List<String> values(String out, String name) {
        return out.lines().filter(l -> l.startsWith(name + ": ")).map(l -> l.substring(name.length() + 2)).collect(Collectors.toList());
    }

    private static void assertVerifies(Path p7s, Path doc) throws Exception {
        VerificationResult r = CadesVerifier.create().verify(Files.readAllBytes(p7s), Files.readAllBytes(doc));
        assertTrue(r.isValid(), r.toString());
    }

    @Test
    void signHashPrintsTheRawPkcs1SignatureOfTheDigestTheSameForAFileAndATokenKey(SoftHsmToken t) throws Exception {
        byte[] data = "what the user sees".getBytes(StandardCharsets.UTF_8);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(data);
        CliRun file = CliRun.of("sign-hash", "--key", fileKey(t, SoftHsmToken.RSA), "--hash", Base64.getEncoder().encodeToString(hash));
        CliRun token = CliRun.of("sign-hash", "--key", t.uri(SoftHsmToken.RSA), "--alg", "rsa-pkcs1-sha256",
                "--hash-hex", HexFormat.of().formatHex(hash));
        assertEquals(0, file.code, file.toString());
        assertEquals(0, token.code, token.toString());
        assertEquals(file.out, token.out);
        assertEquals(1, file.out.lines().count(), file.out);

        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(Certificates.load(t.certFile(SoftHsmToken.RSA)).get(0).getPublicKey());
        s.update(data);
        assertTrue(s.verify(Base64.getDecoder().decode(values(file.out, "Signature").get(0))));
    }

    @Test
    void signHashRefusesAHashOfTheWrongLengthOrAnUnknownAlgorithmWithExitTwo(SoftHsmToken t) {
        CliRun shortHash = CliRun.of("sign-hash", "--key", fileKey(t, SoftHsmToken.RSA), "--hash-hex", "00112233");
        assertEquals(2, shortHash.code, shortHash.toString());
        assertTrue(shortHash.err.contains("4 bytes") && shortHash.err.contains("--alg"), shortHash.err);
        CliRun unknown = CliRun.of("sign-hash", "--key", fileKey(t, SoftHsmToken.RSA), "--alg", "md5", "--hash-hex", "00");
        assertEquals(2, unknown.code, unknown.toString());
        CliRun wrongType = CliRun.of("sign-hash", "--key", fileKey(t, SoftHsmToken.RSA), "--alg", "ES256",
                "--hash", Base64.getEncoder().encodeToString(new byte[32]));
        assertEquals(2, wrongType.code, wrongType.toString());
        CliRun noHash = CliRun.of("sign-hash", "--key", fileKey(t, SoftHsmToken.RSA));
        assertEquals(2, noHash.code, noHash.toString());
        for (CliRun r : List.of(shortHash, unknown, wrongType, noHash)) {
            assertEquals(1, r.err.lines().count(), r.err);
            assertEquals("", r.out);
        }
    }

    @Test
    void prepareThenSignTheHashesElsewhereThenCompleteWritesSignaturesThatVerify(SoftHsmToken t, @TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "first contract\n");
        Path b = Files.writeString(dir.resolve("b.txt"), "second contract\n");
        Path state = dir.resolve("state");
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        CliRun prepared = CliRun.of("cades", "prepare", "--cert", t.certFile(SoftHsmToken.RSA).toString(),
                "--document", a.toString(), "--document", b.toString(), "--out", state.toString(), "--now", now);
        assertEquals(0, prepared.code, prepared.toString());
        assertEquals(List.of(a.toString(), b.toString()), values(prepared.out, "Document"));
        assertEquals(List.of(now), values(prepared.out, "Signing-Time"));
        List<String> hashes = values(prepared.out, "Hash");
        assertEquals(2, hashes.size());

        List<String> sigs = new ArrayList<>();
        for (String h : hashes) { // the "remote signer": the same key on the token
            CliRun s = CliRun.of("sign-hash", "--key", t.uri(SoftHsmToken.RSA), "--hash", h);
            assertEquals(0, s.code, s.toString());
            sigs.add(values(s.out, "Signature").get(0));
        }
        CliRun swapped = CliRun.of("cades", "complete", "--state", state.toString(), "--signature", sigs.get(1), sigs.get(0));
        assertEquals(1, swapped.code, swapped.toString());
        assertTrue(swapped.err.contains("is the signature of item 2"), swapped.err);
        assertFalse(Files.exists(dir.resolve("a.txt.p7s")));

        CliRun done = CliRun.of("cades", "complete", "--state", state.toString(), "--signature", sigs.get(0), sigs.get(1),
                "--document", a.toString(), b.toString());
        assertEquals(0, done.code, done.toString());
        assertEquals(List.of(a + ".p7s", b + ".p7s"), values(done.out, "Signature-File"));
        assertVerifies(Path.of(a + ".p7s"), a);
        assertVerifies(Path.of(b + ".p7s"), b);
        VerificationResult crossed = CadesVerifier.create().verify(Files.readAllBytes(Path.of(a + ".p7s")), Files.readAllBytes(b));
        assertEquals(Failure.DIGEST_MISMATCH, crossed.failure().orElseThrow());
    }

    @Test
    void thePrintedStateValueWorksWithoutAFileAndCompleteRefusesBadValues(SoftHsmToken t, @TempDir Path dir) throws Exception {
        Path doc = Files.writeString(dir.resolve("doc.pdf"), "%PDF-1.7 pretend\n");
        CliRun prepared = CliRun.of("cades", "prepare", "--cert", t.certFile(SoftHsmToken.EC).toString(), "--document", doc.toString());
        assertEquals(0, prepared.code, prepared.toString());
        String state = values(prepared.out, "State").get(0);
        String hash = values(prepared.out, "Hash").get(0);
        String ecSig = values(CliRun.of("sign-hash", "--key", fileKey(t, SoftHsmToken.EC), "--hash", hash).out, "Signature").get(0);
        String otherHashSig = values(CliRun.of("sign-hash", "--key", fileKey(t, SoftHsmToken.EC),
                "--hash", Base64.getEncoder().encodeToString(new byte[32])).out, "Signature").get(0);
        String otherKeySig = values(CliRun.of("sign-hash", "--key", fileKey(t, SoftHsmToken.RSA), "--hash", hash).out, "Signature").get(0);

        CliRun wrongKey = CliRun.of("cades", "complete", "--state", state, "--signature", otherKeySig);
        assertEquals(2, wrongKey.code, wrongKey.toString()); // an RSA-2048 value cannot be an ECDSA P-256 signature at all
        CliRun wrongHash = CliRun.of("cades", "complete", "--state", state, "--signature", otherHashSig, "--out", dir.resolve("x.p7s").toString());
        assertEquals(1, wrongHash.code, wrongHash.toString());
        assertTrue(wrongHash.err.startsWith("qseal: verification failed: SIGNATURE_MISMATCH"), wrongHash.err);
        CliRun malformed = CliRun.of("cades", "complete", "--state", state, "--signature", "AAAA", "--out", dir.resolve("x.p7s").toString());
        assertEquals(2, malformed.code, malformed.toString());
        Path changed = Files.writeString(dir.resolve("changed.pdf"), "%PDF-1.7 pretend!\n");
        CliRun tampered = CliRun.of("cades", "complete", "--state", state, "--signature", ecSig, "--document", changed.toString());
        assertEquals(1, tampered.code, tampered.toString());
        assertTrue(tampered.err.contains("not the one prepared"), tampered.err);
        CliRun badState = CliRun.of("cades", "complete", "--state", "nonsense!", "--signature", ecSig);
        assertEquals(2, badState.code, badState.toString());

        Path out = dir.resolve("signed.p7s");
        CliRun done = CliRun.of("cades", "complete", "--state", state, "--signature", ecSig, "--out", out.toString());
        assertEquals(0, done.code, done.toString());
        assertVerifies(out, doc);
    }

    @Test
    void cadesSignWithATokenKeyWritesTheP7sBesideTheDocument(SoftHsmToken t, @TempDir Path dir) throws Exception {
        Path doc = Files.writeString(dir.resolve("invoice.xml"), "<invoice>42</invoice>\n");
        CliRun r = CliRun.of("cades", "sign", "--key", t.uri(SoftHsmToken.RSA), "--document", doc.toString());
        assertEquals(0, r.code, r.toString());
        assertEquals(List.of(doc + ".p7s"), values(r.out, "Signature-File"));
        assertVerifies(Path.of(doc + ".p7s"), doc);

        CliRun bare = CliRun.of("cades", "sign", "--key", t.uri(SoftHsmToken.RSA_BARE), "--document", doc.toString());
        assertEquals(2, bare.code, bare.toString());
        assertTrue(bare.err.contains("no certificate"), bare.err);
    }

    @Test
    void moreThanSeventyDocumentsAreRefused(SoftHsmToken t, @TempDir Path dir) throws Exception {
        Path doc = Files.writeString(dir.resolve("d"), "d");
        List<String> args = new ArrayList<>(List.of("cades", "prepare", "--cert", t.certFile(SoftHsmToken.RSA).toString()));
        for (int i = 0; i < 71; i++) {
            args.add("--document");
            args.add(doc.toString());
        }
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.contains("at most 70 --document"), r.err);
        args.subList(args.size() - 2, args.size()).clear();
        CliRun seventy = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, seventy.code, seventy.toString());
        assertEquals(70, values(seventy.out, "Hash").size());
    }
}
