package dev.qseal.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * A paired A/B of qseal against its reference in <em>CPU time</em> per operation, for a machine too loaded for JMH's
 * wall-clock throughput to mean much (benchmarks/profiles/*.md): the suites' own {@code @Setup} and benchmark methods,
 * called on one thread in alternating blocks (qseal, reference, qseal, ...), CPU time from
 * {@link ThreadMXBean#getCurrentThreadCpuTime()}. Prints, per ratio of the report, both CPU times and the median over
 * the block pairs of {@code cpu(reference) / cpu(qseal)} (comparable with the report's throughput ratio), with p10-p90.
 * Not a replacement for run.sh: no forks, no JMH harness; a tool to compare two builds under the same load.
 *
 * <pre>java -cp benchmarks.jar dev.qseal.benchmarks.CpuTimeAB [OPS_PER_BLOCK=400] [PAIRS=40] [verify|sign|all]</pre>
 */
public final class CpuTimeAB {
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
    private static final int WARM_UP_PAIRS = 15;
    /** Keeps results alive so that the JIT cannot drop the work. */
    static volatile Object sink;

    private CpuTimeAB() {
    }

    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        String which = args.length > 2 ? args[2] : "all";
        if (ops < 8 || pairs < 10) {
            throw new IllegalArgumentException("at least 8 operations per block and 10 pairs");
        }
        if (!which.equals("sign")) {
            CavageVerifyBenchmark c = new CavageVerifyBenchmark();
            c.request = "token";
            c.setUp();
            compare("cavage_verify_vs_raw_jca", c::qsealCavage, c::rawJca, ops, pairs);
            compare("cavage_verify_vs_tomitribe", c::qsealCavage, c::tomitribe, ops, pairs);
            JwsBenchmark j = jws("PS256");
            compare("jws_verify_ps256_vs_raw_jca", j::qsealVerify, j::rawJcaVerify, ops, pairs);
            Rfc9421Benchmark r = rfc9421();
            compare("rfc9421_verify_rsa_pss_sha512_vs_raw_jca", r::qsealVerify, r::rawJcaVerify, ops, pairs);
        }
        if (!which.equals("verify")) {
            CavageSignBenchmark c = new CavageSignBenchmark();
            c.request = "token";
            c.setUp();
            // an RSA signature costs about 8 verifications: fewer per block keeps the blocks comparable in length
            compare("cavage_sign_vs_raw_jca", c::qsealCavage, c::rawJca, ops / 8, pairs);
            JwsBenchmark j = jws("PS256");
            compare("jws_sign_ps256_vs_raw_jca", j::qsealSign, j::rawJcaSign, ops / 8, pairs);
            JwsBenchmark e = jws("ES256");
            compare("jws_sign_es256_vs_raw_jca", e::qsealSign, e::rawJcaSign, ops, pairs);
            Rfc9421Benchmark r = rfc9421();
            compare("rfc9421_sign_rsa_pss_sha512_vs_raw_jca", r::qsealSign, r::rawJcaSign, ops / 8, pairs);
        }
    }

    private static JwsBenchmark jws(String alg) throws Exception {
        JwsBenchmark j = new JwsBenchmark();
        j.alg = alg;
        j.setUp();
        return j;
    }

    private static Rfc9421Benchmark rfc9421() {
        Rfc9421Benchmark r = new Rfc9421Benchmark();
        r.alg = "rsa-pss-sha512";
        r.setUp();
        return r;
    }

    private static double nanosPerOp(Callable<?> op, int n) throws Exception {
        long start = THREAD.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            sink = op.call();
        }
        return (THREAD.getCurrentThreadCpuTime() - start) / (double) n;
    }

    static void compare(String name, Callable<?> qseal, Callable<?> reference, int ops, int pairs) throws Exception {
        for (int i = 0; i < WARM_UP_PAIRS; i++) {
            nanosPerOp(qseal, ops);
            nanosPerOp(reference, ops);
        }
        double[] ratios = new double[pairs];
        double sumQ = 0;
        double sumR = 0;
        for (int p = 0; p < pairs; p++) {
            double q = nanosPerOp(qseal, ops);
            double r = nanosPerOp(reference, ops);
            ratios[p] = r / q;
            sumQ += q;
            sumR += r;
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "%-42s qseal %7.1f us/op  reference %7.1f us/op  cpu ratio median %.3f  [p10 %.3f, p90 %.3f]%n",
                name, sumQ / pairs / 1000, sumR / pairs / 1000, ratios[pairs / 2], ratios[pairs / 10], ratios[pairs * 9 / 10]);
    }
}
