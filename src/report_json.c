/* report_json: the stable JSON contract (README.md, "JSON report"). */
#include "report_int.h"

#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void kv_u64(FILE *f, const char *k, uint64_t v, int comma)
{
	fprintf(f, "\"%s\":%llu%s", k, (unsigned long long)v, comma ? "," : "");
}

static void id(FILE *f, const wt_scan *s, uint32_t d)
{
	wt_docbrief di;
	wt_scan_brief(s, d, &di);
	wt_report_json_str(f, di.id.p, di.id.n);
}

static void opt_field(FILE *f, const char *k, const wt_str *v)
{
	if (!v->n)
		return;
	fprintf(f, ",\"%s\":", k);
	wt_report_json_str(f, v->p, v->n);
}

static void credit_list(FILE *f, wt_credits c)
{
	fputc('[', f);
	for (unsigned i = 0, n = 0; wt_credit_name(i); i++)
		if (c >> i & 1)
			fprintf(f, "%s\"%s\"", n++ ? "," : "", wt_credit_name(i));
	fputc(']', f);
}

static void source_hint(FILE *f, wt_source_hint h)
{
	fprintf(f, "{\"earlier\":%s,\"credits_a\":",
		h.earlier < 0 ? "null" : h.earlier ? "\"b\"" : "\"a\"");
	credit_list(f, h.credits_a);
	fputs(",\"credits_b\":", f);
	credit_list(f, h.credits_b);
	fputc('}', f);
}

/* Pair i of r, as one element of the pairs array. */
static void pair_json(FILE *f, const wt_scan *s, const wt_result *r, size_t i)
{
	const wt_pair *p = &r->pairs[i];
	fputs(i ? ",\n{\"a\":" : "\n{\"a\":", f);
	id(f, s, p->a);
	fputs(",\"b\":", f);
	id(f, s, p->b);
	/* printf's doubles would be most of the report's time */
	char buf[512];
	size_t n = 0;
#define PUT(lit) (memcpy(buf + n, lit, sizeof lit - 1), n += sizeof lit - 1)
#define FIX(x, d) (n += wt_report_fixed(buf + n, x, d))
#define U64(v) (n += wt_report_u64(buf + n, v))
	PUT(",\"kind\":\"");
	const char *kind = wt_pair_kind_name(p->kind);
	memcpy(buf + n, kind, strlen(kind));
	n += strlen(kind);
	PUT("\",\"jaccard\":");
	FIX(p->sim.jaccard, 4);
	PUT(",\"containment_a\":");
	FIX(p->sim.cont_a, 4);
	PUT(",\"containment_b\":");
	FIX(p->sim.cont_b, 4);
	PUT(",\"shared\":");
	U64(p->sim.inter);
	PUT(",\"aligned_a\":");
	FIX(p->aligned_a, 4);
	PUT(",\"aligned_b\":");
	FIX(p->aligned_b, 4);
	PUT(",\"passages\":[");
	for (uint32_t k = 0; k < p->npassage; k++) {
		const wt_passage *g = &r->passages[p->passage + k];
		if (n > sizeof buf - 160) {
			fwrite(buf, 1, n, f);
			n = 0;
		}
		if (k)
			buf[n++] = ',';
		PUT("{\"a\":[");
		U64(g->a0);
		buf[n++] = ',';
		U64(g->a1);
		PUT("],\"b\":[");
		U64(g->b0);
		buf[n++] = ',';
		U64(g->b1);
		PUT("],\"words\":");
		U64(g->words);
		PUT(",\"identity\":");
		FIX(g->identity, 3);
		buf[n++] = '}';
	}
#undef PUT
#undef FIX
#undef U64
	fwrite(buf, 1, n, f);
	fputs("],\"source_hint\":", f);
	source_hint(f, wt_pair_source_hint(s, p));
	fputc('}', f);
}

/* Element i of the documents array. */
static void doc_json(FILE *f, const wt_scan *s, const wt_result *r, size_t m)
{
	wt_docinfo di;
	wt_scan_doc(s, r->docs[m], &di);
	fputs(m ? ",\n{\"id\":" : "\n{\"id\":", f);
	wt_report_json_str(f, di.id.p, di.id.n);
	opt_field(f, "source", &di.source);
	opt_field(f, "date", &di.date);
	opt_field(f, "title", &di.title);
	opt_field(f, "url", &di.url);
	fprintf(f, ",\"shingles\":%llu}", (unsigned long long)di.shingles);
}

typedef void elem_fn(FILE *f, const wt_scan *s, const wt_result *r, size_t i);

/* Pairs and documents are formatted a chunk at a time on threads, into
 * memory, and written in order: on a large crawl they are most of the
 * report. A chunk whose memory stream fails is formatted straight into f
 * instead. */
enum { CHUNK = 4096, CHUNK_THREADS = 8 };

typedef struct {
	elem_fn *fmt;
	const wt_scan *s;
	const wt_result *r;
	size_t from, to;
	char *buf;
	size_t len;
	int ok;
} chunk;

static void *format_chunk(void *arg)
{
	chunk *c = arg;
	FILE *m = open_memstream(&c->buf, &c->len);
	if (!m)
		return NULL;
	__fsetlocking(m, FSETLOCKING_BYCALLER); /* this thread's alone */
	for (size_t i = c->from; i < c->to; i++)
		c->fmt(m, c->s, c->r, i);
	c->ok = !ferror(m);
	c->ok &= fclose(m) == 0;
	return NULL;
}

/* Elements 0..n) by fmt, in order. */
static void elems_json(FILE *f, elem_fn *fmt, const wt_scan *s,
		       const wt_result *r, size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = cpus < 1 ? 1 : cpus > CHUNK_THREADS ? CHUNK_THREADS : (size_t)cpus;
	chunk c[CHUNK_THREADS];
	for (size_t from = 0; from < n;) {
		size_t k = 0;
		for (; k < nt && from < n; k++, from += CHUNK) {
			size_t to = n - from < CHUNK ? n : from + CHUNK;
			c[k] = (chunk){fmt, s, r, from, to, NULL, 0, 0};
		}
		wt_run_each(format_chunk, c, sizeof *c, k);
		for (size_t t = 0; t < k; t++) {
			if (c[t].ok)
				fwrite(c[t].buf, 1, c[t].len, f);
			else
				for (size_t i = c[t].from; i < c[t].to; i++)
					fmt(f, s, r, i);
			free(c[t].buf);
		}
	}
}

void wt_report_json(FILE *f, const wt_scan *s, const wt_result *r)
{
	const wt_stats *st = &r->stats;
	fprintf(f, "{\"wiretrace\":\"%s\",\n\"params\":{\"shingle\":%u,"
		"\"perm\":%u,\"threshold\":%g,\"bands\":%u,\"rows\":%u,"
		"\"seed\":%llu,\"min_passage\":%u,\"fp_df_cap\":%zu},\n\"stats\":{",
		WT_VERSION, r->shingle, r->perm, r->threshold, r->bands, r->rows,
		(unsigned long long)r->seed, r->min_passage, r->fp_df_cap);
	kv_u64(f, "documents", st->documents, 1);
	kv_u64(f, "bytes", st->bytes, 1);
	kv_u64(f, "too_short", st->too_short, 1);
	kv_u64(f, "invalid_utf8", st->invalid_utf8, 1);
	kv_u64(f, "candidates", st->candidates, 1);
	kv_u64(f, "pairs", st->pairs, 1);
	kv_u64(f, "clusters", st->clusters, 1);
	kv_u64(f, "exact_pairs", st->exact_pairs, 1);
	kv_u64(f, "near_pairs", st->near_pairs, 1);
	kv_u64(f, "reuse_pairs", st->reuse_pairs, 1);
	kv_u64(f, "reuse_candidates", st->reuse_candidates, 1);
	kv_u64(f, "passages", st->passages, 1);
	kv_u64(f, "fingerprints", st->fingerprints, 1);
	kv_u64(f, "stop_fingerprints", st->stop_fingerprints, 1);
	kv_u64(f, "skipped", st->skipped, 1);
	kv_u64(f, "binary", st->binary, 1);
	kv_u64(f, "buckets_truncated", st->buckets_truncated, 1);
	kv_u64(f, "boilerplate_words", st->boiler_tokens, 1);
	kv_u64(f, "boilerplate_nonwords", st->boiler_nonword, 1);
	kv_u64(f, "boilerplate_cut_documents", st->boiler_cut, 1);
	kv_u64(f, "boilerplate_learned_lines", st->learned_lines, 1);
	kv_u64(f, "boilerplate_learned_words", st->learned_words, 1);
	kv_u64(f, "boilerplate_learned_documents", st->learned_docs, 1);
	kv_u64(f, "index_already_present", st->present, 1);
	kv_u64(f, "index_documents_compared", st->stored, 1);
	kv_u64(f, "stale_pages", st->stale_pages, 1);
	fputs("\"boilerplate_by_source\":[", f);
	for (size_t i = 0; i < r->nsources; i++) {
		const wt_source_stats *ss = &r->sources[i];
		fputs(i ? ",\n{\"source\":" : "\n{\"source\":", f);
		wt_report_json_str(f, ss->source.p, ss->source.n);
		fprintf(f, ",\"documents\":%llu,\"words\":%llu,\"learned_words\":%llu,"
			"\"examples\":[", (unsigned long long)ss->documents,
			(unsigned long long)ss->words,
			(unsigned long long)ss->learned_words);
		for (uint32_t k = 0; k < ss->nexample; k++) {
			if (k)
				fputc(',', f);
			wt_report_json_str(f, ss->example[k].p, ss->example[k].n);
		}
		fputs("]}", f);
	}
	fputs("],\n", f);
	fputs("\"too_short_ids\":[", f);
	for (size_t i = 0; i < r->ntoo_short; i++) {
		if (i)
			fputc(',', f);
		id(f, s, r->too_short[i]);
	}
	fputs("]},\n\"pairs\":[", f);
	elems_json(f, pair_json, s, r, r->npairs);
	fputs("],\n\"clusters\":[", f);
	const wt_clusters *c = &r->clusters;
	for (size_t k = 0; k < c->ncluster; k++) {
		fprintf(f, "%s{\"id\":%zu,\"members\":[", k ? ",\n" : "\n", k);
		for (size_t m = c->start[k]; m < c->start[k + 1]; m++) {
			if (m > c->start[k])
				fputc(',', f);
			id(f, s, c->member[m]);
		}
		fputs("]}", f);
	}
	fputs("],\n\"documents\":[", f);
	elems_json(f, doc_json, s, r, r->ndocs);
	fputs("]}\n", f);
}
