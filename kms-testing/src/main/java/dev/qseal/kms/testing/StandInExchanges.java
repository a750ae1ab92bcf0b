package dev.qseal.kms.testing;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The executor a stand-in's JDK HTTP server runs its exchanges on: each exchange starts after the
 * stand-in's injected latency, waited out on a timer rather than on a worker thread, so that every one
 * of many requests in flight sees the same latency (as from a remote service) instead of queuing behind
 * sleeping workers. {@link #close()} stops the timer and the workers.
 */
final class StandInExchanges implements Executor, AutoCloseable {
    private static final int WORKERS = 8;

    private final LongSupplier latencyMillis;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    /** {@code latencyMillis} is read for every exchange, so a test may change it while the server runs. */
    StandInExchanges(String name, LongSupplier latencyMillis) {
        this.latencyMillis = latencyMillis;
        this.workers = Executors.newFixedThreadPool(WORKERS, daemon(name));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon(name + "-latency"));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void execute(Runnable exchange) {
        long ms = latencyMillis.getAsLong();
        if (ms > 0) {
            timer.schedule(() -> workers.execute(exchange), ms, TimeUnit.MILLISECONDS);
        } else {
            workers.execute(exchange);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
