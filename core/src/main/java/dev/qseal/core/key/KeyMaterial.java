package dev.qseal.core.key;

import dev.qseal.core.BadInputException;
import dev.qseal.core.Limits;
import dev.qseal.core.internal.BoundedRead;
import dev.qseal.core.internal.Untrusted;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.KeyNotFoundException;
import dev.qseal.core.key.internal.BouncyCastle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** What the software key sources share: paths from references, public halves, chain order. */
final class KeyMaterial {

    private KeyMaterial() {
    }

    /**
     * The file a {@code file:}/{@code pkcs12:}/{@code jks:} reference names. The path is
     * percent-decoded as in a {@code file:} URI ({@code %20} is a space); a path whose percent signs
     * do not form escapes is taken literally.
     */
    static Path path(KeyRef ref) {
        String raw = ref.path();
        if (raw.isEmpty()) {
            throw new BadInputException("the key reference " + ref + " names no file: write " + ref.scheme() + ":/path/to/file");
        }
        String decoded;
        try {
            decoded = KeyRef.decode(raw);
        } catch (BadInputException e) {
            decoded = raw;
        }
        try {
            return Path.of(decoded);
        } catch (java.nio.file.InvalidPathException e) {
            throw new BadInputException("the key reference " + ref + " does not name a valid file path: " + e.getReason());
        }
    }

    /** Reads a key or store file, turning "not there" into {@link KeyNotFoundException}. */
    static byte[] readKeyFile(Path file, String what) {
        try {
            return BoundedRead.file(file, Limits.KEY_FILE_BYTES, "the " + what + " " + file);
        } catch (NoSuchFileException e) {
            throw new KeyNotFoundException(what + " " + file + " not found: check the path in the key reference");
        } catch (IOException | SecurityException e) {
            throw new KeyAccessException("cannot read " + what + " " + file + ": " + e, e);
        }
    }

    /** Rejects query attributes the source does not know, so a typo ({@code pasword-env}) is not silently ignored. */
    static void checkAttributes(KeyRef ref, Set<String> known) {
        for (String name : ref.query().keySet()) {
            if (!known.contains(name)) {
                throw new BadInputException("the key reference " + ref + " has the unknown attribute '" + Untrusted.echo(name, 40)
                        + "' (known for " + ref.scheme() + ": " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /**
     * The public key of {@code key}, computed from the private key itself. RSA: modulus and public
     * exponent from the CRT form. EC: the point d·G. The result never depends on a public key stored
     * next to the private one, so a damaged or mismatched stored value cannot slip through; the
     * cost is about a millisecond, once, at load time.
     */
    static PublicKey publicKeyOf(PrivateKey key, String where) {
        try {
            if (key instanceof RSAPrivateCrtKey) {
                RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
                if (rsa.getPublicExponent() == null || rsa.getPublicExponent().signum() == 0) {
                    throw new KeyAccessException("the RSA key " + where + " lacks its public exponent: store it in "
                            + "PKCS#1 or PKCS#8 form with all CRT parameters");
                }
                // RSASSA-PSS keys (OID id-RSASSA-PSS) keep their own key factory; plain RSA otherwise.
                String alg = "RSASSA-PSS".equalsIgnoreCase(key.getAlgorithm()) ? "RSASSA-PSS" : "RSA";
                return KeyFactory.getInstance(alg)
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey) {
                ECPrivateKey ec = (ECPrivateKey) key;
                ECParameterSpec params = ec.getParams();
                X9ECParameters curve = namedCurve(params, where);
                // Bouncy Castle's fixed-base comb, the multiplier its own EC key generation uses (bcprov and bc-fips)
                org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier().multiply(curve.getG(), ec.getS()).normalize();
                ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
            }
            if ("Ed25519".equalsIgnoreCase(key.getAlgorithm()) || (key instanceof java.security.interfaces.EdECKey
                    && "Ed25519".equalsIgnoreCase(((java.security.interfaces.EdECKey) key).getParams().getName()))) {
                // Ed25519 (RFC 9421 ed25519): A = [s]B, computed by the Bouncy Castle provider's own key (BC or BCFIPS)
                // from the PKCS#8 encoding: translateKey refuses a JDK key whose algorithm reads "EdDSA"
                java.security.Key bc = KeyFactory.getInstance("Ed25519", BouncyCastle.provider())
                        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
                byte[] spki = ((org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey) bc).getPublicKey().getEncoded();
                return KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
            }
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new KeyAccessException("cannot derive the public key of " + where + ": " + e.getMessage(), e);
        }
        throw new dev.qseal.core.UnsupportedAlgorithmException("the key " + where + " is of type " + key.getAlgorithm()
                + ": qseal signs with RSA, EC (P-256/384/521) and Ed25519 keys");
    }

    /** The named curve (P-256/384/521) {@code params} describe, from Bouncy Castle's table of X9.62/SEC 2 curves. */
    private static X9ECParameters namedCurve(ECParameterSpec params, String where) {
        int bits = params.getCurve().getField().getFieldSize();
        String name = bits == 256 ? "P-256" : bits == 384 ? "P-384" : bits == 521 ? "P-521" : null;
        X9ECParameters x9 = name == null ? null : ECNamedCurveTable.getByName(name);
        java.security.spec.ECPoint g = params.getGenerator();
        if (x9 == null || !x9.getN().equals(params.getOrder()) || !x9.getCurve().getA().toBigInteger().equals(params.getCurve().getA())
                || !x9.getCurve().getB().toBigInteger().equals(params.getCurve().getB())
                || !x9.getG().getAffineXCoord().toBigInteger().equals(g.getAffineX())
                || !x9.getG().getAffineYCoord().toBigInteger().equals(g.getAffineY())) {
            throw new dev.qseal.core.UnsupportedAlgorithmException(
                    "the EC key " + where + " is on an unnamed or unknown curve: qseal signs with keys on P-256, P-384 or P-521");
        }
        return x9;
    }

    /**
     * The chain with the certificate of {@code publicKey} first. Bundles in the wild sometimes list
     * the CA before the leaf; moving the leaf to the front keeps the rest in the order given. When no
     * certificate matches, the chain is returned unchanged so that {@link SoftwareSigningKey} reports
     * the mismatch.
     */
    static List<X509Certificate> leafFirst(List<X509Certificate> chain, PublicKey publicKey) {
        byte[] spki = publicKey.getEncoded();
        for (int i = 0; i < chain.size(); i++) {
            if (Arrays.equals(chain.get(i).getPublicKey().getEncoded(), spki)) {
                if (i == 0) {
                    return chain;
                }
                List<X509Certificate> out = new ArrayList<>(chain.size());
                out.add(chain.get(i));
                for (int j = 0; j < chain.size(); j++) {
                    if (j != i) {
                        out.add(chain.get(j));
                    }
                }
                return out;
            }
        }
        return chain;
    }
}
