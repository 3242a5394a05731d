/* minhash: classic K-permutation MinHash with multiply-add-shift hashing.
 * The input x is already an XXH3 hash, so one 64-bit multiply-add per slot
 * is enough mixing; the high 32 bits are the well-mixed ones. Slots are
 * processed 16 at a time so the running minima stay in vector registers
 * while the set streams past. */
#include "minhash.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

wt_err wt_minhash_init(wt_minhash *m, unsigned k, uint64_t seed)
{
	memset(m, 0, sizeof *m);
	if (k == 0 || k > WT_PERM_MAX)
		return WT_E_ARG;
	static const char tag[] = "wiretrace-minhash-v1";
	unsigned char in[sizeof tag - 1 + 8], key[randombytes_SEEDBYTES];
	memcpy(in, tag, sizeof tag - 1);
	for (int i = 0; i < 8; i++)
		in[sizeof tag - 1 + i] = (unsigned char)(seed >> (8 * i));
	crypto_generichash(key, sizeof key, in, sizeof in, NULL, 0);
	unsigned char *raw = malloc((size_t)k * 16);
	m->a = malloc((size_t)k * 8);
	m->b = malloc((size_t)k * 8);
	if (!raw || !m->a || !m->b) {
		free(raw);
		wt_minhash_release(m);
		return WT_E_NOMEM;
	}
	randombytes_buf_deterministic(raw, (size_t)k * 16, key);
	for (unsigned i = 0; i < k; i++) {
		uint64_t a = 0, b = 0;
		for (int j = 0; j < 8; j++) {
			a |= (uint64_t)raw[16 * i + j] << (8 * j);
			b |= (uint64_t)raw[16 * i + 8 + j] << (8 * j);
		}
		m->a[i] = a | 1;
		m->b[i] = b;
	}
	free(raw);
	m->k = k;
	m->seed = seed;
	return WT_OK;
}

void wt_minhash_release(wt_minhash *m)
{
	free(m->a);
	free(m->b);
	memset(m, 0, sizeof *m);
}

#define BLK 16

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
static void sign_block(const uint64_t *restrict a, const uint64_t *restrict b,
		       const uint64_t *restrict set, size_t n,
		       uint32_t *restrict out)
{
	uint32_t mn[BLK];
	for (int j = 0; j < BLK; j++)
		mn[j] = UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = set[i];
		for (int j = 0; j < BLK; j++) {
			uint32_t v = (uint32_t)((a[j] * x + b[j]) >> 32);
			mn[j] = v < mn[j] ? v : mn[j];
		}
	}
	memcpy(out, mn, sizeof mn);
}

void wt_minhash_sign(const wt_minhash *m, const uint64_t *set, size_t n,
		     uint32_t *sig)
{
	unsigned k = 0;
	for (; k + BLK <= m->k; k += BLK)
		sign_block(m->a + k, m->b + k, set, n, sig + k);
	for (; k < m->k; k++) { /* tail when k is not a multiple of BLK */
		uint32_t mn = UINT32_MAX;
		for (size_t i = 0; i < n; i++) {
			uint32_t v = (uint32_t)((m->a[k] * set[i] + m->b[k]) >> 32);
			mn = v < mn ? v : mn;
		}
		sig[k] = mn;
	}
}
