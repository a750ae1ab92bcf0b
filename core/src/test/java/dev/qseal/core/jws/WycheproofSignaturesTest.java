package dev.qseal.core.jws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.key.CryptoProviders;
import dev.qseal.core.key.internal.EcdsaVerification;
import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.internal.RsaSignatures;
import dev.qseal.core.key.SignatureAlgorithm;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Wycheproof verification suites through qseal's primitives: every {@code invalid} case rejected,
 * every {@code valid} one accepted. {@code acceptable} cases (RSA PKCS#1 "MissingNull": a
 * DigestInfo without the NULL parameters) are a documented choice: qseal rejects them, like the JDK
 * and RFC 8017 §8.2.2 (the encoding is compared with the one and only DER form).
 */
class WycheproofSignaturesTest {
    private static final HexFormat HEX = HexFormat.of();

    static final class Case {
        final PublicKey key;
        final Map<String, Object> group;
        final Map<String, Object> test;

        Case(PublicKey key, Map<String, Object> group, Map<String, Object> test) {
            this.key = key;
            this.group = group;
            this.test = test;
        }

        byte[] msg() {
            return HEX.parseHex((String) test.get("msg"));
        }

        byte[] sig() {
            return HEX.parseHex((String) test.get("sig"));
        }

        String result() {
            return (String) test.get("result");
        }

        String id() {
            return "tcId " + test.get("tcId") + " (" + result() + ", " + test.get("comment") + ", " + test.get("flags") + ")";
        }
    }

    @SuppressWarnings("unchecked")
    static List<Case> cases(String file, String keyAlg) throws Exception {
        Map<String, Object> root = Vectors.json("wycheproof/" + file);
        List<Case> out = new ArrayList<>();
        for (Object g : (List<Object>) root.get("testGroups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            PublicKey key = KeyFactory.getInstance(keyAlg).generatePublic(new X509EncodedKeySpec(HEX.parseHex((String) group.get("publicKeyDer"))));
            for (Object t : (List<Object>) group.get("tests")) {
                out.add(new Case(key, group, (Map<String, Object>) t));
            }
        }
        assertEquals(((Number) root.get("numberOfTests")).intValue(), out.size(), file);
        return out;
    }

    static HashAlgorithm hash(String name) {
        switch (name) {
            case "SHA-256": return HashAlgorithm.SHA_256;
            case "SHA-384": return HashAlgorithm.SHA_384;
            case "SHA-512": return HashAlgorithm.SHA_512;
            default: throw new IllegalArgumentException(name);
        }
    }

    static void check(List<String> wrong, Case c, boolean accepted, String via) {
        boolean expected = c.result().equals("valid");
        if (accepted != expected) {
            wrong.add(via + " " + (accepted ? "accepted " : "rejected ") + c.id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa_signature_2048_sha256_test.json", "rsa_signature_2048_sha384_test.json", "rsa_signature_2048_sha512_test.json"})
    void rsaPkcs1(String file) throws Exception {
        List<String> wrong = new ArrayList<>();
        List<Case> cases = cases(file, "RSA");
        for (Case c : cases) {
            HashAlgorithm h = hash((String) c.group.get("sha"));
            SignatureAlgorithm alg = h == HashAlgorithm.SHA_256 ? SignatureAlgorithm.RSA_PKCS1_SHA256
                    : h == HashAlgorithm.SHA_384 ? SignatureAlgorithm.RSA_PKCS1_SHA384 : SignatureAlgorithm.RSA_PKCS1_SHA512;
            boolean jca = alg.verify(c.key, c.msg(), c.sig());
            if (c.result().equals("acceptable")) {
                // MissingNull: the JDK accepts a DigestInfo without NULL parameters (RFC 8017 §9.2 note 1 allows
                // verifiers to), ACCP (AWS-LC) rejects it: Wycheproof allows either. qseal's inspection, which only
                // explains failures, requires the DER form
                if (CryptoProviders.preferred().isEmpty()) {
                    assertTrue(jca, "JDK behaviour for " + c.id());
                }
                assertTrue(!RsaSignatures.inspect(c.key, c.sig()).covers(c.msg()), "inspection for " + c.id());
                continue;
            }
            check(wrong, c, jca, "SignatureAlgorithm.verify");
            // the inspector the JWS diagnosis relies on must be as strict as the verifier
            RsaSignatures.Inspection ins = RsaSignatures.inspect(c.key, c.sig());
            boolean byInspection = ins.algorithm().filter(alg::equals).isPresent() && ins.covers(c.msg());
            check(wrong, c, byInspection, "RsaSignatures.inspect");
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(cases.size() > 200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa_pss_2048_sha256_mgf1_32_test.json", "rsa_pss_2048_sha384_mgf1_48_test.json",
            "rsa_pss_4096_sha384_mgf1_48_test.json", "rsa_pss_4096_sha512_mgf1_64_test.json"})
    void rsaPss(String file) throws Exception {
        List<String> wrong = new ArrayList<>();
        List<String> anySaltOnlyBySalt = new ArrayList<>();
        for (Case c : cases(file, "RSA")) {
            HashAlgorithm h = hash((String) c.group.get("sha"));
            assertEquals(c.group.get("sha"), c.group.get("mgfSha"));
            int sLen = ((Number) c.group.get("sLen")).intValue();
            check(wrong, c, SignatureAlgorithm.rsaPss(h, sLen).verify(c.key, c.msg(), c.sig()), "JCA fixed salt");
            check(wrong, c, RsaSignatures.verifyPss(c.key, h, c.msg(), c.sig(), OptionalInt.of(sLen)).isPresent(), "verifyPss fixed salt");
            OptionalInt any = RsaSignatures.verifyPss(c.key, h, c.msg(), c.sig(), OptionalInt.empty());
            if (c.result().equals("valid")) {
                check(wrong, c, any.isPresent(), "verifyPss any salt");
            } else if (any.isPresent()) {
                // any-salt mode (what the JWS verifier uses, for OpenSSL's maximum salt) accepts a
                // signature that is valid PSS with another salt length; it must never accept anything else
                if (any.getAsInt() == sLen) {
                    wrong.add("verifyPss any salt accepted " + c.id());
                }
                anySaltOnlyBySalt.add(c.test.get("tcId") + ":salt" + any.getAsInt());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        System.out.println(file + ": invalid only by salt length, accepted in any-salt mode: " + anySaltOnlyBySalt);
        assertTrue(anySaltOnlyBySalt.size() <= 8, anySaltOnlyBySalt.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa_secp256r1_sha256_test.json", "ecdsa_secp384r1_sha384_test.json", "ecdsa_secp521r1_sha512_test.json",
            "ecdsa_secp256r1_sha256_p1363_test.json", "ecdsa_secp384r1_sha384_p1363_test.json", "ecdsa_secp521r1_sha512_p1363_test.json"})
    @SuppressWarnings("unchecked")
    void ecdsa(String file) throws Exception {
        boolean raw = file.contains("p1363");
        List<String> wrong = new ArrayList<>();
        for (Case c : cases(file, "EC")) {
            KeyType type = KeyType.of(c.key);
            SignatureAlgorithm alg = null;
            for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
                if (a.fits(type) && (a.scheme() == SignatureAlgorithm.Scheme.ECDSA_RAW) == raw && a.hash() == hash((String) c.group.get("sha"))) {
                    alg = a;
                }
            }
            assertEquals(hash((String) c.group.get("sha")), alg.hash());
            check(wrong, c, EcdsaVerification.verify(alg, c.key, c.msg(), c.sig()), "EcdsaVerification " + alg.name());
            List<String> jca = new ArrayList<>();
            check(jca, c, alg.verify(c.key, c.msg(), c.sig()), "JCA " + alg.name());
            for (String deviation : jca) {
                // the JDK's own leniencies and bugs (see EcdsaVerification): only these kinds may differ
                List<String> flags = (List<String>) (List<?>) c.test.get("flags");
                boolean known = (c.result().equals("valid") && flags.stream().anyMatch(f -> f.equals("ArithmeticError") || f.equals("ValidSignature")))
                        || (c.result().equals("invalid") && flags.stream().anyMatch(f -> f.equals("SignatureSize") || f.equals("MissingZero")));
                if (!known) {
                    wrong.add("unexpected JDK deviation: " + deviation);
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
