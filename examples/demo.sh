#!/usr/bin/env bash
# zkpot demo: the main job end to end — a training loop whose SGD steps are
# proven with Groth16 and verified, by zkpot and by snarkjs.
#   circuits/sgd.zkc --zkc--> sgd.r1cs --zkpot setup--> sgd.zkey, verification_key.json
#   training step --example_train_sgd--> step<k>.json --zkc witness--> .wtns
#   --zkpot prove--> proof + public --zkpot verify / snarkjs / verify-batch;
#   then the same for a two-layer perceptron (circuits/mlp.zkc, example_train_mlp)
set -euo pipefail
bin=${1:-build/bin}
root=$(cd "$(dirname "$0")/.." && pwd)
P=${P:-16} B=${B:-4} STEPS=${STEPS:-3}
out=${DEMO_DIR:-build/demo}
snarkjs="$root/tests/oracle/node_modules/.bin/snarkjs"
mkdir -p "$out"
t() { local t0 t1; t0=$(date +%s%N); "$@"; t1=$(date +%s%N); awk -v d=$((t1 - t0)) 'BEGIN { printf "   (%.2f s)\n", d / 1e9 }'; }

echo "== $("$bin/zkpot" --version)"
echo "== 1. compile circuits/sgd.zkc (P=$P weights, batch B=$B)"
t "$bin/zkc" compile "$root/circuits/sgd.zkc" -o "$out" -D P="$P" -D B="$B" --stats | grep -E '^(constraints|wires|public)'
echo "== 2. trusted setup (fresh toxic waste from getrandom, wiped)"
t "$bin/zkpot" setup --quiet "$out/sgd.r1cs" "$out/sgd.zkey"
"$bin/zkpot" export-vk "$out/sgd.zkey" "$out/verification_key.json"
echo "== 3. train $STEPS float32 SGD steps; each step's input.json carries its commitments"
"$bin/example_train_sgd" "$out" "$STEPS" "$P" "$B"
batch=()
for k in $(seq 1 "$STEPS"); do
    echo "== 4.$k prove step $k"
    "$bin/zkc" witness "$root/circuits/sgd.zkc" -D P="$P" -D B="$B" "$out/step$k.json" "$out/step$k.wtns"
    t "$bin/zkpot" prove --quiet "$out/sgd.zkey" "$out/step$k.wtns" "$out/proof$k.json" "$out/public$k.json"
    "$bin/zkpot" verify "$out/verification_key.json" "$out/public$k.json" "$out/proof$k.json"
    node "$snarkjs" groth16 verify "$out/verification_key.json" "$out/public$k.json" "$out/proof$k.json" \
        | grep -q "OK" && echo "   snarkjs groth16 verify: OK"
    batch+=("$out/public$k.json" "$out/proof$k.json")
done
echo "== 5. verify all $STEPS proofs at once"
"$bin/zkpot" verify-batch "$out/verification_key.json" "${batch[@]}"
echo "== 6. a forged claim: step 1's proof with a different commitment to the weights after"
node -e 'const fs = require("fs"); const p = JSON.parse(fs.readFileSync(process.argv[1]));
p[1] = (BigInt(p[1]) ^ 1n).toString(); fs.writeFileSync(process.argv[2], JSON.stringify(p));' \
    "$out/public1.json" "$out/forged.json"
if "$bin/zkpot" verify "$out/verification_key.json" "$out/forged.json" "$out/proof1.json"; then
    echo "   FORGERY ACCEPTED" >&2; exit 1
else
    echo "   rejected, as it must be"
fi
echo "== 7. a two-layer perceptron (circuits/mlp.zkc, D=4 inputs, H=4 ReLU units, B=4): compile, set up,"
echo "      train $STEPS float32 steps, prove and verify each"
t "$bin/zkc" compile "$root/circuits/mlp.zkc" -o "$out" --stats | grep -E '^constraints'
"$bin/zkpot" setup --quiet "$out/mlp.r1cs" "$out/mlp.zkey"
"$bin/zkpot" export-vk "$out/mlp.zkey" "$out/mlp_vk.json"
"$bin/example_train_mlp" "$out" "$STEPS"
for k in $(seq 1 "$STEPS"); do
    "$bin/zkc" witness "$root/circuits/mlp.zkc" "$out/mlp_step$k.json" "$out/mlp_step$k.wtns"
    "$bin/zkpot" prove --quiet "$out/mlp.zkey" "$out/mlp_step$k.wtns" "$out/mlp_proof$k.json" \
        "$out/mlp_public$k.json"
    "$bin/zkpot" verify "$out/mlp_vk.json" "$out/mlp_public$k.json" "$out/mlp_proof$k.json"
    node "$snarkjs" groth16 verify "$out/mlp_vk.json" "$out/mlp_public$k.json" "$out/mlp_proof$k.json" \
        | grep -q "OK" && echo "   snarkjs groth16 verify (mlp step $k): OK"
done
echo "== done: files in $out"
