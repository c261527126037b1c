#!/usr/bin/env bash
# zkpot demo: the main job end to end with what is built so far.
set -euo pipefail
bin=${1:-build/bin}
echo "== $("$bin/zkpot" --version)"
echo "== Poseidon(1, 2) over BN254 Fr (circomlib parameters)"
"$bin/zkpot" poseidon 1 2
