/* learn: line keys, the pass-1 count (sort, not a hash table: memory is
 * 8 bytes a page line, then only the learned keys), pass-2 marking. */
#include "learn.h"
#include "boiler.h"
#include "shingle.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

struct wt_learn {
	wt_learn_opts o;
	uint64_t seed;  /* secret: keys are not predictable */
	uint64_t *key;  /* pass 1: one per distinct line of a page; then the
			   learned keys, sorted */
	size_t nkey, cap;
	uint64_t *page; /* scratch: the keys of one page */
	size_t page_cap;
	uint64_t *pages; /* pass 1: hashes of the pages seen (open addressing) */
	size_t npages, pages_cap;
	uint64_t *dkey, *dcnt; /* with a store: this run's counts */
	size_t ndelta;
	uint64_t newly;
	int sealed;
};

void wt_learn_opts_default(wt_learn_opts *o)
{
	o->min_pages = 5;
	o->min_words = 4;
	o->seed = 0;
	o->store = NULL;
	o->store_only = 0;
}

wt_err wt_learn_new(const wt_learn_opts *o, wt_learn **out)
{
	*out = NULL;
	if (o->min_pages < 2 || (o->store_only && !o->store))
		return WT_E_ARG;
	if (sodium_init() < 0)
		return WT_E_NOMEM;
	wt_learn *l = calloc(1, sizeof *l);
	if (!l)
		return WT_E_NOMEM;
	l->o = *o;
	l->seed = o->seed;
	while (!l->seed)
		randombytes_buf(&l->seed, sizeof l->seed);
	*out = l;
	return WT_OK;
}

void wt_learn_free(wt_learn *l)
{
	if (!l)
		return;
	free(l->key);
	free(l->page);
	free(l->pages);
	free(l->dkey);
	free(l->dcnt);
	free(l);
}

wt_str wt_learn_source(const wt_doc *d)
{
	const wt_str *src = &d->f[WT_F_SOURCE], *url = &d->f[WT_F_URL];
	if (src->n)
		return *src;
	if (url->n) { /* scheme://host[:port]/... -> host */
		const char *p = url->p, *end = url->p + url->n;
		const char *s = memmem(p, url->n, "://", 3);
		p = s ? s + 3 : p;
		const char *h = p;
		while (p < end && *p != '/' && *p != ':' && *p != '?' && *p != '#')
			p++;
		if (p > h)
			return (wt_str){h, (size_t)(p - h)};
	}
	const wt_str *id = &d->f[WT_F_ID];
	for (size_t i = id->n; i > 0; i--)
		if (id->p[i - 1] == '/')
			return (wt_str){id->p, i - 1};
	return (wt_str){NULL, 0};
}

static uint64_t source_seed(const wt_learn *l, const wt_str *source)
{
	return XXH3_64bits_withSeed(source->p, source->n, l->seed);
}

/* How the walk over a piece treats a byte: 0 keeps it in the key; WS
 * ends a word; PASS is a digit or ASCII punctuation mark, passed over
 * ("(41)" and "[41]" are one key); END ends the piece before it (a
 * newline); STOP (. ! ? ;) is passed over and ends the piece when a space
 * follows; AR is kept but may be Arabic punctuation (، ؛ ؟ are D8 8C,
 * D8 9B, D8 9F) that ends the piece like STOP; DIG may lead an
 * Arabic-Indic (D9 A0..A9) or Persian (DB B0..B9) digit, passed over.
 * Other Arabic punctuation such as «» is kept: testing for it would slow
 * every line. */
enum { KEEP, WS, PASS, END, STOP, AR, DIG };
static const uint8_t cls[256] = {
	[' '] = WS, ['\t'] = WS, ['\r'] = WS, ['\f'] = WS, ['\v'] = WS,
	['\n'] = END,
	['0'] = PASS, ['1'] = PASS, ['2'] = PASS, ['3'] = PASS, ['4'] = PASS,
	['5'] = PASS, ['6'] = PASS, ['7'] = PASS, ['8'] = PASS, ['9'] = PASS,
	['"'] = PASS, ['#'] = PASS, ['$'] = PASS, ['%'] = PASS, ['&'] = PASS,
	['\''] = PASS, ['('] = PASS, [')'] = PASS, ['*'] = PASS, ['+'] = PASS,
	[','] = PASS, ['-'] = PASS, ['/'] = PASS, [':'] = PASS, ['<'] = PASS,
	['='] = PASS, ['>'] = PASS, ['@'] = PASS, ['['] = PASS, ['\\'] = PASS,
	[']'] = PASS, ['^'] = PASS, ['_'] = PASS, ['`'] = PASS, ['{'] = PASS,
	['|'] = PASS, ['}'] = PASS, ['~'] = PASS,
	['.'] = STOP, ['!'] = STOP, ['?'] = STOP, [';'] = STOP,
	[0xD8] = AR, [0xD9] = DIG, [0xDB] = DIG,
};

/* The bytes of a key, hashed in pieces when a line is long. */
typedef struct {
	unsigned char buf[512];
	size_t k;
	int streaming;
	uint64_t seed;
	XXH3_state_t st;
} keybuf;

static inline void key_put(keybuf *b, unsigned char c)
{
	if (b->k == sizeof b->buf) {
		if (!b->streaming) {
			memset(&b->st, 0, sizeof b->st); /* reset reads fields first */
			XXH3_64bits_reset_withSeed(&b->st, b->seed);
			b->streaming = 1;
		}
		XXH3_64bits_update(&b->st, b->buf, b->k);
		b->k = 0;
	}
	b->buf[b->k++] = c;
}

/* The piece of text starting at a (a line, or a sentence in it ended by
 * . ! ? ; ، ؛ ؟ and a space; *end is where it stops, the newline or space
 * after it excluded) and its key under seed: XXH3 of its bytes without
 * digits, ASCII punctuation and white space; 0 when it has fewer than
 * min_words words (runs of bytes between white space not all passed
 * over). One walk over the bytes does both. */
static uint64_t piece(const wt_learn *l, uint64_t seed, const char *text,
		      size_t a, size_t len, size_t *end)
{
	const unsigned char *s = (const unsigned char *)text;
	keybuf b;
	b.k = 0;
	b.streaming = 0;
	b.seed = seed;
	size_t words = 0, i = a;
	unsigned in_word = 0;
	while (i < len) {
		unsigned c = s[i++], k = cls[c];
		if (k == AR || k == DIG) {
			/* Arabic: lead and continuation byte, one character a
			 * step; the rare digit or stop is told by the second */
			unsigned d = i < len ? s[i] : 0;
			if (k == DIG && (c == 0xD9 ? d - 0xA0u < 10 : d - 0xB0u < 10)) {
				i++;
				continue;
			}
			words += in_word ^ 1;
			in_word = 1;
			key_put(&b, (unsigned char)c);
			if (cls[d] != KEEP || i == len)
				continue;
			key_put(&b, (unsigned char)d);
			i++;
			if (k == AR && (d == 0x8C || d == 0x9B || d == 0x9F) &&
			    i < len && (s[i] == ' ' || s[i] == '\n'))
				break;
			continue;
		}
		if (k == END) {
			i--;
			break;
		}
		if (k == STOP) {
			if (i < len && (s[i] == ' ' || s[i] == '\n'))
				break;
			continue;
		}
		/* KEEP, WS, PASS without a branch on which */
		unsigned keep = k == KEEP;
		words += keep & (in_word ^ 1);
		in_word = (in_word | keep) & (k != WS);
		if (keep)
			key_put(&b, (unsigned char)c);
	}
	*end = i;
	if (words < l->o.min_words)
		return 0;
	uint64_t h;
	if (b.streaming) {
		XXH3_64bits_update(&b.st, b.buf, b.k);
		h = XXH3_64bits_digest(&b.st);
	} else {
		h = XXH3_64bits_withSeed(b.buf, b.k, seed);
	}
	return h | 1; /* 0 means "no key"; bit 0 clear marks a page counted
			 by an earlier run (see wt_learn_add) */
}

/* Has the page of this hash been added before? Records it if not. The
 * table of page hashes is open addressing; hashes are keyed (l->seed),
 * so no input can crowd one slot. */
static wt_err see_page(wt_learn *l, uint64_t h, int *seen)
{
	h |= 1; /* 0 marks an empty slot */
	if (2 * (l->npages + 1) > l->pages_cap) {
		size_t n = l->pages_cap ? 2 * l->pages_cap : 1024;
		uint64_t *t = calloc(n, sizeof *t);
		if (!t)
			return WT_E_NOMEM;
		for (size_t i = 0; i < l->pages_cap; i++)
			if (l->pages[i]) {
				size_t j = l->pages[i] & (n - 1);
				while (t[j])
					j = (j + 1) & (n - 1);
				t[j] = l->pages[i];
			}
		free(l->pages);
		l->pages = t;
		l->pages_cap = n;
	}
	size_t j = h & (l->pages_cap - 1);
	for (; l->pages[j]; j = (j + 1) & (l->pages_cap - 1))
		if (l->pages[j] == h) {
			*seen = 1;
			return WT_OK;
		}
	l->pages[j] = h;
	l->npages++;
	*seen = 0;
	return WT_OK;
}

wt_err wt_learn_add(wt_learn *l, const wt_str *source, const char *text,
		    size_t len)
{
	if (l->sealed)
		return WT_E_ARG;
	if (!source->n)
		return WT_OK;
	uint64_t seed = source_seed(l, source);
	size_t n = 0;
	wt_err e;
	for (size_t a = 0; a < len;) {
		size_t b;
		uint64_t k = piece(l, seed, text, a, len, &b);
		if (k) {
			if ((e = wt_grow((void **)&l->page, &l->page_cap, n + 1, 8,
					 SIZE_MAX / 8)))
				return e;
			l->page[n++] = k;
		}
		a = b + 1;
	}
	/* a line repeated on one page counts once */
	uint64_t tmp[64];
	if (n <= 64) {
		wt_sort_u64(l->page, tmp, n);
	} else {
		uint64_t *t = malloc(n * sizeof *t);
		if (!t)
			return WT_E_NOMEM;
		wt_sort_u64(l->page, t, n);
		free(t);
	}
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (!u || l->page[i] != l->page[u - 1])
			l->page[u++] = l->page[i];
	if (!u)
		return WT_OK;
	/* a page seen before (a re-crawl, a duplicate record) counts once, or
	 * one article on five pages would be furniture */
	int seen;
	uint64_t ph = XXH3_64bits_withSeed(text, len, seed);
	if ((e = see_page(l, ph, &seen)) || seen)
		return e;
	if (l->o.store && l->o.store->seen(l->o.store->ctx, ph | 1)) {
		/* counted by an earlier run: its lines are looked up at seal,
		 * not counted again */
		for (size_t i = 0; i < u; i++)
			l->page[i] &= ~(uint64_t)1;
	}
	if ((e = wt_grow((void **)&l->key, &l->cap, l->nkey + u, 8, SIZE_MAX / 8)))
		return e;
	memcpy(l->key + l->nkey, l->page, u * 8);
	l->nkey += u;
	return WT_OK;
}

wt_err wt_learn_seal(wt_learn *l)
{
	if (l->sealed)
		return WT_OK;
	uint64_t *tmp = malloc((l->nkey ? l->nkey : 1) * sizeof *tmp);
	if (!tmp)
		return WT_E_NOMEM;
	wt_sort_u64(l->key, tmp, l->nkey);
	free(tmp);
	const wt_learn_store *st = l->o.store;
	if (st) {
		l->dkey = malloc((l->nkey ? l->nkey : 1) * 8);
		l->dcnt = malloc((l->nkey ? l->nkey : 1) * 8);
		if (!l->dkey || !l->dcnt)
			return WT_E_NOMEM;
	}
	size_t k = 0;
	for (size_t i = 0, j; i < l->nkey; i = j) {
		/* k & ~1 (a page of an earlier run) sorts just before k | 1 */
		uint64_t key = l->key[i] | 1, mine = 0;
		for (j = i; j < l->nkey && (l->key[j] | 1) == key; j++)
			mine += l->key[j] & 1;
		uint64_t before = st ? st->count(st->ctx, key) : 0;
		if (mine && st) {
			l->dkey[l->ndelta] = key;
			l->dcnt[l->ndelta++] = mine;
		}
		if (mine + before >= l->o.min_pages) {
			l->key[k++] = key;
			l->newly += before && before < l->o.min_pages ? before : 0;
		}
	}
	l->nkey = k;
	uint64_t *t = realloc(l->key, (k ? k : 1) * sizeof *t);
	if (t)
		l->key = t;
	l->cap = k;
	free(l->page);
	l->page = NULL;
	l->page_cap = 0;
	if (!st) {
		free(l->pages);
		l->pages = NULL;
		l->pages_cap = l->npages = 0;
	}
	l->sealed = 1;
	return WT_OK;
}

void wt_learn_delta(const wt_learn *l, wt_learn_counts *out)
{
	out->page = l->pages;
	out->npage = l->pages_cap; /* a table: 0 is an empty slot */
	out->key = l->dkey;
	out->cnt = l->dcnt;
	out->nkey = l->ndelta;
}

uint64_t wt_learn_newly(const wt_learn *l)
{
	return l->newly;
}

size_t wt_learn_lines(const wt_learn *l)
{
	return l->sealed ? l->nkey : 0;
}

static int learned(const wt_learn *l, uint64_t k)
{
	if (l->o.store_only)
		return l->o.store->count(l->o.store->ctx, k) >= l->o.min_pages;
	size_t lo = 0, hi = l->nkey;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->key[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->nkey && l->key[lo] == k;
}

int wt_learn_next(const wt_learn *l, const wt_str *source, const char *text,
		  size_t len, size_t *pos, wt_span *out)
{
	if (!l->sealed || (!l->nkey && !l->o.store_only) || !source->n)
		return 0;
	uint64_t seed = source_seed(l, source);
	for (size_t a = *pos; a < len; a = *pos) {
		size_t b;
		uint64_t key = piece(l, seed, text, a, len, &b);
		*pos = b + 1;
		if (key && learned(l, key)) {
			*out = (wt_span){(uint32_t)a, (uint32_t)(b - a)};
			return 1;
		}
	}
	return 0;
}

wt_learn_hit wt_learn_mark(const wt_learn *l, const wt_str *source,
			   wt_norm *nz, const char *text, size_t len)
{
	wt_learn_hit h = {0, 0};
	wt_span sp;
	size_t t = 0;
	for (size_t pos = 0; wt_learn_next(l, source, text, len, &pos, &sp);) {
		h.lines++;
		while (t < nz->ntok && nz->tok[t].span.off < sp.off)
			t++;
		for (; t < nz->ntok && nz->tok[t].span.off < sp.off + sp.len; t++)
			if (!nz->tok[t].skip) {
				nz->tok[t].skip = WT_SKIP_LEARNED;
				h.words++;
			}
	}
	return h;
}
