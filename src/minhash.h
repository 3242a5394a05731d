/* minhash: shingle set -> K-slot MinHash signature.
 * Signature layout version 1 (WT_SIG_VERSION): K little-endian uint32 slots,
 * slot k = min over shingles x of ((a_k * x + b_k) mod 2^64) >> 32, with a_k
 * odd; (a_k, b_k) are drawn by libsodium's randombytes_buf_deterministic
 * from BLAKE2b("wiretrace-minhash-v1" || seed LE). The same seed gives the
 * same signatures on every machine; test vectors pin it. */
#ifndef WT_MINHASH_H
#define WT_MINHASH_H

#include "common.h"

#define WT_SIG_VERSION 1
#define WT_PERM_MAX 1024

typedef struct {
	unsigned k;
	uint64_t seed;
	uint64_t *a, *b; /* owned, k each */
} wt_minhash;

/* Derive K (1..WT_PERM_MAX) hash parameters from seed. WT_E_ARG/NOMEM. */
WT_NODISCARD wt_err wt_minhash_init(wt_minhash *m, unsigned k, uint64_t seed);
void wt_minhash_release(wt_minhash *m);

/* sig[0..k) = signature of set[0..n) (n >= 1; any order, repeats harmless).
 * Thread-safe: m is only read. */
void wt_minhash_sign(const wt_minhash *m, const uint64_t *set, size_t n,
		     uint32_t *sig);

#endif
