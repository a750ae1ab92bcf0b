package dev.qseal.core.internal;

import dev.qseal.core.BadInputException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a file or stream whole, but never more than a stated number of bytes (see
 * {@link dev.qseal.core.Limits}): {@code /dev/zero} or a multi-gigabyte file is refused after
 * {@code max + 1} bytes instead of filling the heap. Buffers it outgrows are zeroed, so a secret read
 * this way leaves one copy only: the returned array, which the caller zeroes.
 */
public final class BoundedRead {
    private BoundedRead() {
    }

    /**
     * The bytes of {@code file}.
     *
     * @param what what the file is, for the message, e.g. "the key file /etc/k.pem" (leave the path out when it may be a secret)
     * @throws BadInputException if the file holds more than {@code max} bytes (the message names the limit, not the content)
     * @throws IOException       if it cannot be opened or read (the caller names the file)
     */
    public static byte[] file(Path file, int max, String what) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return stream(in, max, what);
        }
    }

    /**
     * The bytes of {@code in} up to its end.
     *
     * @param what what is read, for the message ("the request body on standard input")
     * @throws BadInputException if there are more than {@code max} bytes
     */
    public static byte[] stream(InputStream in, int max, String what) throws IOException {
        byte[] buf = new byte[Math.min(max + 1, 8192)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (buf.length > max) {
                    Arrays.fill(buf, (byte) 0);
                    throw new BadInputException(what + " is larger than " + describe(max)
                            + ", the most qseal reads for it: is it the right file?");
                }
                byte[] bigger = Arrays.copyOf(buf, (int) Math.min((long) max + 1, 2L * buf.length));
                Arrays.fill(buf, (byte) 0);
                buf = bigger;
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        byte[] out = Arrays.copyOf(buf, n);
        Arrays.fill(buf, (byte) 0);
        return out;
    }

    /**
     * {@code in}, refusing to pass on more than {@code max} bytes: for input that is streamed (hashed)
     * rather than held, so that {@code /dev/zero} ends with a message instead of running forever.
     * Reading past the limit throws {@link BadInputException}.
     */
    public static InputStream capped(InputStream in, long max, String what) {
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(long n) {
                count += n;
                if (count > max) {
                    throw new BadInputException(what + " is larger than " + describe(max) + ", the most qseal reads for it");
                }
            }
        };
    }

    /** "1 MiB", "4 KiB", "100 bytes". */
    public static String describe(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }
}
