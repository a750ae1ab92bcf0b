package dev.qseal.kms.gcp;

import dev.qseal.core.BadInputException;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.KeySource;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.remote.RemoteKeyPolicy;
import dev.qseal.core.key.remote.RemoteKeyRefs;
import dev.qseal.core.key.remote.RemoteSigningKeys;
import dev.qseal.kms.gcp.internal.GcpKmsBackend;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * {@code gcpkms:} keys: Google Cloud KMS asymmetric signing key versions, over google-cloud-kms with
 * its HTTP/JSON transport.
 *
 * <pre>gcpkms:projects/P/locations/L/keyRings/R/cryptoKeys/K/cryptoKeyVersions/N?endpoint=https://...&amp;cert=PATH</pre>
 *
 * <ul>
 *   <li>The path is the key version's resource name; a version's algorithm is fixed, so the key signs
 *       with exactly that one.
 *   <li>{@code endpoint}: an endpoint override (regional endpoint, Private Service Connect, a test stand-in).
 *   <li>Credentials come only from Application Default Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS},
 *       gcloud's ADC file, the metadata server).
 *   <li>{@code cert}, {@code max-in-flight}, {@code rate}, {@code backend-rate}, {@code deadline-ms},
 *       {@code timeout-ms}: as for every remote key ({@link RemoteKeyPolicy}).
 * </ul>
 */
public final class GcpKmsKeySource implements KeySource {
    private static final Set<String> ATTRIBUTES = Set.of("endpoint");
    private static final String SEGMENT = "[A-Za-z0-9_-]{1,63}";

    @Override
    public Set<String> schemes() {
        return Set.of("gcpkms");
    }

    @Override
    public SigningKey open(KeyRef ref, SecretProvider secrets) {
        RemoteKeyRefs.checkAttributes(ref, ATTRIBUTES);
        String name = KeyRef.decode(ref.path());
        if (name.startsWith("//cloudkms.googleapis.com/")) {
            name = name.substring("//cloudkms.googleapis.com/".length());
        } else if (name.startsWith("/")) {
            name = name.substring(1);
        }
        if (!name.matches("projects/[a-z0-9.:-]{1,100}/locations/" + SEGMENT + "/keyRings/" + SEGMENT
                + "/cryptoKeys/" + SEGMENT + "/cryptoKeyVersions/[1-9][0-9]{0,9}")) {
            throw new BadInputException("the key reference " + ref + " does not name a Cloud KMS key version: write"
                    + " gcpkms:projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY/cryptoKeyVersions/N");
        }
        Optional<URI> endpoint = ref.param("endpoint").filter(s -> !s.isEmpty()).map(e -> {
            try {
                URI u = URI.create(e);
                if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getRawUserInfo() != null) {
                    throw new IllegalArgumentException();
                }
                return u;
            } catch (IllegalArgumentException ex) {
                throw new BadInputException("the key reference " + ref + " has an endpoint that is not an http(s) URL:"
                        + " write endpoint=https://cloudkms.googleapis.com");
            }
        });
        RemoteKeyPolicy policy = RemoteKeyPolicy.fromKeyRef(ref);
        GcpKmsBackend backend = new GcpKmsBackend(name, endpoint, policy.maxInFlight());
        return RemoteSigningKeys.open(backend, policy, RemoteKeyRefs.certificateChain(ref));
    }
}
