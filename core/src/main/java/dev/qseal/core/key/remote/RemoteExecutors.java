package dev.qseal.core.key.remote;

import dev.qseal.core.BackendUnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Threads for backends whose SDK only offers blocking calls (AWS with the URLConnection client,
 * Google's HTTP/JSON transport): a pool of at most {@code maxThreads} daemon threads that time out
 * when idle, so an idle key holds none. Size it to the key's {@code maxInFlight}: the engine never
 * starts more calls than that, so the queue stays short.
 */
public final class RemoteExecutors {
    private RemoteExecutors() {
    }

    /** A bounded pool of daemon threads named {@code qseal-<name>-N}. */
    public static ExecutorService bounded(String name, int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be at least 1");
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "qseal-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Runs a blocking SDK call on {@code executor}; a {@link RuntimeException} it throws is passed
     * through {@code translate} (the vendor's errors as {@link RemoteCallException} or another
     * {@link dev.qseal.core.QsealException}). A closed executor gives {@link BackendUnavailableException}.
     */
    public static <T> CompletableFuture<T> supply(ExecutorService executor, String description, Supplier<T> blocking,
            Function<RuntimeException, RuntimeException> translate) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    f.complete(blocking.get());
                } catch (RuntimeException e) {
                    f.completeExceptionally(translate.apply(e));
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new BackendUnavailableException(description + " is closed"));
        }
        return f;
    }
}
