package dev.qseal.banks.itsme;

import dev.qseal.banks.FlowOptions;
import dev.qseal.banks.Sandbox;
import dev.qseal.banks.TppCredentials;
import dev.qseal.simulators.itsme.ItsmeSimulator;
import dev.qseal.simulators.itsme.ItsmeTestUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the itsme tests share: one test user (RSA keys are slow), the TPP, a simulator, a client whose waits move a clock. */
final class ItsmeWorld implements AutoCloseable {
    static final String PARTNER = "myPartnerCode";
    static final String SERVICE = "myServiceCode";
    static final String REGISTERED = "https://sca.example.com/itsme/back";
    static final String REDIRECT = REGISTERED + "?sessionID=myCustomSessionID";
    private static ItsmeTestUser user;

    final Sandbox sandbox = Sandbox.get();
    final TppCredentials tpp = sandbox.credentials();
    final Sandbox.MovableClock clock = new Sandbox.MovableClock(Instant.now());
    final List<Duration> sleeps = new ArrayList<>();
    final ItsmeSimulator sim;

    ItsmeWorld() {
        sim = new ItsmeSimulator(sandbox.setup(Clock.systemUTC()), PARTNER, SERVICE, REGISTERED, user());
    }

    static synchronized ItsmeTestUser user() {
        if (user == null) {
            user = ItsmeTestUser.create();
        }
        return user;
    }

    ItsmePolling polling(int maxPolls) {
        return ItsmePolling.builder().maxPolls(maxPolls).sleeper(d -> {
            sleeps.add(d);
            clock.advance(d);
        }).build();
    }

    ItsmeClient client() {
        return client(URI.create(sim.baseUri().toString()), PARTNER, 20);
    }

    ItsmeClient client(URI base, String partner, int maxPolls) {
        return ItsmeClient.builder(tpp, base).partnerCode(partner).serviceCode(SERVICE)
                .options(FlowOptions.builder().clock(clock).build()).polling(polling(maxPolls)).build();
    }

    /** The user's browser opens {@code url} (no client certificate) and is sent back: the Location. */
    URI visit(URI url) {
        try {
            HttpResponse<Void> r = tpp.plainTlsClient().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 302) {
                throw new AssertionError("the itsme page answered " + r.statusCode());
            }
            return URI.create(r.headers().firstValue("Location").orElseThrow());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    ItsmeUser identifiedUser(ItsmeClient c) {
        ItsmeIdentification id = c.identify(ItsmeLanguage.FR, REDIRECT);
        visit(id.identificationUrl());
        return c.awaitIdentification(id);
    }

    static ItsmeSignRequest request() {
        return ItsmeSignRequest.builder(REDIRECT).language(ItsmeLanguage.FR).build();
    }

    @Override
    public void close() {
        sim.close();
    }
}
