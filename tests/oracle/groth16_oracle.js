// zkpot groth16 oracle: snarkjs 0.7.6 (as a library, one node process per call).
//   node groth16_oracle.js fixtures <cache dir> <seed>
//       Compiles tests/oracle/fixtures/io_*.circom with circom2 and makes a 2^10
//       powers of tau and a snarkjs Groth16 zkey per circuit, all cached (the same
//       cache layout as io_fixtures.js, so the two share it). Then, on every run,
//       random inputs from <seed>, a witness, the verification key, a snarkjs proof
//       and public signals. Prints per circuit:
//         <name> <r1cs> <wtns> <zkey> <vk.json> <proof.json> <public.json>
//   node groth16_oracle.js run <op> [<op> ...]   with each op a JSON array:
//       ["verify", vk, public, proof]        prints "ok" or "invalid"
//       ["prove", zkey, wtns, proof, public]  prints "ok"
//       ["exportvk", zkey, out]               prints "ok"
//       ["wtnscheck", r1cs, wtns]             prints "ok" or "invalid"
//       ["timeprove", zkey, wtns]             prints "ms <milliseconds of one prove>"
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { execFileSync } = require("child_process");

const here = __dirname;
const nm = path.join(here, "node_modules");
const snarkjs = require(path.join(nm, "snarkjs"));
const snarkjsCli = path.join(nm, "snarkjs", "cli.js");
const circomCli = path.join(nm, "circom2", "cli.js");

let seed = 1n;
function rand64() { // xorshift64* (test inputs only)
    seed ^= seed >> 12n;
    seed ^= (seed << 25n) & 0xffffffffffffffffn;
    seed ^= seed >> 27n;
    return (seed * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
}
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
function randFr() {
    let v = 0n;
    for (let i = 0; i < 4; i++) v = (v << 64n) | rand64();
    return (v % R).toString();
}
const circuits = {
    mulchain: () => ({ a: randFr(), b: randFr() }),
    num2bits: () => ({ in: rand64().toString() }),
    poseidon: () => ({ x: [randFr(), randFr()] }),
};

function runCli(cmd, args, cwd) {
    try {
        execFileSync("node", [cmd, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
        process.stderr.write(`groth16_oracle: ${path.basename(cmd)} ${args.join(" ")} failed\n`);
        process.stderr.write(String(e.stdout || "") + String(e.stderr || ""));
        process.exit(1);
    }
}

async function fixtures(cacheArg, seedArg) {
    const cache = path.resolve(cacheArg);
    seed = BigInt(seedArg || "1") | 1n;
    const src = path.join(cache, "src");
    fs.mkdirSync(src, { recursive: true });
    // circom2 (WASI) sees only its cwd's tree: compile inside the cache with a copy of circomlib.
    if (!fs.existsSync(path.join(src, "circomlib", "poseidon.circom")))
        fs.cpSync(path.join(nm, "circomlib", "circuits"), path.join(src, "circomlib"),
                  { recursive: true, dereference: true });
    const ptau = path.join(cache, "pot10_final.ptau");
    if (!fs.existsSync(ptau)) {
        const p0 = path.join(cache, `pot10_0.${process.pid}.ptau`);
        const p1 = path.join(cache, `pot10_1.${process.pid}.ptau`);
        runCli(snarkjsCli, ["powersoftau", "new", "bn128", "10", p0], cache);
        runCli(snarkjsCli, ["powersoftau", "contribute", p0, p1, "-e=zkpot groth16 fixtures"], cache);
        runCli(snarkjsCli, ["powersoftau", "prepare", "phase2", p1, ptau + `.${process.pid}`], cache);
        fs.renameSync(ptau + `.${process.pid}`, ptau);
        fs.rmSync(p0), fs.rmSync(p1);
    }
    const out = [];
    for (const [name, inputs] of Object.entries(circuits)) {
        const text = fs.readFileSync(path.join(here, "fixtures", `io_${name}.circom`));
        const hash = crypto.createHash("sha256").update(text).digest("hex").slice(0, 16);
        const dir = path.join(cache, `${name}-${hash}`);
        const r1cs = path.join(dir, `io_${name}.r1cs`);
        const wasm = path.join(dir, `io_${name}_js`, `io_${name}.wasm`);
        const zkey = path.join(dir, `io_${name}.zkey`);
        if (!fs.existsSync(zkey)) {
            fs.mkdirSync(dir, { recursive: true });
            fs.writeFileSync(path.join(src, `io_${name}.circom`), text);
            runCli(circomCli, [`io_${name}.circom`, "--r1cs", "--wasm", "-l", "circomlib", "-o",
                               path.relative(src, dir)], src);
            runCli(snarkjsCli, ["groth16", "setup", r1cs, ptau, zkey + `.${process.pid}`], dir);
            fs.renameSync(zkey + `.${process.pid}`, zkey);
        }
        const run = path.join(cache, "g16run", name);
        fs.mkdirSync(run, { recursive: true });
        const wtns = path.join(run, "witness.wtns");
        const vk = path.join(run, "verification_key.json");
        const proofF = path.join(run, "proof.json");
        const pubF = path.join(run, "public.json");
        await snarkjs.wtns.calculate(inputs(), wasm, wtns);
        fs.writeFileSync(vk, JSON.stringify(await snarkjs.zKey.exportVerificationKey(zkey), null, 1));
        const { proof, publicSignals } = await snarkjs.groth16.prove(zkey, wtns);
        fs.writeFileSync(proofF, JSON.stringify(proof, null, 1));
        fs.writeFileSync(pubF, JSON.stringify(publicSignals, null, 1));
        out.push([name, r1cs, wtns, zkey, vk, proofF, pubF].join(" "));
    }
    console.log(out.join("\n"));
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
                const quiet = { info() {}, warn() {}, error() {}, debug() {} };
                console.log((await snarkjs.wtns.check(op[1], op[2], quiet)) ? "ok" : "invalid");
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
    if (cmd === "fixtures") await fixtures(args[0], args[1]);
    else if (cmd === "run") await runOps(args);
    else {
        console.error("usage: groth16_oracle.js fixtures <cache> <seed> | run <op-json>...");
        process.exit(2);
    }
    process.exit(0); // ffjavascript keeps worker threads alive
})();
