package dev.qseal.pkcs11;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p><b>Other users of the same slot.</b> A heal closes only the sessions this pool opened, never
 * {@code C_CloseAllSessions}: another token object on the same slot (a second selector) or an
 * inventory listing may be inside a session of its own, and closing a session another thread is
 * using crashes some modules. The login is shared through {@link Pkcs11Module#login}, so the last
 * user logs out, not the first.
 */
final class Pkcs11Token {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Token.class);
    /** Open tokens by module and selector; guarded by its own monitor (open and release run under it). */
    private static final Map<String, Pkcs11Token> TOKENS = new HashMap<>();
    static final int DEFAULT_MAX_SESSIONS = 8;

    final Pkcs11Module module;
    final Pkcs11Uri selector;
    final String description;
    private final String registryKey;
    private final long waitMillis;
    private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
    private final ConcurrentLinkedDeque<Long> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger openSessions = new AtomicInteger();
    private final AtomicInteger users = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong sessionsOpened = new java.util.concurrent.atomic.AtomicLong();
    private volatile Semaphore permits;
    private volatile int capacity;
    /** Our own copy, kept to log in again after a token reset; read and zeroed only under the write lock. */
    private char[] pin;
    /** Salted hash of {@link #pin}, fixed for the token's life: compared without touching the PIN itself. */
    private final byte[] pinHash;
    private volatile boolean loginRequired;
    private volatile long slot;
    private volatile long epoch;
    private volatile long moduleGeneration;
    /** The session kept open for the login (CK_INVALID_HANDLE, 0, when none). */
    private long loginSession;
    private volatile String fatal; // set when healing must not be tried again (wrong PIN)
    /** Heals since the last successful operation: a heal that did not help escalates to re-initialising the module. */
    private volatile int healsSinceSuccess;
    private long lastForcedReinit;

    private Pkcs11Token(Pkcs11Module module, Pkcs11Uri selector, String registryKey, char[] pin) {
        this.module = module;
        this.selector = selector;
        this.registryKey = registryKey;
        this.description = "pkcs11 token '" + selector.tokenSelector() + "' of " + module.path;
        this.waitMillis = selector.waitMillis;
        this.pin = pin == null ? null : pin.clone();
        this.pinHash = pin == null ? null : Pins.hash(pin);
    }

    /**
     * The shared token for the URI's module and token attributes, logged in with {@code pin}. The
     * caller keeps ownership of {@code pin} (and zeroes it); the token keeps its own copy.
     */
    static Pkcs11Token open(Pkcs11Uri uri, char[] pin) {
        Pkcs11Module module = Pkcs11Module.get(uri.modulePath);
        String key = module.path + "|" + uri.tokenSelector();
        // one monitor for lookup, start and release: a token is never handed out while it is being
        // closed, and a PIN copy is never used after it was zeroed
        synchronized (TOKENS) {
            Pkcs11Token t = TOKENS.get(key);
            if (t != null) {
                t.checkSamePin(pin);
                t.users.incrementAndGet();
                return t;
            }
            Pkcs11Token fresh = new Pkcs11Token(module, uri, key, pin);
            try {
                fresh.start(uri.maxSessions);
            } catch (RuntimeException e) {
                fresh.state.writeLock().lock();
                try {
                    fresh.wipePin();
                } finally {
                    fresh.state.writeLock().unlock();
                }
                throw e;
            }
            fresh.users.incrementAndGet();
            TOKENS.put(key, fresh);
            return fresh;
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
                loginRequired = (s.info.flags & Cryptoki.CKF_LOGIN_REQUIRED) != 0;
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
                closeOwnSessions(LoginAfter.LEAVE);
                throw new BackendUnavailableException("pkcs11: cannot open " + description + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeOwnSessions(LoginAfter.LEAVE);
                throw e;
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
        Pkcs11Module.Login result;
        try {
            result = module.login(this, slot, loginSession, pin, pinHash);
        } catch (Cryptoki.CkException e) {
            long c = e.code();
            if (c == Cryptoki.CKR_PIN_INCORRECT || c == Cryptoki.CKR_PIN_INVALID || c == Cryptoki.CKR_PIN_LEN_RANGE) {
                fatal = "the PIN for " + description + " is wrong";
                throw new KeyAccessException("pkcs11: wrong PIN for " + description + " (" + Cryptoki.name(c)
                        + "); not retried, so that the token does not lock: give the right PIN");
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
        if (result == Pkcs11Module.Login.DIFFERENT_PIN) {
            if (!first) {
                fatal = "the PIN for " + description + " differs from the one this process is logged in with";
            }
            throw differentPin();
        }
        if (result == Pkcs11Module.Login.UNCHECKED) {
            LOG.warn("{}: this process was already logged in to the token by another PKCS#11 user: the PIN given was "
                    + "not checked by the token", description);
        }
        if (!first) {
            LOG.warn("logged in again to {} (healed)", description);
        }
    }

    private KeyAccessException differentPin() {
        return new KeyAccessException("pkcs11: wrong PIN for " + description + ": it differs from the PIN this process "
                + "is logged in with (it was not sent to the token, so no PIN retry was used): give the right PIN");
    }

    /** Compares with the PIN this token logged in with, by hash: never reads {@link #pin}. */
    private void checkSamePin(char[] other) {
        byte[] otherHash = other == null ? null : Pins.hash(other);
        if (Pins.same(pinHash, otherHash)) {
            return;
        }
        if (other == null) {
            throw new KeyAccessException("pkcs11: no PIN was given for " + description + ", but this process is "
                    + "logged in to it with one: give the same PIN");
        }
        if (pinHash == null) {
            throw new KeyAccessException("pkcs11: a PIN was given for " + description + ", which this process uses "
                    + "without logging in: give no PIN, or close the keys that use it without one first");
        }
        throw differentPin();
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
        checkNotFatal();
        // wait for a session with no lock held: a waiting signer never holds up a heal or a re-initialisation
        acquirePermit();
        boolean permitHeld = true;
        try {
            while (true) {
                state.readLock().lock();
                try {
                    checkNotFatal();
                    long e = epoch;
                    module.enter();
                    try {
                        if (moduleGeneration != module.generation()) {
                            throw new NeedsHealing(e, new Cryptoki.CkException("module re-initialised", Cryptoki.CKR_CRYPTOKI_NOT_INITIALIZED));
                        }
                        long session = takeSession(e);
                        if (session != NO_SESSION) {
                            return runIn(work, session, e);
                        }
                        // the token refused another session: the permit we hold is kept for good (the
                        // pool shrank by one); wait below for a session to come back
                        permitHeld = false;
                    } finally {
                        module.exit();
                    }
                } finally {
                    state.readLock().unlock();
                }
                acquirePermit();
                permitHeld = true;
            }
        } finally {
            if (permitHeld) {
                permits.release();
            }
        }
    }

    private <T> T runIn(SessionWork<T> work, long session, long e) throws NeedsHealing, Cryptoki.CkException {
        boolean ok = false;
        long failure = Cryptoki.CKR_OK;
        try {
            T result = work.run(module.ck, session, e);
            ok = true;
            if (healsSinceSuccess != 0) {
                healsSinceSuccess = 0;
            }
            return result;
        } catch (Cryptoki.CkException ex) {
            failure = ex.code();
            if (isTokenGone(ex.code())) {
                throw new NeedsHealing(e, ex);
            }
            throw ex;
        } finally {
            if (ok) {
                idle.push(session);
            } else {
                dropSession(session, failure);
            }
        }
    }

    private void checkNotFatal() {
        String f = fatal;
        if (f != null) {
            throw new KeyAccessException("pkcs11: " + f + "; fix the PIN and open the key again");
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

    /** CK_INVALID_HANDLE: never a session. */
    private static final long NO_SESSION = 0;

    /**
     * An idle session, or a new one while under capacity. Caller holds a permit. If the token
     * refuses another session, the pool shrinks by one and the answer is {@link #NO_SESSION}: the
     * caller keeps its permit for good and waits for another, i.e. for a session to come back.
     */
    private long takeSession(long e) throws Cryptoki.CkException, NeedsHealing {
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
                return NO_SESSION;
            }
            if (isTokenGone(ex.code())) {
                throw new NeedsHealing(e, ex);
            }
            throw ex;
        }
    }

    private synchronized boolean shrinkCapacity() {
        if (capacity > 1 && openSessions.get() > 0) {
            capacity--;
            return true;
        }
        return false;
    }

    /**
     * Stops using a session that failed. It is closed (it may be in the middle of an operation)
     * unless the failure says it is closed already: then its handle number may already name
     * another user's new session, which must not be closed.
     */
    private void dropSession(long session, long failure) {
        if (failure != Cryptoki.CKR_SESSION_HANDLE_INVALID && failure != Cryptoki.CKR_SESSION_CLOSED
                && failure != Cryptoki.CKR_CRYPTOKI_NOT_INITIALIZED && moduleGeneration == module.generation()) {
            try {
                module.ck.closeSession(session);
            } catch (Cryptoki.CkException ex) {
                LOG.debug("closing a failed session of {}: {}", description, ex.getMessage());
            }
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

    /** Sessions signing now: permits taken from the pool (one atomic read; may change right after). */
    int sessionsInUse() {
        Semaphore p = permits;
        return p == null ? 0 : Math.max(0, capacity - p.availablePermits());
    }

    /** Threads waiting for a session (an estimate, as {@link Semaphore#getQueueLength()} says). */
    int sessionWaiters() {
        Semaphore p = permits;
        return p == null ? 0 : p.getQueueLength();
    }

    long epoch() {
        return epoch;
    }

    long slot() {
        return slot;
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
            checkNotFatal();
            LOG.warn("{} failed ({}): logging in again and re-finding keys", description, why);
            module.enter();
            try {
                closeOwnSessions(LoginAfter.KEEP);
            } finally {
                module.exit();
            }
            long seenGeneration = module.generation();
            // the last heal did not help (e.g. the module still shows a token that was deleted and
            // created again): re-initialise the module, at most once a second
            long now = System.nanoTime();
            boolean force = healsSinceSuccess > 0 && now - lastForcedReinit > TimeUnit.SECONDS.toNanos(1);
            healsSinceSuccess++;
            if (force) {
                lastForcedReinit = now;
                module.reinitialize(seenGeneration);
                if (!relocate()) {
                    throw notPresent();
                }
            } else if (!relocate()) {
                module.reinitialize(seenGeneration);
                if (!relocate()) {
                    throw notPresent();
                }
            }
            epoch++;
            LOG.warn("{} is back in slot {} (epoch {}): healed", description, slot, epoch);
        } finally {
            state.writeLock().unlock();
        }
    }

    private BackendUnavailableException notPresent() {
        return new BackendUnavailableException("pkcs11: " + description + " is not present (looked again "
                + "after re-initialising the module); the operation may succeed once it is back");
    }

    /** What {@link #closeOwnSessions} does with this pool's share of the slot's login. */
    private enum LoginAfter {
        /** Stay a holder (a heal: the same PIN logs in again, and may find the login still there). */
        KEEP,
        /** Stop being a holder, without C_Logout. */
        LEAVE,
        /** Stop being a holder; the last holder logs the process out. */
        LOG_OUT
    }

    /**
     * Closes the sessions this pool opened (idle ones and the login session); never
     * C_CloseAllSessions, which would close sessions of other users of the slot. If the module was
     * re-initialised since they were opened, the handles are only forgotten: their numbers may
     * already name other users' new sessions. Caller holds the write lock (no session of ours is
     * in use) and is inside the module.
     */
    private void closeOwnSessions(LoginAfter after) {
        boolean ours = moduleGeneration == module.generation();
        Long s;
        while ((s = idle.poll()) != null) {
            if (ours) {
                closeQuietly(s);
            }
        }
        openSessions.set(0);
        if (after == LoginAfter.LOG_OUT && ours && loginSession != NO_SESSION) {
            module.logout(this, slot, loginSession);
        } else if (after != LoginAfter.KEEP) {
            module.forgetLogin(this, slot);
        }
        if (loginSession != NO_SESSION && ours) {
            closeQuietly(loginSession);
        }
        loginSession = NO_SESSION;
    }

    private void closeQuietly(long session) {
        try {
            module.ck.closeSession(session);
        } catch (Cryptoki.CkException e) {
            LOG.debug("closing a session of {}: {}", description, e.getMessage());
        }
    }

    /** Finds the token again and logs in. Caller holds the write lock. */
    private boolean relocate() {
        module.enter();
        try {
            List<Pkcs11Module.Slot> slots = module.matchingSlots(selector);
            if (slots.size() != 1) {
                LOG.debug("{}: {} matching tokens", description, slots.size());
                return false;
            }
            if (slots.get(0).id != slot) {
                module.forgetLogin(this, slot); // the token moved: our share of the old slot's login is void
            }
            slot = slots.get(0).id;
            loginRequired = (slots.get(0).info.flags & Cryptoki.CKF_LOGIN_REQUIRED) != 0;
            moduleGeneration = module.generation();
            try {
                login(false);
            } catch (Cryptoki.CkException e) {
                closeOwnSessions(LoginAfter.LEAVE);
                if (isTokenGone(e.code())) {
                    return false;
                }
                throw new BackendUnavailableException("pkcs11: cannot log in again to " + description + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeOwnSessions(LoginAfter.LEAVE);
                throw e;
            }
            return true;
        } catch (Cryptoki.CkException e) {
            LOG.debug("{}: looking for the token again: {}", description, e.getMessage());
            return false;
        } finally {
            module.exit();
        }
    }

    /** Whether the token says private objects need a login, and this token has no PIN to log in with. */
    boolean notLoggedInButNeeded() {
        return pinHash == null && loginRequired;
    }

    /**
     * A key stops using the token; the last one closes the pool's sessions and leaves the login
     * (the process is logged out only if no other user of the slot relies on the login). The token
     * stays in the registry until that is done, so a concurrent {@link #open} waits for it and then
     * starts afresh instead of being logged out behind its back.
     */
    void release() {
        synchronized (TOKENS) {
            if (users.decrementAndGet() > 0) {
                return;
            }
            state.writeLock().lock();
            try {
                module.enter();
                try {
                    closeOwnSessions(LoginAfter.LOG_OUT);
                } finally {
                    module.exit();
                }
                fatal = "the token was closed";
                wipePin();
                LOG.debug("closed {}", description);
            } finally {
                state.writeLock().unlock();
                TOKENS.remove(registryKey, this);
            }
        }
    }

    /** Caller holds the write lock. */
    private void wipePin() {
        Pins.wipe(pin);
        pin = null;
    }
}
