package dev.qseal.cli;

import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The {@code Name: value} lines that describe a signing key and its certificate, for {@code keys describe} and {@code doctor}. */
final class KeyFacts {
    private KeyFacts() {
    }

    /** Key, type, size or curve, and one line per algorithm with its JCA, JOSE, Cavage and RFC 9421 names. */
    static List<String> keyLines(SigningKey key) {
        List<String> lines = new ArrayList<>();
        lines.add("Key: " + key.description());
        KeyType type = key.keyType();
        lines.add("Key-Type: " + type.jcaAlgorithm());
        if (type == KeyType.RSA) {
            lines.add("Key-Size: " + ((RSAPublicKey) key.publicKey()).getModulus().bitLength());
        } else {
            lines.add("Curve: " + curve(type));
        }
        key.algorithms().stream().sorted(Comparator.comparing(SignatureAlgorithm::name)).forEach(a -> lines.add(
                "Algorithm: " + a.name() + " jca=" + a.jcaName() + " jose=" + a.joseName().orElse("-")
                        + " cavage=" + a.cavageName().orElse("-") + " rfc9421=" + a.rfc9421Name().orElse("-")));
        return lines;
    }

    static String curve(KeyType type) {
        switch (type) {
            case EC_P256: return "P-256";
            case EC_P384: return "P-384";
            case EC_P521: return "P-521";
            case ED25519: return "Ed25519";
            default: return "-";
        }
    }

    /** Subject, serial (hex, as {@code openssl x509 -serial} prints it), issuer, validity of the leaf; the chain length. */
    static List<String> certificateLines(SigningKey key) {
        List<String> lines = new ArrayList<>();
        if (key.certificate().isEmpty()) {
            lines.add("Certificate: none");
            return lines;
        }
        X509Certificate c = key.certificate().get();
        lines.add("Certificate-Subject: " + c.getSubjectX500Principal().getName());
        lines.add("Certificate-Serial: " + opensslSerial(c.getSerialNumber()));
        lines.add("Certificate-Issuer: " + c.getIssuerX500Principal().getName());
        lines.add("Certificate-Not-Before: " + c.getNotBefore().toInstant());
        lines.add("Certificate-Not-After: " + c.getNotAfter().toInstant());
        lines.add("Certificate-Chain: " + key.certificateChain().size());
        return lines;
    }

    /** Upper-case hex of the serial, an even number of digits, {@code -} first when negative: {@code openssl x509 -serial}. */
    static String opensslSerial(BigInteger serial) {
        String hex = serial.abs().toString(16).toUpperCase(Locale.ROOT);
        if (hex.length() % 2 == 1) {
            hex = "0" + hex;
        }
        return serial.signum() < 0 ? "-" + hex : hex;
    }
}
