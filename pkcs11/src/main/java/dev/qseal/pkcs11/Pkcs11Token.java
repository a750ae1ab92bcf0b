package dev.qseal.pkcs11;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One token (selected by label/serial/..., not by slot index) of one module, shared by every key
 * opened on it: its slot, login, and a bounded pool of sessions.
 *
 * <p><b>Sessions.</b> At most {@link #capacity} sessions are ever open; they are kept open and
 * reused, never closed after use, so there is no session churn however many threads sign. A thread
 * that finds every session busy waits (up to {@code wait-ms}) for one to come back instead of
 * failing. The capacity is {@code max-sessions} (default 8), capped by the token's own session
 * limit; if the token still refuses a new session ({@code CKR_SESSION_COUNT}, e.g. because another
 * process uses some), the pool shrinks to what it has.
 *
 * <p><b>Healing.</b> Each state of the token is an <i>epoch</i>. Operations run under the read
 * side of {@link #state}; when one fails with a code that means the token, login or session went
 * away, {@link #heal} takes the write side (so no other thread is inside a session being dropped),
 * forgets every session of the old epoch without touching its handle (a handle number may be
 * reused), finds the token again by its attributes (re-initialising the module if the token is not
 * in the slot list any more), logs in again and starts a new epoch. Keys re-resolve their object
 * handles when they see a new epoch.
 */
final class Pkcs11Token {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Token.class);
    private static final Map<String, Pkcs11Token> TOKENS = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PIN_SALT = RANDOM.generateSeed(16);
    static final int DEFAULT_MAX_SESSIONS = 8;

    final Pkcs11Module module;
    final Pkcs11Uri selector;
    final String description;
    private final long waitMillis;
    private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
    private final ConcurrentLinkedDeque<Long> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger openSessions = new AtomicInteger();
    private final AtomicInteger users = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong sessionsOpened = new java.util.concurrent.atomic.AtomicLong();
    private Semaphore permits;
    private volatile int capacity;
    private char[] pin; // kept to log in again after a token reset; zeroed on close
    private volatile long slot;
    private volatile long epoch;
    private volatile long moduleGeneration;
    private long loginSession;
    private volatile String fatal; // set when healing must not be tried again (wrong PIN)
    /** Heals since the last successful operation: a heal that did not help escalates to re-initialising the module. */
    private volatile int healsSinceSuccess;
    private long lastForcedReinit;

    private Pkcs11Token(Pkcs11Module module, Pkcs11Uri selector, char[] pin) {
        this.module = module;
        this.selector = selector;
        this.description = "pkcs11 token '" + selector.tokenSelector() + "' of " + module.path;
        this.waitMillis = selector.waitMillis;
        this.pin = pin;
    }

    /**
     * The shared token for the URI's module and token attributes, logged in with {@code pin}.
     * Takes ownership of {@code pin} (zeroes it when not kept).
     */
    static Pkcs11Token open(Pkcs11Uri uri, char[] pin) {
        Pkcs11Module module = Pkcs11Module.get(uri.modulePath);
        String key = module.path + "|" + uri.tokenSelector();
        while (true) {
            Pkcs11Token t = TOKENS.get(key);
            if (t == null) {
                Pkcs11Token fresh = new Pkcs11Token(module, uri, pin);
                synchronized (TOKENS) {
                    if (TOKENS.containsKey(key)) {
                        continue;
                    }
                    try {
                        fresh.start(uri.maxSessions);
                    } catch (RuntimeException e) {
                        fresh.wipePin();
                        throw e;
                    }
                    fresh.users.incrementAndGet();
                    TOKENS.put(key, fresh);
                    return fresh;
                }
            }
            try {
                t.checkSamePin(pin);
            } finally {
                if (pin != null) {
                    Arrays.fill(pin, '\0');
                }
            }
            synchronized (TOKENS) {
                if (TOKENS.get(key) == t) {
                    t.users.incrementAndGet();
                    return t;
                }
            }
        }
    }

    private void start(Integer maxSessions) {
        state.writeLock().lock();
        try {
            module.enter();
            try {
                List<Pkcs11Module.Slot> slots = module.matchingSlots(selector);
                if (slots.isEmpty()) {
                    // a module initialised before the token was (re)created does not list it until it is
                    // re-initialised (SoftHSM, and HSMs whose tokens come and go): look once more after that
                    long seen = module.generation();
                    module.exit();
                    try {
                        module.reinitialize(seen);
                    } finally {
                        module.enter();
                    }
                    slots = module.matchingSlots(selector);
                }
                if (slots.isEmpty()) {
                    throw new KeyNotFoundException("pkcs11: no token matching '" + selector.tokenSelector() + "' in "
                            + module.path + " (tokens: " + labelsOutsideLock() + "): check token= in the reference");
                }
                if (slots.size() > 1) {
                    throw new BadInputException("pkcs11: " + slots.size() + " tokens match '" + selector.tokenSelector()
                            + "' in " + module.path + ": add serial= to the reference to choose one");
                }
                Pkcs11Module.Slot s = slots.get(0);
                slot = s.id;
                long tokenMax = s.info.maxSessionCount;
                int wanted = maxSessions != null ? maxSessions : DEFAULT_MAX_SESSIONS;
                if (tokenMax > 1 && tokenMax < Integer.MAX_VALUE) {
                    wanted = (int) Math.min(wanted, tokenMax - 1); // one is the login session
                }
                if (module.singleThreaded()) {
                    wanted = 1;
                }
                capacity = Math.max(1, wanted);
                permits = new Semaphore(capacity, true);
                moduleGeneration = module.generation();
                login(true);
                LOG.debug("opened {} in slot {} with up to {} sessions", description, slot, capacity);
            } catch (Cryptoki.CkException e) {
                throw new BackendUnavailableException("pkcs11: cannot open " + description + ": " + e.getMessage(), e);
            } finally {
                module.exit();
            }
        } finally {
            state.writeLock().unlock();
        }
    }

    private String labelsOutsideLock() {
        // called between enter/exit: the slot list is readable under the read lock too
        try {
            StringBuilder sb = new StringBuilder();
            for (long s : module.ck.slotsWithToken()) {
                try {
                    Cryptoki.TokenInfo info = module.ck.tokenInfo(s);
                    if ((info.flags & Cryptoki.CKF_TOKEN_INITIALIZED) != 0) {
                        sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(info.label).append('\'');
                    }
                } catch (Cryptoki.CkException e) {
                    // skip
                }
            }
            return sb.length() == 0 ? "none" : sb.toString();
        } catch (Cryptoki.CkException e) {
            return "unknown";
        }
    }

    /** Opens the login session and logs in. Caller holds the write lock and is inside the module. */
    private void login(boolean first) throws Cryptoki.CkException {
        loginSession = module.ck.openSession(slot);
        if (pin == null) {
            return;
        }
        byte[] hash = pinHash(pin);
        byte[] known = module.loginPinHashes.get(slot);
        if (known != null && !MessageDigest.isEqual(known, hash)) {
            throw new KeyAccessException("pkcs11: the PIN given for " + description
                    + " differs from the one this process logged in with: give the same PIN");
        }
        try {
            module.ck.login(loginSession, pin);
        } catch (Cryptoki.CkException e) {
            long c = e.code();
            if (c == Cryptoki.CKR_PIN_INCORRECT || c == Cryptoki.CKR_PIN_INVALID || c == Cryptoki.CKR_PIN_LEN_RANGE) {
                fatal = "the PIN for " + description + " is wrong";
                throw new KeyAccessException("pkcs11: wrong PIN for " + description + " (" + Cryptoki.name(c)
                        + "); not retried, so that the token does not lock: fix pin-source/pin-value");
            }
            if (c == Cryptoki.CKR_PIN_LOCKED || c == Cryptoki.CKR_PIN_EXPIRED) {
                fatal = "the PIN for " + description + " is locked or expired";
                throw new KeyAccessException("pkcs11: the user PIN of " + description + " is "
                        + (c == Cryptoki.CKR_PIN_LOCKED ? "locked: unlock it with the SO PIN" : "expired: set a new one"));
            }
            if (c == Cryptoki.CKR_USER_PIN_NOT_INITIALIZED && !first) {
                // a token being set up again (initialised, user PIN not yet set): not there yet
                throw new Cryptoki.CkException("C_Login (user PIN not yet initialised)", Cryptoki.CKR_TOKEN_NOT_RECOGNIZED);
            }
            if (c == Cryptoki.CKR_USER_PIN_NOT_INITIALIZED) {
                throw new KeyAccessException("pkcs11: the user PIN of " + description + " is not initialised");
            }
            throw e;
        }
        module.loginPinHashes.put(slot, hash);
        if (!first) {
            LOG.info("logged in again to {}", description);
        }
    }

    private void checkSamePin(char[] other) {
        if (pin == null && other == null) {
            return;
        }
        if (pin == null || other == null || !MessageDigest.isEqual(pinHash(pin), pinHash(other))) {
            throw new KeyAccessException("pkcs11: the PIN given for " + description
                    + " differs from the one this process logged in with: give the same PIN");
        }
    }

    private static byte[] pinHash(char[] pin) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md.update(PIN_SALT);
        java.nio.ByteBuffer bb = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(pin));
        byte[] b = new byte[bb.remaining()];
        bb.get(b);
        md.update(b);
        Arrays.fill(b, (byte) 0);
        if (bb.hasArray()) {
            Arrays.fill(bb.array(), (byte) 0);
        }
        return md.digest();
    }

    /** What an operation sees: the epoch it runs in and the session it holds. */
    interface SessionWork<T> {
        T run(Cryptoki ck, long session, long epoch) throws Cryptoki.CkException;
    }

    /** Thrown by {@link #withSession} when the failure calls for healing; carries the epoch that failed. */
    static final class NeedsHealing extends Exception {
        final long epoch;
        final Cryptoki.CkException cause;

        NeedsHealing(long epoch, Cryptoki.CkException cause) {
            super(cause.getMessage(), cause);
            this.epoch = epoch;
            this.cause = cause;
        }
    }

    /**
     * Runs {@code work} with a session of the current epoch, waiting for one if all are busy.
     *
     * @throws NeedsHealing                if the token, login or session went away
     * @throws Cryptoki.CkException        for any other Cryptoki failure
     * @throws BackendUnavailableException if no session came free in time
     */
    <T> T withSession(SessionWork<T> work) throws NeedsHealing, Cryptoki.CkException {
        state.readLock().lock();
        try {
            String f = fatal;
            if (f != null) {
                throw new KeyAccessException("pkcs11: " + f + "; fix the PIN and open the key again");
            }
            long e = epoch;
            if (moduleGeneration != module.generation()) {
                throw new NeedsHealing(e, new Cryptoki.CkException("module re-initialised", Cryptoki.CKR_CRYPTOKI_NOT_INITIALIZED));
            }
            acquirePermit();
            try {
                module.enter();
                try {
                    if (moduleGeneration != module.generation()) {
                        throw new NeedsHealing(e, new Cryptoki.CkException("module re-initialised", Cryptoki.CKR_CRYPTOKI_NOT_INITIALIZED));
                    }
                    long session = takeSession(e);
                    boolean ok = false;
                    try {
                        T result = work.run(module.ck, session, e);
                        ok = true;
                        if (healsSinceSuccess != 0) {
                            healsSinceSuccess = 0;
                        }
                        return result;
                    } catch (Cryptoki.CkException ex) {
                        if (isTokenGone(ex.code())) {
                            throw new NeedsHealing(e, ex);
                        }
                        throw ex;
                    } finally {
                        if (ok) {
                            idle.push(session);
                        } else {
                            dropSession(session);
                        }
                    }
                } finally {
                    module.exit();
                }
            } finally {
                permits.release();
            }
        } finally {
            state.readLock().unlock();
        }
    }

    private void acquirePermit() {
        try {
            if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new BackendUnavailableException("pkcs11: all " + capacity + " sessions of " + description
                        + " stayed busy for " + waitMillis + " ms: raise max-sessions (token permitting) or wait-ms");
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("pkcs11: interrupted while waiting for a session of " + description, ie);
        }
    }

    /**
     * An idle session, or a new one while under capacity. Caller holds a permit. If the token
     * refuses another session, the permit held is kept for good (the pool shrinks by one) and the
     * thread waits for another permit, i.e. for a session to come back.
     */
    private long takeSession(long e) throws Cryptoki.CkException, NeedsHealing {
        while (true) {
            Long s = idle.poll();
            if (s != null) {
                return s;
            }
            try {
                long h = module.ck.openSession(slot);
                openSessions.incrementAndGet();
                sessionsOpened.incrementAndGet();
                return h;
            } catch (Cryptoki.CkException ex) {
                if (ex.code() == Cryptoki.CKR_SESSION_COUNT && shrinkCapacity()) {
                    LOG.warn("{} refused another session with {} open: the pool now holds at most {}", description,
                            openSessions.get(), capacity);
                    acquirePermit();
                    continue;
                }
                if (isTokenGone(ex.code())) {
                    throw new NeedsHealing(e, ex);
                }
                throw ex;
            }
        }
    }

    private synchronized boolean shrinkCapacity() {
        if (capacity > 1 && openSessions.get() > 0) {
            capacity--;
            return true;
        }
        return false;
    }

    private void dropSession(long session) {
        // a session that failed may be in the middle of an operation: close it rather than reuse it
        try {
            module.ck.closeSession(session);
        } catch (Cryptoki.CkException ex) {
            LOG.debug("closing a failed session of {}: {}", description, ex.getMessage());
        }
        openSessions.decrementAndGet();
    }

    /** Sessions open for signing now (not counting the login session); for tests and monitoring. */
    int openSessionCount() {
        return openSessions.get();
    }

    /** Signing sessions opened since the token was opened (churn shows as growth here). */
    long sessionsOpened() {
        return sessionsOpened.get();
    }

    int capacity() {
        return capacity;
    }

    long epoch() {
        return epoch;
    }

    /** Return codes after which logging in again and re-finding objects may help. */
    static boolean isTokenGone(long code) {
        return code == Cryptoki.CKR_USER_NOT_LOGGED_IN || code == Cryptoki.CKR_SESSION_HANDLE_INVALID
                || code == Cryptoki.CKR_SESSION_CLOSED || code == Cryptoki.CKR_OBJECT_HANDLE_INVALID
                || code == Cryptoki.CKR_KEY_HANDLE_INVALID || code == Cryptoki.CKR_TOKEN_NOT_PRESENT
                || code == Cryptoki.CKR_TOKEN_NOT_RECOGNIZED || code == Cryptoki.CKR_DEVICE_REMOVED
                || code == Cryptoki.CKR_DEVICE_ERROR || code == Cryptoki.CKR_SLOT_ID_INVALID
                || code == Cryptoki.CKR_CRYPTOKI_NOT_INITIALIZED || code == Cryptoki.CKR_GENERAL_ERROR;
    }

    /**
     * Brings the token back after {@code failedEpoch} failed: a no-op if another thread already did.
     *
     * @throws BackendUnavailableException if the token cannot be found or logged in to now
     * @throws KeyAccessException          if the PIN is now refused (never retried)
     */
    void heal(long failedEpoch, String why) {
        state.writeLock().lock();
        try {
            if (epoch != failedEpoch) {
                return;
            }
            if (fatal != null) {
                throw new KeyAccessException("pkcs11: " + fatal + "; fix the PIN and open the key again");
            }
            LOG.warn("{} failed ({}): logging in again and re-finding keys", description, why);
            // forget (never close) the old sessions: their handle numbers may already belong to new ones
            idle.clear();
            openSessions.set(0);
            long seenGeneration = module.generation();
            // the last heal did not help (e.g. the module still shows a token that was deleted and
            // created again): re-initialise the module, at most once a second
            long now = System.nanoTime();
            boolean force = healsSinceSuccess > 0 && now - lastForcedReinit > TimeUnit.SECONDS.toNanos(1);
            healsSinceSuccess++;
            if (force) {
                lastForcedReinit = now;
                module.reinitialize(seenGeneration);
                if (!relocate(true)) {
                    throw new BackendUnavailableException("pkcs11: " + description + " is not present (looked again "
                            + "after re-initialising the module); the operation may succeed once it is back");
                }
            } else if (!relocate(false)) {
                module.reinitialize(seenGeneration);
                if (!relocate(true)) {
                    throw new BackendUnavailableException("pkcs11: " + description + " is not present (looked again "
                            + "after re-initialising the module); the operation may succeed once it is back");
                }
            }
            epoch++;
            LOG.info("{} is back in slot {} (epoch {})", description, slot, epoch);
        } finally {
            state.writeLock().unlock();
        }
    }

    /** Finds the token again and logs in. Caller holds the write lock. */
    private boolean relocate(boolean afterReinit) {
        module.enter();
        try {
            if (!afterReinit) {
                try {
                    module.ck.closeAllSessions(slot);
                } catch (Cryptoki.CkException e) {
                    LOG.debug("C_CloseAllSessions on {}: {}", description, e.getMessage());
                }
                module.loginPinHashes.remove(slot);
            }
            List<Pkcs11Module.Slot> slots = module.matchingSlots(selector);
            if (slots.size() != 1) {
                LOG.debug("{}: {} matching tokens", description, slots.size());
                return false;
            }
            slot = slots.get(0).id;
            moduleGeneration = module.generation();
            try {
                login(false);
            } catch (Cryptoki.CkException e) {
                if (isTokenGone(e.code())) {
                    return false;
                }
                throw new BackendUnavailableException("pkcs11: cannot log in again to " + description + ": " + e.getMessage(), e);
            }
            return true;
        } catch (Cryptoki.CkException e) {
            LOG.debug("{}: looking for the token again: {}", description, e.getMessage());
            return false;
        } finally {
            module.exit();
        }
    }

    /** A key stops using the token; the last one closes the sessions and logs out. */
    void release() {
        synchronized (TOKENS) {
            if (users.decrementAndGet() > 0) {
                return;
            }
            TOKENS.values().remove(this);
        }
        state.writeLock().lock();
        try {
            module.enter();
            try {
                Long s;
                while ((s = idle.poll()) != null) {
                    try {
                        module.ck.closeSession(s);
                    } catch (Cryptoki.CkException e) {
                        // already gone
                    }
                }
                if (moduleGeneration == module.generation()) {
                    try {
                        module.ck.logout(loginSession);
                        module.ck.closeSession(loginSession);
                    } catch (Cryptoki.CkException e) {
                        LOG.debug("logging out of {}: {}", description, e.getMessage());
                    }
                }
                module.loginPinHashes.remove(slot);
            } finally {
                module.exit();
            }
            fatal = "the token was closed";
            wipePin();
            LOG.debug("closed {}", description);
        } finally {
            state.writeLock().unlock();
        }
    }

    private void wipePin() {
        if (pin != null) {
            Arrays.fill(pin, '\0');
            pin = null;
        }
    }
}
