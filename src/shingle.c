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

/* src[0..n) sorted into v by insertion; src may be v itself. */
static void insertion_sort(uint64_t *v, const uint64_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x = src[i];
		size_t j = i;
		for (; j && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* LSD radix over the bits that differ between keys (vary), 8 or 11 at a
 * time: a document's pairs or a fingerprint's postings leave whole bytes
 * constant, and large arrays take fewer, wider passes. */
static void radix_sort(uint64_t *v, uint64_t *tmp, size_t n, uint64_t vary)
{
	size_t cnt[1u << 11];
	unsigned width = n > (1u << 16) && n <= (1u << 19) ? 11 : 8;
	size_t nb = (size_t)1 << width;
	uint64_t *src = v, *dst = tmp;
	for (unsigned shift = 0; shift < 64; shift += width) {
		if (!((vary >> shift) & (nb - 1)))
			continue;
		memset(cnt, 0, nb * sizeof *cnt);
		for (size_t i = 0; i < n; i++)
			cnt[(src[i] >> shift) & (nb - 1)]++;
		size_t sum = 0;
		for (size_t b = 0; b < nb; b++) {
			size_t c = cnt[b];
			cnt[b] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[cnt[(src[i] >> shift) & (nb - 1)]++] = src[i];
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
}

#define BUCKET_BITS_MAX 12

void wt_sort_u64(uint64_t *v, uint64_t *tmp, size_t n)
{
	if (n < 64) { /* anything else costs more here */
		insertion_sort(v, v, n);
		return;
	}
	uint64_t any = 0, all = UINT64_MAX;
	for (size_t i = 0; i < n; i++) {
		any |= v[i];
		all &= v[i];
	}
	uint64_t vary = any ^ all;
	if (!vary)
		return; /* all equal */
	unsigned top = 64 - (unsigned)__builtin_clzll(vary);
	unsigned bits = 63 - (unsigned)__builtin_clzll(n);
	if (bits > BUCKET_BITS_MAX || bits > top) {
		radix_sort(v, tmp, n, vary);
		return;
	}
	/* Hashes (shingles, seeds by position): one counting pass on the top
	 * varying bits leaves buckets of about two keys, and insertion sort,
	 * which moves a key only within its bucket, finishes in about 2n
	 * steps. Its cost is the sum of squared bucket sizes: keys crowded
	 * into few buckets (hostile or just clustered) go to radix instead. */
	uint32_t cnt[1u << BUCKET_BITS_MAX];
	unsigned shift = top - bits;
	uint64_t mask = ((uint64_t)1 << bits) - 1;
	memset(cnt, 0, ((size_t)1 << bits) * sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		cnt[(v[i] >> shift) & mask]++;
	uint64_t sum = 0, cost = 0;
	for (size_t b = 0; b <= mask; b++) {
		uint32_t c = cnt[b];
		cnt[b] = (uint32_t)sum;
		sum += c;
		cost += (uint64_t)c * c;
	}
	if (cost > 8 * (uint64_t)n) {
		radix_sort(v, tmp, n, vary);
		return;
	}
	for (size_t i = 0; i < n; i++)
		tmp[cnt[(v[i] >> shift) & mask]++] = v[i];
	insertion_sort(v, tmp, n);
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
