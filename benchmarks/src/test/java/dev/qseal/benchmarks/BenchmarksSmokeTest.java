package dev.qseal.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Each benchmark method runs once and does the work it claims (no timing: speed is measured by JMH in
 * benchmarks/run.sh, never asserted in a unit test). The PKCS#11 suite is left to run.sh (it needs SoftHSM).
 */
class BenchmarksSmokeTest {
    static Blackhole blackhole() {
        return new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    }

    @Test
    void fixturesHaveTheAdvertisedSizes() {
        assertEquals(1024, Fixtures.body("json1k").length);
        assertEquals(64 * 1024, Fixtures.body("json64k").length);
    }

    @Test
    void cavageSignContendersAllProduceSignatures() throws Exception {
        CavageSignBenchmark b = new CavageSignBenchmark();
        b.request = "token";
        b.setUp(); // also checks that tomitribe and qseal sign the same string
        assertEquals(256, b.rawJca().length);
        assertEquals(256, b.qsealSigningKey().length);
        b.rawJcaDigestAndSign(blackhole());
        assertTrue(b.qsealCavage().contains("headers=\"(request-target) date digest\""));
        assertTrue(b.tomitribe().contains("headers=\"(request-target) date digest\""));
        assertTrue(b.qsealProfileIng().request().headers().contains("Authorization"));
    }

    @Test
    void cavageVerifyContendersAllAccept() throws Exception {
        CavageVerifyBenchmark b = new CavageVerifyBenchmark();
        b.request = "json1k";
        b.setUp();
        assertTrue(b.rawJca());
        assertTrue(b.qsealCavage().isValid(), b.qsealCavage().toString());
        assertTrue(b.tomitribe());
    }

    @Test
    void jwsContendersAllSignAndVerify() throws Exception {
        for (String alg : List.of("PS256", "ES256")) {
            JwsBenchmark b = new JwsBenchmark();
            b.alg = alg;
            b.setUp(); // checks that every verifier accepts the qseal and the Nimbus JWS
            assertNotNull(b.rawJcaSign());
            assertTrue(b.qsealSign().contains(".."));
            assertTrue(b.nimbusSign().contains(".."));
            assertTrue(b.rawJcaVerify());
            assertTrue(b.qsealVerify().isValid());
            assertTrue(b.nimbusVerify());
        }
    }

    @Test
    void rfc9421ContendersAllSignAndVerify() throws Exception {
        for (String alg : List.of("rsa-pss-sha512", "ecdsa-p256-sha256")) {
            Rfc9421Benchmark b = new Rfc9421Benchmark();
            b.alg = alg;
            b.setUp();
            assertNotNull(b.rawJcaSign());
            assertTrue(b.qsealSign().startsWith("sig1=:"));
            assertTrue(b.rawJcaVerify());
            assertTrue(b.qsealVerify().isValid());
        }
    }

    @Test
    void digestContendersAgree() throws Exception {
        DigestBenchmark b = new DigestBenchmark();
        b.size = "64k";
        b.setUp();
        assertEquals(b.rawJca(), b.qseal());
        assertEquals("SHA-256=" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(b.body)), b.qseal());
    }

    @Test
    void reportTurnsJmhJsonIntoRatiosTablesAndAPlot() {
        String json = "[" + entry("CavageSignBenchmark.qsealCavage", "\"request\":\"token\"", 950, "9.5")
                + "," + entry("CavageSignBenchmark.rawJca", "\"request\":\"token\"", 1000, "10")
                + "," + entry("CavageSignBenchmark.tomitribe", "\"request\":\"token\"", 900, "\"NaN\"")
                + "," + entry("DigestBenchmark.qseal", "\"size\":\"1m\"", 300, "3")
                + "," + entry("DigestBenchmark.rawJca", "\"size\":\"1m\"", 310, "3") + "]";
        List<Report.Result> results = Report.results(castList(Json.parse(json)));
        List<Report.Ratio> ratios = Report.ratios(results);
        String tsv = Report.tsv(ratios);
        assertTrue(tsv.contains("cavage_sign_vs_raw_jca\t0.95\t>=0.97\n"), tsv);
        assertTrue(tsv.contains("cavage_sign_vs_tomitribe\t1.06\t>=0.95\n"), tsv);
        assertTrue(tsv.contains("digest_1m_vs_raw_jca\t0.97\t>=0.95\n"), tsv);
        for (String line : tsv.split("\n")) {
            assertEquals(3, line.split("\t").length, line);
        }
        String md = Report.markdown("t", List.of(), castList(Json.parse(json)), results, ratios);
        assertTrue(md.contains("| `cavage_sign_vs_raw_jca` | 0.95 |"), md);
        assertTrue(md.contains("| `pkcs11_sign_rsa_4threads_vs_sunpkcs11` | NaN |"), md);
        assertTrue(md.contains("higher is better"));
        BufferedImage png = Report.ratioChart("t", ratios);
        assertTrue(png.getWidth() > 500 && png.getHeight() > 100);
    }

    @Test
    void reportWritesEveryGoalRowComparingWithTheOpensslAnchor() {
        String json = "[" + entry("SignBenchmark.qseal_1thread", "\"key\":\"rsa2048\"", 1600, "16")
                + "," + entry("SignBenchmark.qseal_2threads", "\"key\":\"rsa2048\"", 3000, "30")
                + "," + entry("DigestBenchmark.qseal", "\"size\":\"1m\"", 450, "3") + "]";
        List<Report.Result> results = new java.util.ArrayList<>(Report.results(castList(Json.parse(json))));
        results.addAll(Report.opensslResults("rsa2048\t3200.0\t10.0\np256\t40000.0\tNaN\nsha256_1m\t1500.0\t5.0\n"));
        String tsv = Report.tsv(Report.ratios(results));
        assertTrue(tsv.contains("default_rsa2048_sign_vs_openssl\t0.50\t>=0.95\n"), tsv);
        assertTrue(tsv.contains("digest_1m_vs_openssl\t0.30\t>=0.90\n"), tsv);
        assertTrue(tsv.contains("sign_2threads_vs_1thread\t1.88\t>=1.80\n"), tsv);
        // not measured in this run, still a row
        assertTrue(tsv.contains("default_p256_sign_vs_openssl\tNaN\t>=0.95\n"), tsv);
        for (String name : List.of("default_rsa2048_sign_vs_openssl", "default_p256_sign_vs_openssl", "digest_1m_vs_openssl",
                "sign_2threads_vs_1thread", "pkcs11_sign_2threads_vs_1thread", "pkcs11_sign_rsa_1thread_vs_sunpkcs11",
                "pkcs11_sign_rsa_4threads_vs_sunpkcs11", "cavage_sign_vs_raw_jca", "jws_sign_ps256_vs_raw_jca",
                "rfc9421_sign_rsa_pss_sha512_vs_raw_jca", "jws_sign_es256_vs_raw_jca", "cavage_verify_vs_raw_jca",
                "jws_verify_ps256_vs_raw_jca", "rfc9421_verify_rsa_pss_sha512_vs_raw_jca", "cavage_verify_vs_tomitribe")) {
            assertTrue(tsv.contains("\n" + name + "\t") || tsv.startsWith(name + "\t"), name + " missing from\n" + tsv);
        }
        assertTrue(tsv.contains("jws_sign_es256_vs_raw_jca\tNaN\t>=0.95\n"), tsv);
        assertTrue(tsv.contains("cavage_verify_vs_tomitribe\tNaN\t>=1.80\n"), tsv);
    }

    @Test
    void reportIncludesEveryProfileAndPointsMissedGoalsAtTheOneThatListsThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("verify.md"), "<!-- ratios: cavage_verify_vs_raw_jca jws_verify_ps256_vs_raw_jca -->\n"
                + "# Verify paths\n\nalloc 11 kB/op\n\n```\n# a shell comment stays\n```\n");
        java.nio.file.Files.writeString(dir.resolve("pkcs11.md"), "<!-- ratios: pkcs11_sign_rsa_1thread_vs_sunpkcs11 -->\n## Sessions\n");
        java.nio.file.Files.writeString(dir.resolve("notes.txt"), "not a profile");
        List<Report.Profile> profiles = Report.profiles(dir);
        assertEquals(List.of("pkcs11.md", "verify.md"), profiles.stream().map(Report.Profile::file).toList());
        assertEquals(List.of("cavage_verify_vs_raw_jca", "jws_verify_ps256_vs_raw_jca"), profiles.get(1).ratios());

        String json = "[" + entry("CavageVerifyBenchmark.qsealCavage", "\"request\":\"token\"", 780, "1")
                + "," + entry("CavageVerifyBenchmark.rawJca", "\"request\":\"token\"", 1000, "1")
                + "," + entry("CavageVerifyBenchmark.tomitribe", "\"request\":\"token\"", 500, "1")
                + "," + entry("CavageSignBenchmark.qsealCavage", "\"request\":\"token\"", 900, "1")
                + "," + entry("CavageSignBenchmark.rawJca", "\"request\":\"token\"", 1000, "1") + "]";
        List<Report.Result> results = Report.results(castList(Json.parse(json)));
        List<Report.Ratio> ratios = Report.ratios(results);
        String md = Report.markdown("t", List.of(), castList(Json.parse(json)), results, ratios, profiles);
        assertTrue(md.contains("| `cavage_verify_vs_raw_jca` | 0.78 | 0.00 | >=0.85 | missed — see profile verify.md |"), md);
        assertTrue(md.contains("| `cavage_sign_vs_raw_jca` | 0.90 | 0.00 | >=0.97 | missed — no profile yet |"), md);
        assertTrue(md.contains("| `cavage_verify_vs_tomitribe` | 1.56 | 0.00 | >=1.80 | missed — no profile yet |"), md);
        // a goal not measured in this run is not "missed"
        assertTrue(md.contains("| `pkcs11_sign_rsa_1thread_vs_sunpkcs11` | NaN | n/a | >=0.95 | not measured |"), md);
        assertTrue(md.contains("## Profiles"), md);
        assertTrue(md.indexOf("### `pkcs11.md`") < md.indexOf("### `verify.md`"), md);
        assertTrue(md.contains("Explains: `cavage_verify_vs_raw_jca`, `jws_verify_ps256_vs_raw_jca`"), md);
        assertTrue(md.contains("\n#### Verify paths\n") && md.contains("\n##### Sessions\n") && md.contains("alloc 11 kB/op"), md);
        assertTrue(md.contains("\n# a shell comment stays\n"), md);
        assertTrue(md.indexOf("## Profiles") < md.indexOf("## Files"), md);
    }

    @Test
    void signContendersSign() {
        for (String key : List.of("rsa2048", "p256")) {
            SignBenchmark b = new SignBenchmark();
            b.key = key;
            b.setUp(); // checks that the signature verifies
            assertNotNull(b.qseal_1thread());
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> castList(Object o) {
        return (List<Object>) o;
    }

    static String entry(String bench, String params, double score, String error) {
        return "{\"jmhVersion\":\"1.37\",\"benchmark\":\"dev.qseal.benchmarks." + bench + "\",\"mode\":\"thrpt\",\"threads\":1,"
                + "\"forks\":1,\"params\":{" + params + "},\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":" + error
                + ",\"scoreUnit\":\"ops/s\",\"rawData\":[[1.0,2.0]]}}";
    }

    @Test
    void remoteKeyBenchmarkSignsAndVerifiesEveryOperationThroughTheEngine() throws Exception {
        RemoteKeyBenchmark b = new RemoteKeyBenchmark();
        b.setUp();
        for (int i = 0; i < 200; i++) {
            b.unlimited();
            b.rateLimited();
            b.rawBackend();
        }
        b.tearDown(); // waits for the last operations; throws if any failed
        assertEquals(0, b.failures.get());
    }

    @Test
    void remoteKeyRatiosAreTakenAgainstTheBoundAndTheConfiguredRate() {
        List<Report.Result> results = List.of(
                new Report.Result("RemoteKeyBenchmark", "unlimited", java.util.Map.of(), 1, 6080, 64, "ops/s"),
                new Report.Result("RemoteKeyBenchmark", "rateLimited", java.util.Map.of(), 1, 2150, 10, "ops/s"));
        List<Report.Ratio> ratios = Report.ratios(results);
        Report.Ratio bound = ratios.stream().filter(r -> r.name().equals("remote_key_vs_bound")).findFirst().orElseThrow();
        Report.Ratio rate = ratios.stream().filter(r -> r.name().equals("remote_key_rate_limit_accuracy")).findFirst().orElseThrow();
        assertEquals(0.95, bound.value(), 1e-9);
        assertEquals("met", bound.verdict());
        assertEquals(1.075, rate.value(), 1e-9);
        assertEquals("missed", rate.verdict(), "above the range is missed too");
        assertTrue(Report.tsv(ratios).contains("remote_key_rate_limit_accuracy\t1.08\t0.95..1.05\n"), Report.tsv(ratios));
    }

    @Test
    void kmsStandInBenchmarkSignsThroughEachVendorsSdkAndVerifiesEverySignature() throws Exception {
        for (String vendor : List.of("aws", "gcp", "azure", "vault")) {
            KmsStandInBenchmark b = new KmsStandInBenchmark();
            b.vendor = vendor;
            b.warmUp = 16;
            b.setUp(); // checks that the key source returns the stand-in's public key
            for (int i = 0; i < 100; i++) {
                b.sign();
            }
            b.tearDown(); // waits for the last operations; throws if any failed
            assertEquals(0, b.failures.get(), vendor);
            assertEquals(116, b.completed.get(), vendor);
        }
    }

    @Test
    void kmsStandInRatiosAreTakenAgainstTheBoundAndReportedWithoutAGoal() {
        List<Report.Result> results = List.of(
                new Report.Result("KmsStandInBenchmark", "sign", java.util.Map.of("vendor", "aws"), 1, 3200, 100, "ops/s"));
        List<Report.Ratio> ratios = Report.ratios(results);
        Report.Ratio aws = ratios.stream().filter(r -> r.name().equals("kms_aws_standin_vs_bound")).findFirst().orElseThrow();
        assertEquals(0.5, aws.value(), 1e-9);
        assertEquals("reported", aws.verdict());
        String tsv = Report.tsv(ratios);
        assertTrue(tsv.contains("kms_aws_standin_vs_bound\t0.50\t-\n"), tsv);
        for (String vendor : List.of("gcp", "azure", "vault")) {
            assertTrue(tsv.contains("kms_" + vendor + "_standin_vs_bound\tNaN\t-\n"), tsv);
        }
        assertTrue(tsv.contains("remote_key_vs_bound\tNaN\t>=0.90\n"), "the existing rows stay: " + tsv);
        String md = Report.markdown("t", List.of(), List.of(), results, ratios);
        assertTrue(md.contains("| `kms_aws_standin_vs_bound` | 0.50 |"), md);
        assertTrue(Report.ratioChart("t", ratios).getHeight() > 100);
    }
}
