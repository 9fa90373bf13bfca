#!/usr/bin/env bash
# Verifies an evidence JWS (ES256) with its JWKS, using only openssl, jq and coreutils.
# Usage: scripts/verify-evidence.sh evidence.jws keys.json (docs/evidence.md). Leaves key.pem, sig.der, signing-input and payload.json in the current directory.
set -euo pipefail
jws=$(cat "$1"); jwks="$2"
b64url_decode() { local s=${1//-/+}; s=${s//_//}; while (( ${#s} % 4 )); do s+='='; done; printf '%s' "$s" | base64 -d; }
IFS=. read -r header payload signature <<<"$jws"
kid=$(b64url_decode "$header" | jq -r .kid)
x=$(jq -r --arg kid "$kid" '.keys[] | select(.kid == $kid) | .x' "$jwks"); y=$(jq -r --arg kid "$kid" '.keys[] | select(.kid == $kid) | .y' "$jwks")
[ -n "$x" ] || { echo "no key $kid in the JWKS" >&2; exit 1; }
# The JWK as a PEM public key: the fixed DER prefix of an EC P-256 SubjectPublicKeyInfo, then 04 || x || y.
{ printf '3059301306072a8648ce3d020106082a8648ce3d03010703420004'; b64url_decode "$x" | xxd -p; b64url_decode "$y" | xxd -p; } \
  | tr -d '\n' | xxd -r -p | openssl pkey -pubin -inform DER -out key.pem
# The JWS signature is r || s (32 bytes each); openssl wants an ASN.1 DER sequence of two integers.
sig=$(b64url_decode "$signature" | xxd -p | tr -d '\n')
printf 'asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' "${sig:0:64}" "${sig:64:64}" > sig.cnf
openssl asn1parse -genconf sig.cnf -out sig.der -noout
printf '%s.%s' "$header" "$payload" > signing-input
openssl dgst -sha256 -verify key.pem -signature sig.der signing-input
b64url_decode "$payload" > payload.json
echo "payload SHA-256: $(sha256sum payload.json | cut -d' ' -f1)"
