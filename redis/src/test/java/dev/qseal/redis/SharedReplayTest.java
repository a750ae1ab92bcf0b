package dev.qseal.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.http.HttpRequest;
import dev.qseal.core.profile.BankProfile;
import dev.qseal.core.profile.BankProfiles;
import dev.qseal.psd2.InboundDecision;
import dev.qseal.psd2.InboundVerifier;
import dev.qseal.psd2.Psd2Policy;
import dev.qseal.psd2.testing.Psd2TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two gateway instances, each its own verifier and Redis connection, one Redis: a replay to the second is refused. */
class SharedReplayTest {
    private static final Psd2TestPki PKI = Psd2TestPki.shared();
    private static final BankProfile PROFILE = BankProfiles.BERLIN_GROUP;

    private static InboundVerifier instance(RedisStores redis) {
        return InboundVerifier.builder(PROFILE)
                .certificatePolicy(Psd2Policy.builder().trustAnchors(List.of(PKI.root())).intermediates(List.of(PKI.issuingCa()))
                        .berlinGroupRoles().build())
                .replayStore(redis.replayStore("aspsp:replay:"))
                .build();
    }

    @Test
    void twoVerifierInstancesSharingRedisRefuseAReplaySentToTheSecond() throws Exception {
        Psd2TestPki.Leaf tpp = PKI.leaf().issue();
        HttpRequest sealed = PROFILE.signer(tpp.signingKey()).build().sign(HttpRequest.builder("POST", "/v1/payments/sepa-credit-transfers")
                .header("Host", "aspsp.test").header("Content-Type", "application/json")
                .body("{\"amount\":\"5\"}".getBytes(StandardCharsets.UTF_8)).build()).request();
        try (LocalRedis redis = LocalRedis.start();
             RedisStores one = RedisStores.connect(redis.uri(), Duration.ofSeconds(2));
             RedisStores two = RedisStores.connect(redis.uri(), Duration.ofSeconds(2))) {
            InboundVerifier first = instance(one);
            InboundVerifier second = instance(two);
            InboundDecision accepted = first.verify(sealed);
            assertTrue(accepted.isAccepted(), accepted.toString());
            assertEquals(Optional.of(InboundDecision.REPLAYED), second.verify(sealed).reason());

            redis.stop();
            HttpRequest fresh = PROFILE.signer(tpp.signingKey()).build().sign(HttpRequest.builder("GET", "/v1/accounts")
                    .header("Host", "aspsp.test").build()).request();
            InboundDecision down = second.verify(fresh);
            assertEquals(Optional.of(InboundDecision.REPLAY_CHECK_UNAVAILABLE), down.reason());
            assertEquals(503, down.status());
        }
    }
}
