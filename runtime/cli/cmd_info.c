/* zkpot info <file>: what an .r1cs / .wtns / .zkey / .ptau holds (curve, constraints,
 * wires, public inputs, sections). The type comes from the file's magic. */
#include <errno.h>

#include "cli/g16_cli.h"

/* Lists the sections of an iden3 binary file (magic, u32 version, u32 count,
 * then per section u32 id, u64 size, data). Returns false on a malformed table. */
static bool list_sections(FILE *f, const char *path) {
    uint8_t h[12];
    if (fseek(f, 0, SEEK_SET) || fread(h, 1, 12, f) != 12) return false;
    uint32_t n = (uint32_t)h[8] | (uint32_t)h[9] << 8 | (uint32_t)h[10] << 16 | (uint32_t)h[11] << 24;
    uint32_t ver = (uint32_t)h[4] | (uint32_t)h[5] << 8 | (uint32_t)h[6] << 16 | (uint32_t)h[7] << 24;
    printf("format version: %u\nsections: %u\n", ver, n);
    long pos = 12;
    for (uint32_t i = 0; i < n && i < 1000; i++) {
        uint8_t s[12];
        if (fseek(f, pos, SEEK_SET) || fread(s, 1, 12, f) != 12) {
            fprintf(stderr, "zkpot info: %s: section table truncated at byte %ld\n", path, pos);
            return false;
        }
        uint32_t id = 0;
        uint64_t size = 0;
        for (int b = 3; b >= 0; b--) id = id << 8 | s[b];
        for (int b = 11; b >= 4; b--) size = size << 8 | s[b];
        printf("  section %2u at byte %10ld: %12llu bytes\n", id, pos + 12, (unsigned long long)size);
        if (size > (uint64_t)0x7fffffffffffffffLL - (uint64_t)pos) return false;
        pos += 12 + (long)size;
    }
    return true;
}

/* Section 10 (snarkjs's phase-2 record): 64-byte circuit hash, u32 (LE) count, records. */
static void info_zkey_phase2(const groth16_pk_t *k) {
    static const uint8_t zero[64];
    if (!k->contributions || k->contributions_size < 68) {
        printf("phase-2 record: none\n");
        return;
    }
    if (!memcmp(k->contributions, zero, 64)) {
        /* zkpot setup's own key (fresh gamma and delta), or another tool's */
        printf("phase-2 record: zero circuit hash (not made from a powers of tau)\n");
        return;
    }
    const uint8_t *c = k->contributions;
    uint32_t n = (uint32_t)c[64] | (uint32_t)c[65] << 8 | (uint32_t)c[66] << 16 | (uint32_t)c[67] << 24;
    printf("circuit hash: ");
    for (int i = 0; i < 64; i++) printf("%02x", c[i]);
    printf("\nphase-2 contributions: %u%s\n", n,
           n ? "" : " (delta = 1: anyone can forge proofs until one is made)");
}

static int run(int argc, char **argv) {
    g16_cli_opts o;
    if (!g16_cli_parse(&o, &argc, argv, "info")) return CLI_EXIT_USAGE;
    if (argc != 2) {
        fprintf(stderr, "usage: zkpot info <file.r1cs | file.wtns | file.zkey | file.ptau>\n");
        return CLI_EXIT_USAGE;
    }
    const char *path = argv[1];
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "zkpot info: %s: cannot open: %s\n", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    char magic[5] = {0};
    if (fread(magic, 1, 4, f) != 4) magic[0] = 0;
    zkp_err e = ZKP_OK;
    if (!strcmp(magic, "r1cs")) {
        r1cs_t *r;
        if (!(e = r1cs_read(&r, path))) {
            printf("%s: R1CS constraint system\ncurve: bn128 (BN254 scalar field)\n", path);
            printf("constraints: %u\nwires: %u\npublic outputs: %u\npublic inputs: %u\n"
                   "private inputs: %u\nlabels: %llu\nterms: %llu\ncustom gates: %s\n",
                   r->n_constraints, r->n_wires, r->n_pub_out, r->n_pub_in, r->n_prv_in,
                   (unsigned long long)r->n_labels,
                   (unsigned long long)r->lc_start[3 * (uint64_t)r->n_constraints],
                   r1cs_has_custom_gates(r) ? "yes" : "no");
            r1cs_free(r);
        }
    } else if (!strcmp(magic, "wtns")) {
        wtns_t *w;
        if (!(e = wtns_read(&w, path))) {
            printf("%s: witness\ncurve: bn128 (BN254 scalar field)\nvalues: %u\n", path, w->n);
            wtns_free(w);
        }
    } else if (!strcmp(magic, "zkey")) {
        groth16_pk_t *k;
        if (!(e = zkey_read(&k, path, ZKEY_READ_HEADER))) {
            printf("%s: proving key\nprotocol: groth16\ncurve: bn128 (BN254)\n", path);
            printf("wires: %u\npublic inputs: %u\ndomain size: %u (2^%d)\nmax constraints: %u\n",
                   k->n_vars, k->n_public, k->domain_size, __builtin_ctz(k->domain_size),
                   k->domain_size - k->n_public - 1);
            info_zkey_phase2(k);
            zkey_free(k);
        }
    } else if (!strcmp(magic, "ptau")) {
        ptau_t *t;
        if (!(e = ptau_read(&t, path, PTAU_READ_HEADER))) {
            printf("%s: powers of tau (phase 1)\ncurve: bn128 (BN254)\npower: %u (2^%u points, "
                   "circuits up to domain 2^%u)\nceremony power: %u\ncontributions: %u\n"
                   "prepared for phase 2: %s\n",
                   path, t->power, t->power, t->power, t->ceremony_power, t->n_contributions,
                   t->prepared ? "yes" : "no");
            ptau_free(t);
        }
    } else {
        fclose(f);
        fprintf(stderr,
                "zkpot info: %s: not an .r1cs, .wtns, .zkey or .ptau file (magic \"%.4s\")\n",
                path, magic);
        return CLI_EXIT_USAGE;
    }
    if (!e && !list_sections(f, path)) e = zkp_fail(ZKP_ERR_FORMAT, "%s: bad section table", path);
    fclose(f);
    return e ? g16_cli_fail("info", e) : CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_info = {"info", "what an .r1cs/.wtns/.zkey/.ptau holds: <file>", run};
