package dev.qseal.psd2.testing;

import dev.qseal.core.SignatureFormat;
import dev.qseal.core.digest.Digests;
import dev.qseal.core.profile.BankProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test bodies: a large file written in chunks, and the digest header a caller computes while streaming it. */
public final class Bodies {
    private Bodies() {
    }

    /** A file of {@code size} bytes of a repeating pattern, written without holding it in memory. */
    public static Path largeFile(Path dir, long size) throws IOException {
        Path f = dir.resolve("large-body.bin");
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) ('a' + i % 26);
        }
        try (OutputStream out = Files.newOutputStream(f)) {
            for (long left = size; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return f;
    }

    /**
     * The body digest header the profile signs ({@code Content-Digest} for RFC 9421, {@code Digest}
     * otherwise), computed by streaming {@code file}: {name, value}.
     */
    public static String[] precomputedDigest(BankProfile profile, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            if (profile.format() == SignatureFormat.RFC_9421) {
                var alg = profile.headerRules().contentDigestAlgorithm();
                return new String[] {"Content-Digest", Digests.formatContentDigest(alg, Digests.hash(alg, in))};
            }
            var alg = profile.headerRules().digestAlgorithm();
            return new String[] {"Digest", Digests.formatDigest(alg, profile.headerRules().digestLabel(), Digests.hash(alg, in))};
        }
    }
}
