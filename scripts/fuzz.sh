#!/usr/bin/env bash
# Real fuzzing of qseal's parsers and verifiers with Jazzer, target by target.
#
#   scripts/fuzz.sh [minutes-per-target] [Class#method ...]
#
# Each @FuzzTest runs with JAZZER_FUZZ=1 for about the given minutes (default 2): Jazzer 0.24 takes the
# length of one run from the annotation only (2 minutes, core's FuzzSettings.RUN), so longer budgets repeat
# runs, each continuing from the corpus the last one grew. A target dev.qseal.<module>.… lives in module
# <module> (core, psd2, banks); its output goes to <module>/target/fuzz-logs/. A finding fails the run and
# Jazzer writes the input under <module>/src/test/resources/<package>/<Class>Inputs/<method>/: fix the bug
# and commit that file, so that every `mvn verify` replays it (regression mode, no JAZZER_FUZZ).
# The working corpus Jazzer grows lives in <module>/.cifuzz-corpus/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."

minutes="${1:-2}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    "dev.qseal.core.cavage.CavageFuzzTest#signatureParameters"
    "dev.qseal.core.cavage.CavageFuzzTest#verifier"
    "dev.qseal.core.jws.JwsFuzzTest#compact"
    "dev.qseal.core.jws.JwsFuzzTest#headerJson"
    "dev.qseal.core.jws.JwsFuzzTest#verifier"
    "dev.qseal.core.rfc9421.Rfc9421FuzzTest#structuredFields"
    "dev.qseal.core.rfc9421.Rfc9421FuzzTest#verifier"
    "dev.qseal.core.digest.DigestFuzzTest#digestHeaders"
    "dev.qseal.core.key.KeyInputFuzzTest#keyRef"
    "dev.qseal.core.key.KeyInputFuzzTest#keyFiles"
    "dev.qseal.psd2.CertificateInputFuzzTest#certificateText"
    "dev.qseal.psd2.CertificateInputFuzzTest#certificateBytes"
    "dev.qseal.psd2.CertificateInputFuzzTest#signerHints"
    "dev.qseal.banks.ing.IngAnswersFuzzTest#answers"
    "dev.qseal.banks.ing.IngAnswersFuzzTest#callback"
    "dev.qseal.banks.becm.BecmAnswersFuzzTest#accounts"
    "dev.qseal.banks.belfius.BelfiusAnswersFuzzTest#session"
    "dev.qseal.banks.itsme.ItsmeAnswersFuzzTest#answers"
  )
fi

module_of() { local rest="${1#dev.qseal.}"; echo "${rest%%.*}"; }
modules=()
for t in "${targets[@]}"; do
  m=$(module_of "$t")
  [ -f "$m/pom.xml" ] || { echo "no module '$m' for target $t (expected dev.qseal.<module>.Class#method)" >&2; exit 2; }
  [[ " ${modules[*]} " == *" $m "* ]] || modules+=("$m")
done
pl=$(IFS=,; echo "${modules[*]}")

# the modules the targets' tests need, built once (offline when the local repository has everything)
mvn -B -q -o -pl "$pl" -am test-compile >/dev/null 2>&1 || mvn -B -q -pl "$pl" -am test-compile

runs=$(( (minutes + 1) / 2 ))
[ "$runs" -ge 1 ] || runs=1
failed=()
for t in "${targets[@]}"; do
  m=$(module_of "$t")
  mkdir -p "$m/target/fuzz-logs"
  log="$m/target/fuzz-logs/${t##*.}.log"
  : > "$log"
  for ((r = 1; r <= runs; r++)); do
    echo "== fuzzing $t, run $r of $runs (2 min each), log $log" >&2
    # hooks on, and Bouncy Castle and Jackson instrumented too: their ASN.1/PEM and JSON parsers sit under qseal's
    # key and certificate inputs and the banks' answers; the upstream modules (-am) find no test of that name and run none
    if ! JAZZER_FUZZ=1 mvn -B -q -o -pl "$m" -am test \
        -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
        -Dqseal.skipCanary=true -Dqseal.fuzz.hooks=true \
        '-Dqseal.fuzz.instrument=dev.qseal.**:org.bouncycastle.**:com.fasterxml.jackson.**' \
        -Djunit.jupiter.execution.timeout.mode=disabled >> "$log" 2>&1; then
      failed+=("$t")
      grep -E "== Java Exception|FuzzerSecurityIssue|Caused by|at dev\.qseal|crash-|Test unit written" "$log" | head -20 >&2 || true
      break
    fi
    grep -E "^#[0-9]+ +DONE|Done [0-9]+ runs" "$log" | tail -1 >&2 || true
  done
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "findings (inputs written under <module>/src/test/resources/.../*Inputs/): ${failed[*]}" >&2
  exit 1
fi
echo "no findings in ${#targets[@]} targets" >&2
