package dev.qseal.core.key.remote;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.Limits;
import dev.qseal.core.internal.BoundedRead;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The size bound on what a remote key service answers, {@link Limits#REMOTE_KEY_RESPONSE_BYTES}: a
 * public key, a certificate, a signature or an error fits in a few KiB, so a larger body comes from a
 * broken or hostile endpoint and is refused before it fills the heap. A vendor module puts
 * {@link #bounded} (or {@link #count}) under its SDK's HTTP layer, where every body passes, and turns
 * what that throws into a final error with {@link #tooLarge}: the engine does not retry it.
 */
public final class RemoteResponses {
    /** The most bytes read from one answer. */
    public static final int MAX_BYTES = Limits.REMOTE_KEY_RESPONSE_BYTES;

    private RemoteResponses() {
    }

    /**
     * What the bound throws. An {@link IOException}, so an SDK passes it up as a transport failure
     * (as a cause) instead of losing it in a thread it does not expect to fail.
     */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        public TooLargeException() {
            super("the answer is larger than " + BoundedRead.describe(MAX_BYTES) + ", the most qseal reads from a key service");
        }
    }

    /** Refuses an answer whose declared length ({@code Content-Length}; negative if unknown) is over the bound. */
    public static void checkLength(long contentLength) throws TooLargeException {
        if (contentLength > MAX_BYTES) {
            throw new TooLargeException();
        }
    }

    /**
     * Counts {@code n} more bytes of an answer that has had {@code soFar} bytes: the new total, or
     * {@link TooLargeException} past the bound (for bodies that arrive in chunks).
     */
    public static long count(long soFar, long n) throws TooLargeException {
        long total = soFar + n;
        if (total > MAX_BYTES) {
            throw new TooLargeException();
        }
        return total;
    }

    /** {@code in}, failing with {@link TooLargeException} once more than {@link #MAX_BYTES} are read. */
    public static InputStream bounded(InputStream in) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    read = count(read, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    read = count(read, n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long s = super.skip(n);
                if (s > 0) {
                    read = count(read, s);
                }
                return s;
            }
        };
    }

    /**
     * If {@code e} or one of its causes is a {@link TooLargeException}: the final error to report for
     * the key {@code description} (a {@link BackendUnavailableException} that is not retried).
     */
    public static Optional<BackendUnavailableException> tooLarge(Throwable e, String description) {
        Throwable c = e;
        for (int depth = 0; c != null && depth < 32; c = c.getCause(), depth++) {
            if (c instanceof TooLargeException) {
                return Optional.of(new BackendUnavailableException(description + ": " + c.getMessage()
                        + ": check that the endpoint is the key service (a proxy's page or a hostile server answers like this)", c));
            }
        }
        return Optional.empty();
    }
}
