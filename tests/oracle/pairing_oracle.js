// zkpot test oracle: BN254 pairing values from ffjavascript (the library snarkjs uses).
// Usage: node pairing_oracle.js a1:b1 [a2:b2 ...]   (decimal scalars)
// Prints one line per pair, 18 decimal integers separated by spaces:
//   (a G1).x (a G1).y  (b G2).x.c0 .x.c1 .y.c0 .y.c1  e(a G1, b G2) as 12 Fq
//   coefficients c0.c0.c0 c0.c0.c1 c0.c1.c0 ... c1.c2.c1 (the Fq12 tower of EIP-197).
// Used by tests/check_pairing.c; the expected values are never stored.
const { buildBn128 } = require("ffjavascript");

async function main() {
    const curve = await buildBn128(true); // single thread: no workers to tear down
    const out = [];
    for (const arg of process.argv.slice(2)) {
        const [a, b] = arg.split(":").map((s) => BigInt(s));
        const P = curve.G1.toAffine(curve.G1.timesScalar(curve.G1.g, a));
        const Q = curve.G2.toAffine(curve.G2.timesScalar(curve.G2.g, b));
        const e = curve.Gt.toObject(curve.pairing(P, Q));
        const p = curve.G1.toObject(P), q = curve.G2.toObject(Q);
        const nums = [p[0], p[1], q[0][0], q[0][1], q[1][0], q[1][1]];
        for (const h of e) for (const c of h) nums.push(c[0], c[1]);
        out.push(nums.map((x) => x.toString()).join(" "));
    }
    process.stdout.write(out.join("\n") + "\n");
    await curve.terminate();
}

main().then(() => process.exit(0), (err) => {
    process.stderr.write(String(err && err.stack || err) + "\n");
    process.exit(1);
});
