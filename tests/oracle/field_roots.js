// zkpot test oracle: prints ffjavascript's BN254 Fr roots of unity Fr.w[k],
// k = 0..Fr.s (the ones snarkjs uses for its FFTs), one decimal per line.
// Used by tests/check_field.c (roots_of_unity).
const { buildBn128 } = require("ffjavascript");

(async () => {
    const curve = await buildBn128(true);
    const Fr = curve.Fr;
    const out = [];
    for (let k = 0; k <= Fr.s; k++) out.push(Fr.toString(Fr.w[k]));
    process.stdout.write(out.join("\n") + "\n");
    await curve.terminate();
})().catch((e) => {
    console.error(e);
    process.exit(1);
});
