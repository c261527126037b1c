// bench/circom/sgd.circom: the statement of circuits/sgd.zkc written for circom 2
// with circomlib (Num2Bits, Poseidon), for the side-by-side benchmark
// bench/bench_circom.c. Templates only: the benchmark writes a main file
//   component main {public [c_before, c_after, c_batch, lr, step, epoch, tol]}
//       = SgdStep(P, B, F, NB, XB, TB);
// and compiles it with `circom2 --O2 --r1cs --wasm -l <dir holding circomlib/>`.
//
// One SGD step of a linear model under the mean squared error on a batch of B
// samples with P weights, fixed point with F fractional bits:
//   pred_b = sum_j w[j] x[b][j],  le_b = lr (pred_b - y_b 2^F)   (scale 2^(3F))
//   d[j]   = sum_b le_b x[b][j]                                  (scale 2^(4F))
//   w2[j]  = round(w[j] - 2 d[j] / (B 2^(3F))) +- tol,  0 <= tol < 2^TB
// Public: Poseidon commitments to w (tag 1), to w2 bound to (step, epoch, lr,
// tol) (tag 2) and to the batch x, y (tag 3); lr, step, epoch, tol. Weights
// are NB-bit signed, batch values XB-bit signed, lr NB-bit signed.
//
// The commitment is the one of stdlib/commit.zkc, bit for bit (so one
// input.json serves both circuits): values range-checked, packed
// floor(250 / nb) to a field element as sum_i (v_i + 2^(nb-1)) 2^(nb i), then
// acc = Poseidon(pre..., first 16 - m packed), acc = Poseidon(acc, next 15)...
//
// Written as a careful circom author would, so the comparison is fair:
// - every product is one constraint; lr is multiplied into the residual once
//   per sample (le_b, a signal), not once per weight;
// - every range check is a bare Num2Bits on a linear expression (its
//   recomposition constraint is linear and --O2 removes it); circomlib's
//   LessThan/LessEqThan would cost one extra bit each and need an extra
//   output constraint, so the tolerance window is checked as two Num2Bits;
// - packing is linear and fed straight into Poseidon's input signals;
// - the update is rounded once per weight, exactly, by a hinted quotient with
//   a (KB-1)-bit remainder check (KB = log2(B) + 3F), as in stdlib/train.zkc.
// Where it differs from sgd.zkc: nothing in the statement (the same input.json
// is accepted or refused by both; tests/check_zkcircom.c checks it). In form:
// circom templates take signal inputs, so every gadget input is a signal bound
// by a linear constraint, which --O2 substitutes away; circomlib's Poseidon is
// its sparse-matrix "optimized" form, zkc's the textbook one. Measured with
// P = 16, B = 4 both give 4183 constraints; Poseidon(n) costs the same in both
// for n <= 11, while for n = 13, 15, 16 zkc -O2 keeps n more constraints than
// circom --O2 (556/543, 588/573, 625/609), which the wide commitment chains of
// larger P use (a zkc optimizer matter, not the statement's).
pragma circom 2.0.0;

include "circomlib/poseidon.circom";
include "circomlib/bitify.circom";

// Constrains in to be n-bit signed: -2^(n-1) <= in < 2^(n-1). Cost n.
template RangeSigned(n) {
    signal input in;
    component bits = Num2Bits(n);
    bits.in <== in + 2 ** (n - 1);
}

// The commitment of stdlib/commit.zkc: v[n] range-checked to nb-bit signed,
// packed, chain-hashed with the m leading elements pre[m] (1 <= m <= 15).
template Commit(n, nb, m) {
    signal input v[n];
    signal input pre[m];
    signal output h;
    assert(m >= 1 && m <= 15);

    component rc[n];
    for (var i = 0; i < n; i++) {
        rc[i] = RangeSigned(nb);
        rc[i].in <== v[i];
    }

    var k = 250 \ nb;
    var np = (n + k - 1) \ k;
    var first = np < 16 - m ? np : 16 - m;
    var nchain = (np - first + 14) \ 15;
    component hs[1 + nchain];
    hs[0] = Poseidon(m + first);
    for (var i = 0; i < m; i++) {
        hs[0].inputs[i] <== pre[i];
    }
    var done = 0;
    var slot = m;
    for (var c = 0; c <= nchain; c++) {
        var cnt = c == 0 ? first : (np - done < 15 ? np - done : 15);
        if (c > 0) {
            hs[c] = Poseidon(cnt + 1);
            hs[c].inputs[0] <== hs[c - 1].out;
            slot = 1;
        }
        for (var q = 0; q < cnt; q++) {
            var acc = 0;
            for (var i = 0; i < k; i++) {
                if ((done + q) * k + i < n) {
                    acc += (v[(done + q) * k + i] + 2 ** (nb - 1)) * 2 ** (nb * i);
                }
            }
            hs[c].inputs[slot + q] <== acc;
        }
        done += cnt;
    }
    h <== hs[nchain].out;
}

// w2 within +-tol of round(w - 2 d / 2^kb), 0 <= tol < 2^tb (stdlib/train.zkc):
// with k = kb - 1 (the factor 2 cancels): X = w 2^k - d + 2^(k-1),
// q 2^k + rem = X, 0 <= rem < 2^k, q = w2 - delta, -tol <= delta <= tol.
// The caller keeps |X| < 2^218. Cost (kb - 1) + 2 (tb + 1).
template TolUpdate(kb, tb) {
    signal input w;
    signal input w2;
    signal input d;
    signal input tol;
    var k = kb - 1;
    var X = w * 2 ** k - d + 2 ** (k - 1);
    signal delta;
    // floor(X / 2^k) with X shifted to a positive integer below the field size
    delta <-- w2 - ((X + 2 ** 220) \ 2 ** k - 2 ** (220 - k));
    component lo = Num2Bits(tb + 1);
    lo.in <== delta + tol;
    component hi = Num2Bits(tb + 1);
    hi.in <== tol - delta;
    component rem = Num2Bits(k);
    rem.in <== X - (w2 - delta) * 2 ** k;
}

template SgdStep(P, B, F, NB, XB, TB) {
    signal input c_before;
    signal input c_after;
    signal input c_batch;
    signal input lr;
    signal input step;
    signal input epoch;
    signal input tol;
    signal input w[P];
    signal input w2[P];
    signal input x[B][P];
    signal input y[B];

    var KB = 0; // B * 2^(3F) = 2^KB
    for (var i = 0; i < 20; i++) {
        if (2 ** i == B) {
            KB = i;
        }
    }
    assert(2 ** KB == B);
    KB += 3 * F;
    assert(XB >= 2 && XB <= 62 && NB >= 2 && NB <= 62);
    // |X| < 2^218 in TolUpdate, from the range checks (as sgd.zkc asserts; circom's
    // numbers are field elements, and these bounds stay far below r/2)
    var ebound = P * 2 ** (NB - 1) * 2 ** (XB - 1) + 2 ** (XB - 1) * 2 ** F;
    var dbound = 2 ** (NB - 1) * B * ebound * 2 ** (XB - 1);
    assert(2 ** (NB - 1) * 2 ** (KB - 1) + dbound + 2 ** (KB - 2) < 2 ** 218);

    component rlr = RangeSigned(NB);
    rlr.in <== lr;
    component rtol = Num2Bits(TB);
    rtol.in <== tol;

    // commitments
    component cw = Commit(P, NB, 1);
    cw.pre[0] <== 1;
    for (var j = 0; j < P; j++) {
        cw.v[j] <== w[j];
    }
    c_before === cw.h;

    component cw2 = Commit(P, NB, 5);
    cw2.pre[0] <== 2;
    cw2.pre[1] <== step;
    cw2.pre[2] <== epoch;
    cw2.pre[3] <== lr;
    cw2.pre[4] <== tol;
    for (var j = 0; j < P; j++) {
        cw2.v[j] <== w2[j];
    }
    c_after === cw2.h;

    component cx = Commit(B * P + B, XB, 1);
    cx.pre[0] <== 3;
    for (var b = 0; b < B; b++) {
        for (var j = 0; j < P; j++) {
            cx.v[b * P + j] <== x[b][j];
        }
        cx.v[B * P + b] <== y[b];
    }
    c_batch === cx.h;

    // forward: le[b] = lr (pred_b - y_b 2^F), pred at scale 2^(2F), exact
    signal p[B][P];
    signal le[B];
    for (var b = 0; b < B; b++) {
        var acc = 0;
        for (var j = 0; j < P; j++) {
            p[b][j] <== x[b][j] * w[j];
            acc += p[b][j];
        }
        le[b] <== lr * (acc - y[b] * 2 ** F);
    }

    // gradient and update, one rounding per weight: d_j = lr G_j, scale 2^(4F)
    signal g[B][P];
    component upd[P];
    for (var j = 0; j < P; j++) {
        var dj = 0;
        for (var b = 0; b < B; b++) {
            g[b][j] <== le[b] * x[b][j];
            dj += g[b][j];
        }
        upd[j] = TolUpdate(KB, TB);
        upd[j].w <== w[j];
        upd[j].w2 <== w2[j];
        upd[j].d <== dj;
        upd[j].tol <== tol;
    }
}
