package dev.qseal.pkcs11;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded PKCS#11 library, shared by every token and key of this JVM that uses it (one per
 * canonical path). Initialised with OS locking, so calls from many threads need no lock of ours;
 * a module that cannot lock ({@code CKR_CANT_LOCK}) is initialised single-threaded and then every
 * call goes through one lock.
 *
 * <p>Every Cryptoki call runs under the read side of {@link #lifecycle}: many at once. Only
 * {@link #reinitialize} (C_Finalize + C_Initialize, needed when a token was removed and added
 * again: SoftHSM, for one, sees new tokens only at C_Initialize) takes the write side, so no
 * thread is ever inside the library while it is finalised.
 */
final class Pkcs11Module {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Module.class);
    private static final Map<String, Pkcs11Module> MODULES = new ConcurrentHashMap<>();

    final Cryptoki ck;
    final String path;
    private final boolean singleThreaded;
    private final ReentrantLock serialLock = new ReentrantLock();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile long generation;
    /**
     * Per slot: who in this process relies on the user login, and a salted hash of the PIN it was
     * made with. Cryptoki's login state belongs to the application and the token, not to a
     * session: one C_Logout logs every session of the process out. So nobody logs out while
     * another holder is logged in, and a second PIN is checked against the hash, not by C_Login
     * (which would answer CKR_USER_ALREADY_LOGGED_IN to any PIN).
     */
    private final Map<Long, SlotLogin> logins = new HashMap<>();

    private static final class SlotLogin {
        /** Null while no PIN was checked by the token (the process was logged in by someone else). */
        byte[] pinHash;
        final Set<Object> holders = new HashSet<>();
    }

    /** What {@link #login} did. */
    enum Login {
        /** The token checked the PIN (C_Login answered CKR_OK). */
        CHECKED_BY_TOKEN,
        /** Another holder in this process is logged in with the same PIN; the login is shared. */
        SAME_AS_HOLDER,
        /**
         * The token said the application is already logged in, but not through qseal (e.g. a
         * SunPKCS11 provider on the same library): the PIN could not be checked.
         */
        UNCHECKED,
        /** Another holder is logged in with a different PIN: this one is wrong. Nothing was sent to the token. */
        DIFFERENT_PIN
    }

    private Pkcs11Module(String path, Cryptoki ck, boolean singleThreaded) {
        this.path = path;
        this.ck = ck;
        this.singleThreaded = singleThreaded;
    }

    /**
     * The shared module for a library path, loaded and initialised on first use.
     *
     * @throws KeyNotFoundException if the file does not exist
     * @throws BadInputException    if it is not a loadable PKCS#11 library
     */
    static Pkcs11Module get(String modulePath) {
        Path p = Paths.get(modulePath);
        if (!Files.exists(p)) {
            throw new KeyNotFoundException("pkcs11: the PKCS#11 module " + modulePath + " does not exist: "
                    + "check module-path (SoftHSM2 on Debian: /usr/lib/softhsm/libsofthsm2.so)");
        }
        String key;
        try {
            key = p.toRealPath().toString();
        } catch (java.io.IOException e) {
            throw new KeyNotFoundException("pkcs11: cannot resolve the module path " + modulePath + ": " + e.getMessage());
        }
        if (!Files.isRegularFile(Paths.get(key))) {
            throw new BadInputException("pkcs11: the module path " + modulePath + " is not a file");
        }
        return MODULES.computeIfAbsent(key, Pkcs11Module::load);
    }

    private static Pkcs11Module load(String path) {
        Cryptoki ck;
        try {
            ck = Cryptoki.load(path);
        } catch (UnsatisfiedLinkError e) {
            throw new BadInputException("pkcs11: " + path + " is not a PKCS#11 module: it cannot be loaded as a "
                    + "native library for this platform (" + firstLine(e.getMessage()) + ")");
        } catch (IllegalArgumentException e) {
            throw new BadInputException("pkcs11: " + path + " is not a PKCS#11 module: " + e.getMessage());
        }
        try {
            boolean already = ck.initialize();
            if (already) {
                LOG.info("PKCS#11 module {} was already initialised in this process (by SunPKCS11 or another user); sharing it", path);
            }
            LOG.debug("loaded PKCS#11 module {} with OS locking", path);
            return new Pkcs11Module(path, ck, false);
        } catch (Cryptoki.CkException e) {
            if (e.code() == Cryptoki.CKR_CANT_LOCK) {
                try {
                    ck.initializeSingleThreaded();
                    LOG.warn("PKCS#11 module {} cannot use OS locking: every call to it is serialised", path);
                    return new Pkcs11Module(path, ck, true);
                } catch (Cryptoki.CkException e2) {
                    throw new BackendUnavailableException("pkcs11: cannot initialise " + path + ": " + e2.getMessage(), e2);
                }
            }
            throw new BackendUnavailableException("pkcs11: cannot initialise " + path + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    boolean singleThreaded() {
        return singleThreaded;
    }

    long generation() {
        return generation;
    }

    /** Enter a Cryptoki call (many threads at once unless the module is single-threaded). */
    void enter() {
        lifecycle.readLock().lock();
        if (singleThreaded) {
            serialLock.lock();
        }
    }

    void exit() {
        if (singleThreaded) {
            serialLock.unlock();
        }
        lifecycle.readLock().unlock();
    }

    /**
     * C_Finalize + C_Initialize, unless someone already did it since {@code seenGeneration}. Every
     * session and login of this module in this process is gone afterwards.
     */
    void reinitialize(long seenGeneration) {
        lifecycle.writeLock().lock();
        try {
            if (generation != seenGeneration) {
                return;
            }
            LOG.warn("re-initialising PKCS#11 module {} to find tokens that were removed and added again", path);
            try {
                ck.finalizeModule();
            } catch (Cryptoki.CkException e) {
                LOG.debug("C_Finalize during re-initialisation: {}", e.getMessage());
            }
            synchronized (logins) {
                logins.clear(); // C_Finalize ended every login of this process
            }
            try {
                if (singleThreaded) {
                    ck.initializeSingleThreaded();
                } else {
                    ck.initialize();
                }
            } catch (Cryptoki.CkException e) {
                throw new BackendUnavailableException("pkcs11: cannot re-initialise " + path + ": " + e.getMessage(), e);
            } finally {
                generation++;
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /**
     * Logs {@code holder} in to {@code slot} with {@code pin} through {@code session}, or joins the
     * login another holder already made with the same PIN. Call between {@link #enter()} and
     * {@link #exit()}. A PIN that differs from the one another holder logged in with is never sent
     * to the token (so it uses up no PIN retry): the answer is {@link Login#DIFFERENT_PIN}.
     *
     * @throws Cryptoki.CkException as C_Login (e.g. {@code CKR_PIN_INCORRECT})
     */
    Login login(Object holder, long slot, long session, char[] pin, byte[] pinHash) throws Cryptoki.CkException {
        synchronized (logins) {
            SlotLogin current = logins.computeIfAbsent(slot, s -> new SlotLogin());
            if (current.pinHash != null && !current.holders.contains(holder) && !Pins.same(current.pinHash, pinHash)) {
                return Login.DIFFERENT_PIN;
            }
            // with a known PIN hash the PIN is one that worked, so asking again (the login may have been
            // lost, e.g. by a token reset) cannot use up a PIN retry
            boolean already;
            try {
                already = ck.login(session, pin);
            } finally {
                if (current.holders.isEmpty() && current.pinHash == null) {
                    logins.remove(slot);
                }
            }
            current.holders.add(holder);
            logins.put(slot, current);
            if (!already) {
                current.pinHash = pinHash;
                return Login.CHECKED_BY_TOKEN;
            }
            return current.pinHash != null ? Login.SAME_AS_HOLDER : Login.UNCHECKED;
        }
    }

    /**
     * {@code holder} no longer relies on the login of {@code slot}; the last holder logs the
     * process out (through {@code session}, if it is still open). Call between enter() and exit().
     *
     * @return true if this was the last holder
     */
    boolean logout(Object holder, long slot, long session) {
        synchronized (logins) {
            SlotLogin current = logins.get(slot);
            if (current == null || !current.holders.remove(holder)) {
                return false;
            }
            if (!current.holders.isEmpty()) {
                return false;
            }
            logins.remove(slot);
            try {
                ck.logout(session);
            } catch (Cryptoki.CkException e) {
                LOG.debug("C_Logout on slot {} of {}: {}", slot, path, e.getMessage());
            }
            return true;
        }
    }

    /** {@code holder} no longer relies on the login of {@code slot} (its sessions there are gone); no C_Logout. */
    void forgetLogin(Object holder, long slot) {
        synchronized (logins) {
            SlotLogin current = logins.get(slot);
            if (current != null && current.holders.remove(holder) && current.holders.isEmpty()) {
                logins.remove(slot);
            }
        }
    }

    /** A token found in a slot. */
    static final class Slot {
        final long id;
        final Cryptoki.TokenInfo info;

        Slot(long id, Cryptoki.TokenInfo info) {
            this.id = id;
            this.info = info;
        }
    }

    /** Slots whose token matches every attribute the URI gives. Call between enter() and exit(). */
    List<Slot> matchingSlots(Pkcs11Uri uri) throws Cryptoki.CkException {
        List<Slot> out = new ArrayList<>();
        for (long slot : ck.slotsWithToken()) {
            if (uri.slotId != null && uri.slotId != slot) {
                continue;
            }
            Cryptoki.TokenInfo info;
            try {
                info = ck.tokenInfo(slot);
            } catch (Cryptoki.CkException e) {
                LOG.debug("slot {} of {}: {}", slot, path, e.getMessage());
                continue;
            }
            if ((info.flags & Cryptoki.CKF_TOKEN_INITIALIZED) == 0) {
                continue;
            }
            if (matches(uri.token, info.label) && matches(uri.serial, info.serial)
                    && matches(uri.manufacturer, info.manufacturer) && matches(uri.model, info.model)) {
                out.add(new Slot(slot, info));
            }
        }
        return out;
    }

    /** Labels of the initialised tokens, for "unknown token" messages. */
    List<String> tokenLabels() {
        List<String> out = new ArrayList<>();
        enter();
        try {
            for (long slot : ck.slotsWithToken()) {
                try {
                    Cryptoki.TokenInfo info = ck.tokenInfo(slot);
                    if ((info.flags & Cryptoki.CKF_TOKEN_INITIALIZED) != 0) {
                        out.add(info.label);
                    }
                } catch (Cryptoki.CkException e) {
                    // a slot that cannot describe its token is not listed
                }
            }
        } catch (Cryptoki.CkException e) {
            // nothing to list
        } finally {
            exit();
        }
        return out;
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }
}
