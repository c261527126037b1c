// zkpot io oracle: builds the circom/snarkjs files that tests/check_io.c reads.
//   node tests/oracle/io_fixtures.js <cache dir> <seed>
// Compiles tests/oracle/fixtures/io_*.circom with circom2 (cached per source
// hash), makes a small powers-of-tau (2^10, once per cache dir: with
// `$ZKPOT_BIN/zkpot ptau new` when that binary exists — a second, not half a
// minute; snarkjs's `powersoftau verify` accepts such files and
// tests/check_ptau.c keeps a snarkjs-made one in its own tests — else with
// snarkjs's ceremony commands), a Groth16 zkey per circuit with snarkjs
// (cached), then, on every run, random inputs from
// <seed>, a witness (snarkjs wtns calculate), a proof, public signals and the
// verification key. Prints one line per circuit:
//   <name> <r1cs> <wtns> <zkey> <vk.json> <proof.json> <public.json>
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { execFileSync } = require("child_process");

const here = __dirname;
const nm = path.join(here, "node_modules");
const snarkjs = path.join(nm, "snarkjs", "cli.js");
const circom = path.join(nm, "circom2", "cli.js");

const [cacheArg, seedArg] = process.argv.slice(2);
if (!cacheArg) {
    console.error("usage: io_fixtures.js <cache dir> [seed]");
    process.exit(2);
}
const cache = path.resolve(cacheArg);
let seed = BigInt(seedArg || "1");

// xorshift64* for reproducible test inputs (not for secrets)
function rand64() {
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

// name: [source fixtures/io_<src>.circom, extra circom flags, random inputs]
const circuits = {
    mulchain: ["mulchain", [], () => ({ a: randFr(), b: randFr() })],
    num2bits: ["num2bits", [], () => ({ in: rand64().toString() })],
    // --O2 substitutes the input away but still counts it as a private input
    num2bits_o2: ["num2bits", ["--O2"], () => ({ in: rand64().toString() })],
    poseidon: ["poseidon", [], () => ({ x: [randFr(), randFr()] })],
};

function run(cmd, args, cwd) {
    try {
        execFileSync("node", [cmd, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
        process.stderr.write(`io_fixtures: ${path.basename(cmd)} ${args.join(" ")} failed\n`);
        process.stderr.write(String(e.stdout || "") + String(e.stderr || ""));
        process.exit(1);
    }
}

// circom2 runs under WASI with only the parent directories of its cwd
// preopened and does not follow node_modules symlinks out of them: compile
// inside the cache with a real copy of circomlib's circuits.
const src = path.join(cache, "src");
fs.mkdirSync(src, { recursive: true });
if (!fs.existsSync(path.join(src, "circomlib", "poseidon.circom")))
    fs.cpSync(path.join(nm, "circomlib", "circuits"), path.join(src, "circomlib"),
              { recursive: true, dereference: true });

const ptau = path.join(cache, "pot10_final.ptau");
const zkpot = path.join(process.env.ZKPOT_BIN || path.join(here, "..", "..", "build", "bin"), "zkpot");
if (!fs.existsSync(ptau) && fs.existsSync(zkpot)) {
    try {
        execFileSync(zkpot, ["ptau", "new", "10", ptau + ".tmp", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
        fs.renameSync(ptau + ".tmp", ptau);
    } catch (e) {
        process.stderr.write(`io_fixtures: zkpot ptau new failed, using snarkjs's ceremony\n`);
    }
}
if (!fs.existsSync(ptau)) {
    const p0 = path.join(cache, "pot10_0.ptau"), p1 = path.join(cache, "pot10_1.ptau");
    run(snarkjs, ["powersoftau", "new", "bn128", "10", p0], cache);
    run(snarkjs, ["powersoftau", "contribute", p0, p1, "-e=zkpot io fixtures"], cache);
    run(snarkjs, ["powersoftau", "prepare", "phase2", p1, ptau + ".tmp"], cache);
    fs.renameSync(ptau + ".tmp", ptau);
    fs.rmSync(p0), fs.rmSync(p1);
}

for (const [name, [base, flags, inputs]] of Object.entries(circuits)) {
    const text = fs.readFileSync(path.join(here, "fixtures", `io_${base}.circom`));
    const hash = crypto.createHash("sha256").update(text).update(flags.join(" "))
        .digest("hex").slice(0, 16);
    const dir = path.join(cache, `${name}-${hash}`);
    const r1cs = path.join(dir, `io_${base}.r1cs`);
    const wasm = path.join(dir, `io_${base}_js`, `io_${base}.wasm`);
    const zkey = path.join(dir, `io_${base}.zkey`);
    if (!fs.existsSync(zkey)) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(src, `io_${base}.circom`), text);
        run(circom, [`io_${base}.circom`, "--r1cs", "--wasm", ...flags, "-l", "circomlib", "-o",
                     path.relative(src, dir)], src);
        run(snarkjs, ["groth16", "setup", r1cs, ptau, zkey + ".tmp"], dir);
        fs.renameSync(zkey + ".tmp", zkey);
    }
    const run_dir = path.join(cache, "run", name);
    fs.mkdirSync(run_dir, { recursive: true });
    const input = path.join(run_dir, "input.json");
    const wtns = path.join(run_dir, "witness.wtns");
    const vk = path.join(run_dir, "verification_key.json");
    const proof = path.join(run_dir, "proof.json");
    const pub = path.join(run_dir, "public.json");
    fs.writeFileSync(input, JSON.stringify(inputs()));
    run(snarkjs, ["wtns", "calculate", wasm, input, wtns], run_dir);
    run(snarkjs, ["zkey", "export", "verificationkey", zkey, vk], run_dir);
    run(snarkjs, ["groth16", "prove", zkey, wtns, proof, pub], run_dir);
    console.log([name, r1cs, wtns, zkey, vk, proof, pub].join(" "));
}
