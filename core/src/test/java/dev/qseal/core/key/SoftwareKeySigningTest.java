package dev.qseal.core.key;

import dev.qseal.core.Fips;
import static dev.qseal.core.key.Tools.openssl;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.UnsupportedAlgorithmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Keys loaded from OpenSSL-written files sign what plain JCA and OpenSSL itself accept. */
class SoftwareKeySigningTest {
    static final byte[] MESSAGE = ("(request-target): post /v1/payments\ndate: Tue, 07 Jun 2014 20:51:35 GMT\n"
            + "digest: SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path d;
    static final Map<String, SigningKey> KEYS = new LinkedHashMap<>();

    @BeforeAll
    static void generate() {
        Map<String, String[]> specs = new LinkedHashMap<>();
        specs.put("rsa2048", new String[] {"RSA", "rsa_keygen_bits:2048"});
        specs.put("p256", new String[] {"EC", "ec_paramgen_curve:P-256"});
        specs.put("p384", new String[] {"EC", "ec_paramgen_curve:P-384"});
        specs.put("p521", new String[] {"EC", "ec_paramgen_curve:P-521"});
        for (Map.Entry<String, String[]> e : specs.entrySet()) {
            String name = e.getKey();
            openssl(d, "genpkey", "-algorithm", e.getValue()[0], "-pkeyopt", e.getValue()[1], "-out", name + ".pem");
            openssl(d, "pkey", "-in", name + ".pem", "-pubout", "-out", name + ".pub.pem");
            KEYS.put(name, KeySources.open("file:" + d.resolve(name + ".pem")));
        }
    }

    static Stream<String> keyNames() {
        return Stream.of("rsa2048", "p256", "p384", "p521");
    }

    static byte[] altered(byte[] m) {
        byte[] c = m.clone();
        c[c.length / 2] ^= 0x01;
        return c;
    }

    @ParameterizedTest
    @MethodSource("keyNames")
    void everyOfferedAlgorithmSignsAndVerifiesWithPlainJca(String name) {
        SigningKey key = KEYS.get(name);
        // The reference public key comes from OpenSSL, not from our derivation.
        var reference = Certificates.loadPublicKey(d.resolve(name + ".pub.pem"));
        // a P-256 key also signs SHA-512 (draft-cavage-12 hs2019 "ECDSA P-256 DSS and SHA-512")
        assertEquals(name.equals("rsa2048") ? 6 : key.keyType() == KeyType.EC_P256 ? 3 : 2, key.algorithms().size(), key.algorithms().toString());
        for (SignatureAlgorithm alg : key.algorithms()) {
            byte[] sig = key.sign(alg, MESSAGE);
            assertTrue(JcaCheck.verify(reference, alg, MESSAGE, sig), alg + " does not verify");
            assertFalse(JcaCheck.verify(reference, alg, altered(MESSAGE), sig), alg + " verifies an altered message");
            if (alg.scheme() == SignatureAlgorithm.Scheme.ECDSA_RAW) {
                assertEquals(2 * key.keyType().coordinateLength(), sig.length, alg + " raw length");
            }
        }
    }

    @Test
    void rsaPkcs1SignDigestEqualsSignByteForByte() {
        SigningKey key = KEYS.get("rsa2048");
        for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.RSA_PKCS1_SHA256, SignatureAlgorithm.RSA_PKCS1_SHA384,
                SignatureAlgorithm.RSA_PKCS1_SHA512)) {
            byte[] viaDigest = key.signDigest(alg, alg.hash().hash(MESSAGE));
            assertArrayEquals(key.sign(alg, MESSAGE), viaDigest, alg.toString());
        }
    }

    @Test
    void rsaPssSignDigestVerifiesWithJcaIncludingMaximumSalt() {
        SigningKey key = KEYS.get("rsa2048");
        // 222 = 256 - 32 - 2: OpenSSL's default (maximum) salt for RSA-2048 with SHA-256, as ING's script signs.
        for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.RSA_PSS_SHA256, SignatureAlgorithm.RSA_PSS_SHA384,
                SignatureAlgorithm.RSA_PSS_SHA512, SignatureAlgorithm.rsaPss(HashAlgorithm.SHA_256, 222),
                SignatureAlgorithm.rsaPss(HashAlgorithm.SHA_256, 0))) {
            if (Fips.refused(() -> key.signDigest(alg, alg.hash().hash(MESSAGE)))) {
                continue; // no raw RSA in Bouncy Castle FIPS
            }
            byte[] sig = key.signDigest(alg, alg.hash().hash(MESSAGE));
            assertEquals(256, sig.length);
            assertTrue(JcaCheck.verify(key.publicKey(), alg, MESSAGE, sig), alg.toString());
            assertFalse(JcaCheck.verify(key.publicKey(), alg, altered(MESSAGE), sig), alg.toString());
        }
    }

    static Stream<String> ecKeyNames() {
        return Stream.of("p256", "p384", "p521");
    }

    @ParameterizedTest
    @MethodSource("ecKeyNames")
    void ecdsaSignDigestVerifiesWithJcaInDerAndRaw(String name) {
        SigningKey key = KEYS.get(name);
        for (SignatureAlgorithm alg : key.algorithms()) {
            byte[] sig = key.signDigest(alg, alg.hash().hash(MESSAGE));
            assertTrue(JcaCheck.verify(key.publicKey(), alg, MESSAGE, sig), alg.toString());
            assertFalse(JcaCheck.verify(key.publicKey(), alg, altered(MESSAGE), sig), alg.toString());
        }
    }

    @Test
    void rsaPkcs1SignatureEqualsOpensslDgstSign() throws IOException {
        Path data = Files.write(d.resolve("data.bin"), MESSAGE);
        openssl(d, "dgst", "-sha256", "-sign", "rsa2048.pem", "-out", "openssl.sig", "data.bin");
        byte[] expected = Files.readAllBytes(d.resolve("openssl.sig"));
        assertEquals(256, expected.length);
        assertArrayEquals(expected, KEYS.get("rsa2048").sign(SignatureAlgorithm.RSA_PKCS1_SHA256, Files.readAllBytes(data)));
    }

    @Test
    void opensslVerifiesOurEcdsaAndPssSignatures() throws IOException {
        Files.write(d.resolve("data2.bin"), MESSAGE);
        Files.write(d.resolve("ec.sig"), KEYS.get("p384").sign(SignatureAlgorithm.ECDSA_P384_SHA384, MESSAGE));
        String out = openssl(d, "dgst", "-sha384", "-verify", "p384.pub.pem", "-signature", "ec.sig", "data2.bin");
        assertTrue(out.contains("Verified OK"), out);
        if (Fips.refused(() -> KEYS.get("rsa2048").signDigest(SignatureAlgorithm.RSA_PSS_SHA256, HashAlgorithm.SHA_256.hash(MESSAGE)))) {
            return;
        }
        Files.write(d.resolve("pss.sig"), KEYS.get("rsa2048").signDigest(SignatureAlgorithm.RSA_PSS_SHA256,
                HashAlgorithm.SHA_256.hash(MESSAGE)));
        out = openssl(d, "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32",
                "-verify", "rsa2048.pub.pem", "-signature", "pss.sig", "data2.bin");
        assertTrue(out.contains("Verified OK"), out);
    }

    @ParameterizedTest
    @MethodSource("keyNames")
    void signDigestBatchOf70ReturnsVerifyingSignaturesInOrder(String name) {
        SigningKey key = KEYS.get(name);
        List<SignatureAlgorithm> algs = new ArrayList<>(List.of(key.defaultAlgorithm()));
        if (name.startsWith("rsa")) {
            algs.add(SignatureAlgorithm.RSA_PSS_SHA256);
        }
        for (SignatureAlgorithm alg : algs) {
            List<byte[]> messages = new ArrayList<>();
            List<byte[]> digests = new ArrayList<>();
            for (int i = 0; i < 70; i++) {
                byte[] m = ("document " + i).getBytes(StandardCharsets.US_ASCII);
                messages.add(m);
                digests.add(alg.hash().hash(m));
            }
            if (alg.scheme() == SignatureAlgorithm.Scheme.RSA_PSS && Fips.refused(() -> key.signDigestBatch(alg, digests))) {
                continue;
            }
            List<byte[]> sigs = key.signDigestBatch(alg, digests);
            assertEquals(70, sigs.size());
            Set<String> distinct = new HashSet<>();
            for (int i = 0; i < 70; i++) {
                assertTrue(JcaCheck.verify(key.publicKey(), alg, messages.get(i), sigs.get(i)), alg + " #" + i);
                // Out of order would pair signature i with another document.
                assertFalse(JcaCheck.verify(key.publicKey(), alg, messages.get((i + 1) % 70), sigs.get(i)), alg + " #" + i);
                distinct.add(java.util.HexFormat.of().formatHex(sigs.get(i)));
            }
            assertEquals(70, distinct.size());
        }
    }

    @Test
    void digestOfWrongLengthIsBadInput() {
        assertThrows(BadInputException.class,
                () -> KEYS.get("rsa2048").signDigest(SignatureAlgorithm.RSA_PKCS1_SHA256, new byte[20]));
    }

    @Test
    void algorithmForAnotherKeyTypeIsRejected() {
        assertThrows(UnsupportedAlgorithmException.class,
                () -> KEYS.get("rsa2048").sign(SignatureAlgorithm.ECDSA_P256_SHA256, MESSAGE));
        assertThrows(UnsupportedAlgorithmException.class,
                () -> KEYS.get("p256").sign(SignatureAlgorithm.ECDSA_P384_SHA384, MESSAGE));
    }
}
