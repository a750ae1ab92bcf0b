package dev.qseal.psd2;

import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link Psd2Policy#check}: valid with the certificate's PSD2 attributes, or a typed reason and a diagnosis. */
public final class CertificateCheck {
    private final Psd2Certificate certificate;
    private final CertificateFailure failure;
    private final String message;

    private CertificateCheck(Psd2Certificate certificate, CertificateFailure failure, String message) {
        this.certificate = certificate;
        this.failure = failure;
        this.message = message;
    }

    static CertificateCheck valid(Psd2Certificate certificate) {
        return new CertificateCheck(Objects.requireNonNull(certificate), null, "certificate is acceptable");
    }

    static CertificateCheck invalid(CertificateFailure failure, String diagnosis) {
        return new CertificateCheck(null, Objects.requireNonNull(failure), Objects.requireNonNull(diagnosis));
    }

    public boolean isValid() {
        return failure == null;
    }

    /** The accepted certificate's attributes, when valid. */
    public Optional<Psd2Certificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    public Optional<CertificateFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** "certificate is acceptable", or the diagnosis. */
    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return failure == null ? "VALID" : failure + ": " + message;
    }
}
