package dev.qseal.banks;

import dev.qseal.core.BadInputException;
import dev.qseal.core.QsealException;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.SigningKey;
import dev.qseal.jca.QsealProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TPP's two eIDAS identities: the QWAC (TLS client authentication, any KeyRef — file, keystore,
 * PKCS#11, KMS — opened through the JCA provider's {@code QSEAL} key store, so the key never leaves
 * its backend) and the QSealC signing key that seals requests. The two must be distinct keys, as
 * eIDAS practice requires: one key for both is refused.
 *
 * <p>Builds the {@link HttpClient}s the flows use: one with mutual TLS, one without a client
 * certificate (for pages the bank serves to any browser, such as CIC's web banking). Both trust
 * only the given anchors when some are given, the JDK's CAs otherwise; HTTP/1.1, no automatic
 * redirects.
 */
public final class TppCredentials {
    private final SigningKey sealKey;
    private final X509Certificate qwacCertificate;
    private final HttpClient mutualTls;
    private final HttpClient plainTls;

    private TppCredentials(Builder b) {
        this.sealKey = Objects.requireNonNull(b.sealKey, "the QSealC key");
        Objects.requireNonNull(b.qwacKeyRef, "the QWAC key reference");
        if (sealKey.certificate().isEmpty()) {
            throw new BadInputException("the QSealC key " + sealKey.description() + " has no certificate: attach it to its key reference");
        }
        if (Security.getProvider("QSeal") == null) {
            Security.addProvider(new QsealProvider());
        }
        try {
            KeyStore qseal = KeyStore.getInstance("QSEAL");
            qseal.load(new ByteArrayInputStream((b.qwacKeyRef + "\n").getBytes(StandardCharsets.UTF_8)), null);
            Certificate[] chain = qseal.getCertificateChain(b.qwacKeyRef);
            if (chain == null || chain.length == 0 || qseal.getKey(b.qwacKeyRef, null) == null) {
                throw new BadInputException("the QWAC " + KeyRef.parse(b.qwacKeyRef) + " cannot be opened or has no certificate");
            }
            this.qwacCertificate = (X509Certificate) chain[0];
            if (sameKey(qwacCertificate.getPublicKey(), sealKey.publicKey())) {
                throw new BadInputException("the QWAC and the QSealC use the same key: eIDAS practice requires a distinct key for "
                        + "TLS authentication (QWAC) and for sealing (QSealC)");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(qseal, null);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            KeyStore trust = null;
            if (!b.trustAnchors.isEmpty()) {
                trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (X509Certificate ca : b.trustAnchors) {
                    trust.setCertificateEntry("anchor" + i++, ca);
                }
            }
            tmf.init(trust);
            SSLContext withCert = SSLContext.getInstance("TLS");
            withCert.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            SSLContext withoutCert = SSLContext.getInstance("TLS");
            withoutCert.init(null, tmf.getTrustManagers(), null);
            this.mutualTls = client(withCert, b.connectTimeout);
            this.plainTls = client(withoutCert, b.connectTimeout);
        } catch (java.security.UnrecoverableKeyException e) {
            throw new BadInputException("the QWAC key cannot be opened: " + e.getMessage(), e);
        } catch (GeneralSecurityException | IOException e) {
            throw new QsealException("cannot set up mutual TLS with the QWAC: " + e.getMessage(), e);
        }
    }

    private static HttpClient client(SSLContext ctx, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .sslContext(ctx)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    private static boolean sameKey(PublicKey a, PublicKey b) {
        return Arrays.equals(a.getEncoded(), b.getEncoded());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The QSealC signing key (with its certificate). */
    public SigningKey sealKey() {
        return sealKey;
    }

    public X509Certificate sealCertificate() {
        return sealKey.certificate().orElseThrow();
    }

    public X509Certificate qwacCertificate() {
        return qwacCertificate;
    }

    /** An HTTP client that authenticates with the QWAC. */
    public HttpClient mutualTlsClient() {
        return mutualTls;
    }

    /** An HTTP client that presents no client certificate. */
    public HttpClient plainTlsClient() {
        return plainTls;
    }

    @Override
    public String toString() {
        return "TppCredentials[QWAC " + qwacCertificate.getSubjectX500Principal().getName() + ", QSealC "
                + sealCertificate().getSubjectX500Principal().getName() + "]";
    }

    /** Builder for {@link TppCredentials}. */
    public static final class Builder {
        private String qwacKeyRef;
        private SigningKey sealKey;
        private List<X509Certificate> trustAnchors = List.of();
        private Duration connectTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The QWAC: a KeyRef URI whose key source also gives its certificate chain. */
        public Builder qwac(String keyRef) {
            KeyRef.parse(keyRef);
            this.qwacKeyRef = keyRef;
            return this;
        }

        /** The QSealC key that seals requests (its certificate attached). */
        public Builder sealKey(SigningKey key) {
            this.sealKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** The CAs that issue the banks' server certificates; default: the JDK's. */
        public Builder trustAnchors(List<X509Certificate> anchors) {
            this.trustAnchors = List.copyOf(anchors);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public TppCredentials build() {
            return new TppCredentials(this);
        }
    }
}
