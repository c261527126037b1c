// zkpot ptau oracle: snarkjs 0.7.6 (as a library) judging a powers-of-tau file
// written by `zkpot ptau new`, for tests/check_ptau.c.
//   node ptau_oracle.js prepare <in.ptau> <out.ptau>
//       snarkjs's own "powersoftau prepare phase2": recomputes sections 12..15
//       from sections 2..5 of in.ptau (the test compares the bytes). Prints "ok".
//   node ptau_oracle.js verify <in.ptau>
//       "powersoftau verify". Prints "ok", or "invalid <first error it logged>".
//   node ptau_oracle.js ceremony <power> <out.ptau>
//       snarkjs's own ceremony: powersoftau new, one contribute (random
//       entropy), prepare phase2. Prints "ok".
//   node ptau_oracle.js g16 <r1cs> <wasm> <ptau> <dir> <input-json>
//       groth16 setup (zkey new) on the ptau, zkey verify against r1cs and ptau,
//       witness of the input, prove, export the verification key, verify. Prints "ok <zkey> <wtns> <vk> <proof> <public>"
//       or "invalid" / "error <message>".
"use strict";
const fs = require("fs");
const path = require("path");

const snarkjs = require(path.join(__dirname, "node_modules", "snarkjs"));

// A logger that keeps the errors (snarkjs reports why a check fails only there).
function logger() {
    const errors = [];
    const nop = () => {};
    return { errors, error: (m) => errors.push(String(m)), warn: nop, info: nop, debug: nop };
}

async function main(op, args) {
    if (op === "prepare") {
        await snarkjs.powersOfTau.preparePhase2(args[0], args[1]);
        return "ok";
    }
    if (op === "ceremony") {
        const curve = await snarkjs.curves.getCurveFromName("bn128");
        const [p0, p1] = [args[1] + ".0.tmp", args[1] + ".1.tmp"];
        await snarkjs.powersOfTau.newAccumulator(curve, Number(args[0]), p0);
        const entropy = require("crypto").randomBytes(32).toString("hex");
        await snarkjs.powersOfTau.contribute(p0, p1, "zkpot check_ptau", entropy);
        await snarkjs.powersOfTau.preparePhase2(p1, args[1] + ".tmp");
        fs.renameSync(args[1] + ".tmp", args[1]);
        fs.rmSync(p0), fs.rmSync(p1);
        return "ok";
    }
    if (op === "verify") {
        const log = logger();
        const ok = await snarkjs.powersOfTau.verify(args[0], log);
        return ok ? "ok" : `invalid ${log.errors[0] || "(no message)"}`;
    }
    if (op === "g16") {
        const [r1cs, wasm, ptau, dir, input] = args;
        fs.mkdirSync(dir, { recursive: true });
        const f = (n) => path.join(dir, n);
        const log = logger();
        const hash = await snarkjs.zKey.newZKey(r1cs, ptau, f("circuit.zkey"), log);
        if (!hash || hash === -1) return `error zkey new: ${log.errors[0] || "failed"}`;
        // "zkey verify": recomputes the key from the r1cs and the ptau and compares
        if (!(await snarkjs.zKey.verifyFromR1cs(r1cs, ptau, f("circuit.zkey"), log)))
            return `error zkey verify: ${log.errors[0] || "failed"}`;
        await snarkjs.wtns.calculate(JSON.parse(input), wasm, f("witness.wtns"));
        const { proof, publicSignals } = await snarkjs.groth16.prove(f("circuit.zkey"), f("witness.wtns"));
        const vk = await snarkjs.zKey.exportVerificationKey(f("circuit.zkey"));
        fs.writeFileSync(f("verification_key.json"), JSON.stringify(vk, null, 1));
        fs.writeFileSync(f("proof.json"), JSON.stringify(proof, null, 1));
        fs.writeFileSync(f("public.json"), JSON.stringify(publicSignals, null, 1));
        if (!(await snarkjs.groth16.verify(vk, publicSignals, proof))) return "invalid";
        return ["ok", f("circuit.zkey"), f("witness.wtns"), f("verification_key.json"),
                f("proof.json"), f("public.json")].join(" ");
    }
    throw new Error(`unknown op ${op}`);
}

(async () => {
    const [op, ...args] = process.argv.slice(2);
    let out;
    try {
        out = await main(op, args);
    } catch (e) {
        out = `error ${String(e.message || e).split("\n")[0]}`;
    }
    // ffjavascript keeps worker threads alive: exit, but only once stdout has drained
    process.stdout.write(out + "\n", () => process.exit(0));
})();
