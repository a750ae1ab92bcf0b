#!/usr/bin/env bash
# The one command that runs every test of qseal on a fresh Debian machine.
#
#   scripts/test.sh [extra maven args...]     e.g.  scripts/test.sh -pl core -am   or   scripts/test.sh clean
#
# Installs what is missing with apt-get (openssl, softhsm2, opensc, redis-server; maven and a JDK 17 when mvn/java
# are missing), then runs `mvn -B <extra args> verify` from the repository root. Extra arguments go
# before `verify`, so `scripts/test.sh clean` means `mvn -B clean verify`. JAVA_HOME is respected
# (CI runs this once with JDK 17 and once with JDK 25). On JDK 17, core's suite then runs once more in FIPS mode
# (`mvn -Pfips -pl core -am clean verify`); QSEAL_TEST_FIPS=0 skips that.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf 'test.sh: %s\n' "$*" >&2; }

if [[ -n "${JAVA_HOME:-}" ]]; then
  if [[ ! -x "$JAVA_HOME/bin/java" ]]; then
    log "JAVA_HOME=$JAVA_HOME has no bin/java"
    exit 2
  fi
  export PATH="$JAVA_HOME/bin:$PATH"
fi

# package name -> command that proves it is there
missing=()
command -v openssl       >/dev/null 2>&1 || missing+=(openssl)
command -v softhsm2-util >/dev/null 2>&1 || missing+=(softhsm2)
command -v pkcs11-tool   >/dev/null 2>&1 || missing+=(opensc)
command -v redis-server  >/dev/null 2>&1 || missing+=(redis-server)
command -v mvn           >/dev/null 2>&1 || missing+=(maven)
if [[ -z "${JAVA_HOME:-}" ]] && ! command -v javac >/dev/null 2>&1; then
  missing+=(openjdk-17-jdk-headless)
fi

if ((${#missing[@]})); then
  if [[ "$(id -u)" -eq 0 ]]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    log "missing packages (${missing[*]}) and not root, no sudo: install them and re-run"
    exit 2
  fi
  log "installing missing packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  log "installed: ${missing[*]}"
fi

java -version 2>&1 | head -n 1 | sed 's/^/test.sh: java: /' >&2
log "running: mvn -B $* verify  (in $root)"
cd "$root"
mvn -B "$@" verify

# FIPS mode once more for core (Bouncy Castle FIPS instead of bcprov, approved-only): on JDK 17 only, and only after a
# run that covered core (no -pl). QSEAL_TEST_FIPS=0 skips it.
if [[ "${QSEAL_TEST_FIPS:-1}" != 0 && " $* " != *" -pl "* ]] && java -version 2>&1 | head -n 1 | grep -q '"17'; then
  log "running: mvn -B -Pfips -pl core -am clean verify  (FIPS mode)"
  exec mvn -B -Pfips -pl core -am clean verify
fi
