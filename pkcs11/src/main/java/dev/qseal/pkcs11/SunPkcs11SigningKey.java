package dev.qseal.pkcs11;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.QsealException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.internal.EcdsaSignatures;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code pkcs11:} key signed through the JDK's own SunPKCS11 provider instead of qseal's binding
 * ({@code ?provider=sunpkcs11}), for policies that demand it. The SunPKCS11 configuration is generated from the
 * reference: the module, and the slot that holds the token named by {@code token=} (found with qseal's binding,
 * which only lists slots). Limits, as SunPKCS11 has them: only keys that have a certificate object on the token
 * (its KeyStore lists nothing else), found by {@code object=} label; no re-login or session healing after a token
 * reset (restart the JVM); no hash signing with RSA-PSS.
 */
final class SunPkcs11SigningKey implements SigningKey {
    /** One SunPKCS11 provider per module and slot, as SunPKCS11 wants (each instance owns its sessions). */
    private static final Map<String, Provider> PROVIDERS = new HashMap<>();

    private final String description;
    private final Provider provider;
    private final PrivateKey key;
    private final PublicKey publicKey;
    private final KeyType keyType;
    private final List<X509Certificate> chain;
    private final Set<SignatureAlgorithm> algorithms;

    private SunPkcs11SigningKey(String description, Provider provider, PrivateKey key, List<X509Certificate> chain) {
        this.description = description;
        this.provider = provider;
        this.key = key;
        this.chain = List.copyOf(chain);
        this.publicKey = chain.get(0).getPublicKey();
        this.keyType = KeyType.of(publicKey);
        this.algorithms = SignatureAlgorithm.forKeyType(keyType);
    }

    static SunPkcs11SigningKey open(Pkcs11Uri uri, char[] pin, List<X509Certificate> given) {
        if (uri.object == null) {
            throw new BadInputException("pkcs11: provider=sunpkcs11 finds keys by label: add object=LABEL to the path");
        }
        long slot = slotOf(uri);
        Provider p = provider(uri.modulePath, slot);
        String where = "pkcs11:" + uri.object + " on token " + uri.tokenSelector() + " via SunPKCS11";
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", p);
            try {
                ks.load(null, pin);
            } catch (IOException e) {
                throw new KeyAccessException("pkcs11: SunPKCS11 cannot log in to token " + uri.tokenSelector()
                        + " (wrong or locked PIN?)", e);
            }
            Key k = ks.getKey(uri.object, null);
            if (!(k instanceof PrivateKey)) {
                throw new KeyNotFoundException("pkcs11: SunPKCS11 sees no private key '" + uri.object + "' with a certificate"
                        + " object on token " + uri.tokenSelector() + " (it lists only keys that have one; aliases: "
                        + Collections.list(ks.aliases()) + ")");
            }
            List<X509Certificate> chain = new ArrayList<>(given);
            if (chain.isEmpty()) {
                Certificate[] c = ks.getCertificateChain(uri.object);
                for (Certificate x : c == null ? new Certificate[0] : c) {
                    chain.add((X509Certificate) x);
                }
            }
            if (chain.isEmpty()) {
                throw new KeyNotFoundException("pkcs11: SunPKCS11 found no certificate for '" + uri.object + "'");
            }
            return new SunPkcs11SigningKey(where, p, (PrivateKey) k, chain);
        } catch (GeneralSecurityException e) {
            throw new BackendUnavailableException("pkcs11: SunPKCS11 cannot open " + where + ": " + e.getMessage(), e);
        }
    }

    private static long slotOf(Pkcs11Uri uri) {
        Pkcs11Module module = Pkcs11Module.get(uri.modulePath);
        module.enter();
        try {
            List<Pkcs11Module.Slot> slots = module.matchingSlots(uri);
            if (slots.size() != 1) {
                throw new KeyNotFoundException("pkcs11: " + slots.size() + " tokens match '" + uri.tokenSelector() + "' in "
                        + uri.modulePath + " (provider=sunpkcs11 needs exactly one)");
            }
            return slots.get(0).id;
        } catch (Cryptoki.CkException e) {
            throw new BackendUnavailableException("pkcs11: cannot list the slots of " + uri.modulePath + ": " + e.getMessage(), e);
        } finally {
            module.exit();
        }
    }

    private static Provider provider(String modulePath, long slot) {
        synchronized (PROVIDERS) {
            return PROVIDERS.computeIfAbsent(modulePath + "|" + slot, k -> {
                Provider base = Security.getProvider("SunPKCS11");
                if (base == null) {
                    throw new BackendUnavailableException("pkcs11: this JDK has no SunPKCS11 provider");
                }
                String config = "--name = qseal-slot" + slot + "\nlibrary = " + modulePath + "\nslot = " + slot + "\n";
                return base.configure(config);
            });
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public KeyType keyType() {
        return keyType;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public Set<SignatureAlgorithm> algorithms() {
        return algorithms;
    }

    private void checkFits(SignatureAlgorithm algorithm) {
        if (!algorithms.contains(algorithm)) {
            throw new UnsupportedAlgorithmException(description + " (" + keyType + ") cannot sign " + algorithm);
        }
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        checkFits(algorithm);
        try {
            Signature s = algorithm.newJcaSignature(provider);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new QsealException("signing with " + description + " (" + algorithm + ") failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        checkFits(algorithm);
        if (digest.length != algorithm.hash().length()) {
            throw new BadInputException(algorithm + " needs a " + algorithm.hash().jcaName() + " digest of "
                    + algorithm.hash().length() + " bytes, got " + digest.length);
        }
        try {
            switch (algorithm.scheme()) {
                case RSA_PKCS1: {
                    Signature s = Signature.getInstance("NONEwithRSA", provider);
                    s.initSign(key);
                    s.update(algorithm.hash().digestInfo(digest));
                    return s.sign();
                }
                case ECDSA_DER:
                case ECDSA_RAW: {
                    Signature s = Signature.getInstance("NONEwithECDSA", provider);
                    s.initSign(key);
                    s.update(digest);
                    byte[] der = s.sign();
                    return algorithm.scheme() == SignatureAlgorithm.Scheme.ECDSA_RAW
                            ? EcdsaSignatures.derToRaw(der, keyType.coordinateLength()) : der;
                }
                default:
                    throw new UnsupportedAlgorithmException(algorithm + ": SunPKCS11 keys cannot sign a precomputed digest with "
                            + "this scheme; use qseal's own PKCS#11 binding (leave provider= out)");
            }
        } catch (GeneralSecurityException e) {
            throw new QsealException("signing a digest with " + description + " (" + algorithm + ") failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
