// zkpot oracle: runs a circom-generated wasm witness calculator and times it.
//   node tests/oracle/circom_witness.js <circuit.wasm> <input.json> <out.wtns> [reps]
// Loads <circuit.wasm> with the witness_calculator.js circom wrote beside it,
// times the witness of input.json (calculateBinWitness: inputs set, witness
// computed and copied out; the best of reps runs, default 1), then writes the
// witness as .wtns. Prints, one per line:
//   load_s <seconds>   reading and instantiating the wasm module (once)
//   calc_s <seconds>   the best calculateBinWitness; node start-up, wasm load
//                      and the .wtns are not included
"use strict";
const fs = require("fs");
const path = require("path");

const [wasmArg, inputArg, outArg, repsArg] = process.argv.slice(2);
if (!wasmArg || !inputArg || !outArg) {
    console.error("usage: circom_witness.js <circuit.wasm> <input.json> <out.wtns> [reps]");
    process.exit(2);
}
const reps = Math.max(1, Number(repsArg || 1));

function secs(t0) {
    return Number(process.hrtime.bigint() - t0) / 1e9;
}

(async () => {
    const input = JSON.parse(fs.readFileSync(inputArg, "utf8"));
    let t0 = process.hrtime.bigint();
    const builder = require(path.join(path.dirname(path.resolve(wasmArg)), "witness_calculator.js"));
    const wc = await builder(fs.readFileSync(wasmArg));
    const load = secs(t0);
    let best = Infinity;
    for (let r = 0; r < reps; r++) {
        t0 = process.hrtime.bigint();
        await wc.calculateBinWitness(input, 0);
        best = Math.min(best, secs(t0));
    }
    fs.writeFileSync(outArg, await wc.calculateWTNSBin(input, 0));
    process.stdout.write(`load_s ${load}\ncalc_s ${best}\n`);
})().catch((e) => {
    console.error(e);
    process.exitCode = 1;
});
