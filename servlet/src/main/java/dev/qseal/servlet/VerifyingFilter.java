package dev.qseal.servlet;

import dev.qseal.core.BadInputException;
import dev.qseal.core.http.HttpRequest;
import dev.qseal.psd2.InboundDecision;
import dev.qseal.psd2.InboundVerifier;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Objects;

/**
 * A Jakarta Servlet {@link Filter} for the ASPSP side: verifies each request with an
 * {@link InboundVerifier} (the bank profile's signature policy, PSD2 certificate checks and the role
 * per endpoint, replay protection) and answers a refusal with {@code 401} (or {@code 503} when the
 * replay check is unavailable) and an {@code application/problem+json} body naming the reason; the
 * diagnosis goes to the log only. An accepted request continues with its body readable again and the
 * signer's {@link dev.qseal.psd2.Psd2Certificate} in the request attribute {@link #CERTIFICATE_ATTRIBUTE}.
 * Bodies above {@code maxBody} bytes are refused with {@code 413}.
 *
 * <pre>{@code
 * FilterRegistration.Dynamic f = servletContext.addFilter("qseal", new VerifyingFilter(inboundVerifier));
 * f.addMappingForUrlPatterns(null, false, "/v1/*");
 * }</pre>
 */
public final class VerifyingFilter implements Filter {
    /** The request attribute holding the accepted signer's {@link dev.qseal.psd2.Psd2Certificate}. */
    public static final String CERTIFICATE_ATTRIBUTE = "dev.qseal.psd2.certificate";
    /** The default largest body read: 16 MiB. */
    public static final int DEFAULT_MAX_BODY = 16 * 1024 * 1024;

    private final InboundVerifier verifier;
    private final int maxBody;

    public VerifyingFilter(InboundVerifier verifier) {
        this(verifier, DEFAULT_MAX_BODY);
    }

    public VerifyingFilter(InboundVerifier verifier, int maxBody) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (maxBody < 0 || maxBody > Integer.MAX_VALUE - 16) {
            throw new BadInputException("the body limit is 0 to " + (Integer.MAX_VALUE - 16) + " bytes, not " + maxBody);
        }
        this.maxBody = maxBody;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getContentLengthLong() > maxBody) {
            response.sendError(413);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBody + 1);
        }
        if (body.length > maxBody) {
            response.sendError(413);
            return;
        }
        HttpRequest view;
        try {
            view = view(request, body);
        } catch (BadInputException e) {
            // a request qseal cannot even represent (bad header name, control characters): a malformed signature input
            write(response, null);
            return;
        }
        InboundDecision decision = verifier.verify(view);
        if (!decision.isAccepted()) {
            write(response, decision);
            return;
        }
        decision.certificate().ifPresent(c -> request.setAttribute(CERTIFICATE_ATTRIBUTE, c));
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    /** Writes the problem document of a refusal; {@code decision} null: a request that is not well-formed HTTP (400). */
    private static void write(HttpServletResponse response, InboundDecision decision) throws IOException {
        byte[] problem = decision == null
                ? "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400}".getBytes(StandardCharsets.UTF_8)
                : decision.problemJson().getBytes(StandardCharsets.UTF_8);
        response.setStatus(decision == null ? 400 : decision.status());
        response.setContentType("application/problem+json");
        response.setContentLength(problem.length);
        response.getOutputStream().write(problem);
    }

    /** The request as sent: method, raw path and query, every header field, the body bytes. */
    static HttpRequest view(HttpServletRequest request, byte[] body) {
        String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        HttpRequest.Builder b = HttpRequest.builder(request.getMethod(), target);
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                b.header(name, value);
            }
        }
        return b.body(body).build(); // at hand, even when empty
    }

    /** The request with its body readable again from the bytes already read. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was already read by the signature filter; read it synchronously");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String enc = getCharacterEncoding();
            Charset cs = enc == null ? StandardCharsets.ISO_8859_1 : Charset.forName(enc);
            return new BufferedReader(new InputStreamReader(getInputStream(), cs));
        }
    }
}
