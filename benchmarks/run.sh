#!/usr/bin/env bash
# Builds the benchmarks jar and runs the JMH suites, then writes benchmarks/results/:
#   jmh.json (JMH's results), jmh.log (its console output), openssl.tsv + openssl-*.txt (the anchor),
#   REPORT.md, ratios.tsv (name<TAB>ratio<TAB>goal), ratios.png
# REPORT.md includes the profiles kept in benchmarks/profiles/*.md (first line <!-- ratios: name1 name2 ... -->, the
# ratios each explains) and points every missed goal at the profile that lists it.
#
#   benchmarks/run.sh            full run: 3 forks, 3 x 2 s warm-up, 5 x 2 s measurement, every parameter
#                                (about 40 minutes on 2 cores)
#   benchmarks/run.sh --quick    2 forks, 3 x 1 s warm-up (steady state: the JIT needs about 3 s on the verify paths), 2 x 1 s measurement, fewer parameters (under 10 minutes)
#   benchmarks/run.sh [--quick] [JMH options or a benchmark regex...]   e.g. run.sh --quick JwsBenchmark
#
# The physical anchor: `openssl speed` (rsa2048, ecdsap256 sign/s; SHA-256 over 1 MiB) runs on the same machine
# before and after JMH; the report uses the mean and half the difference as its error.
# Uses $JAVA_HOME/bin/java when JAVA_HOME is set; QSEAL_PROVIDER=jdk measures the JDK providers instead of the
# default (see the README's Performance section). The PKCS#11 suite needs SoftHSM2 (softhsm2-util, pkcs11-tool,
# openssl, libsofthsm2.so): when they are missing they are installed with apt-get (as scripts/test.sh does) where
# that is possible; otherwise the suite is left out and its ratios are NaN, which REPORT.md explains.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RESULTS="$HERE/results"
JAR="$HERE/target/benchmarks.jar"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

QUICK=false
if [ "${1:-}" = "--quick" ]; then
  QUICK=true
  shift
fi

echo "run.sh: building the benchmarks jar (mvn -DskipTests package -pl benchmarks -am)" >&2
(cd "$ROOT" && mvn -B -q -DskipTests package -pl benchmarks -am)
[ -f "$JAR" ] || { echo "run.sh: $JAR was not built" >&2; exit 1; }

mkdir -p "$RESULTS"
rm -f "$RESULTS/jmh.json" "$RESULTS/jmh.log" "$RESULTS/REPORT.md" "$RESULTS/ratios.tsv" "$RESULTS/ratios.png" \
  "$RESULTS"/openssl*.t*

if $QUICK; then
  SETTINGS=(-f 2 -wi 3 -w 1s -i 2 -r 1s -p request=token -p size=1m -p object=seal-rsa)
  SPEED_SECONDS=1
  TITLE="qseal benchmarks (quick run)"
  MODE_NOTE="Quick run (-f 2 -wi 3 -w 1s -i 2 -r 1s; request=token, size=1m, PKCS#11 RSA only; openssl speed -seconds 1): short iterations, wide errors; use the full run for numbers to quote."
else
  SETTINGS=(-f 3 -wi 3 -w 2s -i 5 -r 2s)
  SPEED_SECONDS=3
  TITLE="qseal benchmarks"
  MODE_NOTE="Full run (-f 3 -wi 3 -w 2s -i 5 -r 2s, every parameter; openssl speed -seconds 3)."
fi

softhsm_missing() {
  local tool m lib=""
  missing=""
  for tool in softhsm2-util pkcs11-tool openssl; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
  done
  for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
           /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so \
           /usr/lib64/pkcs11/libsofthsm2.so /opt/homebrew/lib/softhsm/libsofthsm2.so; do
    [ -f "$m" ] && lib=$m && break
  done
  [ -n "$lib" ] || missing="$missing libsofthsm2.so"
  [ -n "$missing" ]
}

EXCLUDE=()
NOTES=(--note "$MODE_NOTE")
if softhsm_missing && command -v apt-get >/dev/null 2>&1; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  echo "run.sh: installing softhsm2, opensc and openssl for the PKCS#11 suite and the anchor (missing:$missing)" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || true
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q softhsm2 opensc openssl >&2 || true
fi
if softhsm_missing; then
  msg="SKIPPED the PKCS#11 suite: SoftHSM2 is not available (missing:$missing). Install it (apt-get install softhsm2 opensc openssl) to measure PKCS#11 signing."
  echo "run.sh: $msg" >&2
  EXCLUDE=(-e Pkcs11Benchmark)
  NOTES+=(--note "$msg")
fi

# The anchor: openssl speed on one core. Sign/s from the machine-readable lines (+F2 RSA, +F4 ECDSA: k:bits:sign:verify;
# OpenSSL before 1.1 printed seconds per operation there) and SHA-256 bytes per second over 1 MiB blocks (+F).
openssl_speed() { # $1 = file suffix
  local out="$RESULTS/openssl-$1.txt"
  command -v openssl >/dev/null 2>&1 || return 0
  echo "run.sh: openssl speed -seconds $SPEED_SECONDS rsa2048 ecdsap256; sha256 over 1 MiB ($1 JMH)" >&2
  { openssl speed -mr -seconds "$SPEED_SECONDS" rsa2048 ecdsap256 2>&1 || true
    openssl speed -mr -bytes 1048576 -seconds "$SPEED_SECONDS" sha256 2>&1 || true; } > "$out"
  awk -F: '
    function rate(v) { v = v + 0; return (v > 0 && v < 1) ? 1 / v : v }
    /^\+F2:/ && $3 == 2048 { print "rsa2048\t" rate($4) }
    /^\+F4:/ && $3 == 256  { print "p256\t" rate($4) }
    /^\+H:/                 { block = $2 }
    /^\+F:/ && tolower($3) == "sha256" && block == 1048576 { print "sha256_1m\t" ($NF / 1048576) }
  ' "$out" > "$RESULTS/openssl-$1.tsv"
}
openssl_speed before

echo "run.sh: running JMH ($($JAVA -version 2>&1 | head -n1)); log in $RESULTS/jmh.log" >&2
set +e
"$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" "${SETTINGS[@]}" "${EXCLUDE[@]}" \
  -rf json -rff "$RESULTS/jmh.json" "$@" 2>&1 | tee "$RESULTS/jmh.log"
jmh_rc=${PIPESTATUS[0]}
set -e
if [ ! -s "$RESULTS/jmh.json" ]; then
  echo "run.sh: JMH wrote no results (exit $jmh_rc); see $RESULTS/jmh.log" >&2
  exit 1
fi
openssl_speed after
# mean of the two runs, error = half their difference (a run missing on one side counts once, error unknown)
if [ -f "$RESULTS/openssl-before.tsv" ]; then
  awk -F'\t' '
    { n[$1]++; sum[$1] += $2; if (n[$1] == 1) first[$1] = $2; else d[$1] = ($2 > first[$1] ? $2 - first[$1] : first[$1] - $2) }
    END { for (k in n) printf "%s\t%.1f\t%s\n", k, sum[k] / n[k], (n[k] > 1 ? sprintf("%.1f", d[k] / 2) : "NaN") }
  ' "$RESULTS/openssl-before.tsv" "$RESULTS/openssl-after.tsv" | sort > "$RESULTS/openssl.tsv"
  echo "run.sh: openssl speed ($(openssl version)): $(tr '\t\n' ' ;' < "$RESULTS/openssl.tsv")" >&2
  NOTES+=(--note "Anchor: $(openssl version), same machine, before and after JMH.")
fi
if grep -q "<failure>" "$RESULTS/jmh.log"; then
  NOTES+=(--note "Some benchmarks failed (see jmh.log); their ratios are NaN below.")
fi

"$JAVA" -Djava.awt.headless=true -cp "$JAR" dev.qseal.benchmarks.Report "$RESULTS/jmh.json" "$RESULTS" \
  --title "$TITLE" --openssl "$RESULTS/openssl.tsv" --profiles "$HERE/profiles" "${NOTES[@]}"
echo "run.sh: done: $RESULTS/REPORT.md, ratios.tsv, ratios.png, jmh.json" >&2
exit "$jmh_rc"
