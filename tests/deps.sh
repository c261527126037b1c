#!/usr/bin/env bash
# Installs what zkpot's build and tests need on a Debian 12 machine; quiet and
# quick when everything is already there. Called by `make deps` (and so by
# `make`, `make test`, `make demo`, `make bench`).
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(gcc make pkg-config flex bison libgmp-dev llvm-14-dev check libjansson-dev
      libyaml-dev libssl-dev libsqlite3-dev nodejs npm clang-14 libclang-rt-14-dev)
missing=()
for p in "${pkgs[@]}"; do
    # nodejs/npm may come from elsewhere than Debian; the commands are what we need
    case "$p" in
        nodejs) command -v node >/dev/null 2>&1 && continue ;;
        npm)    command -v npm  >/dev/null 2>&1 && continue ;;
    esac
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing ${missing[*]}" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Pinned test oracles (snarkjs, circomlibjs, circom2), from the committed lock file.
o=tests/oracle
if [ -f "$o/package-lock.json" ]; then
    stamp="$o/node_modules/.zkpot-lock"
    if [ ! -f "$stamp" ] || ! cmp -s "$o/package-lock.json" "$stamp"; then
        echo "deps: npm ci in $o" >&2
        (cd "$o" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
        cp "$o/package-lock.json" "$stamp"
    fi
fi
