// zkpot test oracle: the root of a binary Poseidon Merkle tree (stdlib/merkle.zkc's
// convention) computed with circomlibjs 0.1.7's poseidon([left, right]).
//   node merkle_oracle.js '<json>'   json: {"leaf": dec, "path": [dec...], "idx": [0|1...]}
//   stdout: the root, decimal, one line.
// Level i hashes (node, path[i]) when idx[i] = 0 and (path[i], node) when idx[i] = 1.
"use strict";
const circomlibjs = require("circomlibjs");

async function main() {
    const q = JSON.parse(process.argv[2]);
    const poseidon = await circomlibjs.buildPoseidon();
    const F = poseidon.F;
    let cur = F.e(BigInt(q.leaf));
    q.path.forEach((p, i) => {
        const s = F.e(BigInt(p));
        cur = q.idx[i] ? poseidon([s, cur]) : poseidon([cur, s]);
    });
    process.stdout.write(F.toObject(cur).toString(10) + "\n", () => process.exit(0));
}
main().catch((e) => {
    process.stderr.write(String(e) + "\n", () => process.exit(1));
});
