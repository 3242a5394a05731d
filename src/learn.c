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

#include "vec.h"

struct wt_learn {
	wt_learn_opts o;
	uint64_t seed;  /* secret: keys are not predictable */
	uint64_t *key;  /* pass 1: one per distinct line of a page; then the
			   learned keys (nkey), in tab */
	size_t nkey, cap;
	uint64_t *tab;  /* sealed: the learned keys, open addressing (keys are
			   keyed hashes, odd: 0 is an empty slot) */
	size_t tab_mask;
	uint64_t *page; /* scratch: the keys of one page */
	size_t page_cap;
	uint64_t *pages; /* pass 1: hashes of the pages seen (open addressing) */
	size_t npages, pages_cap;
	uint64_t *dkey, *dcnt; /* with a store: this run's counts */
	size_t ndelta;
	uint64_t newly;
	unsigned char *kept; /* pass 1: the vector walk's scratch */
	size_t kept_cap;
	int vec;    /* walk with walk_vec */
	int sealed;
};

void wt_learn_opts_default(wt_learn_opts *o)
{
	o->min_pages = 5;
	o->min_words = 4;
	o->seed = 0;
	o->store = NULL;
	o->store_only = 0;
	o->bytewise = 0;
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
#ifdef WT_VEC
	l->vec = !o->bytewise && __builtin_cpu_supports("avx512f") &&
		 __builtin_cpu_supports("avx512bw") &&
		 __builtin_cpu_supports("avx512vbmi2") &&
		 __builtin_cpu_supports("bmi2");
#endif
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
	free(l->tab);
	free(l->page);
	free(l->pages);
	free(l->dkey);
	free(l->dcnt);
	free(l->kept);
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

/* A source's hash key: keys are XXH3 under a seed per source. The secret
 * XXH3 derives from a seed for inputs over 240 bytes is made once per
 * page, not once per line (same hashes as XXH3_64bits_withSeed). */
typedef struct {
	uint64_t seed;
	unsigned char secret[XXH3_SECRET_DEFAULT_SIZE];
} hkey;

static void source_key(const wt_learn *l, const wt_str *source, hkey *k)
{
	k->seed = XXH3_64bits_withSeed(source->p, source->n, l->seed);
	XXH3_generateSecret_fromSeed(k->secret, k->seed);
}

static uint64_t hash_with(const hkey *k, const void *p, size_t n)
{
	return XXH3_64bits_withSecretandSeed(p, n, k->secret, sizeof k->secret,
					     k->seed);
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
	const hkey *key;
	XXH3_state_t st;
} keybuf;

static inline void key_put(keybuf *b, unsigned char c)
{
	if (b->k == sizeof b->buf) {
		if (!b->streaming) {
			memset(&b->st, 0, sizeof b->st); /* reset reads fields first */
			XXH3_64bits_reset_withSecretandSeed(&b->st, b->key->secret,
							    sizeof b->key->secret,
							    b->key->seed);
			b->streaming = 1;
		}
		XXH3_64bits_update(&b->st, b->buf, b->k);
		b->k = 0;
	}
	b->buf[b->k++] = c;
}

/* The piece of text starting at a (a line, or a sentence in it ended by
 * . ! ? ; ، ؛ ؟ and a space; *end is where it stops, the newline or space
 * after it excluded) and its key under key: XXH3 of its bytes without
 * digits, ASCII punctuation and white space; 0 when it has fewer than
 * min_words words (runs of bytes between white space not all passed
 * over). One walk over the bytes does both. */
static uint64_t piece(const wt_learn *l, const hkey *key, const char *text,
		      size_t a, size_t len, size_t *end)
{
	const unsigned char *s = (const unsigned char *)text;
	keybuf b;
	b.k = 0;
	b.streaming = 0;
	b.key = key;
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
		h = hash_with(key, b.buf, b.k);
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

/* Called with each piece [a, t) of at least min_words words and its key;
 * nonzero stops the walk. */
typedef int (*piece_fn)(void *ctx, size_t a, size_t t, uint64_t key);

/* Every piece of text, one piece() at a time: the reference walk. */
static void walk_bytes(const wt_learn *l, const hkey *key, const char *text,
		       size_t len, piece_fn f, void *ctx)
{
	for (size_t a = 0; a < len;) {
		size_t b;
		uint64_t k = piece(l, key, text, a, len, &b);
		if (k && f(ctx, a, b, k))
			return;
		a = b + 1;
	}
}

#ifdef WT_VEC
/* The walk of piece(), 64 bytes a step (AVX-512): masks of the byte
 * classes, the kept bytes compressed into kept (len + 64 bytes), words
 * counted from the kept and white-space bytes alone (a kept byte starts
 * a word when the last of those before it is white space), and the ends
 * of pieces found from the masks of the next two bytes. Same pieces and
 * keys as walk_bytes (test_learn checks it on random text). */
__attribute__((target("avx512f,avx512bw,avx512vbmi2,bmi,bmi2,popcnt")))
static void walk_vec(const wt_learn *l, const hkey *key, const char *text,
		     size_t len, unsigned char *kept, piece_fn f, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	uint64_t cdig = 0, cend = 0, ckw = 0; /* carried into the next block */
	size_t nk = 0, ns = 0;     /* kept bytes and word starts so far */
	size_t a = 0, ka = 0, sa = 0; /* the open piece: start, nk, ns there */
	for (size_t i = 0; i < len; i += 64) {
		size_t rem = len - i;
		__m512i v = wt_vload(s, i, 0, len), v1 = wt_vload(s, i, 1, len),
			v2 = wt_vload(s, i, 2, len);
		uint64_t nl = WT_EQ(v, '\n');
		uint64_t ws = WT_EQ(v, ' ') | WT_IN(v, '\t', 4); /* \t..\r, with \n */
		uint64_t punct = WT_IN(v, 0x21, 0x1F) | WT_IN(v, 0x5B, 5) |
				 WT_IN(v, 0x7B, 3);
		uint64_t stop = WT_EQ(v, '.') | WT_EQ(v, '!') | WT_EQ(v, '?') |
				WT_EQ(v, ';');
		uint64_t sp1 = WT_EQ(v1, ' ') | WT_EQ(v1, '\n');
		uint64_t sp2 = WT_EQ(v2, ' ') | WT_EQ(v2, '\n');
		uint64_t dig = (WT_EQ(v, 0xD9) & WT_IN(v1, 0xA0, 9)) |
			       (WT_EQ(v, 0xDB) & WT_IN(v1, 0xB0, 9));
		uint64_t arstop = WT_EQ(v, 0xD8) & sp2 &
				  (WT_EQ(v1, 0x8C) | WT_EQ(v1, 0x9B) | WT_EQ(v1, 0x9F));
		uint64_t st1 = stop & sp1;
		/* a piece ends before its newline, or the space or newline
		 * after its stop */
		uint64_t end = (nl | st1 << 1 | arstop << 2 | cend) & WT_UPTO(rem);
		cend = st1 >> 63 | arstop >> 62;
		uint64_t digs = dig | dig << 1 | cdig;
		cdig = dig >> 63;
		uint64_t keep = WT_UPTO(rem) & ~(ws | punct | digs);
		uint64_t kw = keep | ws;
		uint64_t x = _pext_u64(keep, kw);
		uint64_t first = x & ~(x << 1 | ckw);
		unsigned nkw = (unsigned)_mm_popcnt_u64(kw);
		ckw = nkw ? x >> (nkw - 1) & 1 : ckw;
		uint64_t starts = _pdep_u64(first, kw);
		_mm512_storeu_si512(kept + nk, _mm512_maskz_compress_epi8(keep, v));
		for (; end; end &= end - 1) {
			unsigned p = (unsigned)__builtin_ctzll(end);
			size_t kt = nk + (size_t)_mm_popcnt_u64(_bzhi_u64(keep, p));
			size_t st = ns + (size_t)_mm_popcnt_u64(_bzhi_u64(starts, p));
			if (st - sa >= l->o.min_words &&
			    f(ctx, a, i + p,
			      hash_with(key, kept + ka, kt - ka) | 1))
				return;
			a = i + p + 1;
			ka = kt;
			sa = st;
		}
		nk += (size_t)_mm_popcnt_u64(keep);
		ns += (size_t)_mm_popcnt_u64(starts);
	}
	if (a < len && ns - sa >= l->o.min_words)
		f(ctx, a, len, hash_with(key, kept + ka, nk - ka) | 1);
}
#endif

/* Every piece of text with its key; kept is NULL or len + 64 bytes of
 * scratch for the vector walk. */
static void walk(const wt_learn *l, const hkey *key, const char *text,
		 size_t len, unsigned char *kept, piece_fn f, void *ctx)
{
#ifdef WT_VEC
	if (l->vec && kept) {
		walk_vec(l, key, text, len, kept, f, ctx);
		return;
	}
#endif
	(void)kept;
	walk_bytes(l, key, text, len, f, ctx);
}

typedef struct {
	wt_learn *l;
	size_t n;
	wt_err e;
} add_ctx;

static int add_key(void *ctx, size_t a, size_t t, uint64_t key)
{
	add_ctx *c = ctx;
	(void)a, (void)t;
	wt_learn *l = c->l;
	if ((c->e = wt_grow((void **)&l->page, &l->page_cap, c->n + 1, 8,
			    SIZE_MAX / 8)))
		return 1;
	l->page[c->n++] = key;
	return 0;
}

wt_err wt_learn_add(wt_learn *l, const wt_str *source, const char *text,
		    size_t len)
{
	if (l->sealed)
		return WT_E_ARG;
	if (!source->n)
		return WT_OK;
	hkey hk;
	source_key(l, source, &hk);
	wt_err e;
	unsigned char *kept = NULL;
	if (l->vec && len < SIZE_MAX - 64) {
		if ((e = wt_grow((void **)&l->kept, &l->kept_cap, len + 64, 1,
				 SIZE_MAX)))
			return e;
		kept = l->kept;
	}
	add_ctx c = {l, 0, WT_OK};
	walk(l, &hk, text, len, kept, add_key, &c);
	if (c.e)
		return c.e;
	size_t n = c.n;
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
	uint64_t ph = hash_with(&hk, text, len);
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
	size_t size = 16;
	while (size < 2 * k)
		size *= 2;
	if (!(l->tab = calloc(size, sizeof *l->tab)))
		return WT_E_NOMEM;
	l->tab_mask = size - 1;
	for (size_t i = 0; i < k; i++) {
		size_t h = l->key[i] & l->tab_mask;
		while (l->tab[h])
			h = (h + 1) & l->tab_mask;
		l->tab[h] = l->key[i];
	}
	free(l->key);
	l->key = NULL;
	l->cap = 0;
	free(l->page);
	free(l->kept);
	l->page = NULL;
	l->kept = NULL;
	l->page_cap = l->kept_cap = 0;
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
	for (size_t h = k & l->tab_mask; l->tab[h]; h = (h + 1) & l->tab_mask)
		if (l->tab[h] == k)
			return 1;
	return 0;
}

int wt_learn_next(const wt_learn *l, const wt_str *source, const char *text,
		  size_t len, size_t *pos, wt_span *out)
{
	if (!l->sealed || (!l->nkey && !l->o.store_only) || !source->n)
		return 0;
	hkey hk;
	source_key(l, source, &hk);
	for (size_t a = *pos; a < len; a = *pos) {
		size_t b;
		uint64_t key = piece(l, &hk, text, a, len, &b);
		*pos = b + 1;
		if (key && learned(l, key)) {
			*out = (wt_span){(uint32_t)a, (uint32_t)(b - a)};
			return 1;
		}
	}
	return 0;
}

typedef struct {
	const wt_learn *l;
	wt_norm *nz;
	size_t t; /* the first token not before the last learned line */
	wt_learn_hit h;
} mark_ctx;

static int mark_piece(void *ctx, size_t a, size_t end, uint64_t key)
{
	mark_ctx *c = ctx;
	if (!learned(c->l, key))
		return 0;
	c->h.lines++;
	wt_norm *nz = c->nz;
	size_t t = c->t;
	while (t < nz->ntok && nz->tok[t].span.off < a)
		t++;
	for (; t < nz->ntok && nz->tok[t].span.off < end; t++)
		if (!nz->tok[t].skip) {
			nz->tok[t].skip = WT_SKIP_LEARNED;
			c->h.words++;
		}
	c->t = t;
	return 0;
}

wt_learn_hit wt_learn_mark(const wt_learn *l, const wt_str *source,
			   wt_norm *nz, const char *text, size_t len)
{
	mark_ctx c = {l, nz, 0, {0, 0}};
	if (!l->sealed || (!l->nkey && !l->o.store_only) || !source->n)
		return c.h;
	/* without memory for the vector walk's scratch, the byte walk */
	unsigned char *kept = l->vec && len < SIZE_MAX - 64 ? malloc(len + 64) : NULL;
	hkey hk;
	source_key(l, source, &hk);
	walk(l, &hk, text, len, kept, mark_piece, &c);
	free(kept);
	return c.h;
}
