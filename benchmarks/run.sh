#!/usr/bin/env bash
# Builds the benchmarks jar and runs the JMH suites, then writes benchmarks/results/:
#   jmh.json (JMH's results), jmh.log (its console output), REPORT.md, ratios.tsv, ratios.png
#
#   benchmarks/run.sh            full run: 2 forks, 3 x 2 s warm-up, 5 x 2 s measurement, every parameter
#                                (about 25 minutes on 2 cores)
#   benchmarks/run.sh --quick    1 fork, 1 x 1 s warm-up, 3 x 1 s measurement, fewer parameters (a few minutes)
#   benchmarks/run.sh [--quick] [JMH options or a benchmark regex...]   e.g. run.sh --quick JwsBenchmark
#
# Uses $JAVA_HOME/bin/java when JAVA_HOME is set. The PKCS#11 suite needs SoftHSM2 (softhsm2-util,
# pkcs11-tool, openssl, libsofthsm2.so); without it the suite is left out and REPORT.md says so.
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
rm -f "$RESULTS/jmh.json" "$RESULTS/jmh.log" "$RESULTS/REPORT.md" "$RESULTS/ratios.tsv" "$RESULTS/ratios.png"

if $QUICK; then
  SETTINGS=(-f 1 -wi 1 -w 1s -i 3 -r 1s -p request=token,json64k -p object=seal-rsa)
  TITLE="qseal benchmarks (quick run)"
  MODE_NOTE="Quick run (-f 1 -wi 1 -w 1s -i 3 -r 1s; request=token,json64k; PKCS#11 RSA only): short iterations, wide errors; use the full run for numbers to quote."
else
  SETTINGS=(-f 2 -wi 3 -w 2s -i 5 -r 2s)
  TITLE="qseal benchmarks"
  MODE_NOTE="Full run (-f 2 -wi 3 -w 2s -i 5 -r 2s, every parameter)."
fi

EXCLUDE=()
NOTES=(--note "$MODE_NOTE")
missing=""
for tool in softhsm2-util pkcs11-tool openssl; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
lib=""
for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
         /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so \
         /usr/lib64/pkcs11/libsofthsm2.so /opt/homebrew/lib/softhsm/libsofthsm2.so; do
  [ -f "$m" ] && lib=$m && break
done
[ -n "$lib" ] || missing="$missing libsofthsm2.so"
if [ -n "$missing" ]; then
  msg="SKIPPED the PKCS#11 suite: SoftHSM2 is not available (missing:$missing). Install it (apt-get install softhsm2 opensc openssl) to measure PKCS#11 signing."
  echo "run.sh: $msg" >&2
  EXCLUDE=(-e Pkcs11Benchmark)
  NOTES+=(--note "$msg")
fi

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
if grep -q "<failure>" "$RESULTS/jmh.log"; then
  NOTES+=(--note "Some benchmarks failed (see jmh.log); their rows are missing below.")
fi

"$JAVA" -Djava.awt.headless=true -cp "$JAR" dev.qseal.benchmarks.Report "$RESULTS/jmh.json" "$RESULTS" \
  --title "$TITLE" "${NOTES[@]}"
echo "run.sh: done: $RESULTS/REPORT.md, ratios.tsv, ratios.png, jmh.json" >&2
exit "$jmh_rc"
