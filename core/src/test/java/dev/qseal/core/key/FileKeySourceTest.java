package dev.qseal.core.key;

import static dev.qseal.core.key.Tools.openssl;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.Fips;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileKeySourceTest {
    static final String PASSWORD = "s3cr3t-Pa55w0rd!";
    static final byte[] MESSAGE = "date: Tue, 07 Jun 2014 20:51:35 GMT".getBytes(StandardCharsets.US_ASCII);

    enum Kind {
        RSA_2048(KeyType.RSA, "RSA", "rsa_keygen_bits:2048"),
        EC_P256(KeyType.EC_P256, "EC", "ec_paramgen_curve:P-256"),
        EC_P384(KeyType.EC_P384, "EC", "ec_paramgen_curve:P-384");

        final KeyType type;
        final String algorithm;
        final String option;

        Kind(KeyType type, String algorithm, String option) {
            this.type = type;
            this.algorithm = algorithm;
            this.option = option;
        }
    }

    @TempDir
    static Path root;
    static final Map<Kind, Path> DIRS = new EnumMap<>(Kind.class);

    /** Every form of each key, written by OpenSSL itself; cert.pem is the independent reference for the public key. */
    @BeforeAll
    static void generate() throws IOException {
        for (Kind kind : Kind.values()) {
            Path d = Files.createDirectories(root.resolve(kind.name()));
            DIRS.put(kind, d);
            openssl(d, "genpkey", "-algorithm", kind.algorithm, "-pkeyopt", kind.option, "-out", "pkcs8.pem");
            openssl(d, "pkey", "-in", "pkcs8.pem", "-traditional", "-out", "traditional.pem");
            openssl(d, "pkey", "-in", "pkcs8.pem", "-outform", "DER", "-out", "pkcs8.der");
            openssl(d, "pkey", "-in", "pkcs8.pem", "-traditional", "-outform", "DER", "-out", "traditional.der");
            openssl(d, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "pkcs8.pem", "-passout", "pass:" + PASSWORD,
                    "-out", "enc-pkcs8.pem");
            openssl(d, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "pkcs8.pem", "-passout", "pass:" + PASSWORD,
                    "-outform", "DER", "-out", "enc-pkcs8.der");
            openssl(d, "pkey", "-in", "pkcs8.pem", "-traditional", "-aes256", "-passout", "pass:" + PASSWORD,
                    "-out", "legacy-enc.pem");
            openssl(d, "genpkey", "-algorithm", kind.algorithm, "-pkeyopt", kind.option, "-aes256",
                    "-pass", "pass:" + PASSWORD, "-out", "genpkey-enc.pem");
            openssl(d, "pkey", "-in", "genpkey-enc.pem", "-passin", "pass:" + PASSWORD, "-pubout", "-out", "genpkey-pub.pem");
            openssl(d, "req", "-x509", "-new", "-key", "pkcs8.pem", "-subj", "/CN=qseal test " + kind, "-days", "30",
                    "-out", "cert.pem");
            openssl(d, "x509", "-in", "cert.pem", "-outform", "DER", "-out", "cert.der");
            Tools.cat(d.resolve("key-and-cert.pem"), d.resolve("pkcs8.pem"), d.resolve("cert.pem"));
            if (kind != Kind.RSA_2048) {
                openssl(d, "ec", "-in", "pkcs8.pem", "-no_public", "-out", "sec1-nopub.pem");
            }
            Files.writeString(d.resolve("password.txt"), PASSWORD + "\n");
            writeSalt16(d, kind);
        }
    }

    /**
     * enc-salt16.pem: PKCS#8 with PBKDF2-HMAC-SHA-256, a 20-byte salt and AES-256-CBC, what FIPS approved-only mode
     * accepts (OpenSSL 3.0 writes 8-byte salts). Written by Bouncy Castle, then read back by OpenSSL as a check.
     */
    private static void writeSalt16(Path d, Kind kind) throws IOException {
        try {
            java.security.PrivateKey key = java.security.KeyFactory.getInstance(kind.algorithm)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getMimeDecoder().decode(
                            Files.readString(d.resolve("pkcs8.pem")).replaceAll("-----[A-Z ]+-----", ""))));
            java.io.StringWriter pem = new java.io.StringWriter();
            try (org.bouncycastle.openssl.jcajce.JcaPEMWriter w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(pem)) {
                w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key,
                        new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                                org.bouncycastle.openssl.jcajce.JcaPKCS8Generator.AES_256_CBC)
                                .setPRF(org.bouncycastle.openssl.PKCS8Generator.PRF_HMACSHA256)
                                .setProvider(dev.qseal.core.key.internal.BouncyCastle.provider())
                                .setPassword(PASSWORD.toCharArray()).build()));
            }
            Files.writeString(d.resolve("enc-salt16.pem"), pem.toString());
        } catch (java.security.GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
        openssl(d, "pkey", "-in", "enc-salt16.pem", "-passin", "pass:" + PASSWORD, "-pubout", "-out", "salt16-pub.pem");
    }

    static Path dir(Kind kind) {
        return DIRS.get(kind);
    }

    static PublicKey referenceKey(Kind kind) {
        return Certificates.load(dir(kind).resolve("cert.pem")).get(0).getPublicKey();
    }

    static SigningKey open(String ref) {
        return KeySources.open(ref);
    }

    private static void assertSameKeyAndSigns(Kind kind, PublicKey expected, SigningKey key) {
        assertEquals(kind.type, key.keyType());
        assertArrayEquals(expected.getEncoded(), key.publicKey().getEncoded(), "derived public key differs from OpenSSL's");
        SignatureAlgorithm alg = key.defaultAlgorithm();
        byte[] sig = key.sign(alg, MESSAGE);
        assertTrue(JcaCheck.verify(expected, alg, MESSAGE, sig), "signature does not verify with the reference key");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void opensPkcs8Pem(Kind kind) {
        assertSameKeyAndSigns(kind, referenceKey(kind), open("file:" + dir(kind).resolve("pkcs8.pem")));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void opensTraditionalPemPkcs1OrSec1(Kind kind) throws IOException {
        String header = Files.readString(dir(kind).resolve("traditional.pem")).lines().findFirst().orElseThrow();
        assertEquals(kind == Kind.RSA_2048 ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----", header);
        assertSameKeyAndSigns(kind, referenceKey(kind), open("file:" + dir(kind).resolve("traditional.pem")));
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"EC_P256", "EC_P384"})
    void opensSec1KeyWithoutPublicPointByComputingIt(Kind kind) throws IOException {
        // The DER of a SEC1 key without the public point is short: check the fixture really lacks it.
        String pem = Files.readString(dir(kind).resolve("sec1-nopub.pem"));
        assertTrue(pem.contains("BEGIN EC PRIVATE KEY"));
        assertSameKeyAndSigns(kind, referenceKey(kind), open("file:" + dir(kind).resolve("sec1-nopub.pem")));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void opensDerPkcs8AndDerTraditional(Kind kind) {
        assertSameKeyAndSigns(kind, referenceKey(kind), open("file:" + dir(kind).resolve("pkcs8.der")));
        assertSameKeyAndSigns(kind, referenceKey(kind), open("file:" + dir(kind).resolve("traditional.der")));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void opensEncryptedPkcs8WithPasswordFile(Kind kind) {
        Path pw = dir(kind).resolve("password.txt");
        if (Fips.refused(() -> open("file:" + dir(kind).resolve("enc-pkcs8.pem") + "?password-file=" + pw))) {
            return; // OpenSSL 3.0 writes an 8-byte salt; FIPS wants 16 (opensPkcs8WithA16ByteSaltInEitherMode)
        }
        assertSameKeyAndSigns(kind, referenceKey(kind),
                open("file:" + dir(kind).resolve("enc-pkcs8.pem") + "?password-file=" + pw));
        assertSameKeyAndSigns(kind, referenceKey(kind),
                open("file:" + dir(kind).resolve("enc-pkcs8.der") + "?password-file=" + pw));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void opensEncryptedPkcs8WithPasswordFromEnvironmentVariable(Kind kind) {
        FileKeySource source = new FileKeySource(new Secrets(name -> name.equals("KEY_PASS") ? PASSWORD : null));
        String file = Fips.enabled() ? "enc-salt16.pem" : "enc-pkcs8.pem";
        SigningKey key = source.open(KeyRef.parse("file:" + dir(kind).resolve(file) + "?password-env=KEY_PASS"),
                SecretProvider.NONE);
        assertSameKeyAndSigns(kind, referenceKey(kind), key);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void opensEncryptedPkcs8WithPasswordFromSecretProvider(Kind kind) {
        String[] asked = new String[1];
        SecretProvider provider = (ref, what) -> {
            asked[0] = what;
            return Optional.of(PASSWORD.toCharArray());
        };
        String file = Fips.enabled() ? "enc-salt16.pem" : "enc-pkcs8.pem";
        SigningKey key = KeySources.open(KeyRef.parse("file:" + dir(kind).resolve(file)), provider);
        assertSameKeyAndSigns(kind, referenceKey(kind), key);
        assertEquals("key password", asked[0]);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void opensKeyWrittenByGenpkeyAes256(Kind kind) {
        PublicKey expected = Certificates.loadPublicKey(dir(kind).resolve("genpkey-pub.pem"));
        if (Fips.refused(() -> open("file:" + dir(kind).resolve("genpkey-enc.pem") + "?password-file=" + dir(kind).resolve("password.txt")))) {
            return;
        }
        assertSameKeyAndSigns(kind, expected, open("file:" + dir(kind).resolve("genpkey-enc.pem")
                + "?password-file=" + dir(kind).resolve("password.txt")));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void opensPkcs8WithA16ByteSaltInEitherMode(Kind kind) {
        PublicKey expected = Certificates.loadPublicKey(dir(kind).resolve("salt16-pub.pem"));
        assertSameKeyAndSigns(kind, expected, open("file:" + dir(kind).resolve("enc-salt16.pem")
                + "?password-file=" + dir(kind).resolve("password.txt")));
    }

    @Test
    void opensScryptEncryptedPkcs8() {
        Path d = dir(Kind.EC_P256);
        openssl(d, "pkcs8", "-topk8", "-scrypt", "-in", "pkcs8.pem", "-passout", "pass:" + PASSWORD, "-out", "scrypt.pem");
        if (Fips.refused(() -> open("file:" + d.resolve("scrypt.pem") + "?password-file=" + d.resolve("password.txt")))) {
            return; // scrypt is not an approved key derivation
        }
        assertSameKeyAndSigns(Kind.EC_P256, referenceKey(Kind.EC_P256),
                open("file:" + d.resolve("scrypt.pem") + "?password-file=" + d.resolve("password.txt")));
    }

    @Test
    void unknownEncryptionSchemeIsReportedAsUnsupportedNotAsWrongPassword() throws IOException {
        // An EncryptedPrivateKeyInfo whose algorithm OID no provider knows.
        byte[] der = new org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo(
                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3.4.5")),
                new byte[32]).getEncoded();
        Path p = Files.write(root.resolve("odd-encryption.der"), der);
        KeyAccessException e = assertThrows(KeyAccessException.class,
                () -> open("file:" + p + "?password-file=" + dir(Kind.EC_P256).resolve("password.txt")));
        assertTrue(e.getMessage().contains("1.2.3.4.5) is not supported"), e.getMessage());
        assertFalse(Tools.allMessages(e).contains(PASSWORD));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void opensLegacyProcTypeEncryptedPem(Kind kind) throws IOException {
        assertTrue(Files.readString(dir(kind).resolve("legacy-enc.pem")).contains("Proc-Type: 4,ENCRYPTED"));
        if (Fips.refused(() -> open("file:" + dir(kind).resolve("legacy-enc.pem")))) {
            return; // MD5 key derivation: refused before any password is asked for
        }
        assertSameKeyAndSigns(kind, referenceKey(kind), open("file:" + dir(kind).resolve("legacy-enc.pem")
                + "?password-file=" + dir(kind).resolve("password.txt")));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void wrongPasswordIsKeyAccessErrorWithoutThePassword(Kind kind) throws IOException {
        Path wrong = Files.writeString(dir(kind).resolve("wrong.txt"), "not-the-password-XYZ");
        List<String> files = Fips.enabled() ? List.of("enc-salt16.pem")
                : List.of("enc-pkcs8.pem", "enc-pkcs8.der", "genpkey-enc.pem", "legacy-enc.pem", "enc-salt16.pem");
        for (String file : files) {
            KeyAccessException e = assertThrows(KeyAccessException.class,
                    () -> open("file:" + dir(kind).resolve(file) + "?password-file=" + wrong));
            assertTrue(e.getMessage().startsWith("wrong password for encrypted key " + dir(kind).resolve(file)), e.getMessage());
            String all = Tools.allMessages(e);
            assertFalse(all.contains("not-the-password-XYZ"), all);
            assertFalse(all.contains(PASSWORD), all);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void missingPasswordSaysHowToGiveOne(Kind kind) {
        for (String file : List.of("enc-pkcs8.pem", "legacy-enc.pem")) {
            if (file.startsWith("legacy") && Fips.refused(() -> open("file:" + dir(kind).resolve(file)))) {
                continue;
            }
            KeyAccessException e = assertThrows(KeyAccessException.class, () -> open("file:" + dir(kind).resolve(file)));
            assertTrue(e.getMessage().contains("password-env="), e.getMessage());
            assertTrue(e.getMessage().contains("password-file="), e.getMessage());
            assertTrue(e.getMessage().contains(dir(kind).resolve(file).toString()), e.getMessage());
        }
    }

    @Test
    void unsetPasswordVariableIsReportedByAttributeWithoutEchoingTheName() {
        String var = "QSEAL_TEST_SURELY_UNSET_VARIABLE_42";
        KeyAccessException e = assertThrows(KeyAccessException.class,
                () -> open("file:" + dir(Kind.EC_P256).resolve("enc-pkcs8.pem") + "?password-env=" + var));
        assertTrue(e.getMessage().contains("password-env"), e.getMessage());
        assertFalse(e.getMessage().contains(var), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cert.pem", "cert.der"})
    void certAttributeAttachesTheCertificate(String certFile) {
        Path d = dir(Kind.RSA_2048);
        SigningKey key = open("file:" + d.resolve("pkcs8.pem") + "?cert=" + d.resolve(certFile));
        X509Certificate expected = Certificates.load(d.resolve("cert.pem")).get(0);
        assertEquals(List.of(expected), key.certificateChain());
    }

    @Test
    void ed25519Pkcs8FromAnotherToolGetsItsPublicKeyDerived() throws Exception {
        // a PKCS#8 Ed25519 key read back as the JDK's key (named "EdDSA"): Bouncy Castle's translateKey refused it with
        // "key type unknown" (found by jca-provider's tests); the public key is now derived from the encoding
        java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path p = Files.writeString(root.resolve("jdk-ed25519.pem"), pem);
        assertArrayEquals(pair.getPublic().getEncoded(), open("file:" + p).publicKey().getEncoded());
    }

    @Test
    void withoutCertificateTheChainIsEmpty() {
        assertTrue(open("file:" + dir(Kind.EC_P256).resolve("pkcs8.pem")).certificateChain().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void certificatesFollowingTheKeyInThePemAreAttached(Kind kind) {
        SigningKey key = open("file:" + dir(kind).resolve("key-and-cert.pem"));
        assertEquals(Certificates.load(dir(kind).resolve("cert.pem")), key.certificateChain());
    }

    @Test
    void certChainFileWithCaFirstIsReorderedLeafFirst() throws IOException {
        Path d = dir(Kind.RSA_2048);
        // A second self-signed certificate stands in for a CA certificate listed before the leaf.
        Path bundle = Tools.cat(d.resolve("ca-first.pem"), dir(Kind.EC_P256).resolve("cert.pem"), d.resolve("cert.pem"));
        SigningKey key = open("file:" + d.resolve("pkcs8.pem") + "?cert=" + bundle);
        assertEquals(2, key.certificateChain().size());
        assertArrayEquals(referenceKey(Kind.RSA_2048).getEncoded(), key.certificate().orElseThrow().getPublicKey().getEncoded());
    }

    @Test
    void mismatchingCertificateIsRejected() {
        Path otherCert = dir(Kind.EC_P256).resolve("cert.pem");
        BadInputException e = assertThrows(BadInputException.class,
                () -> open("file:" + dir(Kind.RSA_2048).resolve("pkcs8.pem") + "?cert=" + otherCert));
        assertTrue(e.getMessage().contains("does not belong to the key"), e.getMessage());
    }

    @Test
    void missingKeyFileIsKeyNotFound() {
        Path missing = root.resolve("nope/absent.pem");
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class, () -> open("file:" + missing));
        assertTrue(e.getMessage().startsWith("key file " + missing + " not found"), e.getMessage());
    }

    @Test
    void missingCertFileIsKeyNotFound() {
        Path missing = root.resolve("absent-cert.pem");
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class,
                () -> open("file:" + dir(Kind.RSA_2048).resolve("pkcs8.pem") + "?cert=" + missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void certificateGivenAsKeyIsBadInputNamingTheFile() {
        for (String file : List.of("cert.pem", "cert.der", "genpkey-pub.pem")) {
            Path p = dir(Kind.RSA_2048).resolve(file);
            BadInputException e = assertThrows(BadInputException.class, () -> open("file:" + p));
            assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        }
    }

    @Test
    void textFileIsBadInputNamingTheFile() throws IOException {
        Path p = Files.writeString(root.resolve("notes.txt"), "just some text\n");
        BadInputException e = assertThrows(BadInputException.class, () -> open("file:" + p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void openSshKeyIsBadInputWithConversionHint() throws IOException {
        Path p = Files.writeString(root.resolve("id_ed25519"),
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        BadInputException e = assertThrows(BadInputException.class, () -> open("file:" + p));
        assertTrue(e.getMessage().contains("ssh-keygen"), e.getMessage());
    }

    @Test
    void twoPrivateKeysInOneFileAreRejected() throws IOException {
        Path p = Tools.cat(root.resolve("two-keys.pem"), dir(Kind.EC_P256).resolve("pkcs8.pem"),
                dir(Kind.EC_P384).resolve("pkcs8.pem"));
        BadInputException e = assertThrows(BadInputException.class, () -> open("file:" + p));
        assertTrue(e.getMessage().contains("more than one private key"), e.getMessage());
    }

    @Test
    void misspelledAttributeIsRejected() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> open("file:" + dir(Kind.EC_P256).resolve("enc-pkcs8.pem") + "?pasword-env=X"));
        assertTrue(e.getMessage().contains("pasword-env"), e.getMessage());
    }

    @Test
    void inlinePasswordIsRefusedAndNotEchoed() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> open("file:" + dir(Kind.EC_P256).resolve("enc-pkcs8.pem") + "?password=" + PASSWORD));
        assertFalse(Tools.allMessages(e).contains(PASSWORD), e.getMessage());
        assertTrue(e.getMessage().contains("password-env"), e.getMessage());
    }

    @Test
    void percentEncodedPathAndRelativeFormsWork() throws IOException {
        Path spaced = Files.copy(dir(Kind.EC_P256).resolve("pkcs8.pem"), root.resolve("my key.pem"));
        SigningKey key = open("file:" + root.toString().replace(" ", "%20") + "/my%20key.pem");
        assertArrayEquals(referenceKey(Kind.EC_P256).getEncoded(), key.publicKey().getEncoded());
        SigningKey viaUri = open(spaced.toUri().toString());
        assertArrayEquals(referenceKey(Kind.EC_P256).getEncoded(), viaUri.publicKey().getEncoded());
    }

    @Test
    void descriptionIsTheReferenceWithoutSecrets() {
        Path pw = dir(Kind.EC_P256).resolve("password.txt");
        SigningKey key = open("file:" + dir(Kind.EC_P256).resolve("enc-salt16.pem") + "?password-file=" + pw);
        assertTrue(key.description().contains("enc-salt16.pem"), key.description());
        assertFalse(key.description().contains(PASSWORD));
        assertFalse(key.toString().contains(PASSWORD));
    }
}
