/* shingle: token hashes, shingle hashes, set construction, digest. */
#include "shingle.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

void wt_shingles_init(wt_shingles *s)
{
	memset(s, 0, sizeof *s);
}

void wt_shingles_release(wt_shingles *s)
{
	free(s->seq);
	free(s->set);
	free(s->tok);
	free(s->joined);
	wt_shingles_init(s);
}

static uint64_t to_le64(uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

uint64_t wt_token_hash(const char *p, size_t n)
{
	return to_le64(XXH3_64bits(p, n));
}

wt_err wt_shingle(wt_shingles *s, const wt_norm *nz, unsigned n)
{
	s->nseq = s->nset = s->ntok = 0;
	if (n == 0)
		return WT_E_ARG;
	wt_err e;
	if ((e = wt_grow((void **)&s->tok, &s->tok_cap, nz->ntok ? nz->ntok : 1, 8,
			 SIZE_MAX / 8)))
		return e;
	size_t kept = 0; /* skipped tokens (boiler.h) are not shingled */
	for (size_t i = 0; i < nz->ntok; i++) {
		const wt_token *t = &nz->tok[i];
		if (!t->skip)
			s->tok[kept++] = wt_token_hash(nz->norm + t->norm_off,
						       t->norm_len);
	}
	s->ntok = kept;
	if (kept < n)
		return WT_OK;
	size_t m = kept - n + 1;
	if ((e = wt_grow((void **)&s->seq, &s->seq_cap, m, 8, SIZE_MAX / 8)) ||
	    (e = wt_grow((void **)&s->set, &s->set_cap, 2 * m, 8, SIZE_MAX / 8)))
		return e;
	for (size_t i = 0; i < m; i++)
		s->seq[i] = XXH3_64bits(&s->tok[i], (size_t)n * 8);
	s->nseq = m;
	memcpy(s->set, s->seq, m * 8);
	wt_sort_u64(s->set, s->set + m, m);
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		if (!k || s->set[k - 1] != s->set[i])
			s->set[k++] = s->set[i];
	s->nset = k;
	return WT_OK;
}

void wt_digest_key(uint64_t secret, uint8_t key[WT_DIGEST_KEY_BYTES])
{
	unsigned char in[32] = "wiretrace-digest-key-v1";
	for (int b = 0; b < 8; b++)
		in[24 + b] = (unsigned char)(secret >> (8 * b));
	crypto_generichash(key, WT_DIGEST_KEY_BYTES, in, sizeof in, NULL, 0);
}

wt_err wt_shingle_digest(wt_shingles *s, const wt_norm *nz,
			 const uint8_t key[WT_DIGEST_KEY_BYTES],
			 uint8_t out[WT_DIGEST_BYTES])
{
	/* Tokens never contain a space, so "joined by spaces" is unambiguous.
	 * SipHash runs about 5x faster than BLAKE2b here and, keyed, is as
	 * safe for this: collisions need the key. */
	wt_err e = wt_grow((void **)&s->joined, &s->joined_cap,
			   nz->norm_len + nz->ntok + 16, 1, SIZE_MAX);
	if (e)
		return e;
	char *j = s->joined;
	size_t n = 0;
	for (size_t i = 0; i < nz->ntok; i++) {
		const wt_token *t = &nz->tok[i];
		if (t->skip)
			continue;
		if (n)
			j[n++] = ' ';
		const char *p = nz->norm + t->norm_off;
		if (t->norm_len <= 16 && t->norm_off + 16 <= nz->norm_len)
			memcpy(j + n, p, 16); /* one fixed move; the rest is
						 overwritten or past the end */
		else
			memcpy(j + n, p, t->norm_len);
		n += t->norm_len;
	}
	crypto_shorthash_siphashx24(out, (const unsigned char *)j, n, key);
	return WT_OK;
}
