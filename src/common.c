/* common: error names, the one growth helper every array uses, a run on
 * threads, merges of sorted keys and the sorts. */
#include "common.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

const char *wt_strerror(wt_err e)
{
	switch (e) {
	case WT_OK: return "success";
	case WT_E_NOMEM: return "out of memory";
	case WT_E_IO: return "input/output error";
	case WT_E_UTF8: return "invalid UTF-8";
	case WT_E_PARSE: return "malformed input";
	case WT_E_LIMIT: return "limit exceeded";
	case WT_E_DUPID: return "duplicate document id";
	case WT_E_FULL: return "no space left on device";
	case WT_E_ARG: return "invalid argument";
	case WT_E_BINARY: return "binary (non-text) input";
	case WT_E_MISSING: return "required field missing";
	}
	return "unknown error";
}

wt_err wt_grow(void **pp, size_t *pcap, size_t need, size_t elem,
	       size_t cap_elems)
{
	if (need <= *pcap)
		return WT_OK;
	if (need > cap_elems)
		return WT_E_LIMIT;
	size_t n = *pcap ? *pcap : 16;
	while (n < need)
		n = n > cap_elems / 2 ? cap_elems : n * 2;
	size_t bytes;
	if (wt_mul_size(n, elem, &bytes))
		return WT_E_LIMIT;
	void *p = realloc(*pp, bytes);
	if (!p)
		return WT_E_NOMEM;
	*pp = p;
	*pcap = n;
	return WT_OK;
}

void wt_run_each(void *(*fn)(void *), void *arg, size_t size, size_t n)
{
	pthread_t tid[64];
	int started[64] = {0};
	char *a = arg;
	n = n > 64 ? 64 : n;
	for (size_t t = 1; t < n; t++)
		started[t] = !pthread_create(&tid[t], NULL, fn, a + t * size);
	if (n)
		fn(a);
	for (size_t t = 1; t < n; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			fn(a + t * size);
	}
}

size_t wt_merge_unique(const uint64_t *a, size_t na, const uint64_t *b,
		       size_t nb, uint64_t *out)
{
	size_t i = 0, j = 0, k = 0;
	while (i < na || j < nb) {
		uint64_t x = j == nb || (i < na && a[i] <= b[j]) ? a[i++] : b[j++];
		if (!k || out[k - 1] != x)
			out[k++] = x;
	}
	return k;
}

wt_err wt_merge_into(uint64_t **a, size_t *na, uint64_t *b, size_t nb)
{
	size_t n = *na + nb;
	uint64_t *t = realloc(*a, (n ? n : 1) * sizeof *t);
	if (!t) {
		free(b);
		return WT_E_NOMEM;
	}
	/* k >= i + j throughout: a write never lands on an unread element */
	size_t i = *na, j = nb, k = n;
	while (i || j) {
		uint64_t x = !j || (i && t[i - 1] > b[j - 1]) ? t[--i] : b[--j];
		if (k == n || t[k] != x)
			t[--k] = x;
	}
	memmove(t, t + k, (n - k) * sizeof *t);
	free(b);
	*a = t;
	*na = n - k;
	return WT_OK;
}

void wt_sort_keyed(wt_keyed *v, wt_keyed *tmp, size_t n)
{
	wt_keyed *src = v, *dst = tmp;
	for (unsigned shift = 0; shift < 64; shift += 8) {
		size_t cnt[256] = {0};
		for (size_t i = 0; i < n; i++)
			cnt[(src[i].key >> shift) & 0xFF]++;
		if (n && cnt[(src[0].key >> shift) & 0xFF] == n)
			continue;
		size_t sum = 0;
		for (size_t b = 0; b < 256; b++) {
			size_t c = cnt[b];
			cnt[b] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[cnt[(src[i].key >> shift) & 0xFF]++] = src[i];
		wt_keyed *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
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
