/* zkpot verify-batch <vk.json> <public1.json> <proof1.json> [<public2.json> <proof2.json> ...]:
 * all proofs under one key in one multi-pairing; exit 0 only if every proof is
 * valid, and names each invalid one. */
#include "cli/g16_cli.h"

static int run(int argc, char **argv) {
    g16_cli_opts o;
    if (!g16_cli_parse(&o, &argc, argv, "verify-batch")) return CLI_EXIT_USAGE;
    if (argc < 4 || (argc - 2) % 2) {
        fprintf(stderr, "usage: zkpot verify-batch <verification_key.json> <public1.json> "
                        "<proof1.json> [<public2.json> <proof2.json> ...]\n");
        return CLI_EXIT_USAGE;
    }
    size_t n = (size_t)(argc - 2) / 2;
    groth16_vk_t *vk = NULL;
    zkp_err e = io_vk_read(&vk, argv[1]);
    if (e) return g16_cli_fail("verify-batch", e);
    fr_t **pubs = zkp_calloc(n, sizeof *pubs);
    groth16_proof_t *proofs = zkp_calloc(n, sizeof *proofs);
    bool *valid = zkp_calloc(n, sizeof *valid);
    /* the subset that parsed: indices into the argument list */
    size_t *idx = zkp_calloc(n, sizeof *idx), m = 0, n_bad = 0;
    const fr_t **mp = zkp_calloc(n, sizeof *mp);
    groth16_proof_t *mproofs = zkp_calloc(n, sizeof *mproofs);
    int rc = CLI_EXIT_OK;
    if (!pubs || !proofs || !valid || !idx || !mp || !mproofs) {
        fprintf(stderr, "zkpot verify-batch: out of memory\n");
        rc = CLI_EXIT_INTERNAL;
        goto out;
    }
    for (size_t k = 0; k < n; k++) {
        const char *fp = argv[2 + 2 * k], *fpr = argv[3 + 2 * k];
        size_t np = 0;
        e = io_public_read(&pubs[k], &np, fp);
        if (!e) e = io_proof_read(&proofs[k], fpr);
        if (!e && np != vk->n_public)
            e = zkp_fail(ZKP_ERR_VERIFY_FAIL, "%s: %zu public inputs, the key expects %u", fp, np,
                         vk->n_public);
        if (e && !g16_cli_is_invalid(e)) {
            rc = g16_cli_fail("verify-batch", e);
            goto out;
        }
        if (e) {
            printf("proof %zu (%s, %s): INVALID: %s%s\n", k + 1, fp, fpr,
                   e == ZKP_ERR_NOT_CANONICAL ? "not canonical: " : "", zkp_last_error());
            n_bad++;
            continue;
        }
        idx[m] = k, mp[m] = pubs[k], mproofs[m] = proofs[k], m++;
    }
    e = groth16_verify_batch(vk, mp, mproofs, m, valid);
    if (e && e != ZKP_ERR_VERIFY_FAIL) {
        rc = g16_cli_fail("verify-batch", e);
        goto out;
    }
    for (size_t q = 0; e && q < m; q++)
        if (!valid[q]) {
            size_t k = idx[q];
            printf("proof %zu (%s, %s): INVALID\n", k + 1, argv[2 + 2 * k], argv[3 + 2 * k]);
            n_bad++;
        }
    if (!o.quiet) {
        if (n_bad) printf("%zu of %zu proofs INVALID\n", n_bad, n);
        else printf("OK (%zu proofs)\n", n);
    }
    rc = n_bad ? CLI_EXIT_INVALID : CLI_EXIT_OK;
out:
    for (size_t k = 0; pubs && k < n; k++) zkp_free(pubs[k]);
    zkp_free(pubs), zkp_free(proofs), zkp_free(valid), zkp_free(idx), zkp_free(mp),
        zkp_free(mproofs);
    io_vk_free(vk);
    return rc;
}

const struct cli_cmd cli_cmd_verify_batch = {
    "verify-batch", "verify n proofs at once: <vk.json> <public1.json> <proof1.json> ...", run};
