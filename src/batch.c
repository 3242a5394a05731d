/* batch: double-buffered batches, a pthread pool that claims documents
 * with an atomic counter, and in-order commit on the caller's thread. */
#include "batch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_DOCS 1024
#define BATCH_BYTES ((size_t)8 << 20)

typedef struct {
	uint64_t tag;
	size_t text_off, text_len;
	size_t meta_off[WT_META_COUNT], meta_len[WT_META_COUNT];
	int meta_present[WT_META_COUNT];
	size_t src_off, src_len; /* learning source key */
	/* results */
	uint64_t *set, *keys;
	uint32_t *tok;
	void *span; /* see wt_item */
	wt_spans_mode spans;
	wt_span *bp;
	size_t nbp, bp_cap;
	wt_fp *fp;
	size_t nset, set_cap, ntok, tok_cap, span_cap, nfp, fp_cap;
	uint8_t digest[WT_DIGEST_BYTES];
	uint64_t invalid;
	wt_boiler_stats boiler;
	wt_learn_hit learned;
	wt_credits credits;
	wt_err err;
} slot;

typedef struct {
	slot *slot; /* BATCH_DOCS, buffers kept across batches */
	size_t n;
	char *arena;
	size_t len, cap;
} batch;

typedef struct {
	wt_norm norm;
	wt_shingles shg;
	uint32_t *sig;
	uint64_t *ctok; /* hashes of the words credits are looked for in */
	size_t ctok_cap;
	wt_span *kept; /* the kept words' spans, before packing */
	size_t kept_cap;
} scratch;

typedef struct worker {
	pthread_t t;
	struct wt_batcher *b;
	scratch sc;
} worker;

struct wt_batcher {
	int boiler;
	const wt_learn *learn;
	unsigned shingle, winnow;
	const wt_minhash *mh;
	wt_credit_table *credit;
	wt_lsh_shape sh;
	uint64_t band_key;
	uint8_t digest_key[WT_DIGEST_KEY_BYTES]; /* from band_key */
	wt_commit_fn *commit;
	void *ctx;
	batch bat[2];
	batch *fill, *busy; /* busy: handed to the workers, not yet committed */
	scratch main;       /* for threads == 1 */
	worker *w;
	unsigned nw;
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	unsigned gen, active;
	int quit;
	atomic_size_t next;
};

static wt_err scratch_init(scratch *sc, unsigned k)
{
	wt_norm_init(&sc->norm);
	wt_shingles_init(&sc->shg);
	sc->ctok = NULL;
	sc->ctok_cap = 0;
	sc->sig = malloc((size_t)k * sizeof *sc->sig);
	return sc->sig ? WT_OK : WT_E_NOMEM;
}

static void scratch_release(scratch *sc)
{
	wt_norm_release(&sc->norm);
	wt_shingles_release(&sc->shg);
	free(sc->sig);
	free(sc->ctok);
	free(sc->kept);
}

/* What alignment needs later: kept-token hashes and spans, fingerprints. */
static wt_err keep_positions(const wt_batcher *b, scratch *sc, slot *sl)
{
	size_t n = sc->shg.ntok, m = sc->shg.nseq;
	wt_err e;
	if ((e = wt_grow((void **)&sl->tok, &sl->tok_cap, n, 4, SIZE_MAX / 4)) ||
	    (e = wt_grow((void **)&sc->kept, &sc->kept_cap, n, sizeof *sc->kept,
			 SIZE_MAX / sizeof *sc->kept)) ||
	    (e = wt_grow((void **)&sl->fp, &sl->fp_cap, m, sizeof *sl->fp,
			 SIZE_MAX / sizeof *sl->fp)))
		return e;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) /* 32 bits tell words apart in a pair */
		sl->tok[i] = (uint32_t)sc->shg.tok[i];
	for (size_t i = 0; i < sc->norm.ntok; i++)
		if (!sc->norm.tok[i].skip)
			sc->kept[k++] = sc->norm.tok[i].span;
	sl->spans = wt_spans_choose(sc->kept, n, sl->text_len);
	if ((e = wt_grow(&sl->span, &sl->span_cap, wt_spans_size(sl->spans, n), 1,
			 SIZE_MAX)))
		return e;
	wt_spans_pack(sl->spans, sc->kept, n, sl->span);
	sl->ntok = n;
	/* runs of skipped words, for display (greyed, listed) */
	for (size_t i = 0; i < sc->norm.ntok; i++) {
		const wt_token *t = &sc->norm.tok[i];
		if (!t->skip)
			continue;
		uint32_t end = t->span.off + t->span.len;
		if (sl->nbp && i && sc->norm.tok[i - 1].skip) {
			wt_span *r = &sl->bp[sl->nbp - 1];
			r->len = end - r->off;
			continue;
		}
		if ((e = wt_grow((void **)&sl->bp, &sl->bp_cap, sl->nbp + 1,
				 sizeof *sl->bp, UINT32_MAX)))
			return e;
		sl->bp[sl->nbp++] = t->span;
	}
	sl->nfp = wt_winnow(sc->shg.seq, m, b->winnow, sl->fp);
	/* credits: the kept words and the label and learned lines ("المصدر:
	 * واس" is furniture that names the wire), not a cut trailing block,
	 * which is other articles */
	if ((e = wt_grow((void **)&sc->ctok, &sc->ctok_cap, sc->norm.ntok + 1, 8,
			 SIZE_MAX / 8)))
		return e;
	size_t nc = 0, kept = 0;
	for (size_t i = 0; i < sc->norm.ntok; i++) {
		const wt_token *t = &sc->norm.tok[i];
		if (!t->skip)
			sc->ctok[nc++] = sc->shg.tok[kept++];
		else if (t->skip == WT_SKIP_LABEL || t->skip == WT_SKIP_LEARNED)
			sc->ctok[nc++] = wt_token_hash(sc->norm.norm + t->norm_off,
						       t->norm_len);
	}
	sl->credits = wt_credit_find(b->credit, sc->ctok, nc);
	wt_fp_sort(sl->fp, sl->nfp);
	return WT_OK;
}

/* The per-document stages for slot i of bt. Thread-safe: touches only
 * the slot and the scratch. */
static void process(const wt_batcher *b, scratch *sc, batch *bt, size_t i)
{
	slot *sl = &bt->slot[i];
	sl->nset = sl->ntok = sl->nfp = sl->nbp = 0;
	const char *text = bt->arena + sl->text_off;
	memset(&sl->boiler, 0, sizeof sl->boiler);
	memset(&sl->learned, 0, sizeof sl->learned);
	sl->err = wt_norm_text(&sc->norm, text, sl->text_len);
	if (!sl->err && b->boiler)
		wt_boiler_mark(&sc->norm, text, sl->text_len, &sl->boiler);
	if (!sl->err && b->boiler && b->learn) {
		wt_str src = {bt->arena + sl->src_off, sl->src_len};
		sl->learned = wt_learn_mark(b->learn, &src, &sc->norm, text,
					    sl->text_len);
	}
	if (!sl->err)
		sl->err = wt_shingle(&sc->shg, &sc->norm, b->shingle);
	if (sl->err)
		return;
	sl->invalid = sc->norm.invalid;
	if (!sc->shg.nset)
		return;
	if ((sl->err = wt_grow((void **)&sl->set, &sl->set_cap, sc->shg.nset, 8,
			       SIZE_MAX / 8)))
		return;
	memcpy(sl->set, sc->shg.set, sc->shg.nset * 8);
	sl->nset = sc->shg.nset;
	if ((sl->err = keep_positions(b, sc, sl)))
		return;
	if ((sl->err = wt_shingle_digest(&sc->shg, &sc->norm, b->digest_key,
					  sl->digest)))
		return;
	wt_minhash_sign(b->mh, sl->set, sl->nset, sc->sig);
	wt_lsh_band_keys(sc->sig, b->sh, b->band_key, sl->keys);
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	wt_batcher *b = w->b;
	unsigned seen = 0;
	for (;;) {
		pthread_mutex_lock(&b->mu);
		while (!b->quit && b->gen == seen)
			pthread_cond_wait(&b->go, &b->mu);
		if (b->quit) {
			pthread_mutex_unlock(&b->mu);
			return NULL;
		}
		seen = b->gen;
		batch *bt = b->busy;
		pthread_mutex_unlock(&b->mu);
		for (;;) {
			size_t i = atomic_fetch_add(&b->next, 1);
			if (i >= bt->n)
				break;
			process(b, &w->sc, bt, i);
		}
		pthread_mutex_lock(&b->mu);
		if (--b->active == 0)
			pthread_cond_signal(&b->done);
		pthread_mutex_unlock(&b->mu);
	}
}

/* Wait until the workers are done with the busy batch, taking its
 * remaining documents meanwhile (its own scratch is free with workers). */
static void wait_busy(wt_batcher *b)
{
	if (!b->busy || !b->nw)
		return;
	for (;;) {
		size_t i = atomic_fetch_add(&b->next, 1);
		if (i >= b->busy->n)
			break;
		process(b, &b->main, b->busy, i);
	}
	pthread_mutex_lock(&b->mu);
	while (b->active)
		pthread_cond_wait(&b->done, &b->mu);
	pthread_mutex_unlock(&b->mu);
}

/* Commit the processed batch bt in order, and empty it. */
static wt_err commit_batch(wt_batcher *b, batch *bt)
{
	wt_err e = WT_OK;
	for (size_t i = 0; i < bt->n && !e; i++) {
		slot *sl = &bt->slot[i];
		if ((e = sl->err))
			break;
		wt_item it = {.tag = sl->tag, .set = sl->set, .nset = sl->nset,
			      .keys = sl->keys, .tok = sl->tok, .span = sl->span,
			      .spans = sl->spans,
			      .ntok = sl->ntok, .fp = sl->fp, .nfp = sl->nfp,
			      .bp = sl->bp, .nbp = sl->nbp,
			      .text = {bt->arena + sl->text_off, sl->text_len},
			      .invalid = sl->invalid, .boiler = sl->boiler,
			      .learned = sl->learned,
			      .source = {bt->arena + sl->src_off, sl->src_len},
			      .credits = sl->nset ? sl->credits : 0};
		memcpy(it.digest, sl->digest, sizeof it.digest);
		for (int m = 0; m < WT_META_COUNT; m++)
			if (sl->meta_present[m])
				it.meta[m] = (wt_str){bt->arena + sl->meta_off[m],
						      sl->meta_len[m]};
		e = b->commit(b->ctx, &it);
	}
	bt->n = 0;
	bt->len = 0;
	return e;
}

/* Hand the fill batch to the workers (or process it here), then commit
 * the batch they had: the workers run while the caller commits (the
 * spool writes) and fills the next batch into the committed one. */
static wt_err start_fill(wt_batcher *b)
{
	wait_busy(b);
	batch *done = b->busy, *bt = b->fill;
	b->busy = bt;
	b->fill = bt == &b->bat[0] ? &b->bat[1] : &b->bat[0];
	if (!b->nw) {
		for (size_t i = 0; i < bt->n; i++)
			process(b, &b->main, bt, i);
	} else {
		pthread_mutex_lock(&b->mu);
		atomic_store(&b->next, 0);
		b->active = b->nw;
		b->gen++;
		pthread_cond_broadcast(&b->go);
		pthread_mutex_unlock(&b->mu);
	}
	return done ? commit_batch(b, done) : WT_OK;
}

static wt_err batch_init(batch *bt, wt_lsh_shape sh)
{
	bt->slot = calloc(BATCH_DOCS, sizeof *bt->slot);
	if (!bt->slot)
		return WT_E_NOMEM;
	for (size_t i = 0; i < BATCH_DOCS; i++)
		if (!(bt->slot[i].keys = malloc((sh.bands ? sh.bands : 1) * 8)))
			return WT_E_NOMEM;
	return WT_OK;
}

static void batch_release(batch *bt)
{
	if (bt->slot)
		for (size_t i = 0; i < BATCH_DOCS; i++) {
			free(bt->slot[i].set);
			free(bt->slot[i].keys);
			free(bt->slot[i].tok);
			free(bt->slot[i].span);
			free(bt->slot[i].bp);
			free(bt->slot[i].fp);
		}
	free(bt->slot);
	free(bt->arena);
}

wt_err wt_batcher_new(unsigned threads, int boiler, const wt_learn *learn,
		      unsigned shingle,
		      unsigned winnow, const wt_minhash *mh, wt_lsh_shape sh,
		      uint64_t band_key, wt_commit_fn *commit, void *ctx,
		      wt_batcher **out)
{
	*out = NULL;
	wt_batcher *b = calloc(1, sizeof *b);
	if (!b)
		return WT_E_NOMEM;
	*b = (wt_batcher){.boiler = boiler, .learn = learn, .shingle = shingle,
			  .winnow = winnow,
			  .mh = mh, .sh = sh,
			  .band_key = band_key, .commit = commit, .ctx = ctx};
	wt_digest_key(band_key, b->digest_key);
	b->fill = &b->bat[0];
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->go, NULL);
	pthread_cond_init(&b->done, NULL);
	wt_err e;
	if ((e = wt_credit_table_new(&b->credit)) ||
	    (e = batch_init(&b->bat[0], sh)) || (e = batch_init(&b->bat[1], sh)) ||
	    (e = scratch_init(&b->main, mh->k)))
		goto out_free;
	if (threads > 1) {
		b->w = calloc(threads, sizeof *b->w);
		if (!b->w) {
			e = WT_E_NOMEM;
			goto out_free;
		}
		for (unsigned i = 0; i + 1 < threads; i++) {
			b->w[i].b = b;
			if ((e = scratch_init(&b->w[i].sc, mh->k)))
				goto out_free;
			if (pthread_create(&b->w[i].t, NULL, worker_main, &b->w[i])) {
				scratch_release(&b->w[i].sc);
				e = WT_E_NOMEM;
				goto out_free;
			}
			b->nw++;
		}
	}
	*out = b;
	return WT_OK;
out_free:
	wt_batcher_free(b);
	return e;
}

void wt_batcher_free(wt_batcher *b)
{
	if (!b)
		return;
	if (b->nw) {
		pthread_mutex_lock(&b->mu);
		while (b->active) /* let a running batch end before tearing down */
			pthread_cond_wait(&b->done, &b->mu);
		b->quit = 1;
		pthread_cond_broadcast(&b->go);
		pthread_mutex_unlock(&b->mu);
		for (unsigned i = 0; i < b->nw; i++) {
			pthread_join(b->w[i].t, NULL);
			scratch_release(&b->w[i].sc);
		}
	}
	free(b->w);
	scratch_release(&b->main);
	wt_credit_table_free(b->credit);
	batch_release(&b->bat[0]);
	batch_release(&b->bat[1]);
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->go);
	pthread_cond_destroy(&b->done);
	free(b);
}

static wt_err copy_in(batch *bt, const wt_str *s, size_t *off)
{
	wt_err e = wt_grow((void **)&bt->arena, &bt->cap, bt->len + s->n, 1,
			   SIZE_MAX);
	if (e)
		return e;
	if (s->n)
		memcpy(bt->arena + bt->len, s->p, s->n);
	*off = bt->len;
	bt->len += s->n;
	return WT_OK;
}

wt_err wt_batcher_add(wt_batcher *b, uint64_t tag, const wt_str *text,
		      const wt_str meta[WT_META_COUNT], const wt_str *source)
{
	batch *bt = b->fill;
	slot *sl = &bt->slot[bt->n];
	wt_err e = copy_in(bt, text, &sl->text_off);
	if (e)
		return e;
	sl->text_len = text->n;
	for (int m = 0; m < WT_META_COUNT; m++) {
		sl->meta_present[m] = meta[m].p != NULL;
		sl->meta_len[m] = meta[m].n;
		if (meta[m].p && (e = copy_in(bt, &meta[m], &sl->meta_off[m])))
			return e;
	}
	sl->src_len = source ? source->n : 0;
	if (sl->src_len && (e = copy_in(bt, source, &sl->src_off)))
		return e;
	sl->tag = tag;
	sl->err = WT_OK;
	bt->n++;
	if (bt->n == BATCH_DOCS || bt->len >= BATCH_BYTES)
		return start_fill(b);
	return WT_OK;
}

wt_err wt_batcher_flush(wt_batcher *b)
{
	wt_err e = WT_OK;
	if (b->fill->n)
		e = start_fill(b);
	wait_busy(b);
	batch *bt = b->busy;
	b->busy = NULL;
	if (!e && bt)
		e = commit_batch(b, bt);
	return e;
}
