package dev.qseal.psd2;

import dev.qseal.core.BadInputException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.psd2.internal.SignerHints;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the certificate (chain, leaf first) that signed an incoming request: from a header such as
 * {@code TPP-Signature-Certificate} (one-line PEM or base64 DER), from the {@code x5c} of a detached
 * JWS, or by looking up the signature's keyId in a directory the gateway keeps. Resolvers combine
 * with {@link #orElse}. What they return is only a claim: the verifier then checks the signature with
 * it and the {@link Psd2Policy} decides whether it is trusted.
 */
@FunctionalInterface
public interface TrustResolver {
    /**
     * The signer's chain for {@code request}, or empty when this resolver finds none.
     *
     * @throws BadInputException if the request carries a certificate that cannot be parsed
     */
    Optional<List<X509Certificate>> resolve(HttpRequest request);

    /** This resolver, and {@code next} when this one finds nothing. */
    default TrustResolver orElse(TrustResolver next) {
        Objects.requireNonNull(next, "next");
        return request -> {
            Optional<List<X509Certificate>> found = resolve(request);
            return found.isPresent() ? found : next.resolve(request);
        };
    }

    /** The certificate in header {@code name}: PEM (also one-line or URL-encoded) or base64 DER. */
    static TrustResolver fromHeader(String name) {
        Objects.requireNonNull(name, "name");
        return request -> request.headers().first(name).map(v -> {
            try {
                return CertificateParser.parseChain(v);
            } catch (BadInputException e) {
                throw new BadInputException("the " + name + " header holds no usable certificate: " + e.getMessage(), e);
            }
        });
    }

    /** The {@code x5c} chain in the protected header of the detached JWS in {@code x-jws-signature}. */
    static TrustResolver fromJwsX5c() {
        return request -> SignerHints.jwsX5c(request).map(chain -> {
            List<X509Certificate> out = new ArrayList<>();
            for (String der64 : chain) {
                out.add(CertificateParser.parse(der64));
            }
            return List.copyOf(out);
        });
    }

    /**
     * Looks up the signature's key identifier (Cavage {@code keyId}, RFC 9421 {@code keyid}, JWS
     * {@code kid}) in {@code directory}.
     */
    static TrustResolver byKeyId(Function<String, Optional<List<X509Certificate>>> directory) {
        Objects.requireNonNull(directory, "directory");
        return request -> SignerHints.keyId(request).flatMap(directory);
    }

    /** {@code TPP-Signature-Certificate}, then the JWS {@code x5c}. */
    static TrustResolver standard() {
        return fromHeader("TPP-Signature-Certificate").orElse(fromJwsX5c());
    }
}
