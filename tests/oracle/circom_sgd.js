// zkpot oracle: bench/circom/sgd.circom (the SGD step of circuits/sgd.zkc
// written for circom with circomlib) compiled by circom2 and run by circom's
// wasm witness calculator.
//   node tests/oracle/circom_sgd.js <cache dir> <P> <B> <F> <NB> <XB> <TB> <input.json> <out.wtns>
// Compiles `SgdStep(P, B, F, NB, XB, TB)` with --O2 --r1cs --wasm (cached under
// <cache dir> per hash of sgd.circom, the circom2 and circomlib versions and the
// parameters), computes the witness of input.json (circom's calculator checks
// every === and the booleanity of every bit as it goes), writes it as .wtns
// and has `snarkjs wtns check` check it against the .r1cs. Prints
//   constraints <n>
//   r1cs <path>
//   witness accepted
// or, when the calculator or the check refuses the input, "witness rejected: ..."
// and exit status 1 (2: usage, 3: the tools failed).
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { execFileSync } = require("child_process");

const nm = path.join(__dirname, "node_modules");
const circom = path.join(nm, "circom2", "cli.js");
const snarkjs = path.join(nm, "snarkjs", "cli.js");
const source = path.join(__dirname, "..", "..", "bench", "circom", "sgd.circom");

const args = process.argv.slice(2);
if (args.length !== 9) {
    console.error("usage: circom_sgd.js <cache dir> <P> <B> <F> <NB> <XB> <TB> <input.json> <out.wtns>");
    process.exit(2);
}
const [cacheArg, ...rest] = args;
const params = rest.slice(0, 6).map(Number);
const [inputArg, outArg] = rest.slice(6);
if (params.some((v) => !Number.isInteger(v) || v < 1)) {
    console.error("circom_sgd: parameters must be positive integers");
    process.exit(2);
}

function fail(msg, code) {
    process.stdout.write(msg + "\n", () => process.exit(code));
}

const cache = path.resolve(cacheArg);
const src = path.join(cache, "src");
fs.mkdirSync(src, { recursive: true });
// circom2 under WASI sees only the parents of its cwd and follows no symlink
// out of them: compile inside the cache, from real copies.
if (!fs.existsSync(path.join(src, "circomlib", "poseidon.circom")))
    fs.cpSync(path.join(nm, "circomlib", "circuits"), path.join(src, "circomlib"),
              { recursive: true, dereference: true });

const text = fs.readFileSync(source);
const key = crypto.createHash("sha256").update(text)
    .update(fs.readFileSync(path.join(nm, "circom2", "package.json")))
    .update(fs.readFileSync(path.join(nm, "circomlib", "package.json")))
    .update(params.join(",")).digest("hex").slice(0, 16);
const name = `sgd_${params.join("_")}`;
const dir = path.join(cache, `${name}-${key}`);
const r1cs = path.join(dir, `${name}.r1cs`);
const wasm = path.join(dir, `${name}_js`, `${name}.wasm`);

if (!fs.existsSync(path.join(dir, "constraints.txt"))) {
    const tmp = dir + ".tmp";
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    fs.writeFileSync(path.join(src, `sgd-${key}.circom`), text);
    fs.writeFileSync(path.join(src, `${name}.circom`),
        `pragma circom 2.0.0;\ninclude "sgd-${key}.circom";\n` +
        `component main {public [c_before, c_after, c_batch, lr, step, epoch, tol]} = ` +
        `SgdStep(${params.join(", ")});\n`);
    let out;
    try {
        out = execFileSync("node", [circom, `${name}.circom`, "--O2", "--r1cs", "--wasm", "-o",
                                    path.relative(src, tmp)],
                           { cwd: src, stdio: ["ignore", "pipe", "pipe"] }).toString();
    } catch (e) {
        fail("circom_sgd: circom2 failed\n" + String(e.stdout || "") + String(e.stderr || ""), 3);
        return;
    }
    const nl = /non-linear constraints: (\d+)/.exec(out), li = /\nlinear constraints: (\d+)/.exec(out);
    if (!nl || !li) {
        fail("circom_sgd: no constraint count in circom2's output\n" + out, 3);
        return;
    }
    fs.writeFileSync(path.join(tmp, "constraints.txt"), String(Number(nl[1]) + Number(li[1])));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir); // atomic: a half-built cache entry is never used
}

(async () => {
    const builder = require(path.join(dir, `${name}_js`, "witness_calculator.js"));
    const wc = await builder(fs.readFileSync(wasm));
    const input = JSON.parse(fs.readFileSync(inputArg, "utf8"));
    let bin;
    try {
        bin = await wc.calculateWTNSBin(input, 1);
    } catch (e) {
        fail(`witness rejected: ${String(e.message || e).split("\n")[0]}`, 1);
        return;
    }
    fs.writeFileSync(outArg, bin);
    let check;
    try {
        check = execFileSync("node", [snarkjs, "wtns", "check", r1cs, outArg],
                             { stdio: ["ignore", "pipe", "pipe"] }).toString();
    } catch (e) {
        check = String(e.stdout || "") + String(e.stderr || "");
    }
    const head = `constraints ${fs.readFileSync(path.join(dir, "constraints.txt"), "utf8")}\n` +
                 `r1cs ${r1cs}\n`;
    if (!check.includes("WITNESS IS CORRECT")) {
        fail(head + "witness rejected by snarkjs wtns check\n" + check, 1);
        return;
    }
    process.stdout.write(head + "witness accepted\n");
})().catch((e) => {
    console.error(e);
    process.exitCode = 3;
});
