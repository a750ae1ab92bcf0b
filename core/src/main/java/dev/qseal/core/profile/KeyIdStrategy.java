package dev.qseal.core.profile;

import dev.qseal.core.MissingCertificateException;
import dev.qseal.core.MissingKeyIdException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;

/** How a bank wants the {@code keyId} of a Cavage signature derived. */
public enum KeyIdStrategy {
    /** Given by the caller: a TPP-ID (Belfius), a client id (ING API calls), a JWK kid or x5u (STET). */
    EXPLICIT,
    /** {@code SN=<serial hex>}, the certificate serial as {@code openssl x509 -serial} prints it (ING token call). */
    CERTIFICATE_SERIAL,
    /** {@code SN=<serial hex>,CA=<issuer DN, RFC 2253, spaces as %20>} (Berlin Group). */
    CERTIFICATE_SERIAL_AND_ISSUER;

    /** Derives the keyId; {@code explicit} wins when given. */
    public String keyId(Optional<String> explicit, Optional<X509Certificate> certificate) {
        if (explicit.isPresent()) {
            return explicit.get();
        }
        if (this == EXPLICIT) {
            throw new MissingKeyIdException("", "this profile needs an explicit keyId (the bank's identifier for the key): set one");
        }
        X509Certificate cert = certificate.orElseThrow(() -> new MissingCertificateException("",
                "this profile derives the keyId from the certificate, but the key has none: attach the certificate to the key"));
        String sn = "SN=" + serialHex(cert.getSerialNumber());
        if (this == CERTIFICATE_SERIAL) {
            return sn;
        }
        return sn + ",CA=" + cert.getIssuerX500Principal().getName().replace(" ", "%20");
    }

    /**
     * The serial as OpenSSL prints it: upper-case hex of the magnitude, an even number of digits
     * ({@code 01}, {@code 49BA5C71}), a leading {@code -} for the (invalid but seen) negative serials.
     */
    public static String serialHex(BigInteger serial) {
        String hex = serial.abs().toString(16).toUpperCase(Locale.ROOT);
        if (hex.length() % 2 != 0) {
            hex = "0" + hex;
        }
        return serial.signum() < 0 ? "-" + hex : hex;
    }
}
