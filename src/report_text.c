/* report_text: clusters with their documents, then each cluster's pairs,
 * then the documents too short to compare. */
#include "report_int.h"

static void field(FILE *f, const wt_str *s, const char *absent)
{
	if (s->n)
		wt_report_plain_str(f, s->p, s->n);
	else
		fputs(absent, f);
}

static void header(FILE *f, const wt_result *r)
{
	const wt_stats *st = &r->stats;
	fprintf(f, "wiretrace %s: %llu documents, %.1f MB of text\n", WT_VERSION,
		(unsigned long long)st->documents, (double)st->bytes / 1e6);
	fprintf(f, "shingle %u words, %u MinHash slots, threshold %.2f "
		"(%u bands x %u rows), seed %llu\n",
		r->shingle, r->perm, r->threshold, r->bands, r->rows,
		(unsigned long long)r->seed);
	fprintf(f, "%llu candidate pairs verified: %llu pairs (%llu exact, %llu "
		"near) in %llu clusters\n",
		(unsigned long long)st->candidates, (unsigned long long)st->pairs,
		(unsigned long long)st->exact_pairs,
		(unsigned long long)st->near_pairs, (unsigned long long)st->clusters);
	if (st->boiler_tokens)
		fprintf(f, "boilerplate set aside: %llu words (%llu URLs, e-mail "
			"addresses or encoded runs), trailing blocks cut in %llu "
			"documents\n",
			(unsigned long long)st->boiler_tokens,
			(unsigned long long)st->boiler_nonword,
			(unsigned long long)st->boiler_cut);
	if (st->too_short || st->invalid_utf8 || st->skipped || st->binary ||
	    st->buckets_truncated)
		fprintf(f, "%llu too short, %llu invalid UTF-8 sequences replaced, "
			"%llu bad records skipped, %llu binary files skipped, %llu "
			"band buckets truncated\n",
			(unsigned long long)st->too_short,
			(unsigned long long)st->invalid_utf8,
			(unsigned long long)st->skipped, (unsigned long long)st->binary,
			(unsigned long long)st->buckets_truncated);
}

static void doc_line(FILE *f, const wt_scan *s, uint32_t d)
{
	wt_docinfo di;
	wt_scan_doc(s, d, &di);
	fputs("  ", f);
	wt_report_plain_str(f, di.id.p, di.id.n);
	fputs("  ", f);
	field(f, &di.source, "-");
	fputs("  ", f);
	field(f, &di.date, "-");
	if (di.title.n) {
		fputs("  ", f);
		wt_report_plain_str(f, di.title.p, di.title.n);
	}
	fputc('\n', f);
}

static void pair_line(FILE *f, const wt_scan *s, const wt_pair *p)
{
	wt_docinfo a, b;
	wt_scan_doc(s, p->a, &a);
	wt_scan_doc(s, p->b, &b);
	fprintf(f, "  %-5s ", p->kind == WT_PAIR_EXACT ? "exact" : "near");
	wt_report_plain_str(f, a.id.p, a.id.n);
	fputs(" ~ ", f);
	wt_report_plain_str(f, b.id.p, b.id.n);
	fprintf(f, "  J=%.3f  a-in-b=%.3f  b-in-a=%.3f\n", p->sim.jaccard,
		p->sim.cont_a, p->sim.cont_b);
}

void wt_report_text(FILE *f, const wt_scan *s, const wt_result *r)
{
	header(f, r);
	const wt_clusters *c = &r->clusters;
	for (size_t k = 0; k < c->ncluster; k++) {
		size_t from = c->start[k], to = c->start[k + 1];
		fprintf(f, "\ncluster %zu (%zu documents)\n", k, to - from);
		for (size_t m = from; m < to; m++)
			doc_line(f, s, c->member[m]);
		fputs(" pairs:\n", f);
		for (size_t i = r->cpair_start[k]; i < r->cpair_start[k + 1]; i++)
			pair_line(f, s, &r->pairs[r->cpair[i]]);
	}
	if (r->ntoo_short) {
		fprintf(f, "\ntoo short to compare (fewer than %u words):\n",
			r->shingle);
		for (size_t i = 0; i < r->ntoo_short; i++)
			doc_line(f, s, r->too_short[i]);
	}
}
