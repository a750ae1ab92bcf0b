package dev.qseal.pkcs11;

import dev.qseal.core.BackendUnavailableException;
import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.QsealException;
import dev.qseal.core.UnsupportedAlgorithmException;
import dev.qseal.core.key.internal.EcdsaSignatures;
import dev.qseal.core.key.HashAlgorithm;
import dev.qseal.core.key.KeyType;
import dev.qseal.core.key.SignatureAlgorithm;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.remote.RemoteKeyStats;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private key on a PKCS#11 token. Thread-safe; many threads sign at once, each on its own session
 * from the token's bounded pool (see {@link Pkcs11Token}), with no lock of ours around the signing
 * call.
 *
 * <p>The message is hashed here and only the hash goes to the token: {@code CKM_RSA_PKCS} over the
 * DigestInfo (PKCS#1 v1.5), {@code CKM_RSA_PKCS_PSS} over the hash (PSS, MGF1 with the same hash),
 * {@code CKM_ECDSA} over the hash (raw r‖s, converted to DER when asked). So {@link #sign} and
 * {@link #signDigest} are the same operation, and PKCS#1 v1.5 signatures are byte-identical to
 * those of the same key in software.
 *
 * <p>Every signature is verified with the public key before it is returned, so a token that
 * answers with a wrong signature (a replaced key after a reset, a faulty device) produces an
 * exception, never a wrong signature. When the token, the login or a session went away, the key
 * heals once (log in again, find the object again) and retries; otherwise it throws
 * {@link BackendUnavailableException}.
 */
public final class Pkcs11SigningKey implements SigningKey, RemoteKeyStats {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11SigningKey.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pkcs11Token token;
    private final Pkcs11Uri uri;
    private final String description;
    private final KeyType keyType;
    private final PublicKey publicKey;
    private final List<X509Certificate> chain;
    private final Set<SignatureAlgorithm> algorithms;
    private final int signatureLength;
    private final SignatureCheck check;
    private final AtomicBoolean closed;
    private volatile Resolved resolved;

    private static final class Resolved {
        final long handle;
        final long epoch;

        Resolved(long handle, long epoch) {
            this.handle = handle;
            this.epoch = epoch;
        }
    }

    private Pkcs11SigningKey(Pkcs11Token token, Pkcs11Uri uri, KeyType keyType, PublicKey publicKey,
            List<X509Certificate> chain, Resolved resolved, AtomicBoolean closed) {
        this.token = token;
        this.uri = uri;
        this.description = "pkcs11:" + uri.tokenSelector() + ";" + uri.objectSelector() + " (module " + token.module.path + ")";
        this.keyType = keyType;
        this.publicKey = publicKey;
        this.chain = List.copyOf(chain);
        this.resolved = resolved;
        this.closed = closed;
        this.algorithms = SignatureAlgorithm.forKeyType(keyType);
        this.check = new SignatureCheck(publicKey);
        this.signatureLength = keyType == KeyType.RSA
                ? (((RSAPublicKey) publicKey).getModulus().bitLength() + 7) / 8
                : 2 * keyType.coordinateLength();
    }

    /** Opens the key on an already opened token; checks the certificate (if any) against the key. */
    static Pkcs11SigningKey open(Pkcs11Token token, Pkcs11Uri uri, List<X509Certificate> givenChain) {
        KeyObjects.Found found = KeyObjects.find(token, uri);
        List<X509Certificate> chain = !givenChain.isEmpty() ? givenChain
                : found.certificate == null ? List.of() : List.of(found.certificate);
        PublicKey pub;
        if (!chain.isEmpty()) {
            pub = chain.get(0).getPublicKey();
            if (found.publicKey != null && !Arrays.equals(found.publicKey.getEncoded(), pub.getEncoded())) {
                throw mismatch(chain.get(0), uri, token);
            }
        } else if (found.publicKey != null) {
            pub = found.publicKey;
        } else {
            throw new KeyNotFoundException("pkcs11: found the private key " + uri.objectSelector() + " on "
                    + token.description + " but no certificate or public key for it: give the certificate with ?cert=PATH");
        }
        KeyType type = KeyType.of(pub);
        if (type != found.keyType) {
            throw mismatch(chain.isEmpty() ? null : chain.get(0), uri, token);
        }
        Pkcs11SigningKey key = new Pkcs11SigningKey(token, uri, type, pub, chain,
                new Resolved(found.handle, found.epoch), new AtomicBoolean());
        key.proveKeyMatches(chain.isEmpty() ? null : chain.get(0));
        return key;
    }

    private static BadInputException mismatch(X509Certificate cert, Pkcs11Uri uri, Pkcs11Token token) {
        String what = cert == null ? "the public key on the token" : "the certificate '" + cert.getSubjectX500Principal().getName() + "'";
        return new BadInputException("pkcs11: " + what + " does not belong to the private key " + uri.objectSelector()
                + " on " + token.description + ": give the certificate issued for this key");
    }

    /** Signs a random challenge and checks it with the public key: the certificate belongs to the key. */
    private void proveKeyMatches(X509Certificate cert) {
        SignatureAlgorithm alg = defaultAlgorithm();
        byte[] challenge = new byte[alg.hash().length()];
        RANDOM.nextBytes(challenge);
        try {
            signDigest(alg, challenge);
        } catch (WrongSignatureException e) {
            throw mismatch(cert, uri, token);
        }
    }

    /** The token signed, but the signature does not verify with this key's public key. */
    static final class WrongSignatureException extends BackendUnavailableException {
        WrongSignatureException(String message) {
            super(message);
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public KeyType keyType() {
        return keyType;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public Set<SignatureAlgorithm> algorithms() {
        return algorithms;
    }

    /**
     * The same key with another certificate chain (e.g. a QSealC kept apart from the token, as the
     * CLI's {@code --cert} gives it). The view shares the token and sessions; closing either closes both.
     *
     * @throws BadInputException if the leaf certificate does not belong to this key
     */
    public Pkcs11SigningKey withCertificateChain(List<X509Certificate> newChain) {
        if (!newChain.isEmpty() && !Arrays.equals(newChain.get(0).getPublicKey().getEncoded(), publicKey.getEncoded())) {
            throw mismatch(newChain.get(0), uri, token);
        }
        return new Pkcs11SigningKey(token, uri, keyType, publicKey, newChain, resolved, closed);
    }

    /** Sessions this key's token may hold open at most (the bound on concurrent signing calls). */
    public int maxSessions() {
        return token.capacity();
    }

    Pkcs11Token token() {
        return token;
    }

    /**
     * Signing calls on the token's sessions now (the session pool's in-flight figure, as for a remote key:
     * gauges and health checks read it through {@link RemoteKeyStats}).
     */
    @Override
    public int inFlight() {
        return token.sessionsInUse();
    }

    /** Signing calls waiting for one of the token's sessions (all {@link #maxSessions()} are busy). */
    @Override
    public int queued() {
        return token.sessionWaiters();
    }

    /** Sessions the token holds open for signing now (excluding the login session). */
    public int openSessions() {
        return token.openSessionCount();
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        checkFits(algorithm);
        return signHash(algorithm, hash(algorithm.hash(), data));
    }

    /**
     * One digest object per thread and hash, reused: {@link HashAlgorithm#hash} makes a new one per call, which with
     * a native provider (ACCP) is a native context and a cleaner registration per signature.
     */
    private static final ThreadLocal<MessageDigest[]> DIGESTS =
            ThreadLocal.withInitial(() -> new MessageDigest[HashAlgorithm.values().length]);

    private static byte[] hash(HashAlgorithm h, byte[] data) {
        MessageDigest[] mine = DIGESTS.get();
        MessageDigest md = mine[h.ordinal()];
        if (md == null) {
            md = h.newDigest();
            mine[h.ordinal()] = md;
        }
        try {
            return md.digest(data); // digest() resets it for the next call
        } catch (RuntimeException e) {
            mine[h.ordinal()] = null; // in an unknown state: the next call makes a fresh one
            throw e;
        }
    }

    @Override
    public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) {
        checkFits(algorithm);
        if (digest.length != algorithm.hash().length()) {
            throw new BadInputException(algorithm + " needs a " + algorithm.hash().jcaName() + " digest of "
                    + algorithm.hash().length() + " bytes, got " + digest.length);
        }
        return signHash(algorithm, digest.clone());
    }

    private byte[] signHash(SignatureAlgorithm algorithm, byte[] digest) {
        if (closed.get()) {
            throw new IllegalStateException(description + " is closed");
        }
        long mechanism;
        long[] pss = null;
        byte[] input;
        switch (algorithm.scheme()) {
            case RSA_PKCS1:
                mechanism = Cryptoki.CKM_RSA_PKCS;
                input = algorithm.hash().digestInfo(digest);
                break;
            case RSA_PSS:
                mechanism = Cryptoki.CKM_RSA_PKCS_PSS;
                pss = pssParams(algorithm);
                input = digest;
                break;
            default:
                mechanism = Cryptoki.CKM_ECDSA;
                input = digest;
                break;
        }
        final long mech = mechanism;
        final long[] params = pss;
        for (int attempt = 0; ; attempt++) {
            byte[] sig;
            try {
                sig = token.withSession((ck, session, epoch) -> {
                    Resolved r = resolved;
                    if (r.epoch != epoch) {
                        r = reresolve(ck, session, epoch);
                    }
                    return ck.sign(session, r.handle, mech, params, input, signatureLength);
                });
            } catch (Pkcs11Token.NeedsHealing e) {
                if (attempt > 0) {
                    throw new BackendUnavailableException("pkcs11: " + description + " failed again after logging in "
                            + "again (" + e.getMessage() + "); the operation may succeed later", e.cause);
                }
                token.heal(e.epoch, e.getMessage());
                continue;
            } catch (Cryptoki.CkException e) {
                if (attempt == 0 && isStaleKeyHandle(e.code())) {
                    // a key that signed before and now "may not sign" or "is the wrong type" is usually a
                    // stale handle (the token was re-created and the number names another object): find
                    // the key again and retry once; a key that truly may not sign fails the same way again
                    invalidateHandle();
                    continue;
                }
                throw mapFailure(algorithm, e);
            }
            byte[] out = algorithm.scheme() == SignatureAlgorithm.Scheme.ECDSA_DER ? EcdsaSignatures.rawToDer(sig) : sig;
            if (!check.verifies(algorithm, digest, out)) {
                LOG.error("{} returned a {} signature that does not verify with its public key; discarded", description, algorithm);
                throw new WrongSignatureException("pkcs11: " + description + " returned a signature that does not verify "
                        + "with its public key (a different key under this label, or a faulty token); nothing was signed");
            }
            return out;
        }
    }

    private static boolean isStaleKeyHandle(long code) {
        return code == 0x68 || code == 0x63 || code == 0x60 || code == 0x82; // not permitted, type inconsistent, key/object handle invalid
    }

    private synchronized void invalidateHandle() {
        resolved = new Resolved(resolved.handle, -1); // no epoch is -1: the next call finds the key again
    }

    private Resolved reresolve(Cryptoki ck, long session, long epoch) throws Cryptoki.CkException {
        synchronized (this) {
            Resolved r = resolved;
            if (r.epoch == epoch) {
                return r;
            }
            long handle;
            try {
                handle = KeyObjects.findPrivateKey(ck, session, uri, token);
            } catch (KeyNotFoundException e) {
                // the token came back without this key (yet): treat as gone, so healing escalates
                throw new Cryptoki.CkException("C_FindObjects found no " + uri.objectSelector() + " after the token came back",
                        Cryptoki.CKR_OBJECT_HANDLE_INVALID);
            }
            r = new Resolved(handle, epoch);
            resolved = r;
            LOG.debug("re-found {} (handle {}) after the token came back", description, handle);
            return r;
        }
    }

    private QsealException mapFailure(SignatureAlgorithm algorithm, Cryptoki.CkException e) {
        long c = e.code();
        if (c == 0x70 || c == 0x71 || c == 0x63 || c == 0x68) { // mechanism invalid/param, key type, not permitted
            return new UnsupportedAlgorithmException("pkcs11: " + description + " cannot sign with " + algorithm + " ("
                    + Cryptoki.name(c) + "): choose another algorithm or a key allowed to sign with it");
        }
        return new BackendUnavailableException("pkcs11: signing with " + description + " (" + algorithm + ") failed: "
                + e.getMessage(), e);
    }

    private static long[] pssParams(SignatureAlgorithm a) {
        switch (a.hash()) {
            case SHA_256: return new long[] {Cryptoki.CKM_SHA256, Cryptoki.CKG_MGF1_SHA256, a.saltLength()};
            case SHA_384: return new long[] {Cryptoki.CKM_SHA384, Cryptoki.CKG_MGF1_SHA384, a.saltLength()};
            default: return new long[] {Cryptoki.CKM_SHA512, Cryptoki.CKG_MGF1_SHA512, a.saltLength()};
        }
    }

    private void checkFits(SignatureAlgorithm algorithm) {
        if (!algorithm.fits(keyType)) {
            throw new UnsupportedAlgorithmException(algorithm + " needs a " + algorithm.keyType() + " key but "
                    + description + " is " + keyType + ": choose an algorithm for this key");
        }
    }

    /** Releases this key's hold on the token; the last key of a token closes its sessions and logs out. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            token.release();
        }
    }

    @Override
    public String toString() {
        return "Pkcs11SigningKey[" + description + ", " + keyType + "]";
    }
}
