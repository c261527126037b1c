// zkpot oracle for tests/check_curve.c: scalar multiples on BN254 G1/G2 computed
// by ffjavascript (the arithmetic behind snarkjs).
// Usage: node curve_mul.js <infile>
//   each input line:  g1 k x y            or  g2 k x0 x1 y0 y1   (decimal; base point affine)
//   each output line: x y <zkey-hex>      or  x0 x1 y0 y1 <zkey-hex>   of [k]P, or "inf <zkey-hex>"
// where <zkey-hex> is ffjavascript's toRprLEM (the .zkey layout) of [k]P.
"use strict";
const fs = require("fs");
const path = require("path");
const { buildBn128 } = require(path.join(__dirname, "node_modules", "ffjavascript"));

async function main() {
    const lines = fs.readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.trim());
    const bn = await buildBn128(true);
    const out = [];
    for (const line of lines) {
        const f = line.trim().split(/\s+/);
        let G, P;
        if (f[0] === "g1") {
            G = bn.G1;
            P = G.fromObject([BigInt(f[2]), BigInt(f[3]), 1n]);
        } else {
            G = bn.G2;
            P = G.fromObject([[BigInt(f[2]), BigInt(f[3])], [BigInt(f[4]), BigInt(f[5])], [1n, 0n]]);
        }
        const Q = G.toAffine(G.timesScalar(P, BigInt(f[1])));
        const buf = new Uint8Array(G.F.n8 * 2);
        G.toRprLEM(buf, 0, Q);
        const hex = Buffer.from(buf).toString("hex");
        if (G.isZero(Q)) {
            out.push("inf " + hex);
            continue;
        }
        const o = G.toObject(Q);
        const coords = f[0] === "g1" ? [o[0], o[1]] : [o[0][0], o[0][1], o[1][0], o[1][1]];
        out.push(coords.map((c) => c.toString()).join(" ") + " " + hex);
    }
    process.stdout.write(out.join("\n") + "\n");
    await bn.terminate();
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
