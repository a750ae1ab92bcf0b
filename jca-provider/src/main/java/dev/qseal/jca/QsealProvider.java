package dev.qseal.jca;

import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.SignatureAlgorithm;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code QSeal} JCA provider: a {@link java.security.KeyStore} of type {@code QSEAL} whose aliases
 * are {@link dev.qseal.core.key.KeyRef} URIs, and {@link java.security.Signature} implementations
 * that sign with the {@link QsealPrivateKey}s it returns, through qseal's
 * {@link dev.qseal.core.key.SigningKey} (PEM files, PKCS#12/JKS, PKCS#11 HSMs, cloud KMS).
 *
 * <p>Where to install it:
 * <ul>
 * <li><em>At the end</em> of the provider list, {@code Security.addProvider(new QsealProvider())}, or
 *     in {@code java.security}: {@code security.provider.N=QSeal} (the JDK finds the class through
 *     {@code META-INF/services/java.security.Provider} when the jar is on the class path). Its
 *     signatures declare {@code SupportedKeyClasses} = the QSeal key classes, so JCA's delayed
 *     provider selection hands {@code Signature.getInstance("SHA256withRSA")} (or ECDSA, or
 *     {@code RSASSA-PSS} with the parameters given at or after {@code initSign}) to QSeal for QSeal
 *     keys and to the JDK for every other key. The one order this cannot serve is
 *     {@code setParameter} <em>before</em> {@code initSign} (what Nimbus does for {@code PS256}): the JDK
 *     then commits to the first provider that accepts the parameters, before it has seen the key.</li>
 * <li><em>First</em>, {@link #installFirst()}: every order works, including {@code RSASSA-PSS} with
 *     {@code setParameter} first and Nimbus {@code PS256/384/512} without naming a provider. Ordinary
 *     keys that reach a QSeal signature this way are signed and verified by the next provider that
 *     accepts them (the JDK's), so nothing changes for them.</li>
 * </ul>
 *
 * <p>Signatures: {@code SHA256withRSA}, {@code SHA384withRSA}, {@code SHA512withRSA},
 * {@code RSASSA-PSS} (parameters from a {@link java.security.spec.PSSParameterSpec}),
 * {@code SHA256withECDSA}, {@code SHA384withECDSA}, {@code SHA512withECDSA} (DER) and their
 * {@code ...inP1363Format} (r‖s) forms, {@code NONEwithRSA} (input: a DigestInfo),
 * {@code NONEwithECDSA}/{@code NONEwithECDSAinP1363Format} (input: a hash) and {@code Ed25519}
 * (alias {@code EdDSA}).
 */
public final class QsealProvider extends Provider {
    private static final long serialVersionUID = 1L;

    /** The provider name, {@code QSeal}. */
    public static final String NAME = "QSeal";
    /** The key store type, {@code QSEAL}. */
    public static final String KEYSTORE_TYPE = "QSEAL";

    private static final String RSA_KEYS = QsealRsaPrivateKey.class.getName();
    private static final String EC_KEYS = QsealEcPrivateKey.class.getName();
    private static final String ED_KEYS = QsealEdPrivateKey.class.getName();

    public QsealProvider() {
        super(NAME, "0.1", "QSeal: a KeyRef key store (files, keystores, PKCS#11, KMS) and signatures through qseal signing keys");
        putService(new QsealService(this, "KeyStore", KEYSTORE_TYPE, List.of(), Map.of(), QsealKeyStore::new));

        signature("SHA256withRSA", RSA_KEYS, List.of("1.2.840.113549.1.1.11", "OID.1.2.840.113549.1.1.11"),
                () -> new QsealSignature.RsaPkcs1("SHA256withRSA", SignatureAlgorithm.RSA_PKCS1_SHA256));
        signature("SHA384withRSA", RSA_KEYS, List.of("1.2.840.113549.1.1.12", "OID.1.2.840.113549.1.1.12"),
                () -> new QsealSignature.RsaPkcs1("SHA384withRSA", SignatureAlgorithm.RSA_PKCS1_SHA384));
        signature("SHA512withRSA", RSA_KEYS, List.of("1.2.840.113549.1.1.13", "OID.1.2.840.113549.1.1.13"),
                () -> new QsealSignature.RsaPkcs1("SHA512withRSA", SignatureAlgorithm.RSA_PKCS1_SHA512));
        signature("RSASSA-PSS", RSA_KEYS, List.of("1.2.840.113549.1.1.10", "OID.1.2.840.113549.1.1.10", "PSS"),
                QsealSignature.RsaPss::new);
        signature("NONEwithRSA", RSA_KEYS, List.of(), QsealSignature.NoneWithRsa::new);

        ecdsa("SHA256", HashAlgorithm.SHA_256, "1.2.840.10045.4.3.2");
        ecdsa("SHA384", HashAlgorithm.SHA_384, "1.2.840.10045.4.3.3");
        ecdsa("SHA512", HashAlgorithm.SHA_512, "1.2.840.10045.4.3.4");
        signature("NONEwithECDSA", EC_KEYS, List.of(), () -> new QsealSignature.NoneWithEcdsa("NONEwithECDSA", false));
        signature("NONEwithECDSAinP1363Format", EC_KEYS, List.of(),
                () -> new QsealSignature.NoneWithEcdsa("NONEwithECDSAinP1363Format", true));

        signature("Ed25519", ED_KEYS, List.of("EdDSA", "1.3.101.112", "OID.1.3.101.112"), QsealSignature.Ed25519::new);
    }

    /**
     * Installs a {@code QSeal} provider at position 1 of the provider list, ahead of the JDK's own
     * (re-installing it there when one is installed further down), so that JCA picks QSeal's
     * signatures whatever the call order and QSeal hands ordinary keys to the JDK.
     *
     * @return the position of the provider, 1
     */
    public static synchronized int installFirst() {
        java.security.Provider[] installed = java.security.Security.getProviders();
        if (installed.length > 0 && installed[0] instanceof QsealProvider) {
            return 1;
        }
        if (java.security.Security.getProvider(NAME) != null) {
            java.security.Security.removeProvider(NAME);
        }
        return java.security.Security.insertProviderAt(new QsealProvider(), 1);
    }

    private void ecdsa(String h, HashAlgorithm hash, String oid) {
        String der = h + "withECDSA";
        String raw = der + "inP1363Format";
        signature(der, EC_KEYS, List.of(oid, "OID." + oid), () -> new QsealSignature.Ecdsa(der, hash, false));
        signature(raw, EC_KEYS, List.of(), () -> new QsealSignature.Ecdsa(raw, hash, true));
    }

    private void signature(String name, String keyClass, List<String> aliases, Supplier<Object> factory) {
        putService(new QsealService(this, "Signature", name, aliases,
                Map.of("SupportedKeyClasses", keyClass), factory));
    }

    /** A service that makes its SPI with a constructor reference: no reflection, works on the module path. */
    private static final class QsealService extends Service {
        private final Supplier<Object> factory;

        QsealService(Provider provider, String type, String algorithm, List<String> aliases,
                Map<String, String> attributes, Supplier<Object> factory) {
            super(provider, type, algorithm, QsealService.class.getName(), aliases, attributes);
            this.factory = factory;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            if (constructorParameter != null) {
                throw new java.security.InvalidParameterException(getType() + " " + getAlgorithm() + " takes no constructor parameter");
            }
            return factory.get();
        }
    }
}
