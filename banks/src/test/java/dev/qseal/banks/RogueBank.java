package dev.qseal.banks;

import dev.qseal.simulators.BankSimulator;
import dev.qseal.simulators.SimulatorRequest;
import dev.qseal.simulators.SimulatorResponse;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A bank that answers whatever the test says (HTML, missing fields, 500, redirect loops), over the same mTLS. */
public final class RogueBank extends BankSimulator {
    public final AtomicInteger requests = new AtomicInteger();
    private volatile Function<SimulatorRequest, SimulatorResponse> answer;

    public RogueBank(Function<SimulatorRequest, SimulatorResponse> answer) {
        super("rogue", Sandbox.get().setup(Clock.systemUTC()));
        this.answer = answer;
        addEndpoint("web", false);
    }

    public void answer(Function<SimulatorRequest, SimulatorResponse> answer) {
        this.answer = answer;
    }

    @Override
    protected SimulatorResponse handle(SimulatorRequest request) {
        requests.incrementAndGet();
        return answer.apply(request);
    }
}
