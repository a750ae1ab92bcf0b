package dev.qseal.kms.aws.internal;

import dev.qseal.core.key.remote.RemoteResponses;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The SDK's HTTP client with every answer held to {@link RemoteResponses#MAX_BYTES}: a declared
 * {@code Content-Length} over it is refused before the body is read, and a body that runs past it
 * (chunked, or lying about its length) fails the read with {@link RemoteResponses.TooLargeException}.
 * Everything the SDK reads passes here, errors included.
 */
final class BoundedHttpClient implements SdkHttpClient {
    private final SdkHttpClient delegate;

    BoundedHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest call = delegate.prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                HttpExecuteResponse r = call.call();
                Optional<AbortableInputStream> body = r.responseBody();
                try {
                    RemoteResponses.checkLength(r.httpResponse().firstMatchingHeader("Content-Length")
                            .filter(v -> v.matches("[0-9]{1,18}")).map(Long::parseLong).orElse(-1L));
                } catch (RemoteResponses.TooLargeException e) {
                    if (body.isPresent()) {
                        body.get().abort();
                        body.get().close();
                    }
                    throw e;
                }
                HttpExecuteResponse.Builder out = HttpExecuteResponse.builder().response(r.httpResponse());
                body.ifPresent(b -> out.responseBody(AbortableInputStream.create(RemoteResponses.bounded(b), b)));
                return out.build();
            }

            @Override
            public void abort() {
                call.abort();
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
