// zkpot oracle: circomlib's Poseidon(n) compiled by circom2, run by circom's
// own wasm witness calculator.
//   node tests/oracle/circom_poseidon.js <cache dir> <input.json> <n>...
// input.json holds {"<n>": [["x0", ...], ...], ...}: for every width n given,
// a list of input vectors of n decimal strings each. Compiles `component main = Poseidon(n)` from
// node_modules/circomlib/circuits/poseidon.circom with circom2 (--r1cs --wasm,
// cached under <cache dir> per hash of circomlib's poseidon sources and n),
// computes the witness of each vector and prints one line per vector:
//   <n> <k> <out>   (k-th vector; out = main's output signal, witness[1])
// then the size of circom's --O2 constraint system (from the .r1cs header):
//   <n> constraints <count>
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { execFileSync } = require("child_process");

const nm = path.join(__dirname, "node_modules");
const circom = path.join(nm, "circom2", "cli.js");
const lib = path.join(nm, "circomlib", "circuits");

const [cacheArg, inputArg, ...widths] = process.argv.slice(2);
if (!cacheArg || !inputArg || widths.length === 0) {
    console.error("usage: circom_poseidon.js <cache dir> <input.json> <n>...");
    process.exit(2);
}
const cache = path.resolve(cacheArg);
const inputs = JSON.parse(fs.readFileSync(inputArg, "utf8"));

// circom2 runs under WASI with only the parents of its cwd preopened and does
// not follow the node_modules symlink out of them: compile inside the cache,
// from a real copy of circomlib's circuits (as io_fixtures.js does).
const src = path.join(cache, "src");
fs.mkdirSync(src, { recursive: true });
if (!fs.existsSync(path.join(src, "circomlib", "poseidon.circom")))
    fs.cpSync(lib, path.join(src, "circomlib"), { recursive: true, dereference: true });

// The cache key covers everything the compiled circuit depends on.
const libHash = crypto.createHash("sha256")
    .update(fs.readFileSync(path.join(lib, "poseidon.circom")))
    .update(fs.readFileSync(path.join(lib, "poseidon_constants.circom")))
    .update(fs.readFileSync(path.join(nm, "circom2", "package.json")))
    .update("--O2");

// The constraint count of an iden3 .r1cs file: its header section (type 1)
// holds field size n8, the prime, nWires, nPubOut, nPubIn, nPrvIn (u32 each),
// nLabels (u64), nConstraints (u32).
function r1csConstraints(file) {
    const b = fs.readFileSync(file);
    if (b.toString("latin1", 0, 4) !== "r1cs") throw new Error(`${file}: not an r1cs file`);
    let off = 12;
    for (let i = 0; i < b.readUInt32LE(8); i++) {
        const type = b.readUInt32LE(off), size = Number(b.readBigUInt64LE(off + 4));
        off += 12;
        if (type === 1) {
            const n8 = b.readUInt32LE(off);
            return b.readUInt32LE(off + 4 + n8 + 16 + 8);
        }
        off += size;
    }
    throw new Error(`${file}: no header section`);
}

async function width(n) {
    const name = `poseidon${n}`;
    const key = libHash.copy().update(String(n)).digest("hex").slice(0, 16);
    const dir = path.join(cache, `${name}-${key}`);
    const wasm = path.join(dir, `${name}_js`, `${name}.wasm`);
    if (!fs.existsSync(wasm)) {
        const tmp = dir + ".tmp";
        fs.rmSync(tmp, { recursive: true, force: true });
        fs.mkdirSync(tmp, { recursive: true });
        fs.writeFileSync(path.join(src, `${name}.circom`),
            `pragma circom 2.0.0;\ninclude "circomlib/poseidon.circom";\n` +
            `component main = Poseidon(${n});\n`);
        try {
            execFileSync("node", [circom, `${name}.circom`, "--r1cs", "--wasm", "--O2", "-o",
                                  path.relative(src, tmp)],
                         { cwd: src, stdio: ["ignore", "pipe", "pipe"] });
        } catch (e) {
            process.stderr.write(`circom_poseidon: circom2 ${name}.circom failed\n` +
                                 String(e.stdout || "") + String(e.stderr || ""));
            process.exit(1);
        }
        fs.rmSync(dir, { recursive: true, force: true });
        fs.renameSync(tmp, dir); // atomic: a half-built cache entry is never used
    }
    const builder = require(path.join(dir, `${name}_js`, "witness_calculator.js"));
    const wc = await builder(fs.readFileSync(wasm));
    const vecs = inputs[String(n)];
    let out = "";
    for (const [k, inp] of (Array.isArray(vecs) ? vecs : []).entries()) {
        if (!Array.isArray(inp) || inp.length !== n)
            throw new Error(`input.json: vector ${k} under "${n}" needs ${n} inputs`);
        const w = await wc.calculateWitness({ inputs: inp }, true);
        out += `${n} ${k} ${w[1].toString()}\n`;
    }
    return out + `${n} constraints ${r1csConstraints(path.join(dir, `${name}.r1cs`))}\n`;
}

(async () => {
    let out = "";
    for (const n of widths) out += await width(Number(n));
    process.stdout.write(out);
})().catch((e) => {
    console.error(e);
    process.exitCode = 1;
});
