/* scan: wires read -> norm -> shingle -> minhash -> lsh -> verify ->
 * passage -> align -> cluster. Per document, memory holds a small record,
 * the band keys and the fingerprint postings; shingle sets, token hashes
 * and spans, metadata and text live in the spool. */
#include "scan.h"
#include "batch.h"
#include "spool.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	uint64_t spool_off; /* a spooled record, see rechdr */
	uint64_t id_off;    /* in ids */
	uint64_t line;
	uint32_t id_len, place, nset, row; /* row: band keys, if nset */
	uint32_t rec_len, npost;  /* npost postings from post_off (new ones) */
	uint64_t post_off;
	uint8_t digest[WT_DIGEST_BYTES];
	uint8_t stored;           /* from the index, not added */
	uint8_t date_len;         /* WT_DATE_KEPT at most, after the id */
	uint32_t core_len; /* record prefixes: to its metadata, */
	uint32_t align_len; /* to its shingle set (recmap) */
	wt_credits credits;
} docrec;

/* A document in the spool: this header, then its parts in the order of
 * recmap, each 8-byte aligned: fingerprints and kept-token hashes (u32),
 * all that alignment reads, first; the shingle set (u64); kept-token
 * spans and boilerplate ranges; metadata (source, url, date, title) and
 * the text (when kept). Reads take a prefix (doc_read). */
typedef struct {
	uint32_t nset, ntok, nfp, text_len;
	uint32_t meta_len[WT_META_COUNT];
	wt_credits credits;
	uint32_t nboiler;
	uint32_t spans, pad; /* spans: how word spans are packed (span.h) */
} rechdr;

/* Where each part of a record starts; end: its length. */
typedef struct {
	uint64_t fp, tok, set, span, boiler, meta, text, end;
} recmap;

static recmap rec_map(const rechdr *h)
{
	recmap m;
	m.fp = sizeof *h;
	m.tok = m.fp + (uint64_t)h->nfp * sizeof(wt_fp);
	m.set = m.tok + ((uint64_t)h->ntok * 4 + 7) / 8 * 8;
	m.span = m.set + (uint64_t)h->nset * 8;
	m.boiler = m.span + wt_spans_size(h->spans, h->ntok);
	m.meta = m.boiler + (uint64_t)h->nboiler * sizeof(wt_span);
	m.text = m.meta;
	for (int k = 0; k < WT_META_COUNT; k++)
		m.text += h->meta_len[k];
	m.end = m.text + h->text_len;
	return m;
}

/* A spooled document, read in place or copied out. */
typedef struct {
	rechdr h;
	const uint64_t *set;
	const uint32_t *tok;
	const void *span; /* see span_at */
	const wt_span *boiler;
	const wt_fp *fp;
	const char *meta, *text;
} docview;

/* The span of kept token k of v's record. */
static wt_span span_at(const docview *v, size_t k)
{
	return wt_spans_at(v->h.spans, v->span, v->h.ntok, k);
}

/* Caller-owned scratch for records copied out of the spool (u64: they
 * are 8-byte aligned). */
typedef struct {
	wt_spool_buf b;
	uint32_t doc; /* what b holds: document doc + 1 (0: nothing), */
	uint32_t len; /* the first len bytes of its record */
} recbuf;

struct wt_scan {
	wt_scan_opts o;
	wt_minhash mh;
	wt_lsh_shape sh;
	uint64_t band_key; /* secret: band keys are keyed per run */
	wt_spool *spool;
	wt_batcher *batcher;

	docrec *doc;
	size_t ndoc, doc_cap;
	char *ids;
	size_t ids_len, ids_cap;
	uint64_t *keys; /* band keys, sh.bands per signed document */
	size_t nrow, keys_cap;
	uint64_t *post; /* fingerprint key << 32 | document (passage.h) */
	size_t npost, post_cap;
	wt_align_opts al_opts;
	wt_learn *learn; /* NULL when boilerplate is off */
	int learn_sealed;
	struct lpipe *lp; /* the learning pass's second thread, while it runs */
	wt_source_stats *src; /* boilerplate per source */
	size_t nsrc, src_cap;
	uint32_t *src_slot;   /* name -> src, open addressing, keyed */
	size_t nsrc_slot;
	wt_passage *passages;
	size_t npassages, passages_cap;
	char **places; /* interned input paths */
	size_t nplace, place_cap;

	/* id -> document, open addressing under a secret SipHash key */
	uint32_t *slot;
	size_t nslot;
	unsigned char idkey[crypto_shorthash_KEYBYTES];

	wt_stats st;
	wt_err fatal; /* a failure of the batch stages: ends the scan */
	int flushed, finished;
	size_t nstored;
	wt_pair *pairs;
	size_t npairs, pairs_cap;
	uint32_t *short_docs;
	size_t *cpair, *cpair_start;
	uint32_t *pair_docs;
	size_t npair_docs;
	wt_result res;
};

static wt_commit_fn commit;
static wt_err lpipe_stop(wt_scan *s);

void wt_scan_opts_default(wt_scan_opts *o)
{
	memset(o, 0, sizeof *o);
	o->shingle = 5;
	o->perm = 128;
	o->threshold = 0.5;
	o->bucket_cap = 100;
	o->min_passage = 15;
	o->fp_df_cap = 100;
	o->keep_text = 1;
	o->learn_pages = 5;
	o->learn_words = 4;
	o->spool_map = (uint64_t)1 << 30;
	wt_read_opts_default(&o->read);
}

static void diag(const wt_scan *s, wt_diag_level lv, wt_err code,
		 const char *path, uint64_t line, const char *msg)
{
	if (s->o.diag) {
		wt_diag d = {lv, code, path, line, msg};
		s->o.diag(s->o.diag_ctx, &d);
	}
}

wt_err wt_scan_new(const wt_scan_opts *o, wt_scan **out)
{
	*out = NULL;
	if (o->shingle < 1 || o->shingle > 64 || !(o->threshold > 0) ||
	    o->threshold > 1 || (!o->bands != !o->rows) ||
	    o->min_passage < o->shingle || o->fp_df_cap < 2)
		return WT_E_ARG;
	if (sodium_init() < 0)
		return WT_E_NOMEM;
	wt_scan *s = calloc(1, sizeof *s);
	if (!s)
		return WT_E_NOMEM;
	s->o = *o;
	s->o.read.diag = o->diag;
	s->o.read.diag_ctx = o->diag_ctx;
	wt_align_opts_default(&s->al_opts, o->shingle);
	s->al_opts.min_words = o->min_passage;
	wt_err e = wt_minhash_init(&s->mh, o->perm, o->seed);
	if (e)
		goto out_free;
	if (o->bands) {
		s->sh = (wt_lsh_shape){o->bands, o->rows};
		if ((uint64_t)o->bands * o->rows > o->perm) {
			e = WT_E_ARG;
			goto out_free;
		}
	} else if ((e = wt_lsh_choose(o->threshold, o->perm, &s->sh))) {
		goto out_free;
	}
	s->band_key = o->band_key;
	while (!s->band_key)
		randombytes_buf(&s->band_key, sizeof s->band_key);
	crypto_shorthash_keygen(s->idkey);
	s->nslot = 1024;
	s->slot = malloc(s->nslot * sizeof *s->slot);
	if (!s->slot) {
		e = WT_E_NOMEM;
		goto out_free;
	}
	memset(s->slot, 0xFF, s->nslot * sizeof *s->slot);
	if (!o->no_boiler) {
		wt_learn_opts lo;
		wt_learn_opts_default(&lo);
		lo.min_pages = o->learn_pages;
		lo.min_words = o->learn_words;
		lo.seed = o->learn_seed;
		lo.store = o->hooks ? o->hooks->learn : NULL;
		if ((e = wt_learn_new(&lo, &s->learn)))
			goto out_free;
	}
	if ((e = wt_spool_new(o->tmpdir, o->spool_map, &s->spool)) ||
	    (e = wt_batcher_new(o->threads ? o->threads : 1, !o->no_boiler,
				s->learn, o->shingle,
				wt_winnow_window(o->min_passage, o->shingle), &s->mh,
				s->sh, s->band_key, commit, s, &s->batcher)))
		goto out_free;
	*out = s;
	return WT_OK;
out_free:
	wt_scan_free(s);
	return e;
}

void wt_scan_free(wt_scan *s)
{
	if (!s)
		return;
	(void)lpipe_stop(s); /* an error path may leave it running */
	wt_batcher_free(s->batcher); /* first: its workers read s->mh, learn */
	wt_minhash_release(&s->mh);
	wt_learn_free(s->learn);
	for (size_t i = 0; i < s->nsrc; i++) {
		free((char *)s->src[i].source.p);
		for (uint32_t k = 0; k < s->src[i].nexample; k++)
			free((char *)s->src[i].example[k].p);
	}
	free(s->src);
	free(s->src_slot);
	wt_spool_free(s->spool);
	wt_clusters_release(&s->res.clusters);
	for (size_t i = 0; i < s->nplace; i++)
		free(s->places[i]);
	free(s->places);
	free(s->doc);
	free(s->ids);
	free(s->keys);
	free(s->post);
	free(s->passages);
	free(s->slot);
	free(s->pairs);
	free(s->short_docs);
	free(s->cpair);
	free(s->cpair_start);
	free(s->pair_docs);
	free(s);
}

static uint64_t id_hash(const wt_scan *s, const char *p, size_t n)
{
	unsigned char h[crypto_shorthash_BYTES];
	crypto_shorthash(h, (const unsigned char *)p, n, s->idkey);
	uint64_t v;
	memcpy(&v, h, 8);
	return v;
}

static const char *doc_id(const wt_scan *s, uint32_t i, size_t *n)
{
	*n = s->doc[i].id_len;
	return s->ids + s->doc[i].id_off;
}

/* Slot of id: the one holding it, or the empty one where it would go. */
static size_t find_slot(const wt_scan *s, const char *p, size_t n)
{
	size_t mask = s->nslot - 1, i = id_hash(s, p, n) & mask;
	for (;; i = (i + 1) & mask) {
		uint32_t d = s->slot[i];
		size_t dn;
		const char *dp;
		if (d == UINT32_MAX)
			return i;
		dp = doc_id(s, d, &dn);
		if (dn == n && !memcmp(dp, p, n))
			return i;
	}
}

static wt_err grow_slots(wt_scan *s)
{
	size_t n = s->nslot * 2;
	uint32_t *old = s->slot;
	size_t nold = s->nslot;
	s->slot = malloc(n * sizeof *s->slot);
	if (!s->slot) {
		s->slot = old;
		return WT_E_NOMEM;
	}
	memset(s->slot, 0xFF, n * sizeof *s->slot);
	s->nslot = n;
	for (size_t i = 0; i < nold; i++) {
		if (old[i] == UINT32_MAX)
			continue;
		size_t idn;
		const char *id = doc_id(s, old[i], &idn);
		s->slot[find_slot(s, id, idn)] = old[i];
	}
	free(old);
	return WT_OK;
}

static char *put(char *p, const void *src, size_t n)
{
	if (n) /* src may be NULL when n is 0 */
		memcpy(p, src, n);
	return p + n;
}

/* Keep document r's id in memory, and the start of its date: reports
 * show them for every pair (wt_scan_brief) without reading the spool. */
static wt_err keep_id(wt_scan *s, const wt_str *id, const wt_str *date,
		      docrec *r)
{
	size_t nd = date->n < WT_DATE_KEPT ? date->n : WT_DATE_KEPT;
	wt_err e = wt_grow((void **)&s->ids, &s->ids_cap, s->ids_len + id->n + nd,
			   1, SIZE_MAX);
	if (e)
		return e;
	put(put(s->ids + s->ids_len, id->p, id->n), date->p, nd);
	r->id_off = s->ids_len;
	r->id_len = (uint32_t)id->n;
	r->date_len = (uint8_t)nd;
	s->ids_len += id->n + nd;
	return WT_OK;
}

static wt_err intern_place(wt_scan *s, const char *path, uint32_t *out)
{
	if (s->nplace && !strcmp(s->places[s->nplace - 1], path)) {
		*out = (uint32_t)(s->nplace - 1);
		return WT_OK;
	}
	wt_err e = wt_grow((void **)&s->places, &s->place_cap, s->nplace + 1,
			   sizeof *s->places, UINT32_MAX);
	if (e)
		return e;
	if (!(s->places[s->nplace] = strdup(path)))
		return WT_E_NOMEM;
	*out = (uint32_t)s->nplace++;
	return WT_OK;
}

static void place_str(const wt_scan *s, uint32_t place, uint64_t line,
		      char *buf, size_t cap)
{
	if (line)
		snprintf(buf, cap, "%s:%llu", s->places[place],
			 (unsigned long long)line);
	else
		snprintf(buf, cap, "%s", s->places[place]);
}

/* Spool a processed document (see rechdr). */
static wt_err spool_doc(wt_scan *s, const wt_item *it, docrec *r)
{
	static const char zero[8];
	size_t text = s->o.keep_text ? it->text.n : 0;
	rechdr h = {(uint32_t)it->nset, (uint32_t)it->ntok, (uint32_t)it->nfp,
		    (uint32_t)text, {0}, it->credits, (uint32_t)it->nbp,
		    it->spans, 0};
	for (int i = 0; i < WT_META_COUNT; i++) {
		size_t n = it->meta[i].n;
		h.meta_len[i] = n > 65535 ? 65535 : (uint32_t)n; /* metadata is short */
	}
	recmap m = rec_map(&h);
	if (m.end > UINT32_MAX)
		return WT_E_LIMIT;
	_Static_assert(WT_META_COUNT == 4, "a part per metadata field");
	wt_spool_part part[] = {
		{&h, sizeof h},
		{it->fp, it->nfp * sizeof(wt_fp)},
		{it->tok, it->ntok * 4},
		{zero, m.set - (m.tok + it->ntok * 4)},
		{it->set, it->nset * 8},
		{it->span, m.boiler - m.span},
		{it->bp, it->nbp * sizeof(wt_span)},
		{it->meta[0].p, h.meta_len[0]},
		{it->meta[1].p, h.meta_len[1]},
		{it->meta[2].p, h.meta_len[2]},
		{it->meta[3].p, h.meta_len[3]},
		{it->text.p, text},
	};
	r->rec_len = (uint32_t)m.end;
	r->core_len = (uint32_t)m.meta;
	r->align_len = (uint32_t)m.set;
	return wt_spool_putv(s->spool, part, sizeof part / sizeof *part,
			     &r->spool_off);
}

/* Point v into the first len bytes of the record at p: the parts that
 * lie whole inside them, NULL the others. */
static void view(const char *p, uint64_t len, docview *v)
{
	memcpy(&v->h, p, sizeof v->h);
	recmap m = rec_map(&v->h);
#define PART(at, end) (end <= len ? p + at : NULL)
	v->fp = (const wt_fp *)PART(m.fp, m.tok);
	v->tok = (const uint32_t *)PART(m.tok, m.set);
	v->set = (const uint64_t *)PART(m.set, m.span);
	v->span = PART(m.span, m.boiler);
	v->boiler = (const wt_span *)PART(m.boiler, m.meta);
	v->meta = PART(m.meta, m.text);
	v->text = PART(m.text, m.end);
#undef PART
}

/* Document i read in place: for reports, a few records at a time. */
static void doc_view(const wt_scan *s, uint32_t i, docview *v)
{
	view(wt_spool_at(s->spool, s->doc[i].spool_off), s->doc[i].rec_len, v);
}

/* The first n bytes of document i's record (a prefix that ends where a
 * part does), for verification and alignment, which read records many
 * times at random (see wt_spool_get); b is the caller's scratch and keeps
 * what it holds: the next candidate often has the same document, and a
 * longer prefix of it reads only the rest. */
static wt_err doc_read(const wt_scan *s, uint32_t i, uint32_t n, recbuf *b,
		       docview *v)
{
	const docrec *r = &s->doc[i];
	const void *p = b->b.p;
	if (b->doc != i + 1 || b->len < n) {
		uint32_t have = b->doc == i + 1 ? b->len : 0;
		b->doc = 0;
		wt_err e = wt_spool_get(s->spool, r->spool_off, have, n, &b->b, &p);
		if (e)
			return e;
		if (p == b->b.p) { /* a copy: remember whose */
			b->doc = i + 1;
			b->len = n;
		}
	}
	view(p, n, v);
	return WT_OK;
}

static char *dup_str(const char *p, size_t n)
{
	char *d = malloc(n ? n : 1);
	if (d && n)
		memcpy(d, p, n);
	return d;
}

/* The stats of source name, created on first use. Names are attacker
 * text: the index is keyed like the id table. */
static wt_err source_stats(wt_scan *s, const wt_str *name, wt_source_stats **out)
{
	wt_err e;
	if (2 * (s->nsrc + 1) > s->nsrc_slot) {
		size_t n = s->nsrc_slot ? 2 * s->nsrc_slot : 64;
		uint32_t *t = malloc(n * sizeof *t);
		if (!t)
			return WT_E_NOMEM;
		memset(t, 0xFF, n * sizeof *t);
		for (size_t i = 0; i < s->nsrc; i++) {
			size_t h = id_hash(s, s->src[i].source.p, s->src[i].source.n);
			while (t[h & (n - 1)] != UINT32_MAX)
				h++;
			t[h & (n - 1)] = (uint32_t)i;
		}
		free(s->src_slot);
		s->src_slot = t;
		s->nsrc_slot = n;
	}
	size_t mask = s->nsrc_slot - 1;
	for (size_t h = id_hash(s, name->p, name->n);; h++) {
		uint32_t i = s->src_slot[h & mask];
		if (i == UINT32_MAX) {
			if ((e = wt_grow((void **)&s->src, &s->src_cap, s->nsrc + 1,
					 sizeof *s->src, UINT32_MAX)))
				return e;
			char *p = dup_str(name->p, name->n);
			if (!p)
				return WT_E_NOMEM;
			s->src[s->nsrc] = (wt_source_stats){.source = {p, name->n}};
			s->src_slot[h & mask] = (uint32_t)s->nsrc;
			*out = &s->src[s->nsrc++];
			return WT_OK;
		}
		if (s->src[i].source.n == name->n &&
		    !memcmp(s->src[i].source.p, name->p, name->n)) {
			*out = &s->src[i];
			return WT_OK;
		}
	}
}

#define EXAMPLE_MAX 200 /* bytes of a learned line kept for display */

/* Count what a document set aside under its source; keep the first
 * learned lines seen as examples. */
static wt_err count_boiler(wt_scan *s, const wt_item *it)
{
	uint64_t words = it->boiler.nonword + it->boiler.block + it->boiler.label +
			 it->learned.words;
	if (!words || !it->source.n)
		return WT_OK;
	wt_source_stats *ss;
	wt_err e = source_stats(s, &it->source, &ss);
	if (e)
		return e;
	ss->documents++;
	ss->words += words;
	ss->learned_words += it->learned.words;
	wt_span sp;
	for (size_t pos = 0; ss->nexample < 3 && it->learned.lines &&
			     wt_learn_next(s->learn, &it->source, it->text.p,
					   it->text.n, &pos, &sp);) {
		size_t n = sp.len;
		if (n > EXAMPLE_MAX) { /* cut at a character boundary */
			n = EXAMPLE_MAX;
			while (n && (it->text.p[sp.off + n] & 0xC0) == 0x80)
				n--;
		}
		int seen = 0;
		for (uint32_t x = 0; x < ss->nexample && !seen; x++)
			seen = ss->example[x].n == n &&
			       !memcmp(ss->example[x].p, it->text.p + sp.off, n);
		if (seen)
			continue;
		char *p = dup_str(it->text.p + sp.off, n);
		if (!p)
			return WT_E_NOMEM;
		ss->example[ss->nexample++] = (wt_str){p, n};
	}
	return WT_OK;
}

/* The batcher hands back processed documents here, in the order added. */
static wt_err commit(void *ctx, const wt_item *it)
{
	wt_scan *s = ctx;
	docrec *r = &s->doc[it->tag];
	wt_err e;
	r->nset = (uint32_t)it->nset;
	r->credits = it->credits;
	if (it->nset) {
		memcpy(r->digest, it->digest, sizeof r->digest);
		if ((e = wt_grow((void **)&s->keys, &s->keys_cap,
				 (s->nrow + 1) * s->sh.bands, 8, SIZE_MAX / 8)))
			return e;
		memcpy(s->keys + s->nrow * s->sh.bands, it->keys, s->sh.bands * 8);
		r->row = (uint32_t)s->nrow++;
		if (!s->o.no_reuse) {
			if ((e = wt_grow((void **)&s->post, &s->post_cap,
					 s->npost + it->nfp, 8, SIZE_MAX / 8)))
				return e;
			r->post_off = s->npost;
			r->npost = (uint32_t)it->nfp;
			for (size_t k = 0; k < it->nfp; k++)
				s->post[s->npost++] = (uint64_t)it->fp[k].hash << 32 | it->tag;
		}
	}
	s->st.invalid_utf8 += it->invalid;
	s->st.too_short += it->nset == 0;
	s->st.boiler_nonword += it->boiler.nonword;
	s->st.boiler_tokens += it->boiler.nonword + it->boiler.block +
			       it->boiler.label + it->learned.words;
	s->st.boiler_cut += (uint64_t)it->boiler.cut;
	s->st.learned_words += it->learned.words;
	s->st.learned_docs += it->learned.lines > 0;
	if ((e = count_boiler(s, it)))
		return e;
	return spool_doc(s, it, r);
}

/* The learning pass on two threads: the caller reads and copies pages
 * into one buffer while a second thread counts the lines of the other
 * (reading and counting cost about the same). */
#define LPIPE_BYTES ((size_t)8 << 20)

typedef struct {
	char *buf;
	size_t len, cap;
	wt_span *pg; /* per page: its source, then its text, in buf */
	size_t n, pg_cap;
} lbuf;

struct lpipe {
	wt_learn *learn;
	lbuf b[2];
	int fill;  /* the buffer the caller fills */
	int busy;  /* the buffer the thread counts, -1 when idle */
	int quit;
	wt_err err;
	pthread_t t;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *lpipe_main(void *arg)
{
	struct lpipe *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->busy < 0 && !p->quit)
			pthread_cond_wait(&p->cv, &p->mu);
		int i = p->busy;
		pthread_mutex_unlock(&p->mu);
		if (i < 0)
			return NULL;
		lbuf *b = &p->b[i];
		wt_err e = WT_OK;
		for (size_t k = 0; k < b->n && !e; k++) {
			wt_str src = {b->buf + b->pg[2 * k].off, b->pg[2 * k].len};
			e = wt_learn_add(p->learn, &src, b->buf + b->pg[2 * k + 1].off,
					 b->pg[2 * k + 1].len);
		}
		pthread_mutex_lock(&p->mu);
		if (e && !p->err)
			p->err = e;
		b->n = b->len = 0;
		p->busy = -1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

/* Hand the filled buffer to the thread once it is idle. */
static void lpipe_flush(struct lpipe *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->busy >= 0)
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->b[p->fill].n) {
		p->busy = p->fill;
		p->fill ^= 1;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
}

/* Count what is left, stop the thread; its first error. */
static wt_err lpipe_stop(wt_scan *s)
{
	struct lpipe *p = s->lp;
	if (!p)
		return WT_OK;
	lpipe_flush(p);
	pthread_mutex_lock(&p->mu);
	while (p->busy >= 0)
		pthread_cond_wait(&p->cv, &p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->t, NULL);
	wt_err e = p->err;
	for (int i = 0; i < 2; i++) {
		free(p->b[i].buf);
		free(p->b[i].pg);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
	s->lp = NULL;
	return e;
}

static wt_err lpipe_start(wt_scan *s)
{
	struct lpipe *p = calloc(1, sizeof *p);
	if (!p)
		return WT_E_NOMEM;
	p->learn = s->learn;
	p->busy = -1;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (pthread_create(&p->t, NULL, lpipe_main, p)) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
		free(p);
		return WT_E_NOMEM;
	}
	s->lp = p;
	return WT_OK;
}

/* Copy one page into the buffer being filled. */
static wt_err lpipe_add(struct lpipe *p, const wt_str *src, const wt_str *text)
{
	lbuf *b = &p->b[p->fill];
	wt_err e;
	if ((e = wt_grow((void **)&b->buf, &b->cap, b->len + src->n + text->n, 1,
			 SIZE_MAX)) ||
	    (e = wt_grow((void **)&b->pg, &b->pg_cap, 2 * b->n + 2, sizeof *b->pg,
			 SIZE_MAX / sizeof *b->pg)))
		return e;
	const wt_str *part[2] = {src, text};
	for (int k = 0; k < 2; k++) {
		if (part[k]->n)
			memcpy(b->buf + b->len, part[k]->p, part[k]->n);
		b->pg[2 * b->n + k] = (wt_span){(uint32_t)b->len, (uint32_t)part[k]->n};
		b->len += part[k]->n;
	}
	b->n++;
	if (b->len >= LPIPE_BYTES || b->n >= 4096)
		lpipe_flush(p);
	return WT_OK;
}

wt_err wt_scan_learn_doc(wt_scan *s, const wt_doc *d)
{
	if (s->learn_sealed)
		return WT_E_ARG;
	if (!s->learn)
		return WT_OK;
	wt_str src = wt_learn_source(d);
	if (s->o.threads < 2)
		return wt_learn_add(s->learn, &src, d->f[WT_F_TEXT].p,
				    d->f[WT_F_TEXT].n);
	/* every page, however long, goes through the pipe: counting one here
	 * would race with its thread */
	wt_err e = s->lp ? WT_OK : lpipe_start(s);
	return e ? e : lpipe_add(s->lp, &src, &d->f[WT_F_TEXT]);
}

wt_err wt_scan_learn_path(wt_scan *s, const char *path)
{
	if (s->learn_sealed)
		return WT_E_ARG;
	if (!s->learn)
		return WT_OK;
	wt_read_opts ro = s->o.read;
	ro.diag = NULL; /* the scan pass reports bad records */
	wt_reader *r;
	wt_err e = wt_reader_open(path, &ro, &r);
	if (e) /* the scan pass says what is wrong with path */
		return e == WT_E_NOMEM ? e : WT_OK;
	for (;;) { /* a bad record or file is the scan pass's to report */
		wt_doc d;
		int done;
		e = wt_reader_next(r, &d, &done);
		if (!e && done)
			break;
		if (e == WT_E_NOMEM || (!e && (e = wt_scan_learn_doc(s, &d))))
			break;
		e = WT_OK;
	}
	wt_reader_free(r);
	return e;
}

/* The learning pass is over once a document is added. */
static wt_err seal_learning(wt_scan *s)
{
	if (s->learn_sealed)
		return WT_OK;
	s->learn_sealed = 1;
	if (!s->learn)
		return WT_OK;
	wt_err e = lpipe_stop(s);
	if (!e)
		e = wt_learn_seal(s->learn);
	s->st.learned_lines = wt_learn_lines(s->learn);
	return e;
}

wt_err wt_scan_add_doc(wt_scan *s, const wt_doc *d)
{
	if (s->flushed)
		return WT_E_ARG;
	wt_err e = seal_learning(s);
	if (e)
		return e;
	const wt_str *id = &d->f[WT_F_ID], *text = &d->f[WT_F_TEXT];
	char msg[512], where[256];
	int skip = 0;
	if (s->o.hooks && s->o.hooks->admit &&
	    ((e = s->o.hooks->admit(s->o.hooks->ctx, d, &skip)) || skip)) {
		s->st.present += skip;
		return e;
	}
	if (d->f[WT_F_TEXT].n > s->o.read.max_doc_bytes || text->n >= UINT32_MAX) {
		snprintf(msg, sizeof msg, "document \"%.*s\" exceeds the cap of %zu "
			 "bytes", (int)(id->n > 100 ? 100 : id->n), id->p,
			 s->o.read.max_doc_bytes);
		diag(s, WT_DIAG_ERROR, WT_E_LIMIT, d->path, d->line, msg);
		return WT_E_LIMIT;
	}
	if (id->n >= UINT32_MAX || s->ndoc >= UINT32_MAX - 1)
		return WT_E_LIMIT;
	if (2 * (s->ndoc + 1) > s->nslot && (e = grow_slots(s)))
		return e;
	size_t slot = find_slot(s, id->p, id->n);
	if (s->slot[slot] != UINT32_MAX) {
		const docrec *first = &s->doc[s->slot[slot]];
		place_str(s, first->place, first->line, where, sizeof where);
		snprintf(msg, sizeof msg, "duplicate id \"%.*s\": first read at %s",
			 (int)(id->n > 100 ? 100 : id->n), id->p, where);
		diag(s, WT_DIAG_ERROR, WT_E_DUPID, d->path, d->line, msg);
		return WT_E_DUPID;
	}
	docrec r = {0};
	r.line = d->line;
	r.row = UINT32_MAX;
	if ((e = intern_place(s, d->path ? d->path : "(caller)", &r.place)) ||
	    (e = keep_id(s, id, &d->f[WT_F_DATE], &r)) ||
	    (e = wt_grow((void **)&s->doc, &s->doc_cap, s->ndoc + 1,
			 sizeof *s->doc, UINT32_MAX)))
		return e;
	s->slot[slot] = (uint32_t)s->ndoc;
	s->doc[s->ndoc++] = r;
	s->st.documents++;
	s->st.bytes += text->n;
	s->st.invalid_utf8 += d->invalid;
	const wt_str meta[WT_META_COUNT] = {d->f[WT_F_SOURCE], d->f[WT_F_URL],
					    d->f[WT_F_DATE], d->f[WT_F_TITLE]};
	wt_str src = wt_learn_source(d);
	/* an error here is the machine's (memory, spool), never the record's */
	return s->fatal = wt_batcher_add(s->batcher, s->ndoc - 1, text, meta,
					 &src);
}

static void report_progress(wt_scan *s, const wt_reader *r)
{
	wt_progress p = {s->st.documents, s->st.bytes, 0, 0};
	wt_reader_progress(r, &p.input_done, &p.input_total);
	s->o.progress(s->o.progress_ctx, &p);
}

wt_err wt_scan_add_path(wt_scan *s, const char *path)
{
	wt_reader *r;
	wt_err e = wt_reader_open(path, &s->o.read, &r);
	if (e)
		return e;
	for (;;) {
		wt_doc d;
		int done;
		e = wt_reader_next(r, &d, &done);
		if (!e && done)
			break;
		if (!e)
			e = wt_scan_add_doc(s, &d);
		if (e == WT_E_BINARY) {
			s->st.binary++;
			continue;
		}
		if (s->fatal || e == WT_E_NOMEM || e == WT_E_FULL ||
		    (e && !s->o.skip_errors))
			break;
		if (e) {
			s->st.skipped++;
			e = WT_OK;
		}
		if (s->o.progress && s->st.documents % 64 == 0)
			report_progress(s, r);
	}
	if (s->o.progress)
		report_progress(s, r);
	wt_reader_free(r);
	return e;
}

wt_err wt_scan_flush(wt_scan *s)
{
	if (s->fatal)
		return s->fatal;
	if (s->flushed)
		return WT_OK;
	s->flushed = 1;
	wt_err e = seal_learning(s); /* a scan of no document */
	if (!e)
		e = wt_batcher_flush(s->batcher);
	wt_batcher_free(s->batcher); /* the workers are done: free their memory */
	s->batcher = NULL;
	if (s->learn)
		s->st.stale_pages = wt_learn_newly(s->learn);
	return s->fatal = e;
}

const wt_learn *wt_scan_model(const wt_scan *s)
{
	return s->learn;
}

uint32_t wt_scan_count(const wt_scan *s)
{
	return (uint32_t)(s->ndoc - s->nstored);
}

int wt_scan_probe(const wt_scan *s, uint32_t i, wt_stored *out,
		  const uint64_t **post, size_t *npost)
{
	const docrec *r = &s->doc[i];
	memset(out, 0, sizeof *out);
	out->id = (wt_str){s->ids + r->id_off, r->id_len};
	out->path = s->places[r->place];
	out->line = r->line;
	memcpy(out->digest, r->digest, sizeof out->digest);
	if (s->finished) {
		out->rec = wt_spool_at(s->spool, r->spool_off);
		out->rec_len = r->rec_len;
	}
	*post = s->post && r->nset ? s->post + r->post_off : NULL;
	*npost = *post ? r->npost : 0;
	if (!r->nset)
		return 0;
	out->keys = s->keys ? s->keys + (size_t)r->row * s->sh.bands : NULL;
	return 1;
}

wt_err wt_stored_parse(const void *rec, size_t len, wt_recinfo *out)
{
	rechdr h;
	if (len < sizeof h)
		return WT_E_PARSE;
	memcpy(&h, rec, sizeof h);
	if (h.spans >= WT_SPANS_MODES || h.pad)
		return WT_E_PARSE;
	recmap m = rec_map(&h);
	if (m.end != len || (h.nset && !h.ntok))
		return WT_E_PARSE;
	const char *p = rec;
	const wt_fp *fp = (const wt_fp *)(p + m.fp);
	for (uint32_t k = 0; k < h.nfp; k++)
		if (fp[k].pos >= h.ntok || (k && fp[k].hash < fp[k - 1].hash))
			return WT_E_PARSE;
	/* spans and boilerplate ranges index the text when it is kept */
	const wt_span *bp = (const wt_span *)(p + m.boiler);
	for (size_t k = 0; h.text_len && k < h.ntok; k++) {
		wt_span sp = wt_spans_at(h.spans, p + m.span, h.ntok, k);
		if ((uint64_t)sp.off + sp.len > h.text_len)
			return WT_E_PARSE;
	}
	for (size_t k = 0; h.text_len && k < h.nboiler; k++)
		if ((uint64_t)bp[k].off + bp[k].len > h.text_len)
			return WT_E_PARSE;
	out->nset = h.nset;
	out->set = (const uint64_t *)(p + m.set);
	out->nfp = h.nfp;
	out->fp = fp;
	p += m.meta;
	out->source = (wt_str){p, h.meta_len[0]};
	out->url = (wt_str){p + h.meta_len[0], h.meta_len[1]};
	out->date = (wt_str){p + h.meta_len[0] + h.meta_len[1], h.meta_len[2]};
	return WT_OK;
}

wt_err wt_scan_add_stored(wt_scan *s, const wt_stored *d)
{
	wt_recinfo ri;
	wt_err e;
	if (!s->flushed || s->finished)
		return WT_E_ARG;
	if ((e = wt_stored_parse(d->rec, d->rec_len, &ri)))
		return e;
	if (d->id.n >= UINT32_MAX || s->ndoc >= UINT32_MAX - 1)
		return WT_E_LIMIT;
	if (2 * (s->ndoc + 1) > s->nslot && (e = grow_slots(s)))
		return e;
	size_t slot = find_slot(s, d->id.p, d->id.n);
	if (s->slot[slot] != UINT32_MAX)
		return WT_E_DUPID; /* the index adds each document once */
	rechdr h;
	memcpy(&h, d->rec, sizeof h); /* wt_stored_parse checked its size */
	recmap m = rec_map(&h);
	docrec r = {.line = d->line, .row = UINT32_MAX, .stored = 1,
		    .nset = ri.nset, .credits = h.credits,
		    .rec_len = (uint32_t)d->rec_len, .core_len = (uint32_t)m.meta,
		    .align_len = (uint32_t)m.set};
	memcpy(r.digest, d->digest, sizeof r.digest);
	size_t b = s->sh.bands;
	if ((e = intern_place(s, d->path, &r.place)) ||
	    (e = keep_id(s, &d->id, &ri.date, &r)) ||
	    (e = wt_grow((void **)&s->doc, &s->doc_cap, s->ndoc + 1,
			 sizeof *s->doc, UINT32_MAX)) ||
	    (ri.nset && (e = wt_grow((void **)&s->keys, &s->keys_cap,
				     (s->nrow + 1) * b, 8, SIZE_MAX / 8))) ||
	    (ri.nset && !s->o.no_reuse &&
	     (e = wt_grow((void **)&s->post, &s->post_cap, s->npost + ri.nfp, 8,
			  SIZE_MAX / 8))) ||
	    (e = wt_spool_put(s->spool, d->rec, d->rec_len, &r.spool_off)))
		return e;
	if (ri.nset) {
		memcpy(s->keys + s->nrow * b, d->keys, b * 8);
		r.row = (uint32_t)s->nrow++;
		for (uint32_t k = 0; k < ri.nfp && !s->o.no_reuse; k++)
			s->post[s->npost++] = (uint64_t)ri.fp[k].hash << 32 | s->ndoc;
	}
	s->slot[slot] = (uint32_t)s->ndoc;
	s->doc[s->ndoc++] = r;
	s->nstored++;
	s->st.stored++;
	return WT_OK;
}

typedef struct {
	const char *p;
	size_t n;
	uint32_t i;
} idref;

static int cmp_idref(const void *pa, const void *pb)
{
	const idref *a = pa, *b = pb;
	int c = memcmp(a->p, b->p, a->n < b->n ? a->n : b->n);
	if (c)
		return c;
	return (a->n > b->n) - (a->n < b->n);
}

typedef struct {
	const uint8_t *digest;
	uint32_t rank, i;
} digref;

static int cmp_digref(const void *pa, const void *pb)
{
	const digref *a = pa, *b = pb;
	int c = memcmp(a->digest, b->digest, WT_DIGEST_BYTES);
	if (c)
		return c;
	return (a->rank > b->rank) - (a->rank < b->rank);
}

/* Pairs by (rank a, rank b): each pair's key is unique, so a radix sort
 * of the keys gives the order (a million-pair qsort with callbacks took
 * seconds). */
static wt_err sort_pairs(wt_scan *s, const uint32_t *rank)
{
	size_t n = s->npairs;
	if (n > UINT32_MAX)
		return WT_E_LIMIT;
	wt_keyed *k = malloc(2 * n * sizeof *k);
	wt_pair *p = malloc(n * sizeof *p);
	if (!k || !p) {
		free(k);
		free(p);
		return WT_E_NOMEM;
	}
	for (size_t i = 0; i < n; i++)
		k[i] = (wt_keyed){(uint64_t)rank[s->pairs[i].a] << 32 |
				  rank[s->pairs[i].b], (uint32_t)i};
	wt_sort_keyed(k, k + n, n);
	for (size_t i = 0; i < n; i++)
		p[i] = s->pairs[k[i].val];
	free(k);
	free(s->pairs);
	s->pairs = p;
	s->pairs_cap = n;
	return WT_OK;
}

static wt_err add_pair(wt_scan *s, const uint32_t *rank, uint32_t a,
		       uint32_t b, wt_pair_kind kind, wt_sim sim)
{
	wt_err e = wt_grow((void **)&s->pairs, &s->pairs_cap, s->npairs + 1,
			   sizeof *s->pairs, SIZE_MAX / sizeof *s->pairs);
	if (e)
		return e;
	if (rank[a] > rank[b]) {
		uint32_t t = a;
		double c = sim.cont_a;
		a = b;
		b = t;
		sim.cont_a = sim.cont_b;
		sim.cont_b = c;
	}
	s->pairs[s->npairs++] = (wt_pair){.a = a, .b = b, .kind = kind, .sim = sim};
	return WT_OK;
}

static wt_sim view_sim(const docview *a, const docview *b)
{
	return wt_verify_sets(a->set, a->h.nset, b->set, b->h.nset);
}

static int cmp_range(const void *pa, const void *pb)
{
	const uint32_t *a = pa, *b = pb;
	return (a[0] > b[0]) - (a[0] < b[0]);
}

/* Words of one side inside the passages, each counted once: a text
 * quoted twice is two passages over the same words. r holds n [from, to)
 * ranges and is sorted here. */
static uint64_t covered(uint32_t (*r)[2], size_t n)
{
	qsort(r, n, sizeof *r, cmp_range);
	uint64_t sum = 0;
	uint32_t end = 0;
	for (size_t k = 0; k < n; k++) {
		uint32_t from = r[k][0] > end ? r[k][0] : end;
		if (r[k][1] > from)
			sum += r[k][1] - from;
		if (r[k][1] > end)
			end = r[k][1];
	}
	return sum;
}

/* Align two documents into al. */
static wt_err align_views(const wt_scan *s, wt_aligner *al, const docview *a,
			  const docview *b, unsigned min_words)
{
	wt_align_doc da = {a->tok, a->h.ntok, a->fp, a->h.nfp};
	wt_align_doc db = {b->tok, b->h.ntok, b->fp, b->h.nfp};
	wt_align_opts o = s->al_opts;
	o.min_words = min_words;
	return wt_align(al, &o, &da, &db);
}

/* Candidates are verified or aligned in blocks on the scan's threads;
 * each thread keeps what it found for the candidates it took, and the
 * caller's thread then uses it in candidate order (a use_fn), so the
 * result does not depend on the thread count. */
#define BLOCK 8192

typedef enum {
	B_VERIFY, /* sim of every candidate not between two stored documents */
	B_DUPS,   /* passages of min_passage words, else of shingle words */
	B_REUSE,  /* passages of min_passage words, and sim when there are */
} block_mode;

/* What one candidate gave: cnt passages at job[who].pass + off. */
typedef struct {
	wt_sim sim;
	double aligned_a, aligned_b; /* shares of words inside passages */
	uint32_t off, cnt;
	uint8_t who;
} cand_out;

typedef struct {
	const wt_scan *s;
	const uint64_t *cand; /* a << 32 | b */
	size_t n;
	block_mode mode;
	atomic_size_t *next;
	cand_out *out; /* per candidate of the block, shared */
	uint8_t id;
	wt_err err;
	/* the thread's own, kept from block to block */
	wt_aligner al;
	recbuf rb[2]; /* the candidate's two records */
	wt_passage *pass; /* passages of the candidates this thread took */
	size_t npass, pass_cap;
	uint32_t (*ranges)[2]; /* scratch of covered() */
	size_t ranges_cap;
} block_job;

/* The passages al found between a and b, mapped to byte offsets, into
 * j->pass for candidate o. */
static wt_err keep_passages(block_job *j, const docview *a, const docview *b,
			    cand_out *o)
{
	size_t n = j->al.n;
	wt_err e = wt_grow((void **)&j->pass, &j->pass_cap, j->npass + n,
			   sizeof *j->pass, UINT32_MAX);
	if (!e)
		e = wt_grow((void **)&j->ranges, &j->ranges_cap, 2 * n,
			    sizeof *j->ranges, SIZE_MAX / sizeof *j->ranges);
	if (e)
		return e;
	o->off = (uint32_t)j->npass;
	o->cnt = (uint32_t)n;
	o->who = j->id;
	const wt_match *m = j->al.m;
	for (size_t k = 0; k < n; k++, m++) {
		uint32_t na = m->a1 - m->a0, nb = m->b1 - m->b0;
		wt_span ea = span_at(a, m->a1 - 1), eb = span_at(b, m->b1 - 1);
		j->pass[j->npass++] = (wt_passage){
			span_at(a, m->a0).off, ea.off + ea.len,
			span_at(b, m->b0).off, eb.off + eb.len,
			na, (float)(2.0 * m->matched / (na + nb))};
		j->ranges[k][0] = m->a0;
		j->ranges[k][1] = m->a1;
		j->ranges[n + k][0] = m->b0;
		j->ranges[n + k][1] = m->b1;
	}
	uint64_t wa = covered(j->ranges, n), wb = covered(j->ranges + n, n);
	o->aligned_a = a->h.ntok ? (double)wa / a->h.ntok : 0;
	o->aligned_b = b->h.ntok ? (double)wb / b->h.ntok : 0;
	return WT_OK;
}

/* Verification reads records up to the end of their shingle sets,
 * alignment the fingerprints and word hashes before them, and only pairs
 * that share a passage the rest up to the metadata (recmap). */
static wt_err block_item(block_job *j, size_t i)
{
	const wt_scan *s = j->s;
	uint32_t a = (uint32_t)(j->cand[i] >> 32), b = (uint32_t)j->cand[i];
	const docrec *ra = &s->doc[a], *rb = &s->doc[b];
	cand_out *o = &j->out[i];
	*o = (cand_out){.cnt = 0};
	docview va, vb;
	wt_err e;
	if (j->mode == B_VERIFY) {
		if (ra->stored && rb->stored) {
			o->sim = (wt_sim){0, -1.0, 0, 0};
			return WT_OK;
		}
		if ((e = doc_read(s, a, ra->align_len + ra->nset * 8, &j->rb[0], &va)) ||
		    (e = doc_read(s, b, rb->align_len + rb->nset * 8, &j->rb[1], &vb)))
			return e;
		o->sim = view_sim(&va, &vb);
		return WT_OK;
	}
	if ((e = doc_read(s, a, ra->align_len, &j->rb[0], &va)) ||
	    (e = doc_read(s, b, rb->align_len, &j->rb[1], &vb)) ||
	    (e = align_views(s, &j->al, &va, &vb, s->o.min_passage)))
		return e;
	if (!j->al.n && j->mode == B_DUPS &&
	    (e = align_views(s, &j->al, &va, &vb, s->o.shingle)))
		return e;
	if (!j->al.n)
		return WT_OK;
	if ((e = doc_read(s, a, ra->core_len, &j->rb[0], &va)) ||
	    (e = doc_read(s, b, rb->core_len, &j->rb[1], &vb)))
		return e;
	if (j->mode == B_REUSE)
		o->sim = view_sim(&va, &vb);
	return keep_passages(j, &va, &vb, o);
}

/* The start of what block_item will read of candidate i, into the CPU's
 * cache: records are scattered over the spool, and a pair's first reads
 * otherwise wait on memory. */
static void block_prefetch(const block_job *j, size_t i)
{
	const wt_scan *s = j->s;
	uint32_t ab[2] = {(uint32_t)(j->cand[i] >> 32), (uint32_t)j->cand[i]};
	for (int k = 0; k < 2; k++) {
		const docrec *r = &s->doc[ab[k]];
		uint32_t n = j->mode == B_VERIFY ? r->align_len + r->nset * 8
						 : r->align_len;
		wt_spool_prefetch(s->spool, r->spool_off, n < 1024 ? n : 1024);
	}
}

enum { GRAB = 16, AHEAD = 2 }; /* candidates a thread takes at a time;
				  how far ahead it prefetches */

static void *block_run(void *arg)
{
	block_job *j = arg;
	for (;;) {
		size_t i = atomic_fetch_add(j->next, GRAB);
		size_t end = i + GRAB < j->n ? i + GRAB : j->n;
		for (size_t k = i; k < end && k < i + AHEAD; k++)
			block_prefetch(j, k);
		for (; i < end; i++) {
			if (i + AHEAD < end)
				block_prefetch(j, i + AHEAD);
			if (j->err || (j->err = block_item(j, i)))
				return NULL;
		}
		if (end == j->n)
			return NULL;
	}
}

/* What a block gave: candidate i of cand[0..n) gave out[i]. */
typedef struct {
	const uint64_t *cand;
	size_t from, n;
	const block_job *job;
	const cand_out *out;
} block_out;
typedef wt_err use_fn(wt_scan *s, void *ctx, const block_out *o);

/* Run mode over cand[0..n) on up to `threads` threads, then use each
 * block in order. */
static wt_err run_blocks(wt_scan *s, const uint64_t *cand, size_t n,
			 block_mode mode, use_fn *use, void *ctx)
{
	unsigned nt = s->o.threads < 1 ? 1 : s->o.threads > 64 ? 64 : s->o.threads;
	size_t bn = n < BLOCK ? n : BLOCK;
	block_job *job = calloc(nt, sizeof *job);
	cand_out *out = malloc((bn + 1) * sizeof *out);
	wt_err e = job && out ? WT_OK : WT_E_NOMEM;
	for (unsigned t = 0; t < nt && job; t++)
		wt_aligner_init(&job[t].al);
	for (size_t from = 0; from < n && !e; from += bn) {
		atomic_size_t next = 0;
		size_t len = n - from < bn ? n - from : bn;
		for (unsigned t = 0; t < nt; t++) {
			block_job *j = &job[t];
			*j = (block_job){s, cand + from, len, mode, &next, out, (uint8_t)t,
					 WT_OK, j->al, {j->rb[0], j->rb[1]}, j->pass, 0,
					 j->pass_cap, j->ranges, j->ranges_cap};
		}
		/* a small block: the caller's thread does all */
		wt_run_each(block_run, job, sizeof *job, len > 256 ? nt : 1);
		for (unsigned t = 0; t < nt && !e; t++)
			e = job[t].err;
		block_out o = {cand + from, from, len, job, out};
		if (!e)
			e = use(s, ctx, &o);
	}
	for (unsigned t = 0; t < nt && job; t++) {
		wt_aligner_release(&job[t].al);
		wt_spool_buf_release(&job[t].rb[0].b);
		wt_spool_buf_release(&job[t].rb[1].b);
		free(job[t].pass);
		free(job[t].ranges);
	}
	free(job);
	free(out);
	return e;
}

/* Give pair p the passages of candidate i of block o. */
static wt_err add_passages(wt_scan *s, wt_pair *p, const block_out *o, size_t i)
{
	const cand_out *c = &o->out[i];
	wt_err e = wt_grow((void **)&s->passages, &s->passages_cap,
			   s->npassages + c->cnt, sizeof *s->passages, UINT32_MAX);
	if (e)
		return e;
	p->passage = (uint32_t)s->npassages;
	p->npassage = c->cnt;
	p->aligned_a = c->aligned_a;
	p->aligned_b = c->aligned_b;
	if (c->cnt) /* pass may still be NULL */
		memcpy(s->passages + s->npassages, o->job[c->who].pass + c->off,
		       c->cnt * sizeof *s->passages);
	s->npassages += c->cnt;
	s->st.passages += c->cnt;
	return WT_OK;
}

/* Exact groups by digest: pair each member with the group's first id;
 * rep[i] = the representative (i itself when unique). */
static wt_err exact_groups(wt_scan *s, const uint32_t *rank, uint32_t *rep,
			   wt_uf *uf)
{
	digref *v = malloc((s->nrow ? s->nrow : 1) * sizeof *v);
	if (!v)
		return WT_E_NOMEM;
	size_t n = 0;
	for (uint32_t i = 0; i < s->ndoc; i++)
		if (s->doc[i].nset)
			v[n++] = (digref){s->doc[i].digest, rank[i], i};
	qsort(v, n, sizeof *v, cmp_digref);
	wt_err e = WT_OK;
	for (size_t i = 0; i < n; i++) {
		int same = i && !memcmp(v[i].digest, v[i - 1].digest, WT_DIGEST_BYTES);
		rep[v[i].i] = same ? rep[v[i - 1].i] : v[i].i;
		if (!same)
			continue;
		uint32_t r = rep[v[i].i], m = v[i].i;
		uint64_t k = s->doc[m].nset;
		if (s->doc[r].stored && s->doc[m].stored)
			continue;
		if ((e = add_pair(s, rank, r, m, WT_PAIR_EXACT,
				  (wt_sim){k, 1.0, 1.0, 1.0})))
			break;
		wt_uf_union(uf, r, m);
		s->st.exact_pairs++;
	}
	free(v);
	return e;
}

typedef struct {
	const uint32_t *rank;
	wt_uf *uf;
} near_ctx;

/* The verified near pairs of a block. */
static wt_err use_near(wt_scan *s, void *ctx, const block_out *o)
{
	near_ctx *c = ctx;
	wt_err e = WT_OK;
	for (size_t i = 0; i < o->n && !e; i++) {
		if (o->out[i].sim.jaccard < s->o.threshold)
			continue;
		uint32_t x = (uint32_t)(o->cand[i] >> 32), y = (uint32_t)o->cand[i];
		e = add_pair(s, c->rank, x, y, WT_PAIR_NEAR, o->out[i].sim);
		wt_uf_union(c->uf, x, y);
		s->st.near_pairs++;
	}
	return e;
}

/* LSH over representatives, then exact verification. */
static wt_err near_pairs(wt_scan *s, const uint32_t *rank, const uint32_t *rep,
			 wt_uf *uf)
{
	size_t b = s->sh.bands, n = 0;
	uint32_t *docs = malloc((s->nrow ? s->nrow : 1) * sizeof *docs);
	if (!docs)
		return WT_E_NOMEM;
	/* compact the key rows of representatives (rows ascend): in place,
	 * unless an index reads them after the scan (wt_scan_probe) */
	uint64_t *rows = s->o.hooks ? malloc((s->nrow ? s->nrow : 1) * b * 8)
				    : s->keys;
	if (!rows && s->nrow) {
		free(docs);
		return WT_E_NOMEM;
	}
	for (uint32_t i = 0; i < s->ndoc; i++) {
		if (!s->doc[i].nset || rep[i] != i)
			continue;
		memmove(rows + n * b, s->keys + (size_t)s->doc[i].row * b, b * 8);
		docs[n++] = i;
	}
	uint64_t *cand = NULL;
	size_t ncand = 0;
	wt_lsh_stats ls = {0};
	wt_err e = wt_lsh_candidates(rows, docs, n, s->sh, s->o.bucket_cap,
				     s->o.threads, &cand, &ncand, &ls);
	free(docs);
	free(rows); /* without hooks, the keys themselves: nothing reads them
		       again, and the joins to come are the memory peak */
	if (rows == s->keys) {
		s->keys = NULL;
		s->keys_cap = 0;
	}
	if (e)
		return e;
	s->st.candidates = ncand;
	s->st.buckets_truncated = ls.buckets_truncated;
	near_ctx c = {rank, uf};
	e = run_blocks(s, cand, ncand, B_VERIFY, use_near, &c);
	free(cand);
	return e;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return (a > b) - (a < b);
}

/* The passages of a block of exact and near pairs. */
static wt_err use_dups(wt_scan *s, void *ctx, const block_out *o)
{
	(void)ctx;
	wt_err e = WT_OK;
	for (size_t i = 0; i < o->n && !e; i++)
		e = add_passages(s, &s->pairs[o->from + i], o, i);
	return e;
}

/* Passages for the exact and near pairs found so far (their kind is
 * settled by resemblance; passages say why). Short documents fall back to
 * shingle-long passages. Returns their keys, x << 32 | y with x < y. */
static wt_err align_dups(wt_scan *s, uint64_t **keys)
{
	size_t n = s->npairs;
	uint64_t *ab = malloc((n ? n : 1) * 8);
	*keys = malloc((n ? n : 1) * 8);
	if (!ab || !*keys) {
		free(ab);
		return WT_E_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const wt_pair *p = &s->pairs[i];
		uint32_t x = p->a < p->b ? p->a : p->b, y = p->a ^ p->b ^ x;
		(*keys)[i] = (uint64_t)x << 32 | y;
		ab[i] = (uint64_t)p->a << 32 | p->b;
	}
	wt_err e = run_blocks(s, ab, n, B_DUPS, use_dups, NULL);
	free(ab);
	if (!e)
		qsort(*keys, n, 8, cmp_u64);
	return e;
}

/* The reuse pairs of a block (as near pairs when their Jaccard reaches
 * the threshold: LSH finds a near pair with probability P(J) only). */
static wt_err use_reuse(wt_scan *s, void *ctx, const block_out *o)
{
	wt_uf *uf = ctx;
	wt_err e = WT_OK;
	for (size_t i = 0; i < o->n && !e; i++) {
		if (!o->out[i].cnt)
			continue;
		uint32_t a = (uint32_t)(o->cand[i] >> 32), b = (uint32_t)o->cand[i];
		if ((e = wt_grow((void **)&s->pairs, &s->pairs_cap, s->npairs + 1,
				 sizeof *s->pairs, SIZE_MAX / sizeof *s->pairs)))
			break;
		wt_pair *p = &s->pairs[s->npairs++];
		int near = o->out[i].sim.jaccard >= s->o.threshold;
		*p = (wt_pair){.a = a, .b = b, .sim = o->out[i].sim,
			       .kind = near ? WT_PAIR_NEAR : WT_PAIR_REUSE};
		e = add_passages(s, p, o, i);
		if (near) {
			wt_uf_union(uf, a, b);
			s->st.near_pairs++;
		} else {
			s->st.reuse_pairs++;
		}
	}
	return e;
}

/* Reuse: representatives sharing a fingerprint that are not already a
 * pair, aligned; those with a passage of min_passage words are kept (as
 * near pairs when their Jaccard reaches the threshold). */
static wt_err reuse_pairs(wt_scan *s, const uint32_t *rank, const uint32_t *rep,
			  const uint64_t *dup, size_t ndup, wt_uf *uf)
{
	size_t n = 0;
	const wt_scan_hooks *h = s->o.hooks;
	for (size_t i = 0; i < s->npost; i++) /* only representatives */
		if (rep[(uint32_t)s->post[i]] == (uint32_t)s->post[i] &&
		    !(h && h->fp_skip && h->fp_skip(h->ctx, s->post[i] >> 32)))
			s->post[n++] = s->post[i];
	uint64_t *cand;
	size_t ncand;
	wt_passage_stats ps;
	wt_err e = wt_passage_candidates(s->post, n, s->o.fp_df_cap,
					 s->o.threads, &cand, &ncand, &ps);
	free(s->post);
	s->post = NULL;
	s->npost = s->post_cap = 0;
	if (e)
		return e;
	s->st.fingerprints = ps.postings;
	s->st.stop_fingerprints = ps.stop;
	/* drop the exact and near pairs; orient the rest by id */
	size_t d = 0, k = 0;
	for (size_t c = 0; c < ncand; c++) {
		while (d < ndup && dup[d] < cand[c])
			d++;
		if (d < ndup && dup[d] == cand[c])
			continue;
		uint32_t x = (uint32_t)(cand[c] >> 32), y = (uint32_t)cand[c];
		if (s->doc[x].stored && s->doc[y].stored)
			continue;
		cand[k++] = rank[x] < rank[y] ? cand[c] : (uint64_t)y << 32 | x;
	}
	s->st.reuse_candidates = k;
	e = run_blocks(s, cand, k, B_REUSE, use_reuse, uf);
	free(cand);
	return e;
}

/* Group pair indices by cluster, reuse pairs last as if one more cluster
 * (counting sort; pairs keep their order). List every paired document. */
static wt_err group_pairs(wt_scan *s, const uint32_t *order)
{
	const wt_clusters *c = &s->res.clusters;
	size_t nb = c->ncluster + 1; /* buckets: clusters, then reuse */
	uint32_t *cl = malloc((s->ndoc ? s->ndoc : 1) * sizeof *cl);
	s->cpair = malloc((s->npairs ? s->npairs : 1) * sizeof *s->cpair);
	s->cpair_start = calloc(nb + 2, sizeof *s->cpair_start);
	s->pair_docs = malloc((s->ndoc ? s->ndoc : 1) * sizeof *s->pair_docs);
	if (!cl || !s->cpair || !s->cpair_start || !s->pair_docs) {
		free(cl);
		return WT_E_NOMEM;
	}
	memset(cl, 0xFF, (s->ndoc ? s->ndoc : 1) * sizeof *cl);
	for (size_t k = 0; k < c->ncluster; k++)
		for (size_t m = c->start[k]; m < c->start[k + 1]; m++)
			cl[c->member[m]] = (uint32_t)k;
#define BUCKET(p) ((p)->kind == WT_PAIR_REUSE ? c->ncluster : cl[(p)->a])
	for (size_t i = 0; i < s->npairs; i++)
		s->cpair_start[BUCKET(&s->pairs[i]) + 2]++;
	for (size_t k = 2; k < nb + 2; k++)
		s->cpair_start[k] += s->cpair_start[k - 1];
	for (size_t i = 0; i < s->npairs; i++)
		s->cpair[s->cpair_start[BUCKET(&s->pairs[i]) + 1]++] = i;
#undef BUCKET
	/* cl becomes a mark: paired or not */
	memset(cl, 0, s->ndoc * sizeof *cl);
	for (size_t i = 0; i < s->npairs; i++)
		cl[s->pairs[i].a] = cl[s->pairs[i].b] = 1;
	for (size_t r = 0; r < s->ndoc; r++)
		if (cl[order[r]])
			s->pair_docs[s->npair_docs++] = order[r];
	free(cl);
	return WT_OK;
}

static int cmp_source(const void *pa, const void *pb)
{
	const wt_str *a = &((const wt_source_stats *)pa)->source;
	const wt_str *b = &((const wt_source_stats *)pb)->source;
	int c = memcmp(a->p, b->p, a->n < b->n ? a->n : b->n);
	return c ? c : (a->n > b->n) - (a->n < b->n);
}

wt_err wt_scan_finish(wt_scan *s, const wt_result **res)
{
	if (s->finished)
		return WT_E_ARG;
	if (s->fatal)
		return s->fatal;
	wt_err e = wt_scan_flush(s);
	s->finished = 1;
	if (!e)
		e = wt_spool_seal(s->spool);
	if (e)
		return e;
	size_t n = s->ndoc;
	idref *ord = malloc((n ? n : 1) * sizeof *ord);
	uint32_t *order = malloc((n ? n : 1) * sizeof *order);
	uint32_t *rank = malloc((n ? n : 1) * sizeof *rank);
	uint32_t *rep = malloc((n ? n : 1) * sizeof *rep);
	s->short_docs = malloc((n ? n : 1) * sizeof *s->short_docs);
	wt_uf uf = {0};
	e = WT_E_NOMEM;
	if (!ord || !order || !rank || !rep || !s->short_docs ||
	    wt_uf_init(&uf, n))
		goto out_free;
	for (uint32_t i = 0; i < n; i++) {
		ord[i].p = doc_id(s, i, &ord[i].n);
		ord[i].i = i;
	}
	qsort(ord, n, sizeof *ord, cmp_idref);
	size_t nshort = 0;
	for (uint32_t r = 0; r < n; r++) {
		order[r] = ord[r].i;
		rank[ord[r].i] = r;
		if (!s->doc[ord[r].i].nset)
			s->short_docs[nshort++] = ord[r].i;
	}
	uint64_t *dup = NULL;
	if ((e = exact_groups(s, rank, rep, &uf)) ||
	    (e = near_pairs(s, rank, rep, &uf)) || (e = align_dups(s, &dup)) ||
	    (!s->o.no_reuse &&
	     (e = reuse_pairs(s, rank, rep, dup, s->npairs, &uf)))) {
		free(dup);
		goto out_free;
	}
	free(dup);
	if (s->npairs && (e = sort_pairs(s, rank)))
		goto out_free;
	if ((e = wt_clusters_build(&uf, order, &s->res.clusters)) ||
	    (e = group_pairs(s, order)))
		goto out_free;
	s->res.cpair = s->cpair;
	s->res.cpair_start = s->cpair_start;
	s->res.reuse = s->cpair + s->cpair_start[s->res.clusters.ncluster];
	s->res.nreuse = s->st.reuse_pairs;
	s->res.docs = s->pair_docs;
	s->res.ndocs = s->npair_docs;
	s->st.pairs = s->npairs;
	s->st.clusters = s->res.clusters.ncluster;
	s->res.shingle = s->o.shingle;
	s->res.perm = s->o.perm;
	s->res.bands = s->sh.bands;
	s->res.rows = s->sh.rows;
	s->res.threshold = s->o.threshold;
	s->res.seed = s->o.seed;
	s->res.stats = s->st;
	s->res.pairs = s->pairs;
	s->res.npairs = s->npairs;
	s->res.passages = s->passages;
	s->res.fp_df_cap = s->o.fp_df_cap;
	if (s->nsrc) /* s->src is NULL without boilerplate */
		qsort(s->src, s->nsrc, sizeof *s->src, cmp_source);
	s->res.sources = s->src;
	s->res.nsources = s->nsrc;
	s->res.min_passage = s->o.no_reuse ? 0 : s->o.min_passage;
	s->res.too_short = s->short_docs;
	s->res.ntoo_short = nshort;
	*res = &s->res;
out_free:
	wt_uf_release(&uf);
	free(ord);
	free(order);
	free(rank);
	free(rep);
	return e;
}

wt_sim wt_scan_sim(const wt_scan *s, uint32_t x, uint32_t y)
{
	docview a, b;
	doc_view(s, x, &a);
	doc_view(s, y, &b);
	return view_sim(&a, &b);
}

void wt_scan_doc(const wt_scan *s, uint32_t i, wt_docinfo *out)
{
	const docrec *r = &s->doc[i];
	memset(out, 0, sizeof *out);
	out->id = (wt_str){s->ids + r->id_off, r->id_len};
	out->path = s->places[r->place];
	out->line = r->line;
	docview v;
	doc_view(s, i, &v);
	out->shingles = v.h.nset;
	out->words = v.h.ntok;
	out->credits = v.h.credits;
	const char *p = v.meta;
	wt_str *f[WT_META_COUNT] = {&out->source, &out->url, &out->date,
				    &out->title};
	for (int k = 0; k < WT_META_COUNT; k++) {
		if (v.h.meta_len[k])
			*f[k] = (wt_str){p, v.h.meta_len[k]};
		p += v.h.meta_len[k];
	}
	out->text = (wt_str){v.text, v.h.text_len};
	out->boiler = v.boiler;
	out->nboiler = v.h.text_len ? v.h.nboiler : 0;
}

void wt_scan_brief(const wt_scan *s, uint32_t i, wt_docbrief *out)
{
	const docrec *r = &s->doc[i];
	out->id = (wt_str){s->ids + r->id_off, r->id_len};
	out->date = (wt_str){out->id.p + r->id_len, r->date_len};
	out->credits = r->credits;
}
