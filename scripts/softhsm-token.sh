#!/usr/bin/env bash
# Creates (or re-creates) a throwaway SoftHSM2 token for qseal's PKCS#11 tests and demos.
#
#   scripts/softhsm-token.sh DIR LABEL USER_PIN [SO_PIN]
#
# - Installs softhsm2 and opensc (pkcs11-tool) with apt-get when they are missing.
# - Uses its own SoftHSM configuration DIR/softhsm2.conf whose token directory is DIR/tokens,
#   so the system's tokens are never touched. Point SOFTHSM2_CONF at that file to use the token.
# - Generates the keys once, in DIR/keys (PEM, unencrypted: test keys only). Running the script
#   again deletes the token called LABEL and re-creates it with the *same* keys, labels and ids,
#   which is how tests simulate an HSM that was reset and restored.
# - Objects on the token (id in hex):
#     seal-rsa         01  RSA-2048  private key + public key + certificate
#     seal-ec          02  EC P-256  private key + public key + certificate
#     seal-rsa-nocert  03  RSA-2048  private key + public key, certificate only in DIR/keys
#     seal-ec384       04  EC P-384  private key + public key + certificate
#     seal-rsa-bare    05  RSA-2048  private key only (no public key, no certificate object)
# - Prints KEY=VALUE lines on stdout (module, conf, label, dir); everything else goes to stderr.
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: $0 DIR LABEL USER_PIN [SO_PIN]" >&2
  exit 2
fi
DIR=$1
LABEL=$2
USER_PIN=$3
SO_PIN=${4:-$3$3}

log() { echo "softhsm-token: $*" >&2; }

find_module() {
  local m
  for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
           /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so \
           /usr/lib64/pkcs11/libsofthsm2.so /opt/homebrew/lib/softhsm/libsofthsm2.so; do
    if [ -f "$m" ]; then echo "$m"; return 0; fi
  done
  if command -v dpkg >/dev/null 2>&1; then
    m=$(dpkg -L softhsm2 libsofthsm2 2>/dev/null | grep '/libsofthsm2\.so$' | head -n1 || true)
    if [ -n "$m" ] && [ -f "$m" ]; then echo "$m"; return 0; fi
  fi
  return 1
}

install_missing() {
  local need=()
  command -v softhsm2-util >/dev/null 2>&1 || need+=(softhsm2)
  find_module >/dev/null || need+=(softhsm2)
  command -v pkcs11-tool >/dev/null 2>&1 || need+=(opensc)
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
  if [ ${#need[@]} -eq 0 ]; then return 0; fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
      log "missing ${need[*]} and not root: install them (apt-get install softhsm2 opensc)"; exit 3
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "missing ${need[*]} and no apt-get: install SoftHSM2 and OpenSC with your package manager"; exit 3
  fi
  log "installing ${need[*]}"
  $sudo apt-get update >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y softhsm2 opensc openssl >&2
}

install_missing
MODULE=$(find_module) || { log "libsofthsm2.so not found after install"; exit 3; }

mkdir -p "$DIR/tokens" "$DIR/keys"
DIR=$(cd "$DIR" && pwd)
CONF="$DIR/softhsm2.conf"
cat > "$CONF" <<CONF
directories.tokendir = $DIR/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
slots.mechanisms = ALL
library.reset_on_fork = false
CONF
export SOFTHSM2_CONF="$CONF"
K="$DIR/keys"

gen_key() { # name kind
  local name=$1 kind=$2
  if [ -f "$K/$name.key.pem" ] && [ -f "$K/$name.cert.pem" ]; then return 0; fi
  case $kind in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$K/$name.key.pem" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out "$K/$name.key.pem" 2>/dev/null ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve -out "$K/$name.key.pem" 2>/dev/null ;;
  esac
  openssl req -new -x509 -key "$K/$name.key.pem" -out "$K/$name.cert.pem" -days 3650 \
    -subj "/C=BE/O=qseal test/OU=PSD2/CN=$name" -set_serial "0x$(openssl rand -hex 8)" 2>/dev/null
  chmod 600 "$K/$name.key.pem"
}
gen_key seal-rsa rsa
gen_key seal-ec p256
gen_key seal-rsa-nocert rsa
gen_key seal-ec384 p384
gen_key seal-rsa-bare rsa

# Build the token in a staging directory and move it into place at the end, so that a process
# using the token directory sees either no token or a complete one, never a half-made one.
STAGE="$DIR/stage"
rm -rf "$STAGE"
mkdir -p "$STAGE/tokens"
sed "s|^directories.tokendir = .*|directories.tokendir = $STAGE/tokens|" "$CONF" > "$STAGE/softhsm2.conf"
export SOFTHSM2_CONF="$STAGE/softhsm2.conf"
INIT_OUT=$(softhsm2-util --init-token --free --label "$LABEL" --so-pin "$SO_PIN" --pin "$USER_PIN")
echo "$INIT_OUT" >&2
# pkcs11-tool's --token-label does not choose the token for every operation: address the slot itself
SLOT=$(echo "$INIT_OUT" | sed -n 's/.*reassigned to slot \([0-9][0-9]*\).*/\1/p' | tail -n1)
if [ -z "$SLOT" ]; then log "could not read the new token's slot from softhsm2-util"; exit 4; fi

p11() { pkcs11-tool --module "$MODULE" --slot "$SLOT" --login --pin "$USER_PIN" "$@" >/dev/null 2>"$DIR/pkcs11-tool.err" \
  || { cat "$DIR/pkcs11-tool.err" >&2; log "pkcs11-tool $* failed"; exit 4; }; }

import() { # name id with-pub with-cert
  local name=$1 id=$2 pub=$3 cert=$4
  openssl pkcs8 -topk8 -nocrypt -in "$K/$name.key.pem" -outform DER -out "$K/$name.key.der"
  p11 --write-object "$K/$name.key.der" --type privkey --id "$id" --label "$name" --usage-sign
  rm -f "$K/$name.key.der"
  if [ "$pub" = yes ]; then
    openssl pkey -in "$K/$name.key.pem" -pubout -outform DER -out "$K/$name.pub.der"
    p11 --write-object "$K/$name.pub.der" --type pubkey --id "$id" --label "$name"
  fi
  if [ "$cert" = yes ]; then
    openssl x509 -in "$K/$name.cert.pem" -outform DER -out "$K/$name.cert.der"
    p11 --write-object "$K/$name.cert.der" --type cert --id "$id" --label "$name"
  fi
}
import seal-rsa 01 yes yes
import seal-ec 02 yes yes
import seal-rsa-nocert 03 yes no
import seal-ec384 04 yes yes
import seal-rsa-bare 05 no no
rm -f "$DIR/pkcs11-tool.err"

export SOFTHSM2_CONF="$CONF"
if softhsm2-util --show-slots 2>/dev/null | grep -E "^[[:space:]]*Label:[[:space:]]+$LABEL[[:space:]]*$" >/dev/null; then
  log "deleting existing token '$LABEL'"
  # a process using the token may recreate files while the directory is removed: retry, then remove it ourselves
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if out=$(softhsm2-util --delete-token --token "$LABEL" 2>&1); then echo "$out" >&2; break; fi
    echo "$out" >&2
    uuid=$(echo "$out" | sed -n 's/.*Found token (\([^)]*\)).*/\1/p' | head -n1)
    if [ -n "$uuid" ]; then rm -rf "$DIR/tokens/$uuid" 2>/dev/null || true; fi
    if ! softhsm2-util --show-slots 2>/dev/null | grep -E "^[[:space:]]*Label:[[:space:]]+$LABEL[[:space:]]*$" >/dev/null; then break; fi
    if [ "$attempt" = 10 ]; then log "could not delete token '$LABEL'"; exit 4; fi
    sleep 0.3
  done
fi
NEW_TOKEN=$(ls "$STAGE/tokens")
mv "$STAGE/tokens/$NEW_TOKEN" "$DIR/tokens/$NEW_TOKEN"
rm -rf "$STAGE"

echo "module=$MODULE"
echo "conf=$CONF"
echo "label=$LABEL"
echo "slot=$SLOT"
echo "dir=$DIR"
