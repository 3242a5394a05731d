/* oracle: exact ground truth for scan. Reads the same inputs with the same
 * reader, normalizer and shingler, and finds every pair with Jaccard >=
 * threshold by brute force over an inverted index (no sketching). With
 * --check FILE (a `scan --format json` report) it scores the report:
 * recall per Jaccard band and precision, and fails below the minimums.
 *   oracle [--shingle N] [--threshold T] [--check report.json]
 *          [--min-recall-high R] [--min-recall-low R] [--pairs]
 *          [--no-boilerplate] PATH... */
#include "wiretrace.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char *id;
	uint64_t *set;
	size_t n;
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

static void load(const char *path, unsigned shingle)
{
	wt_read_opts ro;
	wt_read_opts_default(&ro);
	wt_reader *r;
	if (wt_reader_open(path, &ro, &r))
		die("cannot open input");
	wt_norm nz;
	wt_shingles sh;
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
		if (!no_boiler) /* the same words scan shingles */
			wt_boiler_mark(&nz, d.f[WT_F_TEXT].p, d.f[WT_F_TEXT].n, &bst);
		if (wt_shingle(&sh, &nz, shingle))
			die("shingle failed");
		docs = realloc(docs, (ndocs + 1) * sizeof *docs);
		odoc *o = &docs[ndocs++];
		o->id = strndup(d.f[WT_F_ID].p, d.f[WT_F_ID].n);
		o->n = sh.nset;
		o->set = malloc((sh.nset ? sh.nset : 1) * 8);
		memcpy(o->set, sh.set, sh.nset * 8);
		wt_shingle_digest(&nz, o->digest);
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

static int check(const char *report, double t, const opair *pairs, size_t np,
		 double min_high, double min_low)
{
	json_error_t err;
	json_t *root = json_load_file(report, 0, &err);
	if (!root)
		die("cannot parse the report");
	byid = malloc((ndocs ? ndocs : 1) * sizeof *byid);
	for (size_t i = 0; i < ndocs; i++)
		byid[i] = (idx){docs[i].id, (uint32_t)i};
	qsort(byid, ndocs, sizeof *byid, cmp_idx);
	uint32_t *rep = malloc((ndocs ? ndocs : 1) * sizeof *rep);
	for (size_t i = 0; i < ndocs; i++)
		rep[i] = (uint32_t)i;
	opair *near = NULL;
	size_t nnear = 0, bad = 0, reported = 0;
	json_t *arr = json_object_get(root, "pairs"), *v;
	size_t i;
	near = malloc((json_array_size(arr) + 1) * sizeof *near);
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
	printf("precision:            %.4f (%zu of %zu reported pairs verified)\n",
	       prec, reported - bad, reported);
	json_decref(root);
	free(near);
	free(rep);
	free(byid);
	int ok = rh >= min_high && rl >= min_low && bad == 0;
	if (!ok)
		printf("oracle: FAILED (minimum recall %.2f / %.2f, precision 1)\n",
		       min_high, min_low);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	unsigned shingle = 5;
	double t = 0.5, min_high = 0, min_low = 0;
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
			shingle = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--threshold"))
			t = atof(argv[++i]);
		else if (!strcmp(argv[i], "--check"))
			report = argv[++i];
		else if (!strcmp(argv[i], "--min-recall-high"))
			min_high = atof(argv[++i]);
		else if (!strcmp(argv[i], "--min-recall-low"))
			min_low = atof(argv[++i]);
		else
			die("unknown option");
	}
	if (i == argc)
		die("usage: oracle [options] PATH...");
	for (; i < argc; i++)
		load(argv[i], shingle);
	size_t np;
	opair *pairs = all_pairs(t, &np);
	if (print)
		for (size_t k = 0; k < np; k++)
			printf("%s\t%s\t%.6f\n", docs[pairs[k].a].id, docs[pairs[k].b].id,
			       pairs[k].j);
	int rc = report ? check(report, t, pairs, np, min_high, min_low) : 0;
	for (size_t k = 0; k < ndocs; k++) {
		free(docs[k].id);
		free(docs[k].set);
	}
	free(docs);
	free(pairs);
	return rc;
}
