package dev.qseal.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * Turns JMH's JSON result file into what a person reads: {@code REPORT.md} (every benchmark with score ± error
 * and units, and the ratios), {@code ratios.tsv} ({@code name<TAB>ratio<TAB>goal}) and {@code ratios.png}.
 *
 * <p>Every ratio is {@code throughput(qseal) / throughput(reference)} for two benchmarks of the <em>same run</em>
 * with the same parameters: above 1 qseal is faster, 1.00 is parity, 0.80 means qseal completes 20% fewer
 * operations per second. Goals say what a lean wrapper should meet; they were set before measuring.
 *
 * <p>{@code REPORT.md} also includes every profile kept in {@code benchmarks/profiles/*.md} ({@link Profile}) and points
 * each missed goal at the profile that lists it.
 *
 * <pre>java -cp benchmarks.jar dev.qseal.benchmarks.Report results/jmh.json results/ [--title T] [--profiles DIR] [--note N]...</pre>
 */
public final class Report {

    /** One JMH result. */
    record Result(String suite, String method, Map<String, String> params, int threads, double score, double error,
                  String unit) {
        String paramText() {
            if (params.isEmpty()) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            return sb.toString();
        }
    }

    /**
     * How one ratio is taken: method {@code qseal} of {@code suite} over method {@code reference} of
     * {@code referenceSuite} (usually the same suite; {@link #OPENSSL} for the anchor), same parameters.
     */
    record RatioSpec(String suite, String qseal, String referenceSuite, String reference,
                     Function<Map<String, String>, String> name, Function<Map<String, String>, Double> goal, String what,
                     double goalHigh) {
    }

    /** A measured ratio; value NaN and both results null when a required ratio was not measured in this run. */
    record Ratio(String name, double value, double error, double goal, RatioSpec spec, Result qseal, Result reference) {
        /** The upper end of a goal range ({@code goal..high}), or infinity for "at least {@code goal}". */
        double high() {
            return Double.isNaN(spec.goalHigh()) ? Double.POSITIVE_INFINITY : spec.goalHigh();
        }

        String goalText() {
            if (Double.isNaN(goal)) {
                return "-";
            }
            return Double.isNaN(spec.goalHigh()) ? String.format(Locale.ROOT, ">=%.2f", goal)
                    : String.format(Locale.ROOT, "%.2f..%.2f", goal, spec.goalHigh());
        }

        /** met, within error (the goal lies inside the ratio's error bar), missed, or not measured. */
        String verdict() {
            if (Double.isNaN(value)) {
                return "not measured";
            }
            if (Double.isNaN(goal)) {
                return "reported";
            }
            if (value >= goal && value <= high()) {
                return "met";
            }
            if (!Double.isNaN(error) && value + error >= goal && value - error <= high()) {
                return "within error";
            }
            return "missed";
        }
    }

    /**
     * A profile kept in {@code benchmarks/profiles/NAME.md}: why some ratios are what they are. Its first line is
     * {@code <!-- ratios: name1 name2 ... -->}, the ratios it explains; REPORT.md includes the file whole and points
     * every missed goal it lists at it.
     */
    record Profile(String file, List<String> ratios, String text) {
        private static final java.util.regex.Pattern HEADER = java.util.regex.Pattern.compile("^\\s*<!--\\s*ratios:(.*?)-->");

        static Profile of(String file, String text) {
            String first = text.lines().findFirst().orElse("");
            java.util.regex.Matcher m = HEADER.matcher(first);
            List<String> names = new ArrayList<>();
            if (m.find()) {
                for (String n : m.group(1).trim().split("[\\s,]+")) {
                    if (!n.isEmpty()) {
                        names.add(n);
                    }
                }
            }
            return new Profile(file, List.copyOf(names), text);
        }
    }

    /** Every {@code *.md} in {@code dir} (benchmarks/profiles), by file name; none when the directory is missing. */
    static List<Profile> profiles(Path dir) throws IOException {
        List<Profile> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().toList()) {
                if (Files.size(f) > 1_000_000) {
                    throw new IOException(f + " is larger than 1 MB: not a profile to include in REPORT.md");
                }
                out.add(Profile.of(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** The verdict as REPORT.md shows it: a missed goal names the profile that explains it, or says there is none yet. */
    static String verdictText(Ratio r, List<Profile> profiles) {
        String v = r.verdict();
        if (!v.equals("missed")) {
            return v;
        }
        for (Profile p : profiles) {
            if (p.ratios().contains(r.name())) {
                return "missed — see profile " + p.file();
            }
        }
        return "missed — no profile yet";
    }

    /** The suite name of the {@code openssl speed} results run.sh measures in the same run (the physical anchor). */
    static final String OPENSSL = "OpenSslSpeed";

    /**
     * The suite name of fixed rates a benchmark is held against (a theoretical bound or a configured rate),
     * made into results by {@link #boundResults}: {@code remote_bound} = 64 in flight / 10 ms = 6,400/s,
     * {@code remote_rate} = the 2,000 calls/s the rate-limited remote key is configured for, {@code kms_bound} =
     * {@link KmsStandInBenchmark}'s in-flight count / its stand-ins' latency.
     */
    static final String BOUND = "Bound";

    static final Map<String, String> SUITES = new LinkedHashMap<>();
    static final List<RatioSpec> SPECS = new ArrayList<>();
    /** A ratio that always gets a row (NaN when its benchmarks did not run): the spec and the parameters it is taken at. */
    record Required(RatioSpec spec, Map<String, String> params) {
        String name() {
            return spec.name().apply(params);
        }
    }

    static final List<Required> REQUIRED = new ArrayList<>();

    static {
        SUITES.put("CavageSignBenchmark", "Cavage signing, RSA-2048 SHA256withRSA, `(request-target) date digest`; "
                + "`request`: token = ING `POST /oauth2/token`, json1k/json64k = JSON payment bodies. Baseline `rawJca` = "
                + "`Signature` (same provider as qseal, the key in that provider's form, translated once as qseal does) + initSign + update "
                + "+ sign over the precomputed signing string.");
        SUITES.put("CavageVerifyBenchmark", "Cavage verification (RSA-2048): Digest check + signature. `rawJca` = "
                + "SHA-256 compare + `Signature.verify` over the precomputed signing string; tomitribe gets the same Digest check by hand.");
        SUITES.put("JwsBenchmark", "Detached JWS (ING / JAdES sigD HttpHeaders, b64:false) over a 1 KiB JSON request; "
                + "`rawJca*` = the JCA signature over the precomputed JWS signing input (same provider as qseal, key in its form); "
                + "Nimbus builds the same header per call.");
        SUITES.put("Rfc9421Benchmark", "RFC 9421 over a 1 KiB JSON request, `@method @authority @path content-digest`; "
                + "`rawJca*` = the JCA signature over the precomputed signature base (same provider as qseal, key in its form; "
                + "verify also checks Content-Digest).");
        SUITES.put("DigestBenchmark", "`Digest: SHA-256=` value of a random body: qseal `Digests.digestValue` vs "
                + "`MessageDigest` + Base64.");
        SUITES.put("RemoteKeyBenchmark", "The remote-key engine (queue, rate limit, timeouts, retries, verification of every "
                + "signature) against an in-process remote RSA-2048 key answering after 10 ms, 64 operations in flight from one "
                + "thread: `unlimited` (bound 64 / 10 ms = 6,400/s), `rateLimited` (the key limited to 2,000 calls/s) and `rawBackend` "
                + "(the same calls and verification without the engine: the machine's ceiling in this run). "
                + "4 platform threads in all (benchmark, engine timer, 2 stand-in answer threads on which the engine verifies).");
        SUITES.put("KmsStandInBenchmark", "Each vendor's key source with its real SDK (`vendor`: aws, gcp, azure, vault) "
                + "against its wire-level stand-in (module kms-testing) on loopback, every request answered after "
                + KmsStandInBenchmark.LATENCY_MS + " ms, " + KmsStandInBenchmark.IN_FLIGHT + " `signDigestAsync` calls in flight "
                + "from one thread through the remote-key engine (ECDSA P-256, every signature verified). SDK, HTTP (HTTPS for "
                + "Key Vault) and the stand-in all run on the measuring machine, so the `kms_*_standin_vs_bound` rows are "
                + "reported without a goal (`-`): the engine's own goal is `remote_key_vs_bound`.");
        SUITES.put("Pkcs11Benchmark", "SoftHSM2 token signing, one key shared by 1, 2 or 4 threads: qseal `pkcs11:` key "
                + "(JNA Cryptoki, session pool, verifies each signature before returning it) vs the JDK's SunPKCS11.");
        SUITES.put("SignBenchmark", "qseal's default software signing path (`SoftwareSigningKey.sign`, default provider) over a "
                + "short signing string, RSA-2048 PKCS#1 SHA-256 or ECDSA P-256 SHA-256, 1 and 2 threads sharing the key.");
        SUITES.put(OPENSSL, "The physical anchor, measured by run.sh in the same run (before and after JMH; `±` = half the "
                + "difference of the two): `openssl speed -seconds N rsa2048 ecdsap256` sign/s and "
                + "`openssl speed -bytes 1048576 -seconds N sha256` in digests of 1 MiB per second, one core.");

        Function<Map<String, String>, String> req = p -> suffix(p.get("request"), "token");
        add("CavageSignBenchmark", "qsealSigningKey", "rawJca", p -> "signing_key_sign_vs_raw_jca" + req.apply(p), 0.95,
                "SigningKey.sign vs the JCA calls it wraps");
        add("CavageSignBenchmark", "qsealCavage", "rawJca", p -> "cavage_sign_vs_raw_jca" + req.apply(p), 0.97,
                "CavageSigner.sign (signing string + sign + header) vs raw JCA sign");
        add("CavageSignBenchmark", "qsealCavage", "tomitribe", p -> "cavage_sign_vs_tomitribe" + req.apply(p), 0.95,
                "CavageSigner.sign vs tomitribe Signer.sign, same request");
        add("CavageSignBenchmark", "qsealProfileIng", "rawJcaDigestAndSign", p -> "profile_ing_sign_vs_raw_jca" + req.apply(p), 0.90,
                "ING profile (Date, Digest, certificate header, signature) vs raw SHA-256 + sign");
        add("CavageVerifyBenchmark", "qsealCavage", "rawJca", p -> "cavage_verify_vs_raw_jca" + req.apply(p), 0.85,
                "CavageVerifier.verify vs raw digest check + verify");
        add("CavageVerifyBenchmark", "qsealCavage", "tomitribe", p -> "cavage_verify_vs_tomitribe" + req.apply(p), 1.80,
                "CavageVerifier.verify vs tomitribe parse + verify (+ digest check)");
        Function<Map<String, String>, String> alg = p -> p.get("alg").toLowerCase(Locale.ROOT).replace('-', '_');
        Function<Map<String, String>, Double> signGoal = p -> p.get("alg").startsWith("E") ? 0.95 : 0.97;
        add("JwsBenchmark", "qsealSign", "rawJcaSign", p -> "jws_sign_" + alg.apply(p) + "_vs_raw_jca", signGoal,
                "DetachedJwsSigner.sign().compact() vs raw JCA sign of the signing input");
        add("JwsBenchmark", "qsealSign", "nimbusSign", p -> "jws_sign_" + alg.apply(p) + "_vs_nimbus", 0.95,
                "DetachedJwsSigner vs Nimbus JWSObject.sign + serialize");
        add("JwsBenchmark", "qsealVerify", "rawJcaVerify", p -> "jws_verify_" + alg.apply(p) + "_vs_raw_jca", 0.85,
                "DetachedJwsVerifier.verify vs raw JCA verify of the signing input");
        add("JwsBenchmark", "qsealVerify", "nimbusVerify", p -> "jws_verify_" + alg.apply(p) + "_vs_nimbus", 0.95,
                "DetachedJwsVerifier.verify vs Nimbus JWSObject.parse + verify");
        add("Rfc9421Benchmark", "qsealSign", "rawJcaSign", p -> "rfc9421_sign_" + alg.apply(p) + "_vs_raw_jca", signGoal,
                "MessageSigner.sign vs raw JCA sign of the signature base");
        add("Rfc9421Benchmark", "qsealVerify", "rawJcaVerify", p -> "rfc9421_verify_" + alg.apply(p) + "_vs_raw_jca", 0.85,
                "MessageVerifier.verify vs raw Content-Digest check + verify");
        add("DigestBenchmark", "qseal", "rawJca", p -> "digest_" + p.get("size") + "_vs_raw_jca", 0.95,
                "Digests.digestValue vs MessageDigest + Base64");
        Function<Map<String, String>, String> obj = p -> p.get("object").replace("seal-", "");
        add("Pkcs11Benchmark", "qseal_1thread", "sunPkcs11_1thread", p -> "pkcs11_sign_" + obj.apply(p) + "_1thread_vs_sunpkcs11", 0.95,
                "qseal pkcs11: key vs SunPKCS11, same token and object, 1 thread");
        add("Pkcs11Benchmark", "qseal_4threads", "sunPkcs11_4threads", p -> "pkcs11_sign_" + obj.apply(p) + "_4threads_vs_sunpkcs11", 0.95,
                "qseal pkcs11: key vs SunPKCS11, same token and object, 4 threads");
        add("Pkcs11Benchmark", "qseal_2threads", "qseal_1thread", p -> "pkcs11_sign_2threads_vs_1thread" + suffix(obj.apply(p), "rsa"),
                1.80, "qseal pkcs11: key, throughput on 2 threads / 1 thread (same token and object)");
        add("SignBenchmark", "qseal_2threads", "qseal_1thread", p -> "sign_2threads_vs_1thread" + suffix(p.get("key"), "rsa2048"),
                1.80, "default software signing path, throughput on 2 threads / 1 thread");
        addAcross("SignBenchmark", "qseal_1thread", OPENSSL, "sign", p -> "default_" + p.get("key") + "_sign_vs_openssl", 0.95,
                "default software signing path (1 thread) vs `openssl speed` sign/s on this machine");
        addAcross("DigestBenchmark", "qseal", OPENSSL, "sha256", p -> "digest_" + p.get("size") + "_vs_openssl", 0.90,
                "Digests.digestValue of 1 MiB vs OpenSSL SHA-256 of 1 MiB blocks");

        // issue 11: the remote-key engine against its bound, its configured rate and the machine's ceiling
        addAcross("RemoteKeyBenchmark", "unlimited", BOUND, "remote_bound", p -> "remote_key_vs_bound", 0.90,
                "remote key, 10 ms latency, 64 in flight: signatures/s vs the bound 6,400/s");
        add("RemoteKeyBenchmark", "unlimited", "rawBackend", p -> "remote_key_vs_raw_backend", 0.90,
                "remote key through the engine vs the same calls and verification without it, same run");
        SPECS.add(new RatioSpec("RemoteKeyBenchmark", "rateLimited", BOUND, "remote_rate", p -> "remote_key_rate_limit_accuracy",
                p -> 0.95, "remote key limited to 2,000 calls/s: measured rate / configured rate", 1.05));
        require("RemoteKeyBenchmark", "unlimited", "remote_bound", Map.of());
        require("RemoteKeyBenchmark", "rateLimited", "remote_rate", Map.of());
        // each vendor's SDK path against its stand-in: reported, no goal (see the suite's description)
        addAcross("KmsStandInBenchmark", "sign", BOUND, "kms_bound", p -> "kms_" + p.get("vendor") + "_standin_vs_bound", Double.NaN,
                "key source + SDK + loopback stand-in, " + KmsStandInBenchmark.LATENCY_MS + " ms latency, "
                        + KmsStandInBenchmark.IN_FLIGHT + " in flight: signatures/s vs the bound (informational)");
        for (String vendor : List.of("aws", "gcp", "azure", "vault")) {
            require("KmsStandInBenchmark", "sign", "kms_bound", Map.of("vendor", vendor));
        }

        // the goals table of issue 14: these rows are always written (NaN when the benchmark could not run)
        Map<String, String> token = Map.of("request", "token");
        require("CavageSignBenchmark", "qsealCavage", "rawJca", token);
        require("JwsBenchmark", "qsealSign", "rawJcaSign", Map.of("alg", "PS256"));
        require("Rfc9421Benchmark", "qsealSign", "rawJcaSign", Map.of("alg", "rsa-pss-sha512"));
        require("JwsBenchmark", "qsealSign", "rawJcaSign", Map.of("alg", "ES256"));
        require("CavageVerifyBenchmark", "qsealCavage", "rawJca", token);
        require("JwsBenchmark", "qsealVerify", "rawJcaVerify", Map.of("alg", "PS256"));
        require("Rfc9421Benchmark", "qsealVerify", "rawJcaVerify", Map.of("alg", "rsa-pss-sha512"));
        require("CavageVerifyBenchmark", "qsealCavage", "tomitribe", token);
        require("SignBenchmark", "qseal_1thread", "sign", Map.of("key", "rsa2048"));
        require("SignBenchmark", "qseal_1thread", "sign", Map.of("key", "p256"));
        require("DigestBenchmark", "qseal", "sha256", Map.of("size", "1m"));
        require("SignBenchmark", "qseal_2threads", "qseal_1thread", Map.of("key", "rsa2048"));
        Map<String, String> rsa = Map.of("object", "seal-rsa");
        require("Pkcs11Benchmark", "qseal_2threads", "qseal_1thread", rsa);
        require("Pkcs11Benchmark", "qseal_1thread", "sunPkcs11_1thread", rsa);
        require("Pkcs11Benchmark", "qseal_4threads", "sunPkcs11_4threads", rsa);
    }

    private static void add(String suite, String qseal, String reference, Function<Map<String, String>, String> name,
                            double goal, String what) {
        add(suite, qseal, reference, name, p -> goal, what);
    }

    private static void add(String suite, String qseal, String reference, Function<Map<String, String>, String> name,
                            Function<Map<String, String>, Double> goal, String what) {
        addAcross(suite, qseal, suite, reference, name, goal, what);
    }

    private static void addAcross(String suite, String qseal, String referenceSuite, String reference,
                                  Function<Map<String, String>, String> name, double goal, String what) {
        addAcross(suite, qseal, referenceSuite, reference, name, p -> goal, what);
    }

    private static void addAcross(String suite, String qseal, String referenceSuite, String reference,
                                  Function<Map<String, String>, String> name, Function<Map<String, String>, Double> goal,
                                  String what) {
        SPECS.add(new RatioSpec(suite, qseal, referenceSuite, reference, name, goal, what, Double.NaN));
    }

    /** Marks the ratio of the spec (suite, qseal, reference) at these parameters as always reported. */
    private static void require(String suite, String qseal, String reference, Map<String, String> params) {
        for (RatioSpec spec : SPECS) {
            if (spec.suite().equals(suite) && spec.qseal().equals(qseal) && spec.reference().equals(reference)) {
                REQUIRED.add(new Required(spec, params));
                return;
            }
        }
        throw new IllegalStateException("no ratio spec " + suite + "." + qseal + " / " + reference);
    }

    private static String suffix(String value, String canonical) {
        return value == null || value.equals(canonical) ? "" : "_" + value;
    }

    /** The reference a benchmark is compared with in the per-suite tables. */
    static String baselineOf(String suite, String method) {
        switch (suite) {
            case "JwsBenchmark":
            case "Rfc9421Benchmark":
                return method.endsWith("Sign") ? "rawJcaSign" : "rawJcaVerify";
            case "Pkcs11Benchmark":
                if (method.endsWith("_2threads")) {
                    return "qseal_1thread";
                }
                return method.endsWith("_1thread") ? "sunPkcs11_1thread" : "sunPkcs11_4threads";
            case "SignBenchmark":
                return "qseal_1thread";
            case "RemoteKeyBenchmark":
                return "rawBackend";
            default:
                return "rawJca";
        }
    }

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Report JMH_JSON OUT_DIR [--title TITLE] [--openssl OPENSSL_TSV] [--profiles DIR] [--note NOTE]...");
            System.exit(2);
        }
        Path json = Paths.get(args[0]);
        Path out = Paths.get(args[1]);
        String title = "qseal benchmarks";
        List<String> notes = new ArrayList<>();
        Path openssl = null;
        // benchmarks/profiles beside benchmarks/results unless --profiles says otherwise
        Path profileDir = out.toAbsolutePath().getParent() == null ? null : out.toAbsolutePath().getParent().resolve("profiles");
        for (int i = 2; i + 1 < args.length; i += 2) {
            if (args[i].equals("--profiles")) {
                profileDir = Paths.get(args[i + 1]);
            } else if (args[i].equals("--title")) {
                title = args[i + 1];
            } else if (args[i].equals("--openssl")) {
                openssl = Paths.get(args[i + 1]);
            } else if (args[i].equals("--note")) {
                notes.add(args[i + 1]);
            } else {
                System.err.println("unknown option " + args[i]);
                System.exit(2);
            }
        }
        Files.createDirectories(out);
        List<Object> entries = asList(Json.parse(Files.readString(json, StandardCharsets.UTF_8)));
        List<Result> results = results(entries);
        if (openssl != null && Files.isRegularFile(openssl)) {
            results.addAll(opensslResults(Files.readString(openssl, StandardCharsets.UTF_8)));
        } else {
            notes.add("No `openssl speed` results (openssl missing or its output not understood): the *_vs_openssl ratios are NaN.");
        }
        notes.add("Provider: " + providerInUse() + ".");
        List<Ratio> ratios = ratios(results);
        Files.writeString(out.resolve("ratios.tsv"), tsv(ratios), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("REPORT.md"), markdown(title, notes, entries, results, ratios, profiles(profileDir)),
                StandardCharsets.UTF_8);
        if (!ratios.isEmpty()) {
            ImageIO.write(ratioChart(title, ratios), "png", out.resolve("ratios.png").toFile());
        }
        System.out.println("wrote " + out.resolve("REPORT.md") + ", " + out.resolve("ratios.tsv")
                + (ratios.isEmpty() ? " (no ratios: no plot)" : ", " + out.resolve("ratios.png")) + " from " + results.size() + " results");
    }

    /** Which provider qseal's default software path signs with in this JVM (run.sh runs the report like the benchmarks). */
    static String providerInUse() {
        try {
            java.security.Signature rsa = dev.qseal.core.key.SignatureAlgorithm.RSA_PKCS1_SHA256.newJcaSignature();
            java.security.Signature ec = dev.qseal.core.key.SignatureAlgorithm.ECDSA_P256_SHA256.newJcaSignature();
            return "RSA " + rsa.getProvider().getName() + " " + rsa.getProvider().getVersionStr() + ", ECDSA "
                    + ec.getProvider().getName() + " " + ec.getProvider().getVersionStr() + " (JDK " + System.getProperty("java.version") + ")";
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static double num(Object o) {
        if (o instanceof Double) {
            return (Double) o;
        }
        return Double.NaN; // JMH writes "NaN" (a string) when there are too few iterations for an error
    }

    static List<Result> results(List<Object> entries) {
        List<Result> out = new ArrayList<>();
        for (Object e : entries) {
            Map<String, Object> m = asMap(e);
            String bench = (String) m.get("benchmark");
            int dot = bench.lastIndexOf('.');
            String cls = bench.substring(0, dot);
            String suite = cls.substring(cls.lastIndexOf('.') + 1);
            Map<String, String> params = new TreeMap<>();
            if (m.get("params") != null) {
                asMap(m.get("params")).forEach((k, v) -> params.put(k, String.valueOf(v)));
            }
            Map<String, Object> pm = asMap(m.get("primaryMetric"));
            out.add(new Result(suite, bench.substring(dot + 1), params, (int) num(m.get("threads")), num(pm.get("score")),
                    num(pm.get("scoreError")), (String) pm.get("scoreUnit")));
        }
        return out;
    }

    static List<Ratio> ratios(List<Result> measured) {
        List<Ratio> out = new ArrayList<>();
        List<Result> results = new ArrayList<>(measured);
        results.addAll(boundResults(measured));
        for (RatioSpec spec : SPECS) {
            for (Result q : results) {
                if (!q.suite().equals(spec.suite()) || !q.method().equals(spec.qseal())) {
                    continue;
                }
                for (Result r : results) {
                    if (r.suite().equals(spec.referenceSuite()) && r.method().equals(spec.reference()) && r.params().equals(q.params())) {
                        double v = q.score() / r.score();
                        double err = v * Math.sqrt(sq(q.error() / q.score()) + sq(r.error() / r.score()));
                        out.add(new Ratio(spec.name().apply(q.params()), v, err, spec.goal().apply(q.params()), spec, q, r));
                    }
                }
            }
        }
        for (Required req : REQUIRED) {
            if (out.stream().noneMatch(r -> r.name().equals(req.name()))) {
                out.add(new Ratio(req.name(), Double.NaN, Double.NaN, req.spec().goal().apply(req.params()), req.spec(), null, null));
            }
        }
        return out;
    }

    /**
     * The {@code openssl speed} results run.sh wrote ({@code name<TAB>ops/s<TAB>error} lines: {@code rsa2048},
     * {@code p256} sign/s and {@code sha256_1m} digests of 1 MiB per second) as results of the {@link #OPENSSL} suite.
     */
    static List<Result> opensslResults(String tsv) {
        List<Result> out = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            String[] f = line.trim().split("\t");
            if (f.length < 2 || line.startsWith("#")) {
                continue;
            }
            double score;
            double error;
            try {
                score = Double.parseDouble(f[1]);
                error = f.length > 2 ? Double.parseDouble(f[2]) : Double.NaN;
            } catch (NumberFormatException e) {
                continue;
            }
            if (!(score > 0)) {
                continue;
            }
            switch (f[0]) {
                case "rsa2048":
                case "p256":
                    out.add(new Result(OPENSSL, "sign", Map.of("key", f[0]), 1, score, error, "ops/s"));
                    break;
                case "sha256_1m":
                    out.add(new Result(OPENSSL, "sha256", Map.of("size", "1m"), 1, score, error, "ops/s"));
                    break;
                default:
                    break;
            }
        }
        return out;
    }

    /** The fixed rates of the {@link #BOUND} suite, one per remote-key result (same parameters, no error). */
    static List<Result> boundResults(List<Result> results) {
        List<Result> out = new ArrayList<>();
        for (Result r : results) {
            if (r.suite().equals("RemoteKeyBenchmark") && r.method().equals("unlimited")) {
                out.add(new Result(BOUND, "remote_bound", r.params(), 1, 64 * 1000.0 / 10, 0, r.unit()));
            } else if (r.suite().equals("RemoteKeyBenchmark") && r.method().equals("rateLimited")) {
                out.add(new Result(BOUND, "remote_rate", r.params(), 1, 2000, 0, r.unit()));
            } else if (r.suite().equals("KmsStandInBenchmark") && r.method().equals("sign")) {
                out.add(new Result(BOUND, "kms_bound", r.params(), 1,
                        KmsStandInBenchmark.IN_FLIGHT * 1000.0 / KmsStandInBenchmark.LATENCY_MS, 0, r.unit()));
            }
        }
        return out;
    }

    private static double sq(double d) {
        return d * d;
    }

    static String tsv(List<Ratio> ratios) {
        StringBuilder sb = new StringBuilder();
        for (Ratio r : ratios) {
            sb.append(r.name()).append('\t').append(Double.isNaN(r.value()) ? "NaN" : fmt2(r.value())).append('\t').append(r.goalText()).append('\n');
        }
        return sb.toString();
    }

    private static String fmt2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static String score(double d) {
        if (Double.isNaN(d)) {
            return "n/a";
        }
        if (d >= 100) {
            return String.format(Locale.ROOT, "%,.0f", d);
        }
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static String markdown(String title, List<String> notes, List<Object> entries, List<Result> results, List<Ratio> ratios) {
        return markdown(title, notes, entries, results, ratios, List.of());
    }

    static String markdown(String title, List<String> notes, List<Object> entries, List<Result> results, List<Ratio> ratios,
                           List<Profile> profiles) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append("\n\n");
        sb.append("Generated ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" by `dev.qseal.benchmarks.Report` from `jmh.json`");
        if (!entries.isEmpty()) {
            Map<String, Object> first = asMap(entries.get(0));
            sb.append(String.format(Locale.ROOT, ". JDK %s (%s %s), %s CPUs; JMH %s: %s fork(s), %s warm-up x %s, %s measurement x %s.",
                    first.get("jdkVersion"), first.get("vmName"), first.get("vmVersion"), Runtime.getRuntime().availableProcessors(),
                    first.get("jmhVersion"), fmtInt(first.get("forks")), fmtInt(first.get("warmupIterations")), first.get("warmupTime"),
                    fmtInt(first.get("measurementIterations")), first.get("measurementTime")));
        }
        sb.append("\n\n");
        for (String n : notes) {
            sb.append("> ").append(n).append("\n\n");
        }
        sb.append("## How to read this\n\n");
        sb.append("- Scores are **throughput** (operations per second): **higher is better**. `±` is JMH's 99.9% confidence half-width "
                + "(`n/a` when a run had too few iterations to compute it).\n");
        sb.append("- A **ratio** is `throughput(qseal) / throughput(reference)`, both measured in this run with the same parameters: "
                + "**above 1.00 qseal is faster**, 1.00 is parity, 0.80 means qseal completes 20% fewer operations per second "
                + "(each takes 1.25x as long). Its `±` is propagated from the two errors.\n");
        sb.append("- **Goals** are what a lean wrapper should meet, set before measuring: >=0.90-0.95 where the private-key operation "
                + "dominates (signing, digests), >=0.85 for verification (the public-key operation is cheap, so parsing and the "
                + "diagnosis show), >=0.95 (parity within noise) against a peer doing the same work. `within error` = below the goal "
                + "but the goal is inside the ratio's error bar; a quick run has wide errors.\n\n");

        sb.append("## Ratios\n\n");
        if (ratios.isEmpty()) {
            sb.append("No ratios: no pair of benchmarks to compare in this run.\n\n");
        } else {
            sb.append("| ratio | measured | ± | goal | verdict | qseal (ops/s) | reference (ops/s) | what |\n");
            sb.append("|---|---:|---:|---|---|---:|---:|---|\n");
            for (Ratio r : ratios) {
                if (r.qseal() == null) {
                    sb.append("| `").append(r.name()).append("` | NaN | n/a | ").append(r.goalText()).append(" | ").append(verdictText(r, profiles))
                            .append(" | | | `").append(r.spec().suite()).append('.').append(r.spec().qseal())
                            .append("` or its reference did not run (skipped, failed or filtered out: see the notes above and jmh.log); ")
                            .append(r.spec().what()).append(" |\n");
                    continue;
                }
                sb.append("| `").append(r.name()).append("` | ").append(fmt2(r.value())).append(" | ")
                        .append(Double.isNaN(r.error()) ? "n/a" : fmt2(r.error())).append(" | ").append(r.goalText())
                        .append(" | ").append(verdictText(r, profiles)).append(" | ").append(score(r.qseal().score())).append(" `")
                        .append(r.qseal().method()).append("` | ").append(score(r.reference().score())).append(" `")
                        .append(r.reference().method()).append("` | ").append(r.spec().what()).append(" |\n");
            }
            sb.append("\n![ratios](ratios.png)\n\n");
        }

        sb.append("## Results per suite\n\n");
        for (Map.Entry<String, String> suite : SUITES.entrySet()) {
            List<Result> rs = new ArrayList<>();
            for (Result r : results) {
                if (r.suite().equals(suite.getKey())) {
                    rs.add(r);
                }
            }
            sb.append("### ").append(suite.getKey()).append("\n\n").append(suite.getValue()).append("\n\n");
            if (rs.isEmpty()) {
                sb.append("_Not in this run (filtered out, skipped or failed: see the JMH log `jmh.log`)._\n\n");
                continue;
            }
            sb.append("| benchmark | params | threads | score | ± | units | x baseline |\n");
            sb.append("|---|---|---:|---:|---:|---|---:|\n");
            for (Result r : rs) {
                String base = baselineOf(r.suite(), r.method());
                String ratio = "";
                for (Result b : rs) {
                    if (b.method().equals(base) && b.params().equals(r.params())) {
                        ratio = fmt2(r.score() / b.score()) + " (vs `" + base + "`)";
                    }
                }
                sb.append("| `").append(r.method()).append("` | ").append(r.paramText()).append(" | ").append(r.threads())
                        .append(" | ").append(score(r.score())).append(" | ").append(score(r.error())).append(" | ")
                        .append(r.unit()).append(" | ").append(ratio).append(" |\n");
            }
            sb.append('\n');
        }
        sb.append("## Profiles\n\n");
        if (profiles.isEmpty()) {
            sb.append("_No profiles in `benchmarks/profiles/`._\n\n");
        } else {
            sb.append("Kept in `benchmarks/profiles/` (taken with JMH's `-prof gc` and `-prof stack` or JFR; each says how and on what load),"
                    + " included here whole. A missed goal above points at the profile that explains it.\n\n");
        }
        for (Profile p : profiles) {
            sb.append("### `").append(p.file()).append("`\n\n");
            if (!p.ratios().isEmpty()) {
                sb.append("Explains: ");
                for (int i = 0; i < p.ratios().size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append('`').append(p.ratios().get(i)).append('`');
                }
                sb.append("\n\n");
            }
            sb.append(nested(p.text())).append("\n\n");
        }
        sb.append("## Files\n\n- `jmh.json`: JMH's own result file (all iterations, raw data)\n- `jmh.log`: JMH's console output\n"
                + "- `openssl.tsv`: the `openssl speed` anchor (`name<TAB>ops/s<TAB>±`), `openssl-*.txt` its raw output\n"
                + "- `ratios.tsv`: `name<TAB>measured ratio<TAB>goal`, one ratio per line\n- `ratios.png`: the ratios as bars, goals marked\n");
        return sb.toString();
    }

    /** A profile's markdown with its headings three levels down, so that they sit under its {@code ###} heading (code blocks untouched). */
    static String nested(String text) {
        StringBuilder sb = new StringBuilder();
        boolean code = false;
        for (String line : text.strip().split("\n", -1)) {
            if (line.startsWith("```")) {
                code = !code;
            }
            sb.append(!code && line.startsWith("#") ? "###" + line : line).append('\n');
        }
        return sb.toString().strip();
    }

    private static String fmtInt(Object o) {
        return o instanceof Double ? String.valueOf(((Double) o).intValue()) : String.valueOf(o);
    }

    private static final double CLIP = 2.0;

    static BufferedImage ratioChart(String title, List<Ratio> all) {
        List<Ratio> ratios = new ArrayList<>();
        for (Ratio r : all) {
            if (!Double.isNaN(r.value())) {
                ratios.add(r);
            }
        }
        int rowH = 26;
        int left = 380;
        int barW = 620;
        int right = 110;
        int top = 78;
        int bottom = 56;
        int w = left + barW + right;
        int h = top + rowH * ratios.size() + bottom;
        // the axis stops at 2.0 so that parity and the goals stay readable; a longer bar is clipped and marked
        double max = 1.25;
        for (Ratio r : ratios) {
            max = Math.max(max, Math.min(CLIP, r.value() + (Double.isNaN(r.error()) ? 0 : r.error())));
        }
        max = Math.ceil(max * 4) / 4;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title + ": throughput ratio qseal / reference (higher is better)", 12, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("bar = measured ratio (whisker = ± error), black tick = goal; green = goal met, orange = within error, red = missed;"
                + " grey = no goal; dashed line = parity (1.0)", 12, 44);
        Font label = new Font(Font.MONOSPACED, Font.PLAIN, 12);
        double scale = barW / max;
        // grid
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (double x = 0; x <= max + 1e-9; x += max > 1.5 ? 0.5 : 0.25) {
            int px = left + (int) Math.round(x * scale);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(px, top - 6, px, top + rowH * ratios.size());
            g.setColor(Color.DARK_GRAY);
            String t = String.format(Locale.ROOT, "%.2f", x);
            g.drawString(t, px - fm.stringWidth(t) / 2, top + rowH * ratios.size() + 16);
        }
        g.drawString("throughput(qseal) / throughput(reference)", left + barW / 2 - 110, top + rowH * ratios.size() + 36);
        for (int i = 0; i < ratios.size(); i++) {
            Ratio r = ratios.get(i);
            int y = top + i * rowH;
            Color c;
            switch (r.verdict()) {
                case "met": c = new Color(76, 163, 90); break;
                case "within error": c = new Color(235, 160, 50); break;
                case "reported": c = new Color(150, 150, 150); break;
                default: c = new Color(210, 70, 60);
            }
            g.setColor(c);
            int bw = (int) Math.round(Math.min(r.value(), max) * scale);
            g.fillRect(left, y + 5, bw, rowH - 10);
            if (r.value() > max) {
                g.setColor(Color.WHITE);
                int tip = left + bw;
                for (int k = 0; k < 3; k++) { // a white "broken bar" mark: the bar goes on beyond the axis
                    g.drawLine(tip - 14 + 4 * k, y + 5, tip - 18 + 4 * k, y + rowH - 6);
                }
            }
            g.setColor(Color.BLACK);
            if (!Double.isNaN(r.error())) {
                int lo = left + (int) Math.round(Math.max(0, r.value() - r.error()) * scale);
                int hi = left + (int) Math.round(Math.min(max, r.value() + r.error()) * scale);
                int cy = y + rowH / 2;
                g.drawLine(lo, cy, hi, cy);
                g.drawLine(lo, cy - 4, lo, cy + 4);
                g.drawLine(hi, cy - 4, hi, cy + 4);
            }
            if (!Double.isNaN(r.goal())) {
                int gx = left + (int) Math.round(r.goal() * scale);
                g.setStroke(new BasicStroke(3));
                g.drawLine(gx, y + 2, gx, y + rowH - 2);
                g.setStroke(new BasicStroke(1));
            }
            g.setFont(label);
            FontMetrics lm = g.getFontMetrics();
            String name = r.name();
            for (int cut = r.name().length() - 1; lm.stringWidth(name) > left - 16 && cut > 4; cut--) {
                name = r.name().substring(0, cut) + "...";
            }
            g.drawString(name, left - 8 - lm.stringWidth(name), y + rowH / 2 + 4);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(fmt2(r.value()) + (r.value() > max ? " (clipped)" : ""), left + barW + 8, y + rowH / 2 + 4);
        }
        g.setColor(Color.BLACK);
        float[] dash = {5f, 4f};
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        int one = left + (int) Math.round(1.0 * scale);
        g.drawLine(one, top - 6, one, top + rowH * ratios.size());
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, top - 6, left, top + rowH * ratios.size());
        g.dispose();
        return img;
    }
}
