package dev.qseal.pkcs11;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A minimal Cryptoki (PKCS#11 v2.40) binding over JNA: the functions qseal needs to find a token,
 * log in, find objects, read attributes and sign. Functions are taken from the module's
 * {@code CK_FUNCTION_LIST} (so modules that export only {@code C_GetFunctionList} work), and the
 * structures are laid out by hand for the platform's {@code CK_ULONG} size and packing (1 on
 * Windows, natural alignment elsewhere).
 *
 * <p>Every call returns normally or throws {@link CkException} with the {@code CKR_} code.
 * Thread-safety is the module's: {@link #initialize()} asks for OS locking.
 */
final class Cryptoki {
    // CK_RV
    static final long CKR_OK = 0x0;
    static final long CKR_SLOT_ID_INVALID = 0x3;
    static final long CKR_GENERAL_ERROR = 0x5;
    static final long CKR_FUNCTION_FAILED = 0x6;
    static final long CKR_CANT_LOCK = 0xA;
    static final long CKR_ATTRIBUTE_SENSITIVE = 0x11;
    static final long CKR_ATTRIBUTE_TYPE_INVALID = 0x12;
    static final long CKR_DEVICE_ERROR = 0x30;
    static final long CKR_DEVICE_REMOVED = 0x32;
    static final long CKR_KEY_HANDLE_INVALID = 0x60;
    static final long CKR_OBJECT_HANDLE_INVALID = 0x82;
    static final long CKR_OPERATION_ACTIVE = 0x90;
    static final long CKR_PIN_INCORRECT = 0xA0;
    static final long CKR_PIN_INVALID = 0xA1;
    static final long CKR_PIN_LEN_RANGE = 0xA2;
    static final long CKR_PIN_EXPIRED = 0xA3;
    static final long CKR_PIN_LOCKED = 0xA4;
    static final long CKR_SESSION_CLOSED = 0xB0;
    static final long CKR_SESSION_COUNT = 0xB1;
    static final long CKR_SESSION_HANDLE_INVALID = 0xB3;
    static final long CKR_TOKEN_NOT_PRESENT = 0xE0;
    static final long CKR_TOKEN_NOT_RECOGNIZED = 0xE1;
    static final long CKR_USER_ALREADY_LOGGED_IN = 0x100;
    static final long CKR_USER_NOT_LOGGED_IN = 0x101;
    static final long CKR_USER_PIN_NOT_INITIALIZED = 0x102;
    static final long CKR_BUFFER_TOO_SMALL = 0x150;
    static final long CKR_CRYPTOKI_NOT_INITIALIZED = 0x190;
    static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

    // object classes, key types, attributes
    static final long CKO_CERTIFICATE = 1;
    static final long CKO_PUBLIC_KEY = 2;
    static final long CKO_PRIVATE_KEY = 3;
    static final long CKK_RSA = 0;
    static final long CKK_EC = 3;
    static final long CKA_CLASS = 0x0;
    static final long CKA_TOKEN = 0x1;
    static final long CKA_PRIVATE = 0x2;
    static final long CKA_LABEL = 0x3;
    static final long CKA_VALUE = 0x11;
    static final long CKA_KEY_TYPE = 0x100;
    static final long CKA_ID = 0x102;
    static final long CKA_MODULUS = 0x120;
    static final long CKA_PUBLIC_EXPONENT = 0x122;
    static final long CKA_EC_PARAMS = 0x180;
    static final long CKA_EC_POINT = 0x181;

    // mechanisms and their parameters
    static final long CKM_RSA_PKCS = 0x1;
    static final long CKM_RSA_PKCS_PSS = 0xD;
    static final long CKM_ECDSA = 0x1041;
    static final long CKM_SHA256 = 0x250;
    static final long CKM_SHA384 = 0x260;
    static final long CKM_SHA512 = 0x270;
    static final long CKG_MGF1_SHA256 = 0x2;
    static final long CKG_MGF1_SHA384 = 0x3;
    static final long CKG_MGF1_SHA512 = 0x4;

    static final long CKU_USER = 1;
    static final long CKF_SERIAL_SESSION = 0x4;
    static final long CKF_OS_LOCKING_OK = 0x2;
    static final long CKF_LOGIN_REQUIRED = 0x4;
    static final long CKF_TOKEN_INITIALIZED = 0x400;
    static final long CKF_USER_PIN_COUNT_LOW = 0x10000;
    static final long CKF_USER_PIN_FINAL_TRY = 0x20000;
    static final long CKF_USER_PIN_LOCKED = 0x40000;
    /** Not a Cryptoki code: qseal's own, for a module answer that cannot be right (an absurd length). */
    static final long CKR_QSEAL_ABSURD_ANSWER = 0x80000000L | 0x51534C;
    /** Most slots a module may report; more is taken as a faulty module. */
    static final int MAX_SLOTS = 4096;
    // The longest attribute values qseal accepts from a module (far above any real object's):
    /** CKA_LABEL (tokens show 32 bytes; objects rarely more than 64). */
    static final int MAX_LABEL = 1024;
    /** CKA_ID (usually a 1..32-byte key identifier). */
    static final int MAX_ID = 256;
    /** CKA_MODULUS and CKA_PUBLIC_EXPONENT: up to RSA-16384. */
    static final int MAX_RSA_INTEGER = 2048;
    /** CKA_EC_PARAMS (a named-curve OID is 7..10 bytes; explicit parameters a few hundred). */
    static final int MAX_EC_PARAMS = 1024;
    /** CKA_EC_POINT (a DER OCTET STRING around an uncompressed P-521 point is 136 bytes). */
    static final int MAX_EC_POINT = 1024;
    /** CKA_VALUE of a certificate (QSealCs are 1..3 KiB). */
    static final int MAX_CERTIFICATE = 64 * 1024;
    static final long CK_UNAVAILABLE_INFORMATION = -1L;

    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(0x0L, "CKR_OK"), Map.entry(0x1L, "CKR_CANCEL"), Map.entry(0x2L, "CKR_HOST_MEMORY"),
            Map.entry(0x3L, "CKR_SLOT_ID_INVALID"), Map.entry(0x5L, "CKR_GENERAL_ERROR"),
            Map.entry(0x6L, "CKR_FUNCTION_FAILED"), Map.entry(0x7L, "CKR_ARGUMENTS_BAD"),
            Map.entry(0x9L, "CKR_NEED_TO_CREATE_THREADS"), Map.entry(0xAL, "CKR_CANT_LOCK"),
            Map.entry(0x11L, "CKR_ATTRIBUTE_SENSITIVE"), Map.entry(0x12L, "CKR_ATTRIBUTE_TYPE_INVALID"),
            Map.entry(0x21L, "CKR_DATA_LEN_RANGE"), Map.entry(0x30L, "CKR_DEVICE_ERROR"),
            Map.entry(0x31L, "CKR_DEVICE_MEMORY"), Map.entry(0x32L, "CKR_DEVICE_REMOVED"),
            Map.entry(0x54L, "CKR_FUNCTION_NOT_SUPPORTED"),
            Map.entry(0x60L, "CKR_KEY_HANDLE_INVALID"), Map.entry(0x63L, "CKR_KEY_TYPE_INCONSISTENT"),
            Map.entry(0x68L, "CKR_KEY_FUNCTION_NOT_PERMITTED"), Map.entry(0x70L, "CKR_MECHANISM_INVALID"),
            Map.entry(0x71L, "CKR_MECHANISM_PARAM_INVALID"), Map.entry(0x82L, "CKR_OBJECT_HANDLE_INVALID"),
            Map.entry(0x90L, "CKR_OPERATION_ACTIVE"), Map.entry(0x91L, "CKR_OPERATION_NOT_INITIALIZED"),
            Map.entry(0xA0L, "CKR_PIN_INCORRECT"), Map.entry(0xA1L, "CKR_PIN_INVALID"),
            Map.entry(0xA2L, "CKR_PIN_LEN_RANGE"), Map.entry(0xA3L, "CKR_PIN_EXPIRED"),
            Map.entry(0xA4L, "CKR_PIN_LOCKED"), Map.entry(0xB0L, "CKR_SESSION_CLOSED"),
            Map.entry(0xB1L, "CKR_SESSION_COUNT"), Map.entry(0xB3L, "CKR_SESSION_HANDLE_INVALID"),
            Map.entry(0xB4L, "CKR_SESSION_PARALLEL_NOT_SUPPORTED"), Map.entry(0xE0L, "CKR_TOKEN_NOT_PRESENT"),
            Map.entry(0xE1L, "CKR_TOKEN_NOT_RECOGNIZED"), Map.entry(0x100L, "CKR_USER_ALREADY_LOGGED_IN"),
            Map.entry(0x101L, "CKR_USER_NOT_LOGGED_IN"), Map.entry(0x102L, "CKR_USER_PIN_NOT_INITIALIZED"),
            Map.entry(0x150L, "CKR_BUFFER_TOO_SMALL"), Map.entry(0x190L, "CKR_CRYPTOKI_NOT_INITIALIZED"),
            Map.entry(0x191L, "CKR_CRYPTOKI_ALREADY_INITIALIZED"));

    /** A Cryptoki call that returned something other than {@code CKR_OK}. */
    static final class CkException extends Exception {
        private final long code;

        CkException(String function, long code) {
            super(function + " returned " + name(code));
            this.code = code;
        }

        /** The module answered with a length no real object has: a faulty or hostile module. */
        static CkException absurd(String function, String what, long length, long max) {
            return new CkException(function + " answered " + Long.toUnsignedString(length) + " bytes for " + what
                    + ", more than the " + max + " any real object needs: the module or token is faulty", CKR_QSEAL_ABSURD_ANSWER, true);
        }

        private CkException(String message, long code, boolean unused) {
            super(message);
            this.code = code;
        }

        long code() {
            return code;
        }
    }

    /** The symbolic name of a return value, e.g. {@code CKR_PIN_INCORRECT}, or its hex value. */
    static String name(long rv) {
        String n = NAMES.get(rv);
        return n != null ? n : "CKR_0x" + Long.toHexString(rv).toUpperCase(java.util.Locale.ROOT);
    }

    private static final int FN_INITIALIZE = 0;
    private static final int FN_FINALIZE = 1;
    private static final int FN_GET_SLOT_LIST = 4;
    private static final int FN_GET_TOKEN_INFO = 6;
    private static final int FN_OPEN_SESSION = 12;
    private static final int FN_CLOSE_SESSION = 13;
    private static final int FN_LOGIN = 18;
    private static final int FN_LOGOUT = 19;
    private static final int FN_GET_ATTRIBUTE_VALUE = 24;
    private static final int FN_FIND_OBJECTS_INIT = 26;
    private static final int FN_FIND_OBJECTS = 27;
    private static final int FN_FIND_OBJECTS_FINAL = 28;
    private static final int FN_SIGN_INIT = 42;
    private static final int FN_SIGN = 43;
    private static final int FN_COUNT = 68;

    /** CK_ULONG size: 4 on Windows (LLP64), the pointer size elsewhere. */
    static final int ULONG = NativeLong.SIZE;
    static final int PTR = Native.POINTER_SIZE;
    /** dlopen flags: RTLD_LAZY | RTLD_LOCAL (RTLD_LOCAL is 0 on Linux and the BSDs, 4 on macOS; ignored on Windows). */
    private static final int LOCAL_OPEN_FLAGS = Platform.isMac() ? 0x1 | 0x4 : 0x1;
    /** Cryptoki structures are packed to 1 byte on Windows and naturally aligned elsewhere. */
    private static final boolean PACKED = Platform.isWindows();

    private final String path;
    /** Held for the life of this binding: JNA unloads (dlclose) a library whose NativeLibrary is collected. */
    private final NativeLibrary library;
    private final Function[] functions;
    private final java.util.concurrent.atomic.AtomicLong refusedPins = new java.util.concurrent.atomic.AtomicLong();

    private Cryptoki(String path, NativeLibrary library, Function[] functions) {
        this.path = path;
        this.library = library;
        this.functions = functions;
    }

    /**
     * Loads a module and reads its function list.
     *
     * @throws UnsatisfiedLinkError if the file cannot be loaded as a native library
     * @throws IllegalArgumentException if it is a library but not a PKCS#11 module
     */
    static Cryptoki load(String path) {
        // RTLD_LOCAL, not JNA's default RTLD_GLOBAL: a module's own C_xxx symbols must not interpose on those of
        // another module loaded later (the OpenSC spy loaded first made SoftHSM's function list point back at the
        // spy: endless C_Initialize recursion); SunPKCS11 opens modules the same way
        NativeLibrary lib = NativeLibrary.getInstance(path, Map.of(Library.OPTION_OPEN_FLAGS, LOCAL_OPEN_FLAGS));
        Function getFunctionList;
        try {
            getFunctionList = lib.getFunction("C_GetFunctionList");
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalArgumentException("it has no C_GetFunctionList", e);
        }
        Memory pp = new Memory(PTR);
        pp.setPointer(0, null);
        long rv = getFunctionList.invokeLong(new Object[] {pp});
        rv = PTR == 8 && ULONG == 4 ? rv & 0xffffffffL : rv;
        if (rv != CKR_OK) {
            throw new IllegalArgumentException("C_GetFunctionList returned " + name(rv));
        }
        Pointer list = pp.getPointer(0);
        if (list == null) {
            throw new IllegalArgumentException("C_GetFunctionList returned no list");
        }
        // CK_FUNCTION_LIST = { CK_VERSION version (2 bytes); CK_C_xxx pointers... }
        long first = PACKED ? 2 : PTR;
        Function[] fns = new Function[FN_COUNT];
        for (int i = 0; i < FN_COUNT; i++) {
            Pointer fp = list.getPointer(first + (long) i * PTR);
            fns[i] = fp == null ? null : Function.getFunction(fp);
        }
        for (int i : new int[] {FN_INITIALIZE, FN_GET_SLOT_LIST, FN_GET_TOKEN_INFO, FN_OPEN_SESSION, FN_LOGIN,
                FN_GET_ATTRIBUTE_VALUE, FN_FIND_OBJECTS_INIT, FN_FIND_OBJECTS, FN_SIGN_INIT, FN_SIGN}) {
            if (fns[i] == null) {
                throw new IllegalArgumentException("its function list lacks function #" + i);
            }
        }
        return new Cryptoki(path, lib, fns);
    }

    String path() {
        return path;
    }

    NativeLibrary library() {
        return library;
    }

    /** For tests: the raw function pointer at index {@code i} of the function list. */
    Pointer functionPointer(int i) {
        return functions[i];
    }

    private long call(int fn, String name, Object... args) throws CkException {
        Function f = functions[fn];
        if (f == null) {
            throw new CkException(name, 0x54); // CKR_FUNCTION_NOT_SUPPORTED
        }
        // CK_RV is a CK_ULONG: read as a primitive (no NativeLong boxed and converted back per call)
        return ULONG == 8 ? f.invokeLong(args) : f.invokeInt(args) & 0xffffffffL;
    }

    private void check(int fn, String name, Object... args) throws CkException {
        long rv = call(fn, name, args);
        if (rv != CKR_OK) {
            throw new CkException(name, rv);
        }
    }

    /** A CK_ULONG argument: a plain Long where CK_ULONG is 64 bits, a NativeLong (32 bits) on Windows. */
    private static Object ul(long v) {
        return ULONG == 8 ? (Object) v : new NativeLong(v);
    }

    private static long getUlong(Pointer p, long off) {
        return ULONG == 8 ? p.getLong(off) : p.getInt(off) & 0xffffffffL;
    }

    private static void setUlong(Pointer p, long off, long v) {
        if (ULONG == 8) {
            p.setLong(off, v);
        } else {
            p.setInt(off, (int) v);
        }
    }

    /** Offset of the pointer field in CK_ATTRIBUTE / CK_MECHANISM ({ULONG; void*; ULONG}). */
    private static final int TRIPLE_PTR_OFF = PACKED ? ULONG : Math.max(ULONG, PTR);
    private static final int TRIPLE_LEN_OFF = TRIPLE_PTR_OFF + PTR;
    private static final int TRIPLE_SIZE = PACKED ? TRIPLE_LEN_OFF + ULONG
            : align(TRIPLE_LEN_OFF + ULONG, Math.max(ULONG, PTR));

    private static int align(int v, int a) {
        return (v + a - 1) / a * a;
    }

    /**
     * C_Initialize asking for OS locking, so the module can be called from many threads without a
     * lock of ours. Returns true if the module was already initialised in this process (by another
     * user of the same library, e.g. SunPKCS11).
     *
     * @throws CkException {@code CKR_CANT_LOCK} if the module cannot lock; callers then serialise
     */
    boolean initialize() throws CkException {
        int size = PACKED ? 4 * PTR + ULONG + PTR : align(4 * PTR + ULONG, PTR) + PTR;
        Memory args = new Memory(size);
        args.clear();
        setUlong(args, 4L * PTR, CKF_OS_LOCKING_OK);
        long rv = call(FN_INITIALIZE, "C_Initialize", args);
        if (rv == CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            return true;
        }
        if (rv != CKR_OK) {
            throw new CkException("C_Initialize", rv);
        }
        return false;
    }

    /** C_Initialize without locking arguments: the caller promises never to call concurrently. */
    void initializeSingleThreaded() throws CkException {
        long rv = call(FN_INITIALIZE, "C_Initialize", (Object) null);
        if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            throw new CkException("C_Initialize", rv);
        }
    }

    void finalizeModule() throws CkException {
        long rv = call(FN_FINALIZE, "C_Finalize", (Object) null);
        if (rv != CKR_OK && rv != CKR_CRYPTOKI_NOT_INITIALIZED) {
            throw new CkException("C_Finalize", rv);
        }
    }

    /** Slots that hold a token. */
    long[] slotsWithToken() throws CkException {
        Memory count = new Memory(ULONG);
        setUlong(count, 0, 0);
        check(FN_GET_SLOT_LIST, "C_GetSlotList", (byte) 1, null, count);
        long n = getUlong(count, 0);
        if (n == 0) {
            return new long[0];
        }
        if (n > MAX_SLOTS) {
            throw CkException.absurd("C_GetSlotList", "the slot count", n, MAX_SLOTS);
        }
        long room = n;
        Memory slots = new Memory(room * ULONG);
        check(FN_GET_SLOT_LIST, "C_GetSlotList", (byte) 1, slots, count);
        n = getUlong(count, 0);
        if (n > room) {
            throw CkException.absurd("C_GetSlotList", "the slot count", n, room);
        }
        long[] out = new long[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = getUlong(slots, (long) i * ULONG);
        }
        return out;
    }

    /** What a token says about itself. */
    static final class TokenInfo {
        final String label;
        final String manufacturer;
        final String model;
        final String serial;
        final long flags;
        final long maxSessionCount;

        TokenInfo(String label, String manufacturer, String model, String serial, long flags, long maxSessionCount) {
            this.label = label;
            this.manufacturer = manufacturer;
            this.model = model;
            this.serial = serial;
            this.flags = flags;
            this.maxSessionCount = maxSessionCount;
        }
    }

    TokenInfo tokenInfo(long slot) throws CkException {
        Memory info = new Memory(96 + 16L * ULONG + 64);
        info.clear();
        check(FN_GET_TOKEN_INFO, "C_GetTokenInfo", ul(slot), info);
        return new TokenInfo(padded(info, 0, 32), padded(info, 32, 32), padded(info, 64, 16), padded(info, 80, 16),
                getUlong(info, 96), getUlong(info, 96 + ULONG));
    }

    private static String padded(Pointer p, long off, int len) {
        byte[] b = p.getByteArray(off, len);
        int end = len;
        while (end > 0 && (b[end - 1] == ' ' || b[end - 1] == 0)) {
            end--;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    // C_CloseAllSessions is deliberately not bound: it closes the sessions of every user of the slot
    // in this process, and closing a session another thread is using crashes some modules

    /** A read-only serial session. */
    long openSession(long slot) throws CkException {
        Memory handle = new Memory(ULONG);
        check(FN_OPEN_SESSION, "C_OpenSession", ul(slot), ul(CKF_SERIAL_SESSION), null, null, handle);
        return getUlong(handle, 0);
    }

    void closeSession(long session) throws CkException {
        check(FN_CLOSE_SESSION, "C_CloseSession", ul(session));
    }

    /**
     * C_Login as the user. The PIN is copied into native memory that is zeroed before it is freed.
     * Returns {@code true} if the token answered {@code CKR_USER_ALREADY_LOGGED_IN}: then the PIN
     * was <b>not</b> checked (the application was logged in before, by someone).
     */
    boolean login(long session, char[] pin) throws CkException {
        byte[] utf8 = Pins.utf8(pin);
        Memory m = new Memory(Math.max(1, utf8.length));
        try {
            m.write(0, utf8, 0, utf8.length);
            long rv = call(FN_LOGIN, "C_Login", ul(session), ul(CKU_USER), m, ul(utf8.length));
            if (rv == CKR_PIN_INCORRECT || rv == CKR_PIN_LOCKED) {
                refusedPins.incrementAndGet();
            }
            if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) {
                throw new CkException("C_Login", rv);
            }
            return rv == CKR_USER_ALREADY_LOGGED_IN;
        } finally {
            m.clear();
            java.util.Arrays.fill(utf8, (byte) 0);
            m.close();
        }
    }

    void logout(long session) throws CkException {
        long rv = call(FN_LOGOUT, "C_Logout", ul(session));
        if (rv != CKR_OK && rv != CKR_USER_NOT_LOGGED_IN) {
            throw new CkException("C_Logout", rv);
        }
    }

    /** How many C_Login calls the token answered with CKR_PIN_INCORRECT or CKR_PIN_LOCKED (each may use up a PIN retry). */
    long refusedPins() {
        return refusedPins.get();
    }

    /** One template attribute: a CK_ULONG value or a byte array. */
    static final class Attr {
        final long type;
        final byte[] value;

        private Attr(long type, byte[] value) {
            this.type = type;
            this.value = value;
        }

        static Attr ofLong(long type, long v) {
            Memory m = new Memory(ULONG);
            setUlong(m, 0, v);
            return new Attr(type, m.getByteArray(0, ULONG));
        }

        static Attr ofBool(long type, boolean v) {
            return new Attr(type, new byte[] {(byte) (v ? 1 : 0)});
        }

        static Attr ofBytes(long type, byte[] v) {
            return new Attr(type, v.clone());
        }
    }

    /** All objects matching the template (at most {@code limit}). */
    List<Long> findObjects(long session, List<Attr> template, int limit) throws CkException {
        Memory tmpl = new Memory((long) Math.max(1, template.size()) * TRIPLE_SIZE);
        List<Memory> keep = new ArrayList<>();
        for (int i = 0; i < template.size(); i++) {
            Attr a = template.get(i);
            long off = (long) i * TRIPLE_SIZE;
            Memory v = new Memory(Math.max(1, a.value.length));
            v.write(0, a.value, 0, a.value.length);
            keep.add(v);
            setUlong(tmpl, off, a.type);
            tmpl.setPointer(off + TRIPLE_PTR_OFF, v);
            setUlong(tmpl, off + TRIPLE_LEN_OFF, a.value.length);
        }
        long initRv = call(FN_FIND_OBJECTS_INIT, "C_FindObjectsInit", ul(session), tmpl, ul(template.size()));
        java.lang.ref.Reference.reachabilityFence(keep);
        java.lang.ref.Reference.reachabilityFence(tmpl);
        if (initRv != CKR_OK) {
            throw new CkException("C_FindObjectsInit", initRv);
        }
        List<Long> out = new ArrayList<>();
        try {
            Memory handles = new Memory(16L * ULONG);
            Memory count = new Memory(ULONG);
            while (out.size() < limit) {
                check(FN_FIND_OBJECTS, "C_FindObjects", ul(session), handles, ul(16), count);
                long n = getUlong(count, 0);
                if (n == 0) {
                    break;
                }
                for (int i = 0; i < n && out.size() < limit; i++) {
                    out.add(getUlong(handles, (long) i * ULONG));
                }
            }
        } finally {
            check(FN_FIND_OBJECTS_FINAL, "C_FindObjectsFinal", ul(session));
        }
        return out;
    }

    /**
     * One attribute's value, or null if the object does not have it or it is sensitive.
     *
     * @param max the longest value any real object has for this attribute; a longer answer is a
     *            {@link CkException} with {@link #CKR_QSEAL_ABSURD_ANSWER}, so a faulty module never
     *            makes us allocate what it says
     */
    byte[] attribute(long session, long object, long type, int max) throws CkException {
        Memory tmpl = new Memory(TRIPLE_SIZE);
        tmpl.clear();
        setUlong(tmpl, 0, type);
        tmpl.setPointer(TRIPLE_PTR_OFF, null);
        setUlong(tmpl, TRIPLE_LEN_OFF, 0);
        long rv = call(FN_GET_ATTRIBUTE_VALUE, "C_GetAttributeValue", ul(session), ul(object), tmpl, ul(1));
        if (rv == CKR_ATTRIBUTE_SENSITIVE || rv == CKR_ATTRIBUTE_TYPE_INVALID) {
            return null;
        }
        if (rv != CKR_OK) {
            throw new CkException("C_GetAttributeValue", rv);
        }
        long len = getUlong(tmpl, TRIPLE_LEN_OFF);
        if (len == (ULONG == 4 ? 0xffffffffL : CK_UNAVAILABLE_INFORMATION)) {
            return null;
        }
        if (len == 0) {
            return new byte[0];
        }
        if (Long.compareUnsigned(len, max) > 0) {
            throw CkException.absurd("C_GetAttributeValue", attributeName(type), len, max);
        }
        Memory v = new Memory(len);
        tmpl.setPointer(TRIPLE_PTR_OFF, v);
        check(FN_GET_ATTRIBUTE_VALUE, "C_GetAttributeValue", ul(session), ul(object), tmpl, ul(1));
        long got = getUlong(tmpl, TRIPLE_LEN_OFF);
        if (Long.compareUnsigned(got, len) > 0) {
            throw CkException.absurd("C_GetAttributeValue", attributeName(type), got, len);
        }
        byte[] out = v.getByteArray(0, (int) got);
        java.lang.ref.Reference.reachabilityFence(v);
        return out;
    }

    private static final Map<Long, String> ATTRIBUTE_NAMES = Map.of(CKA_CLASS, "CKA_CLASS", CKA_PRIVATE, "CKA_PRIVATE",
            CKA_LABEL, "CKA_LABEL", CKA_VALUE, "CKA_VALUE", CKA_KEY_TYPE, "CKA_KEY_TYPE", CKA_ID, "CKA_ID",
            CKA_MODULUS, "CKA_MODULUS", CKA_PUBLIC_EXPONENT, "CKA_PUBLIC_EXPONENT", CKA_EC_PARAMS, "CKA_EC_PARAMS",
            CKA_EC_POINT, "CKA_EC_POINT");

    private static String attributeName(long type) {
        return ATTRIBUTE_NAMES.getOrDefault(type, "CKA_0x" + Long.toHexString(type));
    }

    /** A CK_ULONG (or CK_BBOOL) attribute; null if absent or not of that size. */
    Long attributeLong(long session, long object, long type) throws CkException {
        byte[] b = attribute(session, object, type, ULONG);
        if (b == null || b.length != ULONG) {
            return null;
        }
        Memory m = new Memory(ULONG);
        m.write(0, b, 0, b.length);
        return getUlong(m, 0);
    }

    /**
     * Native memory for the signing calls, one block per thread, reused (grown when a longer signature needs it):
     * signing allocates no JNA {@link Memory} per call, so there is no malloc/free, no cleaner registration and no
     * work for JNA's cleaner thread per signature. A thread is in at most one Cryptoki call at a time, and nothing
     * secret passes through it (a hash or DigestInfo in, a signature out). Freed when its thread ends.
     */
    private static final ThreadLocal<Memory> SIGN_SCRATCH = new ThreadLocal<>();
    /** Scratch layout: CK_MECHANISM at 0, the PSS parameters, the signature length, then input and output. */
    private static final int SCRATCH_PARAMS = align(TRIPLE_SIZE, 8);
    private static final int SCRATCH_OUT_LEN = SCRATCH_PARAMS + align(3 * ULONG, 8);
    private static final int SCRATCH_INPUT = SCRATCH_OUT_LEN + 8;
    private static final int SCRATCH_MIN = 1024;

    private static Memory signScratch(long size) {
        Memory m = SIGN_SCRATCH.get();
        if (m == null || m.size() < size) {
            m = new Memory(Math.max(SCRATCH_MIN, size));
            SIGN_SCRATCH.set(m);
        }
        return m;
    }

    /**
     * C_SignInit + C_Sign in one go. {@code pssParams} is {hashAlg, mgf, sLen} for CKM_RSA_PKCS_PSS,
     * else null. {@code maxLength} is the largest signature the key can produce: the output buffer
     * has that size, so C_Sign is called once (no length query).
     */
    byte[] sign(long session, long key, long mechanism, long[] pssParams, byte[] input, int maxLength)
            throws CkException {
        int outputOffset = SCRATCH_INPUT + align(Math.max(1, input.length), 8);
        Memory scratch = signScratch((long) outputOffset + maxLength);
        long base = Pointer.nativeValue(scratch);
        Pointer mech = new Pointer(base); // plain pointers into the block: no SharedMemory objects either
        mech.clear(TRIPLE_SIZE);
        setUlong(mech, 0, mechanism);
        if (pssParams != null) {
            for (int i = 0; i < 3; i++) {
                setUlong(scratch, SCRATCH_PARAMS + (long) i * ULONG, pssParams[i]);
            }
            mech.setPointer(TRIPLE_PTR_OFF, new Pointer(base + SCRATCH_PARAMS));
            setUlong(mech, TRIPLE_LEN_OFF, 3L * ULONG);
        }
        check(FN_SIGN_INIT, "C_SignInit", ul(session), mech, ul(key));
        scratch.write(SCRATCH_INPUT, input, 0, input.length);
        setUlong(scratch, SCRATCH_OUT_LEN, maxLength);
        check(FN_SIGN, "C_Sign", ul(session), new Pointer(base + SCRATCH_INPUT), ul(input.length),
                new Pointer(base + outputOffset), new Pointer(base + SCRATCH_OUT_LEN));
        long got = getUlong(scratch, SCRATCH_OUT_LEN);
        if (Long.compareUnsigned(got, maxLength) > 0) {
            throw CkException.absurd("C_Sign", "the signature", got, maxLength);
        }
        byte[] signature = scratch.getByteArray(outputOffset, (int) got);
        java.lang.ref.Reference.reachabilityFence(scratch); // the thread-local holds it too; the raw pointers do not
        return signature;
    }
}
