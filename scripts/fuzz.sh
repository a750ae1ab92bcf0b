#!/usr/bin/env bash
# Real fuzzing of qseal's parsers and verifiers with Jazzer, target by target.
#
#   scripts/fuzz.sh [minutes-per-target] [Class#method ...]
#
# Each @FuzzTest runs with JAZZER_FUZZ=1 for the given minutes (default 2). A finding fails the run and
# Jazzer writes the input under core/src/test/resources/<package>/<Class>Inputs/<method>/: fix the bug
# and commit that file, so that every `mvn verify` replays it (regression mode, no JAZZER_FUZZ).
# The working corpus Jazzer grows lives in core/.cifuzz-corpus/ (not committed).
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
  )
fi

# the modules core's tests need, built once (offline when the local repository has everything)
mvn -B -q -o -pl testvectors,core -am test-compile >/dev/null 2>&1 || mvn -B -q -pl testvectors,core -am test-compile

failed=()
for t in "${targets[@]}"; do
  echo "== fuzzing $t for ${minutes} min" >&2
  # hooks on and Bouncy Castle instrumented too: its PEM/ASN.1 parsers sit under qseal's key inputs
  if ! JAZZER_FUZZ=1 mvn -B -q -o -pl testvectors,core test \
      -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dqseal.skipCanary=true -Dqseal.fuzz.hooks=true \
      '-Dqseal.fuzz.instrument=dev.qseal.**:org.bouncycastle.**' \
      -Djazzer.max_duration="${minutes}m" \
      -Djunit.jupiter.execution.timeout.mode=disabled; then
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "findings (inputs written under core/src/test/resources/.../*Inputs/): ${failed[*]}" >&2
  exit 1
fi
echo "no findings in ${#targets[@]} targets" >&2
