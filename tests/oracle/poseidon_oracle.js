// zkpot test oracle: circomlibjs 0.1.7 Poseidon, for tests/check_poseidon.c.
//   node poseidon_oracle.js hash    stdin: lines "<nout> <init> <x1> ... <xn>" (decimal);
//                                   stdout: one line per input, nout decimals.
//   node poseidon_oracle.js consts  stdout: for t = 2..17, one line per table
//                                   "<name> <t> <count> <v0> <v1> ..." (decimal), name in
//                                   C M (src/poseidon_constants.json, M row-major) and
//                                   optC optS optM optP (src/poseidon_constants_opt.json).
"use strict";
const path = require("path");
const fs = require("fs");
const circomlibjs = require("circomlibjs");

function constsMode() {
    const dir = path.join(path.dirname(require.resolve("circomlibjs")), "..", "src");
    const ref = JSON.parse(fs.readFileSync(path.join(dir, "poseidon_constants.json"), "utf8"));
    const opt = JSON.parse(fs.readFileSync(path.join(dir, "poseidon_constants_opt.json"), "utf8"));
    const dec = (x) => BigInt(x).toString(10);
    const out = [];
    const emit = (name, t, arr) => out.push([name, t, arr.length, ...arr.map(dec)].join(" "));
    for (let t = 2; t <= 17; t++) {
        emit("C", t, ref.C[t - 2]);
        emit("M", t, ref.M[t - 2].flat());
        emit("optC", t, opt.C[t - 2]);
        emit("optS", t, opt.S[t - 2]);
        emit("optM", t, opt.M[t - 2].flat());
        emit("optP", t, opt.P[t - 2].flat());
    }
    process.stdout.write(out.join("\n") + "\n");
}

async function hashMode() {
    const poseidon = await circomlibjs.buildPoseidon();
    const F = poseidon.F;
    const lines = fs.readFileSync(0, "utf8").split("\n").filter((l) => l.trim().length);
    const out = [];
    for (const l of lines) {
        const w = l.trim().split(/\s+/);
        const nout = Number(w[0]);
        const init = BigInt(w[1]);
        const xs = w.slice(2).map((x) => BigInt(x));
        const r = poseidon(xs, init, nout);
        const rs = nout === 1 ? [r] : r;
        out.push(rs.map((e) => F.toString(e)).join(" "));
    }
    // exit only once the whole output reached the pipe (process.exit would cut it short)
    await new Promise((resolve) => process.stdout.write(out.join("\n") + "\n", resolve));
}

const mode = process.argv[2];
if (mode === "consts") {
    constsMode();
} else if (mode === "hash") {
    hashMode().then(
        // exit only once stdout has drained: a pipe write is asynchronous
        () => process.stdout.write("", () => process.exit(0)),
        (e) => {
            console.error(e);
            process.exit(1);
        }
    );
} else {
    console.error("usage: node poseidon_oracle.js hash|consts");
    process.exit(2);
}
