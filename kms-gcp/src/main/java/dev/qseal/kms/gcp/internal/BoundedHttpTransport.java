package dev.qseal.kms.gcp.internal;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import dev.qseal.core.key.remote.RemoteResponses;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * google-http-client's transport with every answer held to {@link RemoteResponses#MAX_BYTES}, as
 * received and again after gzip decoding (done here, so the client above sees an identity body). A
 * success whose declared {@code Content-Length} is over it is refused before the body is read, one
 * that runs past it fails the read with {@link RemoteResponses.TooLargeException}; an error's body is
 * cut at the bound. gax reads every answer through it.
 *
 * <p>{@link HttpTransport#buildRequest(String, String)} is protected and {@code NetHttpTransport} is
 * final, so the delegate's low-level request is built reflectively (the library's packages are open
 * on the class path and as an automatic module).
 */
final class BoundedHttpTransport extends HttpTransport {
    private static final Method BUILD_REQUEST;

    static {
        try {
            BUILD_REQUEST = HttpTransport.class.getDeclaredMethod("buildRequest", String.class, String.class);
            BUILD_REQUEST.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HttpTransport delegate;

    BoundedHttpTransport(HttpTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean supportsMethod(String method) throws IOException {
        return delegate.supportsMethod(method);
    }

    @Override
    public boolean isMtls() {
        return delegate.isMtls();
    }

    @Override
    public void shutdown() throws IOException {
        delegate.shutdown();
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    protected LowLevelHttpRequest buildRequest(String method, String url) throws IOException {
        LowLevelHttpRequest inner;
        try {
            inner = (LowLevelHttpRequest) BUILD_REQUEST.invoke(delegate, method, url);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IOException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IOException(e);
        }
        return new LowLevelHttpRequest() {
            @Override
            public void addHeader(String name, String value) throws IOException {
                inner.addHeader(name, value);
            }

            @Override
            public void setTimeout(int connectTimeout, int readTimeout) throws IOException {
                inner.setTimeout(connectTimeout, readTimeout);
            }

            @Override
            public void setWriteTimeout(int writeTimeout) throws IOException {
                inner.setWriteTimeout(writeTimeout);
            }

            @Override
            public LowLevelHttpResponse execute() throws IOException {
                inner.setContentLength(getContentLength());
                inner.setContentEncoding(getContentEncoding());
                inner.setContentType(getContentType());
                inner.setStreamingContent(getStreamingContent());
                return new BoundedResponse(inner.execute());
            }
        };
    }

    private static final class BoundedResponse extends LowLevelHttpResponse {
        private final LowLevelHttpResponse r;
        private final boolean gzip;
        private byte[] errorBody;

        BoundedResponse(LowLevelHttpResponse r) throws IOException {
            this.r = r;
            String encoding = r.getContentEncoding();
            String e = encoding == null ? "" : encoding.trim().toLowerCase(Locale.ROOT);
            this.gzip = e.equals("gzip") || e.equals("x-gzip");
        }

        @Override
        public InputStream getContent() throws IOException {
            InputStream raw = r.getContent();
            if (raw == null) {
                return null;
            }
            if (r.getStatusCode() >= 300) {
                // an error's body only feeds its message (the status decides), and google-http-client prints the
                // stack trace of a failed error-body read to stderr: cut it short instead
                if (errorBody == null) { // read once: the client may ask for the content again
                    byte[] cut = raw.readNBytes(RemoteResponses.MAX_BYTES);
                    if (gzip && cut.length > 0) {
                        cut = new GZIPInputStream(new ByteArrayInputStream(cut)).readNBytes(RemoteResponses.MAX_BYTES);
                    }
                    errorBody = cut;
                }
                return new ByteArrayInputStream(errorBody);
            }
            try {
                RemoteResponses.checkLength(r.getContentLength());
            } catch (RemoteResponses.TooLargeException e) {
                raw.close();
                throw e;
            }
            InputStream in = RemoteResponses.bounded(raw);
            return gzip && r.getContentLength() != 0 ? RemoteResponses.bounded(new GZIPInputStream(in)) : in;
        }

        @Override
        public String getContentEncoding() throws IOException {
            return gzip ? null : r.getContentEncoding();
        }

        @Override
        public long getContentLength() throws IOException {
            return gzip ? -1 : r.getContentLength();
        }

        @Override
        public String getContentType() throws IOException {
            return r.getContentType();
        }

        @Override
        public String getStatusLine() throws IOException {
            return r.getStatusLine();
        }

        @Override
        public int getStatusCode() throws IOException {
            return r.getStatusCode();
        }

        @Override
        public String getReasonPhrase() throws IOException {
            return r.getReasonPhrase();
        }

        @Override
        public int getHeaderCount() throws IOException {
            return r.getHeaderCount();
        }

        @Override
        public String getHeaderName(int index) throws IOException {
            return r.getHeaderName(index);
        }

        @Override
        public String getHeaderValue(int index) throws IOException {
            return r.getHeaderValue(index);
        }

        @Override
        public void disconnect() throws IOException {
            r.disconnect();
        }
    }
}
