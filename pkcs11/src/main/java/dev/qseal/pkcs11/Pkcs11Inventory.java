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
     * @throws dev.qseal.core.KeyNotFoundException if the module file does not exist
     * @throws dev.qseal.core.BadInputException    if it is not a PKCS#11 library
     * @throws KeyAccessException                  if the PIN is wrong
     */
    public static List<Token> list(String modulePath, Optional<String> tokenLabel, char[] pin) {
        Pkcs11Module module = Pkcs11Module.get(modulePath);
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
                long session = ck.openSession(slot);
                boolean loggedIn = false;
                try {
                    if (pin != null && tokenLabel.isPresent()) {
                        try {
                            ck.login(session, pin);
                            loggedIn = true;
                        } catch (Cryptoki.CkException e) {
                            throw new KeyAccessException("pkcs11: cannot log in to token '" + info.label + "' ("
                                    + Cryptoki.name(e.code()) + "): check the PIN");
                        }
                    }
                    out.add(new Token(slot, info, loggedIn, objects(ck, session)));
                } finally {
                    if (loggedIn) {
                        try {
                            ck.logout(session);
                        } catch (Cryptoki.CkException e) {
                            // the session is closed next anyway
                        }
                    }
                    ck.closeSession(session);
                }
            }
        } catch (Cryptoki.CkException e) {
            throw new BackendUnavailableException("pkcs11: listing " + modulePath + " failed: " + e.getMessage(), e);
        } finally {
            module.exit();
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
        return out;
    }

    private static List<Item> objects(Cryptoki ck, long session) throws Cryptoki.CkException {
        List<Long> handles = ck.findObjects(session, List.of(), MAX_OBJECTS);
        List<byte[]> certificateIds = new ArrayList<>();
        List<Object[]> raw = new ArrayList<>();
        for (long h : handles) {
            Long cls = ck.attributeLong(session, h, Cryptoki.CKA_CLASS);
            byte[] label = ck.attribute(session, h, Cryptoki.CKA_LABEL);
            byte[] id = ck.attribute(session, h, Cryptoki.CKA_ID);
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
