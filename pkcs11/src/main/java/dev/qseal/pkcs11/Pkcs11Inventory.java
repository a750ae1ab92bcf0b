package dev.qseal.pkcs11;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.KeyAccessException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a PKCS#11 module holds: its tokens and their objects (class, label, id, key type, and for a
 * private key whether a certificate with the same {@code CKA_ID} is on the token — the thing
 * SunPKCS11's KeyStore silently needs). Without a PIN only public objects are visible.
 */
public final class Pkcs11Inventory {
    private static final int MAX_OBJECTS = 1000;

    private Pkcs11Inventory() {
    }

    /** One token. */
    public static final class Token {
        public final long slotId;
        public final String label;
        public final String manufacturer;
        public final String model;
        public final String serial;
        public final boolean loggedIn;
        public final List<Item> objects;

        Token(long slotId, Cryptoki.TokenInfo info, boolean loggedIn, List<Item> objects) {
            this.slotId = slotId;
            this.label = info.label;
            this.manufacturer = info.manufacturer;
            this.model = info.model;
            this.serial = info.serial;
            this.loggedIn = loggedIn;
            this.objects = List.copyOf(objects);
        }
    }

    /** One object on a token. */
    public static final class Item {
        /** {@code private-key}, {@code public-key}, {@code certificate}, or {@code other}. */
        public final String type;
        public final String label;
        /** {@code CKA_ID} as lower-case hex; empty when the object has none. */
        public final String idHex;
        /** {@code RSA}, {@code EC}, or empty for non-keys and other key types. */
        public final String keyType;
        /** For keys: a certificate object with the same {@code CKA_ID} exists. */
        public final boolean certificatePresent;

        Item(String type, String label, String idHex, String keyType, boolean certificatePresent) {
            this.type = type;
            this.label = label;
            this.idHex = idHex;
            this.keyType = keyType;
            this.certificatePresent = certificatePresent;
        }
    }

    /**
     * Lists every token of the module, or only the one labelled {@code tokenLabel}; with a PIN, logs
     * in to that token to list its private keys too. The PIN array is zeroed before returning.
     *
     * <p>Safe beside keys of this process on the same token: the login is shared with them (see
     * {@link Pkcs11Module#login}), so listing never logs them out and never closes their sessions.
     * A PIN that differs from the one this process is logged in with is reported as wrong without
     * being sent to the token. Without a PIN (or without a checked login) private objects are not
     * listed, even when the process happens to be logged in.
     *
     * @throws dev.qseal.core.KeyNotFoundException if the module file does not exist
     * @throws dev.qseal.core.BadInputException    if it is not a PKCS#11 library
     * @throws KeyAccessException                  if the PIN is wrong, or cannot be checked
     */
    public static List<Token> list(String modulePath, Optional<String> tokenLabel, char[] pin) {
        try {
            Pkcs11Module module = Pkcs11Module.get(modulePath);
            byte[] pinHash = pin == null || tokenLabel.isEmpty() ? null : Pins.hash(pin);
            List<Token> out = new ArrayList<>();
            module.enter();
            try {
                Cryptoki ck = module.ck;
                for (long slot : ck.slotsWithToken()) {
                    Cryptoki.TokenInfo info = ck.tokenInfo(slot);
                    if (tokenLabel.isPresent() && !tokenLabel.get().equals(info.label)) {
                        continue;
                    }
                    if ((info.flags & Cryptoki.CKF_TOKEN_INITIALIZED) == 0) {
                        continue; // an empty slot offered for initialisation (SoftHSM always has one)
                    }
                    out.add(listToken(module, slot, info, pinHash == null ? null : pin, pinHash));
                }
            } catch (Cryptoki.CkException e) {
                throw new BackendUnavailableException("pkcs11: listing " + modulePath + " failed: " + e.getMessage(), e);
            } finally {
                module.exit();
            }
            return out;
        } finally {
            Pins.wipe(pin);
        }
    }

    private static Token listToken(Pkcs11Module module, long slot, Cryptoki.TokenInfo info, char[] pin, byte[] pinHash)
            throws Cryptoki.CkException {
        Cryptoki ck = module.ck;
        Object holder = new Object(); // this listing, as a user of the slot's login
        long session = ck.openSession(slot);
        boolean loggedIn = false;
        try {
            if (pin != null) {
                Pkcs11Module.Login result;
                try {
                    result = module.login(holder, slot, session, pin, pinHash);
                } catch (Cryptoki.CkException e) {
                    long c = e.code();
                    if (c == Cryptoki.CKR_PIN_INCORRECT || c == Cryptoki.CKR_PIN_INVALID || c == Cryptoki.CKR_PIN_LEN_RANGE
                            || c == Cryptoki.CKR_PIN_LOCKED || c == Cryptoki.CKR_PIN_EXPIRED) {
                        throw new KeyAccessException("pkcs11: cannot log in to token '" + info.label + "' ("
                                + Cryptoki.name(c) + "): check the PIN");
                    }
                    throw new BackendUnavailableException("pkcs11: cannot log in to token '" + info.label + "': "
                            + e.getMessage(), e);
                }
                loggedIn = result != Pkcs11Module.Login.DIFFERENT_PIN;
                if (result == Pkcs11Module.Login.DIFFERENT_PIN) {
                    throw new KeyAccessException("pkcs11: wrong PIN for token '" + info.label + "': it differs from the PIN "
                            + "this process is logged in with (it was not sent to the token, so no PIN retry was used)");
                }
                if (result == Pkcs11Module.Login.UNCHECKED) {
                    throw new KeyAccessException("pkcs11: cannot check the PIN for token '" + info.label + "': this process "
                            + "is already logged in to it through another PKCS#11 user of the module, so the token did not check it");
                }
            }
            return new Token(slot, info, loggedIn, objects(ck, session, loggedIn));
        } finally {
            if (loggedIn) {
                module.logout(holder, slot, session); // logs out only if no key of this process uses the login
            }
            ck.closeSession(session);
        }
    }

    /** The objects the session sees; private ones only with {@code loggedIn} (the process may be logged in by a key). */
    private static List<Item> objects(Cryptoki ck, long session, boolean loggedIn) throws Cryptoki.CkException {
        List<Cryptoki.Attr> template = loggedIn ? List.of() : List.of(Cryptoki.Attr.ofBool(Cryptoki.CKA_PRIVATE, false));
        List<Long> handles = ck.findObjects(session, template, MAX_OBJECTS);
        List<byte[]> certificateIds = new ArrayList<>();
        List<Object[]> raw = new ArrayList<>();
        for (long h : handles) {
            Long cls = ck.attributeLong(session, h, Cryptoki.CKA_CLASS);
            byte[] label = ck.attribute(session, h, Cryptoki.CKA_LABEL, Cryptoki.MAX_LABEL);
            byte[] id = ck.attribute(session, h, Cryptoki.CKA_ID, Cryptoki.MAX_ID);
            Long keyType = cls != null && (cls == Cryptoki.CKO_PRIVATE_KEY || cls == Cryptoki.CKO_PUBLIC_KEY)
                    ? ck.attributeLong(session, h, Cryptoki.CKA_KEY_TYPE) : null;
            if (cls != null && cls == Cryptoki.CKO_CERTIFICATE && id != null) {
                certificateIds.add(id);
            }
            raw.add(new Object[] {cls, label, id, keyType});
        }
        List<Item> out = new ArrayList<>();
        for (Object[] r : raw) {
            Long cls = (Long) r[0];
            byte[] id = (byte[]) r[2];
            Long kt = (Long) r[3];
            String type = cls == null ? "other" : cls == Cryptoki.CKO_PRIVATE_KEY ? "private-key"
                    : cls == Cryptoki.CKO_PUBLIC_KEY ? "public-key" : cls == Cryptoki.CKO_CERTIFICATE ? "certificate" : "other";
            String keyType = kt == null ? "" : kt == Cryptoki.CKK_RSA ? "RSA" : kt == Cryptoki.CKK_EC ? "EC" : "";
            boolean hasCert = id != null && id.length > 0 && certificateIds.stream().anyMatch(c -> Arrays.equals(c, id));
            String label = r[1] == null ? "" : new String((byte[]) r[1], java.nio.charset.StandardCharsets.UTF_8);
            out.add(new Item(type, label, id == null ? "" : HexFormat.of().formatHex(id), keyType, hasCert));
        }
        return out;
    }
}
