/* oracle: exact ground truth for scan. Reads the same inputs with the same
 * reader, normalizer and shingler, and finds every pair with Jaccard >=
 * threshold by brute force over an inverted index (no sketching). With
 * --check FILE (a `scan --format json` report) it scores the report:
 * near-duplicates (pairs of kind exact and near): recall per Jaccard band
 * and precision; reuse (when the report has min_passage > 0): every two
 * representatives sharing a run of min_passage consecutive kept words,
 * found exactly by joining the hashes of all such windows, against the
 * pairs reported (recall, any kind) and the reuse pairs reported
 * (precision: those sharing such a run). Fails below the minimums.
 *   oracle [--shingle N] [--threshold T] [--check report.json]
 *          [--min-recall-high R] [--min-recall-low R] [--pairs]
 *          [--fp-df-cap N] [--min-reuse-recall R]
 *          [--min-reuse-precision P] [--no-boilerplate]
 *          [--boilerplate-pages N] PATH...
 * Boilerplate (unless --no-boilerplate) is set aside exactly as scan does:
 * the markers of boiler.h and the lines learned per source (learn.h) in
 * a first pass over the same inputs. */
#include "wiretrace.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

typedef struct {
	char *id;
	uint64_t *set;
	size_t n;
	uint64_t *tok; /* kept-token hashes, in order */
	size_t ntok;
	uint64_t *seq; /* shingle hashes, in order (for fingerprints) */
	size_t nseq;
	uint8_t digest[WT_DIGEST_BYTES];
} odoc;

typedef struct {
	uint32_t a, b; /* a < b as document numbers */
	double j;
} opair;

static odoc *docs;
static size_t ndocs;

static void die(const char *msg)
{
	fprintf(stderr, "oracle: %s\n", msg);
	exit(2);
}

static int no_boiler;
static size_t fp_df_cap = 100; /* scan's --fp-df-cap */
static wt_learn *learn;        /* the lines scan learns (learn.h) */
static unsigned learn_pages = 5; /* scan's --boilerplate-pages */

/* First pass, as scan does it: learn each source's repeated lines. */
static void learn_path(const char *path)
{
	wt_read_opts ro;
	wt_read_opts_default(&ro);
	wt_reader *r;
	if (wt_reader_open(path, &ro, &r))
		die("cannot open input");
	for (;;) {
		wt_doc d;
		int done;
		wt_err e = wt_reader_next(r, &d, &done);
		if (e)
			continue;
		if (done)
			break;
		wt_str src = wt_learn_source(&d);
		if (wt_learn_add(learn, &src, d.f[WT_F_TEXT].p, d.f[WT_F_TEXT].n))
			die("learning failed");
	}
	wt_reader_free(r);
}

static void load(const char *path, unsigned shingle)
{
	wt_read_opts ro;
	wt_read_opts_default(&ro);
	wt_reader *r;
	if (wt_reader_open(path, &ro, &r))
		die("cannot open input");
	wt_norm nz;
	wt_shingles sh;
	uint8_t dkey[WT_DIGEST_KEY_BYTES];
	wt_digest_key(1, dkey); /* any key: digests meet only each other */
	wt_norm_init(&nz);
	wt_shingles_init(&sh);
	for (;;) {
		wt_doc d;
		int done;
		wt_err e = wt_reader_next(r, &d, &done);
		if (e)
			continue; /* scan skips the same records with --on-error skip */
		if (done)
			break;
		if (wt_norm_text(&nz, d.f[WT_F_TEXT].p, d.f[WT_F_TEXT].n))
			die("normalize failed");
		wt_boiler_stats bst;
		if (!no_boiler) { /* the same words scan shingles */
			wt_str src = wt_learn_source(&d);
			wt_boiler_mark(&nz, d.f[WT_F_TEXT].p, d.f[WT_F_TEXT].n, &bst);
			wt_learn_mark(learn, &src, &nz, d.f[WT_F_TEXT].p,
				      d.f[WT_F_TEXT].n);
		}
		if (wt_shingle(&sh, &nz, shingle))
			die("shingle failed");
		docs = realloc(docs, (ndocs + 1) * sizeof *docs);
		odoc *o = &docs[ndocs++];
		o->id = strndup(d.f[WT_F_ID].p, d.f[WT_F_ID].n);
		o->n = sh.nset;
		o->set = malloc((sh.nset ? sh.nset : 1) * 8);
		memcpy(o->set, sh.set, sh.nset * 8);
		o->ntok = sh.ntok;
		o->tok = malloc((sh.ntok ? sh.ntok : 1) * 8);
		memcpy(o->tok, sh.tok, sh.ntok * 8);
		o->nseq = sh.nseq;
		o->seq = malloc((sh.nseq ? sh.nseq : 1) * 8);
		memcpy(o->seq, sh.seq, sh.nseq * 8);
		if (!o->id || !o->set || !o->tok || !o->seq)
			die("out of memory");
		if (wt_shingle_digest(&sh, &nz, dkey, o->digest))
			die("out of memory");
	}
	wt_norm_release(&nz);
	wt_shingles_release(&sh);
	wt_reader_free(r);
}

typedef struct {
	uint64_t h;
	uint32_t doc;
} post;

static int cmp_post(const void *x, const void *y)
{
	const post *a = x, *b = y;
	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return (a->doc > b->doc) - (a->doc < b->doc);
}

/* All pairs with Jaccard >= t: postings sorted by shingle; for each doc,
 * count shared shingles with every later doc in a dense counter. */
static opair *all_pairs(double t, size_t *np)
{
	size_t total = 0;
	for (size_t i = 0; i < ndocs; i++)
		total += docs[i].n;
	post *p = malloc((total ? total : 1) * sizeof *p);
	size_t k = 0;
	for (size_t i = 0; i < ndocs; i++)
		for (size_t s = 0; s < docs[i].n; s++)
			p[k++] = (post){docs[i].set[s], (uint32_t)i};
	qsort(p, total, sizeof *p, cmp_post);
	uint32_t *cnt = calloc(ndocs ? ndocs : 1, sizeof *cnt);
	uint32_t *touched = malloc((ndocs ? ndocs : 1) * sizeof *touched);
	opair *out = NULL;
	size_t nout = 0, cap = 0;
	for (size_t i = 0; i < ndocs; i++) {
		size_t nt = 0;
		for (size_t s = 0; s < docs[i].n; s++) {
			/* binary search the first posting of this shingle */
			size_t lo = 0, hi = total;
			uint64_t h = docs[i].set[s];
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (p[mid].h < h)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < total && p[lo].h == h; lo++) {
				uint32_t j = p[lo].doc;
				if (j <= i)
					continue;
				if (!cnt[j]++)
					touched[nt++] = j;
			}
		}
		for (size_t x = 0; x < nt; x++) {
			uint32_t j = touched[x];
			double jac = (double)cnt[j] /
				     (double)(docs[i].n + docs[j].n - cnt[j]);
			cnt[j] = 0;
			if (jac < t)
				continue;
			if (nout == cap)
				out = realloc(out, (cap = cap ? 2 * cap : 1024) * sizeof *out);
			out[nout++] = (opair){(uint32_t)i, j, jac};
		}
	}
	free(p);
	free(cnt);
	free(touched);
	*np = nout;
	return out;
}

static int cmp_pair(const void *x, const void *y)
{
	const opair *a = x, *b = y;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (a->b > b->b) - (a->b < b->b);
}

typedef struct {
	const char *id;
	uint32_t doc;
} idx;

static idx *byid;

static int cmp_idx(const void *x, const void *y)
{
	return strcmp(((const idx *)x)->id, ((const idx *)y)->id);
}

static int64_t find_id(const char *id)
{
	idx key = {id, 0};
	idx *f = bsearch(&key, byid, ndocs, sizeof *byid, cmp_idx);
	return f ? (int64_t)f->doc : -1;
}

static uint32_t find_rep(uint32_t *rep, uint32_t x)
{
	while (rep[x] != x)
		x = rep[x];
	return x;
}

/* ---- sets of pairs: x << 32 | y, x < y, as sorted vectors ---- */

typedef struct {
	uint64_t *v;
	size_t n, cap, uniq;
} pairset;

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

static void ps_compact(pairset *s)
{
	if (!s->n)
		return;
	qsort(s->v, s->n, 8, cmp_u64);
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!k || s->v[k - 1] != s->v[i])
			s->v[k++] = s->v[i];
	s->n = s->uniq = k;
}

/* Add the pair {x, y}; a long run of repeats is compacted as it comes
 * (the windows of one shared passage all give the same pairs). */
static void ps_add(pairset *s, uint32_t x, uint32_t y)
{
	if (s->n == s->cap) {
		if (s->n > 2 * s->uniq + ((size_t)1 << 20))
			ps_compact(s);
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 1024;
			s->v = realloc(s->v, s->cap * 8);
			if (!s->v)
				die("out of memory");
		}
	}
	s->v[s->n++] = x < y ? (uint64_t)x << 32 | y : (uint64_t)y << 32 | x;
}

static int ps_has(const pairset *s, uint32_t x, uint32_t y)
{
	uint64_t k = x < y ? (uint64_t)x << 32 | y : (uint64_t)y << 32 | x;
	return s->n && bsearch(&k, s->v, s->n, 8, cmp_u64) != NULL;
}

/* ---- reuse ground truth ---- */

/* Representatives: the smallest id (byte order, as scan) of each group of
 * documents with equal digests; documents without shingles are none. */
static int cmp_digest_id(const void *x, const void *y)
{
	const idx *a = x, *b = y;
	int c = memcmp(docs[a->doc].digest, docs[b->doc].digest, WT_DIGEST_BYTES);
	return c ? c : strcmp(a->id, b->id);
}

static uint32_t *representatives(void)
{
	uint32_t *rep = malloc((ndocs ? ndocs : 1) * sizeof *rep);
	idx *ord = malloc((ndocs ? ndocs : 1) * sizeof *ord);
	if (!rep || !ord)
		die("out of memory");
	size_t n = 0;
	for (size_t i = 0; i < ndocs; i++) {
		rep[i] = UINT32_MAX;
		if (docs[i].n)
			ord[n++] = (idx){docs[i].id, (uint32_t)i};
	}
	qsort(ord, n, sizeof *ord, cmp_digest_id);
	for (size_t k = 0; k < n; k++) {
		int same = k && !memcmp(docs[ord[k].doc].digest,
					docs[ord[k - 1].doc].digest, WT_DIGEST_BYTES);
		rep[ord[k].doc] = same ? rep[ord[k - 1].doc] : ord[k].doc;
	}
	free(ord);
	return rep;
}

/* Every two representatives sharing a window of len consecutive kept
 * words, into tier[t] for the first t whose bound[t] >= the number of
 * representatives holding the window (bounds ascending, the last
 * SIZE_MAX): a pair sits in every tier of some window it shares. */
static void shared_runs(const uint32_t *rep, size_t len, pairset *tier,
			const size_t *bound, size_t ntier, size_t *max_df)
{
	size_t total = 0;
	for (size_t i = 0; i < ndocs; i++)
		if (rep[i] == i && docs[i].ntok >= len)
			total += docs[i].ntok - len + 1;
	post *p = malloc((total ? total : 1) * sizeof *p);
	if (!p)
		die("out of memory");
	size_t k = 0;
	for (size_t i = 0; i < ndocs; i++) {
		if (rep[i] != i || docs[i].ntok < len)
			continue;
		for (size_t w = 0; w + len <= docs[i].ntok; w++)
			p[k++] = (post){XXH3_64bits(docs[i].tok + w, len * 8), (uint32_t)i};
	}
	qsort(p, total, sizeof *p, cmp_post);
	*max_df = 0;
	for (size_t i = 0, j; i < total; i = j) {
		size_t df = 0;
		for (j = i; j < total && p[j].h == p[i].h; j++)
			if (j == i || p[j].doc != p[j - 1].doc)
				p[i + df++].doc = p[j].doc; /* distinct docs, packed */
		if (df > *max_df)
			*max_df = df;
		size_t t = 0;
		while (df > bound[t])
			t++;
		for (size_t x = 0; x < df; x++)
			for (size_t y = x + 1; y < df; y++)
				ps_add(&tier[t], p[i + x].doc, p[i + y].doc);
	}
	free(p);
	for (size_t t = 0; t < ntier; t++)
		ps_compact(&tier[t]);
}

/* The candidate pairs scan aligns: representatives sharing a winnowed
 * fingerprint held by at most cap of them (the library's own join). */
static void fingerprint_pairs(const uint32_t *rep, unsigned shingle,
			      size_t len, size_t cap, pairset *cand)
{
	unsigned w = wt_winnow_window((unsigned)len, shingle);
	size_t total = 0;
	for (size_t i = 0; i < ndocs; i++)
		if (rep[i] == i)
			total += docs[i].nseq;
	uint64_t *postings = malloc((total ? total : 1) * 8);
	wt_fp *fp = NULL;
	size_t fp_cap = 0, k = 0;
	if (!postings)
		die("out of memory");
	for (size_t i = 0; i < ndocs; i++) {
		if (rep[i] != i)
			continue;
		if (docs[i].nseq > fp_cap) {
			fp_cap = docs[i].nseq;
			fp = realloc(fp, fp_cap * sizeof *fp);
			if (!fp)
				die("out of memory");
		}
		size_t nfp = wt_winnow(docs[i].seq, docs[i].nseq, w, fp);
		for (size_t f = 0; f < nfp; f++)
			postings[k++] = (uint64_t)fp[f].hash << 32 | (uint32_t)i;
	}
	free(fp);
	uint64_t *pairs;
	size_t np;
	wt_passage_stats st;
	if (wt_passage_candidates(postings, k, cap, 1, &pairs, &np, &st))
		die("fingerprint join failed");
	free(postings);
	*cand = (pairset){pairs, np, np, np};
}

/* Longest run of equal words of docs x and y: binary search on the length
 * over rolling window hashes (a diagnostic: collisions only overstate). */
static size_t longest_run(uint32_t x, uint32_t y)
{
	const odoc *a = &docs[x], *b = &docs[y];
	size_t lo = 0, hi = a->ntok < b->ntok ? a->ntok : b->ntok;
	uint64_t *ha = malloc((a->ntok + 1) * 8), *hb = malloc((b->ntok + 1) * 8);
	if (!ha || !hb)
		die("out of memory");
	const uint64_t mul = 0x9E3779B97F4A7C15ull;
	while (lo < hi) {
		size_t len = lo + (hi - lo + 1) / 2, na = 0, nb = 0;
		uint64_t pw = 1;
		for (size_t i = 0; i < len; i++)
			pw *= mul;
		const odoc *d[2] = {a, b};
		uint64_t *out[2] = {ha, hb};
		size_t *cnt[2] = {&na, &nb};
		for (int s = 0; s < 2; s++) {
			uint64_t h = 0;
			for (size_t i = 0; i < d[s]->ntok; i++) {
				h = h * mul + d[s]->tok[i];
				if (i >= len)
					h -= pw * d[s]->tok[i - len];
				if (i + 1 >= len)
					out[s][(*cnt[s])++] = h;
			}
		}
		qsort(ha, na, 8, cmp_u64);
		int found = 0;
		for (size_t i = 0; i < nb && !found; i++)
			found = bsearch(&hb[i], ha, na, 8, cmp_u64) != NULL;
		if (found)
			lo = len;
		else
			hi = len - 1;
	}
	free(ha);
	free(hb);
	return lo;
}

typedef struct {
	uint32_t a, b;
	json_t *pair; /* borrowed from the report */
} rpair;

/* Score the reuse pairs of the report. reported: every reported pair
 * (any kind); reuse: the reuse pairs. Returns the number of errors. */
static size_t check_reuse(size_t len, unsigned shingle, double t,
			  const pairset *reported, const rpair *reuse,
			  size_t nreuse, double min_recall, double min_prec,
			  int *ok)
{
	uint32_t *rep = representatives();
	/* tiers by the fewest documents holding a shared run: few (a
	 * passage), up to the cap, over the cap (a stock phrase: exempt) */
	enum { FEW = 10 };
	size_t bound[3] = {FEW < fp_df_cap ? FEW : fp_df_cap, fp_df_cap, SIZE_MAX};
	pairset tier[3] = {{0}}, cand;
	size_t max_df, bad = 0;
	shared_runs(rep, len, tier, bound, 3, &max_df);
	fingerprint_pairs(rep, shingle, len, fp_df_cap, &cand);
	/* recall over pairs sharing a run held by at most the cap */
	size_t nrare = 0, hit = 0, no_fp[2] = {0}, no_passage = 0, exempt = 0,
	       exempt_hit = 0;
	for (int r = 0; r < 2; r++)
		for (size_t k = 0; k < tier[r].n; k++) {
			uint32_t x = (uint32_t)(tier[r].v[k] >> 32);
			uint32_t y = (uint32_t)tier[r].v[k];
			if (r && ps_has(&tier[0], x, y))
				continue;
			nrare++;
			if (ps_has(reported, x, y)) {
				hit++;
				continue;
			}
			int c = ps_has(&cand, x, y);
			no_fp[r] += !c;
			no_passage += c;
			if (getenv("ORACLE_VERBOSE") || (c && no_passage <= 5))
				fprintf(stderr, "reuse missed %s %s: %s; a shared run "
					"held by <= %zu documents, longest run %zu\n",
					docs[x].id, docs[y].id,
					c ? "a candidate aligned without a passage"
					  : "no shared fingerprint held by <= fp-df-cap",
					bound[r], longest_run(x, y));
		}
	for (size_t k = 0; k < tier[2].n; k++) {
		uint32_t x = (uint32_t)(tier[2].v[k] >> 32), y = (uint32_t)tier[2].v[k];
		if (ps_has(&tier[0], x, y) || ps_has(&tier[1], x, y))
			continue;
		exempt++;
		exempt_hit += ps_has(reported, x, y);
	}
	/* precision: reported reuse pairs sharing an exact run of len words */
	size_t exact_run = 0, shown = 0;
	for (size_t k = 0; k < nreuse; k++) {
		uint32_t x = reuse[k].a, y = reuse[k].b;
		json_t *v = reuse[k].pair;
		if (rep[x] != x || rep[y] != y) {
			fprintf(stderr, "oracle: reuse pair %s %s: not two "
				"representatives\n", docs[x].id, docs[y].id);
			bad++;
			continue;
		}
		wt_sim sim = wt_verify_sets(docs[x].set, docs[x].n, docs[y].set,
					    docs[y].n);
		double jr = json_real_value(json_object_get(v, "jaccard"));
		if (sim.jaccard >= t || sim.jaccard - jr > 1e-4 ||
		    jr - sim.jaccard > 1e-4) {
			fprintf(stderr, "oracle: reuse pair %s %s: exact J %.6f, "
				"reported %.4f (threshold %.2f)\n", docs[x].id,
				docs[y].id, sim.jaccard, jr, t);
			bad++;
		}
		json_t *pas = json_object_get(v, "passages");
		if (!json_array_size(pas)) {
			fprintf(stderr, "oracle: reuse pair %s %s has no passage\n",
				docs[x].id, docs[y].id);
			bad++;
		}
		if (ps_has(&tier[0], x, y) || ps_has(&tier[1], x, y) ||
		    ps_has(&tier[2], x, y)) {
			exact_run++;
			continue;
		}
		if (shown++ >= 5 && !getenv("ORACLE_VERBOSE"))
			continue;
		printf("  reuse without a %zu-word run: %s %s, longest run %zu, "
		       "passages", len, docs[x].id, docs[y].id, longest_run(x, y));
		size_t i;
		json_t *ps;
		json_array_foreach(pas, i, ps)
			printf(" %lld words identity %.3f",
			       (long long)json_integer_value(json_object_get(ps, "words")),
			       json_number_value(json_object_get(ps, "identity")));
		printf("\n");
	}
	size_t ntrue = nrare + exempt;
	double recall = nrare ? (double)hit / (double)nrare : 1.0;
	double prec = nreuse ? (double)exact_run / (double)nreuse : 1.0;
	printf("oracle: %zu true reuse pairs sharing a run of >= %zu words "
	       "(the most common run: %zu documents)\n", ntrue, len, max_df);
	printf("reuse recall:         %.4f (%zu of %zu sharing a run held by <= "
	       "%zu documents)\n", recall, hit, nrare, fp_df_cap);
	printf("reuse missed:         %zu with no shared fingerprint held by <= "
	       "%zu (their rarest shared run: <= %zu documents %zu, <= %zu "
	       "documents %zu); %zu candidates aligned without a passage\n",
	       no_fp[0] + no_fp[1], fp_df_cap, bound[0], no_fp[0], bound[1],
	       no_fp[1], no_passage);
	printf("reuse exempt:         %zu pairs share only runs held by > %zu "
	       "documents (%zu reported)\n", exempt, fp_df_cap, exempt_hit);
	printf("reuse precision:      %.4f (%zu of %zu reported reuse pairs share "
	       "a run of >= %zu words)\n", prec, exact_run, nreuse, len);
	if (recall < min_recall || prec < min_prec || bad) {
		printf("oracle: reuse FAILED (minimum recall %.4f, precision %.4f, "
		       "%zu errors)\n", min_recall, min_prec, bad);
		*ok = 0;
	}
	for (int r = 0; r < 3; r++)
		free(tier[r].v);
	free(cand.v);
	free(rep);
	return bad;
}

typedef struct {
	double min_high, min_low;          /* near-duplicate recall floors */
	double min_reuse_recall, min_reuse_prec;
	unsigned shingle;
} floors;

static int check(const char *report, double t, const opair *pairs, size_t np,
		 const floors *fl)
{
	json_error_t err;
	json_t *root = json_load_file(report, 0, &err);
	if (!root)
		die("cannot parse the report");
	json_t *params = json_object_get(root, "params");
	json_int_t mp = json_integer_value(json_object_get(params, "min_passage"));
	if (json_integer_value(json_object_get(params, "shingle")) != fl->shingle)
		die("the report's shingle differs from --shingle");
	byid = malloc((ndocs ? ndocs : 1) * sizeof *byid);
	for (size_t i = 0; i < ndocs; i++)
		byid[i] = (idx){docs[i].id, (uint32_t)i};
	qsort(byid, ndocs, sizeof *byid, cmp_idx);
	uint32_t *rep = malloc((ndocs ? ndocs : 1) * sizeof *rep);
	for (size_t i = 0; i < ndocs; i++)
		rep[i] = (uint32_t)i;
	opair *near = NULL;
	rpair *reuse = NULL;
	pairset all = {0};
	size_t nnear = 0, nreuse = 0, bad = 0, reported = 0;
	json_t *arr = json_object_get(root, "pairs"), *v;
	size_t i;
	near = malloc((json_array_size(arr) + 1) * sizeof *near);
	reuse = malloc((json_array_size(arr) + 1) * sizeof *reuse);
	json_array_foreach(arr, i, v) {
		int64_t a = find_id(json_string_value(json_object_get(v, "a")));
		int64_t b = find_id(json_string_value(json_object_get(v, "b")));
		const char *kind = json_string_value(json_object_get(v, "kind"));
		double jr = json_real_value(json_object_get(v, "jaccard"));
		if (a < 0 || b < 0 || !kind) {
			fprintf(stderr, "oracle: pair %zu names an unknown id\n", i);
			bad++;
			continue;
		}
		ps_add(&all, (uint32_t)a, (uint32_t)b);
		/* reuse pairs are not near-duplicates: scored apart */
		if (!strcmp(kind, "reuse")) {
			reuse[nreuse++] = (rpair){(uint32_t)a, (uint32_t)b, v};
			continue;
		}
		reported++;
		if (!strcmp(kind, "exact")) {
			if (memcmp(docs[a].digest, docs[b].digest, WT_DIGEST_BYTES)) {
				fprintf(stderr, "oracle: exact pair %s %s differs\n",
					docs[a].id, docs[b].id);
				bad++;
			}
			rep[find_rep(rep, (uint32_t)b)] = find_rep(rep, (uint32_t)a);
			continue;
		}
		if (strcmp(kind, "near")) {
			fprintf(stderr, "oracle: pair %zu has kind %s\n", i, kind);
			bad++;
			continue;
		}
		wt_sim s = wt_verify_sets(docs[a].set, docs[a].n, docs[b].set,
					  docs[b].n);
		if (s.jaccard < t || s.jaccard - jr > 1e-4 || jr - s.jaccard > 1e-4) {
			fprintf(stderr, "oracle: near pair %s %s: exact J %.6f, "
				"reported %.4f\n", docs[a].id, docs[b].id, s.jaccard, jr);
			bad++;
		}
		near[nnear++] = a < b ? (opair){(uint32_t)a, (uint32_t)b, jr}
				      : (opair){(uint32_t)b, (uint32_t)a, jr};
	}
	ps_compact(&all);
	qsort(near, nnear, sizeof *near, cmp_pair);
	/* a true pair is found when both sides collapse onto one exact group
	 * or their representatives were reported as a near pair */
	size_t tot[2] = {0}, hit[2] = {0};
	for (size_t k = 0; k < np; k++) {
		int high = pairs[k].j >= 0.6 || t >= 0.6;
		uint32_t ra = find_rep(rep, pairs[k].a), rb = find_rep(rep, pairs[k].b);
		opair key = {ra < rb ? ra : rb, ra < rb ? rb : ra, 0};
		int found = ra == rb ||
			    bsearch(&key, near, nnear, sizeof *near, cmp_pair);
		tot[high]++;
		hit[high] += found;
		if (!found && getenv("ORACLE_VERBOSE"))
			fprintf(stderr, "missed %s %s J=%.4f\n", docs[pairs[k].a].id,
				docs[pairs[k].b].id, pairs[k].j);
	}
	double rh = tot[1] ? (double)hit[1] / (double)tot[1] : 1.0;
	double rl = tot[0] ? (double)hit[0] / (double)tot[0] : 1.0;
	double prec = reported ? (double)(reported - bad) / (double)reported : 1.0;
	printf("oracle: %zu documents, %zu true pairs with J >= %.2f\n", ndocs, np,
	       t);
	printf("recall J >= %.2f:      %.4f (%zu of %zu)\n", t > 0.6 ? t : 0.6, rh,
	       hit[1], tot[1]);
	if (t < 0.6)
		printf("recall J in [%.2f,0.6): %.4f (%zu of %zu)\n", t, rl, hit[0],
		       tot[0]);
	printf("precision:            %.4f (%zu of %zu reported exact and near "
	       "pairs verified)\n", prec, reported - bad, reported);
	int ok = rh >= fl->min_high && rl >= fl->min_low && bad == 0;
	if (!ok)
		printf("oracle: FAILED (minimum recall %.2f / %.2f, precision 1)\n",
		       fl->min_high, fl->min_low);
	if (mp > 0)
		check_reuse((size_t)mp, fl->shingle, t, &all, reuse, nreuse,
			    fl->min_reuse_recall, fl->min_reuse_prec, &ok);
	else if (nreuse) {
		printf("oracle: %zu reuse pairs in a report without min_passage\n",
		       nreuse);
		ok = 0;
	}
	json_decref(root);
	free(near);
	free(reuse);
	free(all.v);
	free(rep);
	free(byid);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	floors fl = {0, 0, 0, 0, 5};
	double t = 0.5;
	const char *report = NULL;
	int print = 0, i = 1;
	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--pairs")) {
			print = 1;
			continue;
		}
		if (!strcmp(argv[i], "--no-boilerplate")) {
			no_boiler = 1;
			continue;
		}
		if (i + 1 >= argc)
			die("option needs a value");
		if (!strcmp(argv[i], "--shingle"))
			fl.shingle = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--threshold"))
			t = atof(argv[++i]);
		else if (!strcmp(argv[i], "--check"))
			report = argv[++i];
		else if (!strcmp(argv[i], "--min-recall-high"))
			fl.min_high = atof(argv[++i]);
		else if (!strcmp(argv[i], "--min-recall-low"))
			fl.min_low = atof(argv[++i]);
		else if (!strcmp(argv[i], "--min-reuse-recall"))
			fl.min_reuse_recall = atof(argv[++i]);
		else if (!strcmp(argv[i], "--min-reuse-precision"))
			fl.min_reuse_prec = atof(argv[++i]);
		else if (!strcmp(argv[i], "--fp-df-cap"))
			fp_df_cap = (size_t)atol(argv[++i]);
		else if (!strcmp(argv[i], "--boilerplate-pages"))
			learn_pages = (unsigned)atoi(argv[++i]);
		else
			die("unknown option");
	}
	if (i == argc)
		die("usage: oracle [options] PATH...");
	if (!no_boiler) {
		wt_learn_opts lo;
		wt_learn_opts_default(&lo);
		lo.min_pages = learn_pages;
		if (wt_learn_new(&lo, &learn))
			die("learning failed");
		for (int k = i; k < argc; k++)
			learn_path(argv[k]);
		if (wt_learn_seal(learn))
			die("learning failed");
	}
	for (; i < argc; i++)
		load(argv[i], fl.shingle);
	wt_learn_free(learn);
	size_t np;
	opair *pairs = all_pairs(t, &np);
	if (print)
		for (size_t k = 0; k < np; k++)
			printf("%s\t%s\t%.6f\n", docs[pairs[k].a].id, docs[pairs[k].b].id,
			       pairs[k].j);
	int rc = report ? check(report, t, pairs, np, &fl) : 0;
	for (size_t k = 0; k < ndocs; k++) {
		free(docs[k].id);
		free(docs[k].set);
		free(docs[k].tok);
		free(docs[k].seq);
	}
	free(docs);
	free(pairs);
	return rc;
}
