package dev.qseal.core.key.remote.internal;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.QsealException;
import dev.qseal.core.key.remote.RemoteCallException;
import dev.qseal.core.key.remote.RemoteKeyPolicy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Takes one remote operation to a definite end: waits for a rate-limit slot, calls, bounds the call
 * by the attempt timeout, retries {@link RemoteCallException}s with jittered exponential back-off,
 * and fails with {@link BackendUnavailableException} once the deadline or the attempts are spent.
 * Never blocks a thread: every wait is a timer task.
 */
final class Retrier {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Retrier.class);
    private final String description;
    private final RemoteKeyPolicy policy;
    private final RateLimiter keyLimiter;
    private final RateLimiter backendLimiter;

    Retrier(String description, RemoteKeyPolicy policy, RateLimiter keyLimiter, RateLimiter backendLimiter) {
        this.description = description;
        this.policy = policy;
        this.keyLimiter = keyLimiter;
        this.backendLimiter = backendLimiter;
    }

    /**
     * Runs {@code call} until it succeeds and {@code accept} takes its result, or the budget is spent.
     * {@code accept} turns a raw result into the final one or throws a final {@link QsealException}.
     */
    <R, T> CompletableFuture<T> run(String what, long deadlineNanos, Supplier<CompletableFuture<R>> call,
            Function<R, T> accept) {
        CompletableFuture<T> result = new CompletableFuture<>();
        new Operation<>(what, deadlineNanos, call, accept, result).next(System.nanoTime());
        return result;
    }

    private final class Operation<R, T> {
        private final String what;
        private final long deadline;
        private final long started;
        private final Supplier<CompletableFuture<R>> call;
        private final Function<R, T> accept;
        private final CompletableFuture<T> result;
        private int attempts;
        private RemoteCallException last;

        Operation(String what, long deadline, Supplier<CompletableFuture<R>> call, Function<R, T> accept,
                CompletableFuture<T> result) {
            this.what = what;
            this.deadline = deadline;
            this.started = System.nanoTime();
            this.call = call;
            this.accept = accept;
            this.result = result;
        }

        /** Reserves the next rate-limit slot at or after {@code earliest}, then calls. */
        void next(long earliest) {
            long now = System.nanoTime();
            long from = earliest - now > 0 ? earliest : now;
            long slot = RateLimiter.reserve(keyLimiter, backendLimiter, from, deadline);
            if (slot == Long.MIN_VALUE) {
                giveUp(attempts == 0 ? "the rate limit allows no call before the deadline" : "the next retry would pass the deadline");
                return;
            }
            long delay = slot - now;
            if (delay <= 50_000) {
                attempt();
            } else {
                Timers.after(delay, this::attempt);
            }
        }

        private void attempt() {
            attempts++;
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                giveUp("the deadline passed");
                return;
            }
            long timeout = Math.min(remaining, policy.attemptTimeout().toNanos());
            boolean cutByDeadline = timeout < policy.attemptTimeout().toNanos();
            // the exception is made only when the timer fires: most attempts answer in time
            RemoteCallException[] timedOut = new RemoteCallException[1];
            CompletableFuture<R> answer = new CompletableFuture<>();
            ScheduledFuture<?> timer = Timers.after(timeout, () -> {
                timedOut[0] = RemoteCallException.transientFault(cutByDeadline
                        ? "the deadline came before the answer" : "no answer within " + timeout / 1_000_000 + " ms", null);
                answer.completeExceptionally(timedOut[0]);
            });
            answer.whenComplete((r, e) -> {
                timer.cancel(false);
                settle(r, e, cutByDeadline ? timedOut[0] : null);
            });
            CompletableFuture<R> f;
            try {
                f = call.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((r, e) -> {
                if (e == null) {
                    answer.complete(r);
                } else {
                    answer.completeExceptionally(e);
                }
            });
        }

        private void settle(R raw, Throwable error, RemoteCallException deadlineCut) {
            if (error == null) {
                try {
                    result.complete(accept.apply(raw));
                } catch (QsealException e) {
                    result.completeExceptionally(e);
                } catch (RuntimeException e) {
                    result.completeExceptionally(new QsealException(description + ": " + what + " failed: " + e, e));
                }
                return;
            }
            Throwable cause = unwrap(error);
            if (!(cause instanceof RemoteCallException)) {
                result.completeExceptionally(cause instanceof QsealException ? cause
                        : new BackendUnavailableException(description + ": " + what + " failed: " + cause, cause));
                return;
            }
            if (deadlineCut == null || cause != deadlineCut || last == null) {
                last = (RemoteCallException) cause; // a cut at the deadline says less than the answer before it
            }
            if (deadlineCut != null && cause == deadlineCut) {
                giveUp("the deadline passed");
                return;
            }
            if (attempts >= policy.maxAttempts()) {
                giveUp("tried " + attempts + " times");
                return;
            }
            long backoff = backoffNanos(attempts);
            if (last.retryAfter().isPresent()) {
                backoff = Math.max(backoff, last.retryAfter().get().toNanos());
            }
            long at = System.nanoTime() + backoff;
            if (at - deadline >= 0) {
                giveUp("the next retry would pass the deadline");
                return;
            }
            Timers.after(backoff, () -> next(at));
        }

        private void giveUp(String why) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            String msg = description + ": " + what + " failed: " + why + " (" + attempts + " attempt"
                    + (attempts == 1 ? "" : "s") + " in " + ms + " ms, deadline " + policy.deadline().toMillis() + " ms)"
                    + (last == null ? "" : "; last answer: " + last.getMessage())
                    + "; the backend is throttling or unavailable, try again later or raise the deadline";
            LOG.warn("{}", msg);
            result.completeExceptionally(new BackendUnavailableException(msg, last));
        }
    }

    /** Exponential back-off with jitter: a random time between half and all of {@code initial·2^(n-1)}, capped. */
    private long backoffNanos(int attempt) {
        long cap = policy.maxBackoff().toNanos();
        long base = policy.initialBackoff().toNanos();
        long exp = attempt >= 31 ? cap : Math.min(cap, base << Math.min(30, attempt - 1));
        return exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
