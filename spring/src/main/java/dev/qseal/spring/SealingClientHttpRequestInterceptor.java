package dev.qseal.spring;

import dev.qseal.core.RequestSigner;
import dev.qseal.core.SignedRequest;
import dev.qseal.core.http.Headers;
import java.io.IOException;
import java.util.Objects;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A Spring {@link ClientHttpRequestInterceptor} for {@code RestClient} and {@code RestTemplate}
 * that seals each request: qseal's view of it ({@code Host} from the URI, which the client sets
 * itself), the {@link RequestSigner}, and {@link SignedRequest#addedHeaders()} added to the request's
 * headers. Spring hands interceptors the body as bytes, so the body is always at hand here; a request
 * that carries {@code Digest} or {@code Content-Digest} already is signed with it as given.
 *
 * <pre>{@code
 * RestClient client = RestClient.builder().requestInterceptor(new SealingClientHttpRequestInterceptor(signer)).build();
 * }</pre>
 */
public final class SealingClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {
    private final RequestSigner signer;

    public SealingClientHttpRequestInterceptor(RequestSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) throws IOException {
        SignedRequest signed = signer.sign(SpringRequests.view(request.getMethod().name(), request.getURI(), request.getHeaders(),
                body.length == 0 ? null : body));
        for (Headers.Field f : signed.addedHeaders()) {
            request.getHeaders().add(f.name(), f.value());
        }
        return execution.execute(request, body);
    }
}
