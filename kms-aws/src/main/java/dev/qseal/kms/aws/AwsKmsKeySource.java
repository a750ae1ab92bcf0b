package dev.qseal.kms.aws;

import dev.qseal.core.BadInputException;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.KeySource;
import dev.qseal.core.key.SecretProvider;
import dev.qseal.core.key.SigningKey;
import dev.qseal.core.key.remote.RemoteKeyPolicy;
import dev.qseal.core.key.remote.RemoteKeyRefs;
import dev.qseal.core.key.remote.RemoteSigningKeys;
import dev.qseal.kms.aws.internal.AwsKmsBackend;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * {@code awskms:} keys: AWS KMS asymmetric signing keys (KeyUsage {@code SIGN_VERIFY}), over the AWS
 * SDK for Java v2 with its URLConnection HTTP client.
 *
 * <pre>
 * awskms:KEY_ID?region=eu-west-1              key id (UUID) or multi-region key id (mrk-...)
 * awskms:arn:aws:kms:eu-west-1:111122223333:key/KEY_ID   key ARN (the region comes from it)
 * awskms:alias/qseal-seal?region=eu-west-1    alias name (or alias ARN)
 * </pre>
 *
 * <ul>
 *   <li>{@code region}: default the ARN's region, else the SDK's region chain ({@code AWS_REGION},
 *       {@code aws.region}, the profile).
 *   <li>{@code endpoint}: an endpoint override (VPC endpoint, FIPS endpoint, a test stand-in).
 *   <li>Credentials come only from the SDK's default chain (environment, system properties, web
 *       identity, {@code ~/.aws} profiles, container and instance roles); {@code profile} names the profile.
 *   <li>{@code cert}, {@code max-in-flight}, {@code rate}, {@code backend-rate}, {@code deadline-ms},
 *       {@code timeout-ms}: as for every remote key ({@link RemoteKeyPolicy}).
 * </ul>
 */
public final class AwsKmsKeySource implements KeySource {
    private static final Set<String> ATTRIBUTES = Set.of("region", "endpoint", "profile");

    @Override
    public Set<String> schemes() {
        return Set.of("awskms");
    }

    @Override
    public SigningKey open(KeyRef ref, SecretProvider secrets) {
        RemoteKeyRefs.checkAttributes(ref, ATTRIBUTES);
        String keyId = KeyRef.decode(ref.path());
        String fromArn = null;
        if (keyId.startsWith("arn:")) {
            String[] p = keyId.split(":", 6);
            if (p.length != 6 || !p[2].equals("kms") || p[3].isEmpty() || !(p[5].startsWith("key/") || p[5].startsWith("alias/"))) {
                throw new BadInputException("the key reference " + ref + " has a malformed KMS ARN: write"
                        + " awskms:arn:aws:kms:REGION:ACCOUNT:key/KEY_ID or ...:alias/NAME");
            }
            fromArn = p[3];
        } else if (!keyId.matches("(alias/[A-Za-z0-9/_-]{1,250}|(mrk-)?[A-Za-z0-9-]{1,128})")) {
            throw new BadInputException("the key reference " + ref + " does not name a KMS key: write awskms:KEY_ID,"
                    + " awskms:alias/NAME or awskms:arn:aws:kms:REGION:ACCOUNT:key/KEY_ID");
        }
        Optional<String> arnRegion = Optional.ofNullable(fromArn);
        Optional<String> regionParam = ref.param("region").filter(s -> !s.isEmpty());
        if (regionParam.isPresent() && arnRegion.isPresent() && !regionParam.get().equals(arnRegion.get())) {
            throw new BadInputException("the key reference " + ref + " names region " + regionParam.get()
                    + " but its ARN is in " + arnRegion.get() + ": drop region= or use the key's region");
        }
        String regionName = regionParam.or(() -> arnRegion).orElseGet(() -> defaultRegion(ref));
        if (!regionName.matches("[a-z]{2}(-[a-z]+)+-[0-9]+")) {
            throw new BadInputException("the key reference " + ref + " names the region '" + regionName
                    + "', which is not an AWS region name such as eu-west-1");
        }
        Optional<URI> endpoint = ref.param("endpoint").filter(s -> !s.isEmpty()).map(e -> endpoint(ref, e));
        RemoteKeyPolicy policy = RemoteKeyPolicy.fromKeyRef(ref);
        AwsKmsBackend backend = new AwsKmsBackend(keyId, Region.of(regionName.toLowerCase(Locale.ROOT)), endpoint,
                ref.param("profile"), policy.maxInFlight());
        return RemoteSigningKeys.open(backend, policy, RemoteKeyRefs.certificateChain(ref));
    }

    private static String defaultRegion(KeyRef ref) {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (SdkClientException e) {
            throw new BadInputException("the key reference " + ref + " names no AWS region: add region=eu-west-1"
                    + " (or use the key ARN), or set AWS_REGION");
        }
    }

    private static URI endpoint(KeyRef ref, String e) {
        try {
            URI u = URI.create(e);
            if (u.getHost() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http")) || u.getRawUserInfo() != null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return u;
        } catch (IllegalArgumentException ex) {
            throw new BadInputException("the key reference " + ref + " has an endpoint that is not an http(s) URL: write"
                    + " endpoint=https://kms.eu-west-1.amazonaws.com");
        }
    }
}
