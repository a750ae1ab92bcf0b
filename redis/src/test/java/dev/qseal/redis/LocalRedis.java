package dev.qseal.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} for a test: started on a free loopback port with its own temporary
 * directory, no persistence, stopped by {@link #close()}. When {@code redis-server} is not installed
 * ({@code scripts/test.sh} installs it), the test fails under {@code CI=true} and is skipped, visibly,
 * elsewhere.
 */
final class LocalRedis implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;

    private LocalRedis(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static LocalRedis start() throws Exception {
        String exe = executable();
        Path dir = Files.createTempDirectory("qseal-redis");
        int port = freePort();
        Process p = new ProcessBuilder(exe, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--protected-mode", "yes")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        LocalRedis redis = new LocalRedis(p, dir, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                String log = Files.readString(dir.resolve("redis.log"));
                redis.close();
                throw new IllegalStateException("redis-server exited at start: " + log);
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return redis;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        redis.close();
        throw new IllegalStateException("redis-server did not listen on port " + port + " within 20 s");
    }

    private static String executable() {
        for (String d : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            if (Files.isExecutable(Path.of(d, "redis-server"))) {
                return Path.of(d, "redis-server").toString();
            }
        }
        String msg = "redis-server is not installed (Debian package redis-server; scripts/test.sh installs it)";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(msg);
        }
        System.err.println("SKIPPED: " + msg);
        Assumptions.abort(msg);
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Stops the server (and so simulates an outage when called mid-test). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
