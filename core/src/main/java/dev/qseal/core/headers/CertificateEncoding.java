package dev.qseal.core.headers;

import dev.qseal.core.QsealException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** How a certificate header such as {@code TPP-Signature-Certificate} carries the QSealC. */
public enum CertificateEncoding {
    /** PEM with the line breaks removed: {@code -----BEGIN CERTIFICATE-----MIIE...-----END CERTIFICATE-----} (ING). */
    PEM_ONE_LINE,
    /** Plain base64 of the DER certificate (Berlin Group). */
    BASE64_DER;

    public String encode(X509Certificate certificate) {
        String b64;
        try {
            b64 = Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new QsealException("cannot encode the certificate " + certificate.getSubjectX500Principal().getName(), e);
        }
        return this == PEM_ONE_LINE ? "-----BEGIN CERTIFICATE-----" + b64 + "-----END CERTIFICATE-----" : b64;
    }
}
