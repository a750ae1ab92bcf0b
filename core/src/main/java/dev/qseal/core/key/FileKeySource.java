package dev.qseal.core.key;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.QsealException;
import dev.qseal.core.key.internal.BouncyCastle;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Opens {@code file:} key references: a private key in a PEM or DER file.
 *
 * <p>Accepted forms: PEM {@code PRIVATE KEY} (PKCS#8), {@code RSA PRIVATE KEY} (PKCS#1),
 * {@code EC PRIVATE KEY} (SEC1, with or without the public point), {@code ENCRYPTED PRIVATE KEY}
 * (PKCS#8 with PBES2/PBKDF2 as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} and {@code openssl genpkey
 * -aes256} write it, or PBES2/scrypt), OpenSSL's legacy encrypted PEM ({@code Proc-Type: 4,ENCRYPTED}), and the DER
 * encodings of PKCS#8, encrypted PKCS#8, PKCS#1 and SEC1.
 *
 * <p>Attributes: {@code cert=PATH} attaches a certificate chain (PEM or DER, leaf first) and replaces
 * any certificates that follow the key in its own PEM file; {@code password-env=NAME} or
 * {@code password-file=PATH} give the password of an encrypted key, otherwise the
 * {@link SecretProvider} is asked. Example: {@code file:/etc/qseal/seal.pem?cert=/etc/qseal/seal.crt}.
 */
public final class FileKeySource implements KeySource {
    private static final Set<String> ATTRIBUTES = Set.of("cert", "password-env", "password-file");
    /** What FIPS approved-only mode accepts for an encrypted key file. */
    private static final String REENCRYPT = "re-encrypt it as PKCS#8 with PBKDF2-HMAC-SHA-256, a salt of at least 16 bytes and"
            + " AES (OpenSSL 3.2 or later: `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -saltlen 16`)";

    private final Secrets secrets;

    /** The instance {@link java.util.ServiceLoader} creates; reads passwords from the real environment. */
    public FileKeySource() {
        this(Secrets.system());
    }

    FileKeySource(Secrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public SigningKey open(KeyRef ref, SecretProvider provider) {
        KeyMaterial.checkAttributes(ref, ATTRIBUTES);
        Path file = KeyMaterial.path(ref);
        String where = file.toString();
        byte[] bytes = KeyMaterial.readKeyFile(file, "key file");
        Loaded loaded;
        try {
            loaded = Certificates.isPem(bytes) ? readPem(bytes, ref, where, provider) : readDer(bytes, ref, where, provider);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        PublicKey publicKey = KeyMaterial.publicKeyOf(loaded.key, where);
        List<X509Certificate> chain = loaded.chain;
        Optional<String> certPath = ref.param("cert");
        if (certPath.isPresent()) {
            chain = Certificates.load(Path.of(certPath.get()));
        }
        return new SoftwareSigningKey(ref.toString(), loaded.key, publicKey, KeyMaterial.leafFirst(chain, publicKey));
    }

    private static final class Loaded {
        final PrivateKey key;
        final List<X509Certificate> chain;

        Loaded(PrivateKey key, List<X509Certificate> chain) {
            this.key = key;
            this.chain = chain;
        }
    }

    private Loaded readPem(byte[] bytes, KeyRef ref, String where, SecretProvider provider) {
        Object keyObject = null;
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser pem = Certificates.pemParser(bytes)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof PEMKeyPair || o instanceof PEMEncryptedKeyPair || o instanceof PrivateKeyInfo
                        || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    if (keyObject != null) {
                        throw new BadInputException("the key file " + where + " holds more than one private key: "
                                + "keep only the one to sign with");
                    }
                    keyObject = o;
                } else if (Certificates.certificateHolder(o) != null) {
                    chain.add(Certificates.parse(Certificates.certificateHolder(o).getEncoded(), where).get(0));
                }
                // Anything else (EC PARAMETERS from `openssl ecparam -genkey`, a PUBLIC KEY) carries nothing we need.
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("OPENSSH")) {
                throw new BadInputException("cannot read the PEM key file " + where
                        + ": OpenSSH's own key format is not supported; convert it with `ssh-keygen -p -m PKCS8 -f FILE`", e);
            }
            throw Certificates.pemFailure(where, e);
        } catch (QsealException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Certificates.pemFailure(where, e);
        }
        if (keyObject == null) {
            throw new BadInputException("the file " + where + " contains no private key: expected a PEM 'PRIVATE KEY', "
                    + "'RSA PRIVATE KEY', 'EC PRIVATE KEY' or 'ENCRYPTED PRIVATE KEY' block");
        }
        return new Loaded(toPrivateKey(keyObject, ref, where, provider), chain);
    }

    private Loaded readDer(byte[] bytes, KeyRef ref, String where, SecretProvider provider) {
        ASN1Sequence seq = Certificates.derSequence(bytes);
        Object keyObject = seq == null ? null : classifyDer(seq);
        if (keyObject == null) {
            throw new BadInputException("the file " + where + " is not a private key: expected PEM, or DER PKCS#8 "
                    + "(openssl pkey -outform DER)");
        }
        return new Loaded(toPrivateKey(keyObject, ref, where, provider), List.of());
    }

    /** Tells the DER private-key structures apart by their shape; null if it is none of them. */
    private static Object classifyDer(ASN1Sequence seq) {
        try {
            int n = seq.size();
            ASN1Encodable first = n > 0 ? seq.getObjectAt(0) : null;
            ASN1Encodable second = n > 1 ? seq.getObjectAt(1) : null;
            if (n == 2 && first instanceof ASN1Sequence && second instanceof ASN1OctetString) {
                return new PKCS8EncryptedPrivateKeyInfo(EncryptedPrivateKeyInfo.getInstance(seq));
            }
            if (n >= 3 && first instanceof ASN1Integer && second instanceof ASN1Sequence) {
                return PrivateKeyInfo.getInstance(seq);
            }
            if (n == 9 && allIntegers(seq)) {
                return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        RSAPrivateKey.getInstance(seq));
            }
            if (n >= 2 && first instanceof ASN1Integer && ((ASN1Integer) first).hasValue(1) && second instanceof ASN1OctetString) {
                ECPrivateKey ec = ECPrivateKey.getInstance(seq);
                org.bouncycastle.asn1.ASN1Primitive params = ec.getParameters();
                if (params == null) {
                    return null; // SEC1 without curve parameters cannot be used alone
                }
                return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, params), ec);
            }
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
        return null;
    }

    private static boolean allIntegers(ASN1Sequence seq) {
        for (ASN1Encodable e : seq) {
            if (!(e instanceof ASN1Integer)) {
                return false;
            }
        }
        return true;
    }

    private PrivateKey toPrivateKey(Object keyObject, KeyRef ref, String where, SecretProvider provider) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKeyInfo info;
        if (keyObject instanceof PKCS8EncryptedPrivateKeyInfo) {
            char[] password = password(ref, where, provider);
            try {
                info = ((PKCS8EncryptedPrivateKeyInfo) keyObject).decryptPrivateKeyInfo(
                        new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(BouncyCastle.provider()).build(password));
            } catch (Exception | Error e) {
                // A wrong password shows as a padding error, or (about 1 in 256) as garbage that fails to parse.
                throw decryptionFailure(where, ((PKCS8EncryptedPrivateKeyInfo) keyObject).getEncryptionAlgorithm()
                        .getAlgorithm().getId(), e);
            } finally {
                Arrays.fill(password, '\0');
            }
        } else if (keyObject instanceof PEMEncryptedKeyPair) {
            if (BouncyCastle.fipsOnClassPath()) {
                throw CryptoProviders.refusedInFips("OpenSSL's legacy PEM encryption of key " + where + " ("
                        + ((PEMEncryptedKeyPair) keyObject).getDekAlgName() + " with a key derived by MD5)", REENCRYPT);
            }
            char[] password = password(ref, where, provider);
            try {
                PEMKeyPair pair = ((PEMEncryptedKeyPair) keyObject).decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(BouncyCastle.provider()).build(password));
                info = pair.getPrivateKeyInfo();
            } catch (Exception e) {
                throw decryptionFailure(where, ((PEMEncryptedKeyPair) keyObject).getDekAlgName(), e);
            } finally {
                Arrays.fill(password, '\0');
            }
        } else if (keyObject instanceof PEMKeyPair) {
            // Only the private half is used: the public key is recomputed (and SEC1 may omit it anyway).
            info = ((PEMKeyPair) keyObject).getPrivateKeyInfo();
        } else {
            info = (PrivateKeyInfo) keyObject;
        }
        try {
            return converter.getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new KeyAccessException("the private key in " + where + " cannot be used (" + info.getPrivateKeyAlgorithm()
                    .getAlgorithm() + "): " + e.getMessage() + "; qseal signs with RSA and EC P-256/384/521 keys", e);
        }
    }

    private char[] password(KeyRef ref, String where, SecretProvider provider) {
        return secrets.find(ref, "password", provider, "key password").orElseThrow(() -> new KeyAccessException(
                "the key file " + where + " is encrypted and no password was given: add password-env=VARIABLE or "
                        + "password-file=PATH to the key reference"));
    }

    /**
     * Tells "this cipher is unknown here" (the cause chain holds a NoSuchAlgorithmException or an
     * OperatorCreationException) apart from a wrong password, which shows as a padding or parse error.
     * The causes name cipher steps only; they never hold the password.
     */
    private static QsealException decryptionFailure(String where, String encryption, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Error) {
                // Bouncy Castle FIPS: e.g. "salt must be at least 128 bits" (OpenSSL 3.0 writes 64-bit salts)
                throw CryptoProviders.refusedInFips((Error) t, "the encryption of key " + where + " (" + encryption + ")", REENCRYPT);
            }
            if (t instanceof java.security.NoSuchAlgorithmException || t instanceof OperatorCreationException) {
                return new KeyAccessException("the encryption of key " + where + " (" + encryption + ") is not supported: "
                        + "re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`", cause);
            }
        }
        return new KeyAccessException("wrong password for encrypted key " + where + " (or the file is corrupt)", cause);
    }
}
