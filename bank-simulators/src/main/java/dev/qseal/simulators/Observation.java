package dev.qseal.simulators;

import java.util.List;

/**
 * What a simulator saw and decided for one request: the bank, the endpoint, the request line, the
 * status it answered and, in order, each rule it checked (in words, never with a secret value).
 */
public final class Observation {
    private final String bank;
    private final String method;
    private final String target;
    private final int status;
    private final List<String> checks;

    Observation(String bank, String method, String target, int status, List<String> checks) {
        this.bank = bank;
        this.method = method;
        this.target = target;
        this.status = status;
        this.checks = List.copyOf(checks);
    }

    public String bank() {
        return bank;
    }

    public String method() {
        return method;
    }

    /** The request target; query values the simulator considers secret (an authorization code) are not kept. */
    public String target() {
        return target;
    }

    public int status() {
        return status;
    }

    public List<String> checks() {
        return checks;
    }

    @Override
    public String toString() {
        return bank + " " + method + " " + target + " -> " + status + " " + checks;
    }
}
