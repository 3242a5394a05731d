/* report_text: clusters with their documents, then each cluster's pairs
 * with their shared passages quoted, then the documents too short to
 * compare. Text stays in logical order: the terminal lays out Arabic. */
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
		"near, %llu reuse) in %llu clusters\n",
		(unsigned long long)(st->candidates + st->reuse_candidates),
		(unsigned long long)st->pairs,
		(unsigned long long)st->exact_pairs,
		(unsigned long long)st->near_pairs,
		(unsigned long long)st->reuse_pairs, (unsigned long long)st->clusters);
	if (r->min_passage)
		fprintf(f, "reuse: passages of %u words or more; %llu of %llu "
			"passage fingerprints held by too many documents to pair "
			"(stop-fingerprints)\n", r->min_passage,
			(unsigned long long)st->stop_fingerprints,
			(unsigned long long)st->fingerprints);
	if (st->boiler_tokens)
		fprintf(f, "boilerplate set aside: %llu words (%llu URLs, e-mail "
			"addresses or encoded runs; %llu in %llu lines learned as "
			"their source's furniture, found in %llu documents), "
			"trailing blocks cut in %llu documents\n",
			(unsigned long long)st->boiler_tokens,
			(unsigned long long)st->boiler_nonword,
			(unsigned long long)st->learned_words,
			(unsigned long long)st->learned_lines,
			(unsigned long long)st->learned_docs,
			(unsigned long long)st->boiler_cut);
	if (st->present || st->stored || st->stale_pages)
		fprintf(f, "index: %llu documents already indexed, %llu indexed "
			"documents compared, %llu indexed pages hold a line learned "
			"only now (they were shingled with it)\n",
			(unsigned long long)st->present, (unsigned long long)st->stored,
			(unsigned long long)st->stale_pages);
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

#define QUOTE_MAX 200 /* bytes of a passage quoted whole */
#define QUOTE_END 90  /* bytes kept at each end of a longer one */

/* A cut near byte i of t[lo, hi): back to a space within 30 bytes (forward
 * when fwd), else to the start of the character, so a word stays whole
 * where it can and a character always does (UTF-8 continuation bytes are
 * 10xxxxxx). */
static size_t cut_at(const char *t, size_t lo, size_t hi, size_t i, int fwd)
{
	for (size_t k = 0; k < 30; k++) {
		size_t j = fwd ? i + k : i - k;
		if (j <= lo || j >= hi)
			break;
		if (t[j] == ' ' || t[j] == '\n')
			return fwd ? j + 1 : j;
	}
	while (i > lo && ((unsigned char)t[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* text[from, to) quoted, trimmed with … in the middle when long. */
static void quote(FILE *f, const wt_str *text, uint32_t from, uint32_t to,
		  int color)
{
	const char *t = text->p;
	fputs(color ? "\033[1;33m" : "\xC2\xAB", f); /* « */
	if (to - from <= QUOTE_MAX) {
		wt_report_plain_str(f, t + from, to - from);
	} else {
		size_t head = cut_at(t, from, to, from + QUOTE_END, 0);
		size_t tail = cut_at(t, from, to, to - QUOTE_END, 1);
		wt_report_plain_str(f, t + from, head - from);
		fputs(" \xE2\x80\xA6 ", f); /* … */
		wt_report_plain_str(f, t + tail, to - tail);
	}
	fputs(color ? "\033[0m" : "\xC2\xBB", f); /* » */
	fputc('\n', f);
}

static void hint_line(FILE *f, const wt_scan *s, const wt_pair *p)
{
	wt_source_hint h = wt_pair_source_hint(s, p);
	char ca[128], cb[128];
	wt_credits_str(h.credits_a, ca, sizeof ca);
	wt_credits_str(h.credits_b, cb, sizeof cb);
	if (h.earlier < 0 && !*ca && !*cb)
		return;
	fputs("        ", f);
	if (h.earlier >= 0)
		fprintf(f, "published first: %s", h.earlier ? "b" : "a");
	if (*ca || *cb)
		fprintf(f, "%scredits: a %s, b %s", h.earlier >= 0 ? "; " : "",
			*ca ? ca : "-", *cb ? cb : "-");
	fputc('\n', f);
}

static void pair_block(FILE *f, const wt_scan *s, const wt_result *r,
		       const wt_pair *p, int color)
{
	wt_docinfo a, b;
	wt_scan_doc(s, p->a, &a);
	wt_scan_doc(s, p->b, &b);
	fprintf(f, "  %-5s ", wt_pair_kind_name(p->kind));
	wt_report_plain_str(f, a.id.p, a.id.n);
	fputs(" ~ ", f);
	wt_report_plain_str(f, b.id.p, b.id.n);
	fprintf(f, "  J=%.3f  a-in-b=%.3f  b-in-a=%.3f  aligned a=%.2f b=%.2f\n",
		p->sim.jaccard, p->sim.cont_a, p->sim.cont_b, p->aligned_a,
		p->aligned_b);
	hint_line(f, s, p);
	for (uint32_t k = 0; k < p->npassage; k++) {
		const wt_passage *g = &r->passages[p->passage + k];
		fprintf(f, "      passage %u: %u words, identity %.2f, a[%u,%u) "
			"b[%u,%u)\n", k + 1, g->words, g->identity, g->a0, g->a1,
			g->b0, g->b1);
		fputs("        a: ", f);
		quote(f, &a.text, g->a0, g->a1, color);
		if (g->identity < 1) { /* b's wording differs: show it too */
			fputs("        b: ", f);
			quote(f, &b.text, g->b0, g->b1, color);
		}
	}
}

/* --show-boilerplate: what each source set aside, with learned lines. */
static void boiler_list(FILE *f, const wt_result *r)
{
	fprintf(f, "\nboilerplate by source (%zu sources):\n", r->nsources);
	for (size_t i = 0; i < r->nsources; i++) {
		const wt_source_stats *ss = &r->sources[i];
		fputs("  ", f);
		wt_report_plain_str(f, ss->source.p, ss->source.n);
		fprintf(f, ": %llu words in %llu documents, %llu of them in learned "
			"lines\n", (unsigned long long)ss->words,
			(unsigned long long)ss->documents,
			(unsigned long long)ss->learned_words);
		for (uint32_t k = 0; k < ss->nexample; k++) {
			fputs("    learned: ", f);
			wt_str ex = ss->example[k];
			quote(f, &ex, 0, (uint32_t)ex.n, 0);
		}
	}
}

void wt_report_text(FILE *f, const wt_scan *s, const wt_result *r,
		    const wt_report_opts *o)
{
	int color = o->color;
	header(f, r);
	const wt_clusters *c = &r->clusters;
	for (size_t k = 0; k < c->ncluster; k++) {
		size_t from = c->start[k], to = c->start[k + 1];
		fprintf(f, "\ncluster %zu (%zu documents)\n", k, to - from);
		for (size_t m = from; m < to; m++)
			doc_line(f, s, c->member[m]);
		fputs(" pairs:\n", f);
		for (size_t i = r->cpair_start[k]; i < r->cpair_start[k + 1]; i++)
			pair_block(f, s, r, &r->pairs[r->cpair[i]], color);
	}
	if (r->nreuse)
		fprintf(f, "\nreuse: %zu pairs sharing a passage of %u words or more "
			"(exact and near pairs aside)\n", r->nreuse, r->min_passage);
	for (size_t i = 0; i < r->nreuse; i++)
		pair_block(f, s, r, &r->pairs[r->reuse[i]], color);
	if (o->show_boilerplate)
		boiler_list(f, r);
	if (r->ntoo_short) {
		fprintf(f, "\ntoo short to compare (fewer than %u words):\n",
			r->shingle);
		for (size_t i = 0; i < r->ntoo_short; i++)
			doc_line(f, s, r->too_short[i]);
	}
}
