package dev.qseal.core.jws;

import dev.qseal.core.key.SoftwareSigningKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys with self-signed certificates for tests, generated once per JVM and kind. */
final class JwsTestKeys {
    private static final Map<String, SoftwareSigningKey> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, KeyPair> PAIRS = new ConcurrentHashMap<>();

    private JwsTestKeys() {
    }

    static SoftwareSigningKey rsa() {
        return get("rsa");
    }

    /** A second RSA key, for "signed with the wrong key" cases. */
    static SoftwareSigningKey otherRsa() {
        return get("rsa-other");
    }

    static SoftwareSigningKey ec(int bits) {
        return get("ec" + bits);
    }

    /** The key pair behind {@link #get}, for peers (OpenSSL, Nimbus, jose4j) that need the private key. */
    static KeyPair pair(String kind) {
        get(kind);
        return PAIRS.get(kind);
    }

    static SoftwareSigningKey get(String kind) {
        return CACHE.computeIfAbsent(kind, JwsTestKeys::generate);
    }

    private static SoftwareSigningKey generate(String kind) {
        try {
            KeyPair kp;
            String sigAlg;
            if (kind.startsWith("rsa")) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                kp = g.generateKeyPair();
                sigAlg = "SHA256withRSA";
            } else {
                int bits = Integer.parseInt(kind.substring(2));
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(bits == 256 ? "secp256r1" : bits == 384 ? "secp384r1" : "secp521r1"));
                kp = g.generateKeyPair();
                sigAlg = "SHA256withECDSA";
            }
            X500Name dn = new X500Name("CN=qseal test " + kind + ",O=qseal,C=NL");
            Instant now = Instant.parse("2024-01-01T00:00:00Z");
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(dn,
                    BigInteger.valueOf(kind.hashCode() & 0x7fffffff), dev.qseal.core.TestKeys.asn1Time(now), dev.qseal.core.TestKeys.asn1Time(now.plusSeconds(3650L * 86400)),
                    dn, kp.getPublic()).build(new JcaContentSignerBuilder(sigAlg).build(kp.getPrivate())));
            PAIRS.put(kind, kp);
            return new SoftwareSigningKey("test " + kind, kp.getPrivate(), kp.getPublic(), List.of(cert));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
