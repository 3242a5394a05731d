/* bench_stages: seconds, MB/s and docs/s per pipeline stage on one core,
 * then the whole scan through the library on 1 and 2 threads with peak RSS.
 * The learned-boilerplate stages treat every document as one source.
 * Stages are timed per document with a monotonic clock, on the same
 * modules scan uses. Used by bench/bench.sh; never by make test.
 *   bench_stages [--shingle N] [--perm K] [--threshold T] PATH... */
#include "wiretrace.h"
#include "batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

enum { READ, LEARN, NORM, BOILER, MARK, SHINGLE, WINNOW, DIGEST, SIGN, BANDS,
       INDEX, VERIFY, PJOIN, ALIGN, CLUSTER, REPORT, NSTAGE };
static const char *stage_name[NSTAGE] = {
	"read (parse)", "learn (first pass)", "normalize", "boilerplate",
	"learned lines", "shingle", "fingerprints", "digest", "sign (MinHash)",
	"band keys", "index (LSH join)", "verify", "passage join", "align",
	"cluster", "report (JSON)"};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_stages: %s\n", what);
	exit(1);
}

static wt_err drop(void *ctx, const wt_item *it)
{
	(void)it;
	++*(size_t *)ctx;
	return WT_OK;
}

/* The per-document stages alone, through the batcher, from memory. */
static double batched(unsigned threads, const char *all, const size_t *off,
		      const size_t *len, size_t n, const wt_minhash *mh,
		      wt_lsh_shape sh, unsigned shingle)
{
	size_t got = 0;
	wt_batcher *b;
	wt_str meta[WT_META_COUNT] = {{0}, {0}, {0}, {0}};
	double t0 = now();
	if (wt_batcher_new(threads, 1, NULL, shingle, 11, mh, sh, 1, drop, &got, &b))
		die("batcher");
	for (size_t i = 0; i < n; i++) {
		wt_str t = {all + off[i], len[i]};
		if (wt_batcher_add(b, i, &t, meta, NULL))
			die("batcher");
	}
	if (wt_batcher_flush(b) || got != n)
		die("batcher");
	wt_batcher_free(b);
	return now() - t0;
}

static double whole_scan(char **paths, int npath, const wt_scan_opts *base,
			 unsigned threads)
{
	wt_scan_opts o = *base;
	o.threads = threads;
	o.skip_errors = 1;
	wt_scan *s;
	const wt_result *r;
	double t0 = now();
	if (wt_scan_new(&o, &s))
		die("scan_new");
	for (int i = 0; i < npath; i++)
		if (wt_scan_add_path(s, paths[i]))
			die("scan_add_path");
	if (wt_scan_finish(s, &r))
		die("scan_finish");
	FILE *f = fopen("/dev/null", "w");
	if (!f || wt_report_write(f, WT_FMT_JSON, s, r))
		die("report");
	fclose(f);
	wt_scan_free(s);
	return now() - t0;
}

int main(int argc, char **argv)
{
	wt_scan_opts so;
	wt_scan_opts_default(&so);
	int i = 1;
	for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (!strcmp(argv[i], "--shingle"))
			so.shingle = (unsigned)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--perm"))
			so.perm = (unsigned)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--threshold"))
			so.threshold = atof(argv[i + 1]);
		else
			die("unknown option");
	}
	if (i == argc)
		die("usage: bench_stages [--shingle N] [--perm K] [--threshold T] PATH...");
	double t[NSTAGE] = {0};
	wt_minhash mh;
	wt_lsh_shape sh;
	if (wt_minhash_init(&mh, so.perm, so.seed) ||
	    wt_lsh_choose(so.threshold, so.perm, &sh))
		die("parameters");
	wt_norm nz;
	wt_shingles sg;
	wt_norm_init(&nz);
	wt_shingles_init(&sg);
	uint32_t *sig = malloc(so.perm * sizeof *sig);
	uint64_t **sets = NULL, *keys = NULL;
	size_t *nset = NULL, nd = 0, cap = 0, ndocs = 0;
	wt_fp **fps = NULL, *fpbuf = NULL;
	size_t *nfp = NULL, fpbuf_cap = 0;
	uint32_t **toks = NULL;
	size_t *ntok = NULL;
	uint64_t *post = NULL;
	size_t npost = 0, post_cap = 0;
	unsigned win = wt_winnow_window(so.min_passage, so.shingle);
	wt_learn *learn;
	wt_learn_opts lo;
	wt_learn_opts_default(&lo);
	if (wt_learn_new(&lo, &learn))
		die("learn");
	uint32_t *docs = NULL;
	uint64_t bytes = 0;
	char *all = NULL; /* every text, for the batcher runs */
	size_t all_len = 0, all_cap = 0, *toff = NULL, *tlen = NULL, ntext = 0;
	uint8_t dg[WT_DIGEST_BYTES], dkey[WT_DIGEST_KEY_BYTES];
	wt_digest_key(1, dkey);
	for (int p = i; p < argc; p++) {
		wt_reader *r;
		wt_read_opts ro;
		wt_read_opts_default(&ro);
		if (wt_reader_open(argv[p], &ro, &r))
			die("cannot open input");
		for (;;) {
			wt_doc d;
			int done;
			double a = now();
			wt_err e = wt_reader_next(r, &d, &done);
			double b = now();
			t[READ] += b - a;
			if (e)
				continue;
			if (done)
				break;
			ndocs++;
			bytes += d.f[WT_F_TEXT].n;
			if (all_len + d.f[WT_F_TEXT].n > all_cap) {
				all_cap = 2 * (all_len + d.f[WT_F_TEXT].n);
				all = realloc(all, all_cap);
			}
			toff = realloc(toff, (ntext + 1) * sizeof *toff);
			tlen = realloc(tlen, (ntext + 1) * sizeof *tlen);
			memcpy(all + all_len, d.f[WT_F_TEXT].p, d.f[WT_F_TEXT].n);
			toff[ntext] = all_len;
			tlen[ntext++] = d.f[WT_F_TEXT].n;
			all_len += d.f[WT_F_TEXT].n;
			if (wt_norm_text(&nz, d.f[WT_F_TEXT].p, d.f[WT_F_TEXT].n))
				die("normalize");
			double bb = now();
			wt_boiler_stats bst;
			if (!so.no_boiler)
				wt_boiler_mark(&nz, d.f[WT_F_TEXT].p, d.f[WT_F_TEXT].n, &bst);
			double c = now();
			t[BOILER] += c - bb;
			if (wt_shingle(&sg, &nz, so.shingle))
				die("shingle");
			double dd = now();
			t[NORM] += bb - b;
			t[SHINGLE] += dd - c;
			if (!sg.nset)
				continue;
			if (fpbuf_cap < sg.nseq) {
				fpbuf_cap = 2 * sg.nseq;
				fpbuf = realloc(fpbuf, fpbuf_cap * sizeof *fpbuf);
			}
			size_t nf = wt_winnow(sg.seq, sg.nseq, win, fpbuf);
			wt_fp_sort(fpbuf, nf);
			t[WINNOW] += now() - dd;
			dd = now();
			if (wt_shingle_digest(&sg, &nz, dkey, dg))
				die("digest");
			double e1 = now();
			wt_minhash_sign(&mh, sg.set, sg.nset, sig);
			double e2 = now();
			if (nd == cap) {
				cap = cap ? 2 * cap : 1024;
				sets = realloc(sets, cap * sizeof *sets);
				nset = realloc(nset, cap * sizeof *nset);
				docs = realloc(docs, cap * sizeof *docs);
				keys = realloc(keys, cap * sh.bands * 8);
				fps = realloc(fps, cap * sizeof *fps);
				nfp = realloc(nfp, cap * sizeof *nfp);
				toks = realloc(toks, cap * sizeof *toks);
				ntok = realloc(ntok, cap * sizeof *ntok);
			}
			wt_lsh_band_keys(sig, sh, 12345, keys + nd * sh.bands);
			double e3 = now();
			t[DIGEST] += e1 - dd;
			t[SIGN] += e2 - e1;
			t[BANDS] += e3 - e2;
			sets[nd] = malloc(sg.nset * 8);
			memcpy(sets[nd], sg.set, sg.nset * 8);
			nset[nd] = sg.nset;
			docs[nd] = (uint32_t)nd;
			fps[nd] = malloc(nf * sizeof **fps);
			memcpy(fps[nd], fpbuf, nf * sizeof **fps);
			nfp[nd] = nf;
			toks[nd] = malloc(sg.ntok * 4 + 4);
			for (size_t k = 0; k < sg.ntok; k++)
				toks[nd][k] = (uint32_t)sg.tok[k];
			ntok[nd] = sg.ntok;
			if (npost + nf > post_cap) {
				post_cap = 2 * (npost + nf);
				post = realloc(post, post_cap * 8);
			}
			for (size_t k = 0; k < nf; k++)
				post[npost++] = (uint64_t)fpbuf[k].hash << 32 | nd;
			nd++;
		}
		wt_reader_free(r);
	}
	double a = now();
	uint64_t *cand;
	size_t ncand;
	wt_lsh_stats ls = {0};
	if (wt_lsh_candidates(keys, docs, nd, sh, so.bucket_cap, 1, &cand, &ncand, &ls))
		die("index");
	double b = now();
	uint64_t *pairs = malloc((ncand ? ncand : 1) * 8);
	size_t npairs = 0;
	for (size_t k = 0; k < ncand; k++) {
		uint32_t x = (uint32_t)(cand[k] >> 32), y = (uint32_t)cand[k];
		if (wt_verify_sets(sets[x], nset[x], sets[y], nset[y]).jaccard >=
		    so.threshold)
			pairs[npairs++] = cand[k];
	}
	double c = now();
	t[VERIFY] = c - b;
	/* reuse: the posting join, then every candidate aligned on one core */
	uint64_t *rc;
	size_t nrc;
	wt_passage_stats pst;
	if (wt_passage_candidates(post, npost, so.fp_df_cap, 1, &rc, &nrc, &pst))
		die("passage join");
	double c1 = now();
	wt_aligner al;
	wt_aligner_init(&al);
	wt_align_opts ao;
	wt_align_opts_default(&ao, so.shingle);
	size_t nreuse = 0;
	for (size_t k = 0; k < nrc; k++) {
		uint32_t x = (uint32_t)(rc[k] >> 32), y = (uint32_t)rc[k];
		wt_align_doc da = {toks[x], ntok[x], fps[x], nfp[x]};
		wt_align_doc db = {toks[y], ntok[y], fps[y], nfp[y]};
		if (wt_align(&al, &ao, &da, &db))
			die("align");
		nreuse += al.n > 0;
	}
	t[PJOIN] = c1 - c;
	t[ALIGN] = now() - c1;
	wt_aligner_release(&al);
	free(rc);
	c = now();
	wt_uf uf;
	wt_clusters cl;
	if (wt_uf_init(&uf, nd))
		die("cluster");
	for (size_t k = 0; k < npairs; k++)
		wt_uf_union(&uf, (uint32_t)(pairs[k] >> 32), (uint32_t)pairs[k]);
	if (wt_clusters_build(&uf, docs, &cl))
		die("cluster");
	double d = now();
	t[INDEX] = b - a;
	t[CLUSTER] = d - c;
	/* the report is timed as the difference of a whole scan with and
	 * without it would be noisy: time it on a finished scan instead */
	{
		wt_scan_opts o = so;
		o.skip_errors = 1;
		wt_scan *s;
		const wt_result *r;
		if (wt_scan_new(&o, &s))
			die("scan");
		for (int p = i; p < argc; p++)
			if (wt_scan_add_path(s, argv[p]))
				die("scan");
		if (wt_scan_finish(s, &r))
			die("scan");
		FILE *f = fopen("/dev/null", "w");
		double r0 = now();
		if (!f || wt_report_write(f, WT_FMT_JSON, s, r))
			die("report");
		t[REPORT] = now() - r0;
		fclose(f);
		wt_scan_free(s);
	}
	/* learned boilerplate: the first pass over every text, then marking
	 * (the normalizing this needs is not timed again) */
	{
		wt_str src = {"bench", 5};
		double l0 = now();
		for (size_t k = 0; k < ntext; k++)
			if (wt_learn_add(learn, &src, all + toff[k], tlen[k]))
				die("learn");
		if (wt_learn_seal(learn))
			die("learn");
		t[LEARN] = now() - l0;
		for (size_t k = 0; k < ntext; k++) {
			if (wt_norm_text(&nz, all + toff[k], tlen[k]))
				die("normalize");
			double m0 = now();
			wt_learn_mark(learn, &src, &nz, all + toff[k], tlen[k]);
			t[MARK] += now() - m0;
		}
		wt_learn_free(learn);
	}
	double mb = (double)bytes / 1e6;
	printf("%-22s %9s %9s %11s\n", "stage (1 core)", "seconds", "MB/s", "docs/s");
	double sum = 0;
	for (int s = 0; s < NSTAGE; s++) {
		sum += t[s];
		printf("%-22s %9.3f %9.1f %11.0f\n", stage_name[s], t[s],
		       t[s] > 0 ? mb / t[s] : 0, t[s] > 0 ? (double)ndocs / t[s] : 0);
	}
	double per_doc = t[NORM] + t[BOILER] + t[MARK] + t[SHINGLE] + t[WINNOW] +
			 t[DIGEST] + t[SIGN] + t[BANDS];
	printf("%-22s %9.3f %9.1f %11.0f\n", "normalize..band keys", per_doc,
	       mb / per_doc, (double)ndocs / per_doc);
	printf("%-22s %9.3f %9.1f %11.0f\n", "sum of stages", sum, mb / sum,
	       (double)ndocs / sum);
	printf("%zu documents, %.1f MB of text, %zu candidates, %zu pairs; %zu reuse "
	       "candidates aligned, %zu with a passage\n\n", ndocs, mb, ncand, npairs,
	       nrc, nreuse);
	double b1 = batched(1, all, toff, tlen, ntext, &mh, sh, so.shingle);
	double b2 = batched(2, all, toff, tlen, ntext, &mh, sh, so.shingle);
	printf("per-document stages from memory, 1 thread:  %7.3f s %8.1f MB/s\n",
	       b1, mb / b1);
	printf("per-document stages from memory, 2 threads: %7.3f s %8.1f MB/s "
	       "(%.2fx)\n", b2, mb / b2, b1 / b2);
	double w1 = whole_scan(argv + i, argc - i, &so, 1);
	double w2 = whole_scan(argv + i, argc - i, &so, 2);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("whole scan, 1 thread:  %7.3f s %8.1f MB/s %9.0f docs/s\n", w1,
	       mb / w1, (double)ndocs / w1);
	printf("whole scan, 2 threads: %7.3f s %8.1f MB/s %9.0f docs/s  (%.2fx)\n",
	       w2, mb / w2, (double)ndocs / w2, w1 / w2);
	printf("peak RSS of this benchmark (holds every shingle set): %.1f MB\n",
	       (double)ru.ru_maxrss / 1024);
	for (size_t k = 0; k < nd; k++) {
		free(sets[k]);
		free(fps[k]);
		free(toks[k]);
	}
	free(fps);
	free(nfp);
	free(toks);
	free(ntok);
	free(fpbuf);
	free(post);
	free(sets);
	free(nset);
	free(docs);
	free(keys);
	free(cand);
	free(pairs);
	free(sig);
	free(all);
	free(toff);
	free(tlen);
	wt_clusters_release(&cl);
	wt_uf_release(&uf);
	wt_norm_release(&nz);
	wt_shingles_release(&sg);
	wt_minhash_release(&mh);
	return 0;
}
