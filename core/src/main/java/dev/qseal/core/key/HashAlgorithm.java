package dev.qseal.core.key;

import dev.qseal.core.QsealException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-2 hashes qseal signs with, with what PKCS#1 v1.5 needs to wrap a bare digest. */
public enum HashAlgorithm {
    SHA_256("SHA-256", 32, "3031300d060960864801650304020105000420"),
    SHA_384("SHA-384", 48, "3041300d060960864801650304020205000430"),
    SHA_512("SHA-512", 64, "3051300d060960864801650304020305000440");

    private final String jcaName;
    private final int length;
    private final byte[] digestInfoPrefix;

    HashAlgorithm(String jcaName, int length, String digestInfoPrefixHex) {
        this.jcaName = jcaName;
        this.length = length;
        this.digestInfoPrefix = HexFormat.of().parseHex(digestInfoPrefixHex);
    }

    /** JCA name, e.g. {@code SHA-256}. */
    public String jcaName() {
        return jcaName;
    }

    /** Output length in bytes. */
    public int length() {
        return length;
    }

    /**
     * A fresh {@link MessageDigest} from the provider qseal prefers ({@link CryptoProviders}); every JDK has the
     * SHA-2 family, so this cannot fail in practice.
     */
    public MessageDigest newDigest() {
        try {
            return CryptoProviders.messageDigest(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new QsealException("this JDK lacks " + jcaName, e);
        }
    }

    public byte[] hash(byte[] data) {
        return newDigest().digest(data);
    }

    /**
     * The DER {@code DigestInfo} that PKCS#1 v1.5 signs: the algorithm identifier followed by the
     * digest. Used for hash signing, where only the digest reaches the key.
     */
    public byte[] digestInfo(byte[] digest) {
        if (digest.length != length) {
            throw new IllegalArgumentException(
                    jcaName + " digest must be " + length + " bytes, got " + digest.length);
        }
        byte[] out = new byte[digestInfoPrefix.length + digest.length];
        System.arraycopy(digestInfoPrefix, 0, out, 0, digestInfoPrefix.length);
        System.arraycopy(digest, 0, out, digestInfoPrefix.length, digest.length);
        return out;
    }
}
