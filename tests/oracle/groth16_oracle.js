// zkpot groth16 oracle: snarkjs 0.7.6 as a library, for tests/check_cli.c (whose
// fixtures come from io_fixtures.js), check_setup.c and check_setup_ptau.c.
//   node groth16_oracle.js run <op> [<op> ...]   with each op a JSON array:
//       ["verify", vk, public, proof]        prints "ok" or "invalid"
//       ["prove", zkey, wtns, proof, public]  prints "ok"
//       ["exportvk", zkey, out]               prints "ok"
//       ["wtnscheck", r1cs, wtns]             prints "ok" or "invalid"
//       ["timeprove", zkey, wtns]             prints "ms <milliseconds of one prove>"
//       ["setup", r1cs, ptau, zkey]           snarkjs groth16 setup; prints "ok" or "error <msg>"
//       ["contribute", in, out, entropy]      snarkjs zkey contribute; prints "ok"
//       ["zkeyverify", r1cs, ptau, zkey]      snarkjs zkey verify; prints "ok" or "invalid"
"use strict";
const fs = require("fs");
const path = require("path");

const snarkjs = require(path.join(__dirname, "node_modules", "snarkjs"));

function quietLogger() {
    const l = { errors: [], info() {}, warn() {}, debug() {} };
    l.error = (m) => l.errors.push(String(m));
    return l;
}

async function runOps(ops) {
    const read = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
    for (const text of ops) {
        const op = JSON.parse(text);
        try {
            if (op[0] === "verify") {
                const ok = await snarkjs.groth16.verify(read(op[1]), read(op[2]), read(op[3]));
                console.log(ok ? "ok" : "invalid");
            } else if (op[0] === "prove") {
                const { proof, publicSignals } = await snarkjs.groth16.prove(op[1], op[2]);
                fs.writeFileSync(op[3], JSON.stringify(proof, null, 1));
                fs.writeFileSync(op[4], JSON.stringify(publicSignals, null, 1));
                console.log("ok");
            } else if (op[0] === "timeprove") {
                await snarkjs.groth16.prove(op[1], op[2]); // warm-up (wasm compile, threads)
                const t0 = process.hrtime.bigint();
                await snarkjs.groth16.prove(op[1], op[2]);
                console.log(`ms ${Number(process.hrtime.bigint() - t0) / 1e6}`);
            } else if (op[0] === "exportvk") {
                fs.writeFileSync(op[2], JSON.stringify(await snarkjs.zKey.exportVerificationKey(op[1]), null, 1));
                console.log("ok");
            } else if (op[0] === "wtnscheck") {
                console.log((await snarkjs.wtns.check(op[1], op[2], quietLogger())) ? "ok" : "invalid");
            } else if (op[0] === "setup") {
                const l = quietLogger();
                const r = await snarkjs.zKey.newZKey(op[1], op[2], op[3], l);
                console.log(r === -1 ? `error ${l.errors.join("; ")}` : "ok");
            } else if (op[0] === "contribute") {
                await snarkjs.zKey.contribute(op[1], op[2], "zkpot test", op[3], quietLogger());
                console.log("ok");
            } else if (op[0] === "zkeyverify") {
                const ok = await snarkjs.zKey.verifyFromR1cs(op[1], op[2], op[3], quietLogger());
                console.log(ok ? "ok" : "invalid");
            } else {
                console.log(`error unknown op ${op[0]}`);
            }
        } catch (e) {
            console.log(`error ${String(e.message || e).split("\n")[0]}`);
        }
    }
}

(async () => {
    const [cmd, ...args] = process.argv.slice(2);
    if (cmd !== "run") {
        console.error("usage: groth16_oracle.js run <op-json>...");
        process.exit(2);
    }
    await runOps(args);
    // ffjavascript keeps worker threads alive: exit, but only once stdout has drained
    process.stdout.write("", () => process.exit(0));
})();
