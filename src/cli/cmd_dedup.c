/* cmd_dedup: `wiretrace dedup [--db DIR] [--dropped FILE] [PATH...]`: a
 * stream filter writing the first copy of each story, record for record. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *f)
{
	fprintf(f,
"usage: wiretrace dedup [options] [PATH...] > unique.jsonl\n"
"\n"
"Pass the first copy of each story, drop its near-duplicates: a document\n"
"is dropped when its Jaccard with a document passed before it (or one in\n"
"the index, with --db) reaches --threshold, verified on exact shingle\n"
"sets. Input is JSONL on standard input (or PATH: files, directories as\n"
"for scan); output is each passed record as read (a .txt document is\n"
"written as {\"id\", \"text\"}), in input order, as soon as its batch is\n"
"done. One pass: nothing is learned (use scan or index for the learned\n"
"boilerplate); documents too short to compare pass. Memory holds what\n"
"passed: about 8 bytes a shingle and 400 bytes a document.\n"
"\n"
"options (default in brackets):\n"
"  -o, --output FILE     write the passed records to FILE [standard output]\n"
"      --dropped FILE    write one line per dropped document: its id, the id\n"
"                        it copies, the Jaccard, and exact/near, index/feed,\n"
"                        tab-separated\n"
"      --db DIR          also drop copies of documents in this index (read\n"
"                        only: 'wiretrace index add --db DIR unique.jsonl'\n"
"                        adds the passed ones); its parameters are used\n"
"  -t, --threshold T     Jaccard that makes a copy, 0 < T <= 1 [0.5]\n"
"      --shingle N, --perm K, --seed S, --bands B, --rows R, --bucket-cap N,\n"
"      --no-boilerplate, --max-doc-size N, --on-error MODE, --*-field NAME,\n"
"  -j, --threads N, -q   as for scan (see 'wiretrace scan --help')\n"
"\n"
"exit status: 0 success, 1 failure (output, memory), 2 bad usage or input.\n");
}

typedef struct {
	char *raw, *id; /* the record to write if it passes; its id */
	size_t n, idn;
} pending;

typedef struct {
	FILE *out, *dropped;
	pending *q;       /* records waiting for their verdict: a ring by tag */
	size_t cap;       /* a power of 2 */
	uint64_t head, tail;
	uint64_t passed, dropped_n, too_short;
	int werr;         /* a write failed */
} feed;

static char *copy(const char *p, size_t n)
{
	char *d = malloc(n + 1);
	if (d && n)
		memcpy(d, p, n);
	return d;
}

/* Keep a copy of the record to write if it passes. */
static wt_err remember(feed *f, const wt_doc *d)
{
	if (f->tail - f->head == f->cap) {
		size_t n = f->cap ? 2 * f->cap : 1024;
		pending *q = calloc(n, sizeof *q);
		if (!q)
			return WT_E_NOMEM;
		for (uint64_t t = f->head; t < f->tail; t++)
			q[t & (n - 1)] = f->q[t & (f->cap - 1)];
		free(f->q);
		f->q = q;
		f->cap = n;
	}
	pending p = {NULL, copy(d->f[WT_F_ID].p, d->f[WT_F_ID].n), d->raw.n,
		     d->f[WT_F_ID].n};
	if (d->raw.n) {
		p.raw = copy(d->raw.p, d->raw.n);
	} else { /* a .txt document: write it as JSON */
		FILE *m = open_memstream(&p.raw, &p.n);
		if (m) {
			fputs("{\"id\":", m);
			wt_report_json_str(m, d->f[WT_F_ID].p, d->f[WT_F_ID].n);
			fputs(",\"text\":", m);
			wt_report_json_str(m, d->f[WT_F_TEXT].p, d->f[WT_F_TEXT].n);
			fputc('}', m);
			if (fclose(m)) {
				free(p.raw);
				p.raw = NULL;
			}
		}
	}
	if (!p.raw || !p.id) {
		free(p.raw);
		free(p.id);
		return WT_E_NOMEM;
	}
	f->q[f->tail++ & (f->cap - 1)] = p;
	return WT_OK;
}

/* An id in a tab-separated line: tabs and line breaks become spaces. */
static void put_field(FILE *f, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		putc(p[i] == '\t' || p[i] == '\n' || p[i] == '\r' ? ' ' : p[i], f);
}

static wt_err verdict(void *ctx, const wt_verdict *v)
{
	feed *f = ctx;
	pending *p = &f->q[v->tag & (f->cap - 1)];
	if (v->kept) {
		f->passed++;
		f->too_short += v->too_short;
		if (fwrite(p->raw, 1, p->n, f->out) != p->n || putc('\n', f->out) == EOF)
			f->werr = 1;
	} else {
		f->dropped_n++;
		if (f->dropped) {
			put_field(f->dropped, p->id, p->idn);
			putc('\t', f->dropped);
			put_field(f->dropped, v->kept_id.p, v->kept_id.n);
			fprintf(f->dropped, "\t%.4f\t%s\t%s\n", v->sim.jaccard,
				v->exact ? "exact" : "near", v->indexed ? "index" : "feed");
		}
	}
	free(p->raw);
	free(p->id);
	*p = (pending){0};
	f->head++;
	return f->werr ? WT_E_IO : WT_OK;
}

static FILE *open_out(const char *path)
{
	if (!path || !strcmp(path, "-"))
		return stdout;
	FILE *f = fopen(path, "w");
	if (!f)
		wt_cli_error("dedup: cannot write %s: %s", path, strerror(errno));
	return f;
}

/* Read one input, document by document, into d. */
static wt_err feed_path(wt_dedup *d, feed *f, const wt_scan_cli *sc,
			const char *path, uint64_t *skipped)
{
	wt_reader *r;
	wt_err e = wt_reader_open(path, &sc->o.read, &r);
	if (e)
		return e;
	for (;;) {
		wt_doc doc;
		int done;
		e = wt_reader_next(r, &doc, &done);
		if (!e && done)
			break;
		if (!e) {
			uint64_t tag = f->tail;
			if ((e = remember(f, &doc)) || (e = wt_dedup_add(d, tag, &doc)))
				break;
			continue;
		}
		if (e == WT_E_BINARY)
			continue;
		if (e == WT_E_NOMEM || e == WT_E_IO || !sc->o.skip_errors)
			break;
		++*skipped;
	}
	wt_reader_free(r);
	return e;
}

int wt_cmd_dedup(int argc, char **argv)
{
	wt_scan_cli sc;
	wt_cli_scan_defaults(&sc);
	int rc = wt_cli_scan_parse(argc, argv, "dedup", &sc, help);
	if (rc)
		return rc < 0 ? WT_EXIT_OK : rc;
	wt_cli cli;
	wt_cli_init(&cli, sc.quiet);
	sc.o.read.diag = wt_cli_diag;
	sc.o.read.diag_ctx = &cli;
	wt_index *x = NULL;
	wt_err e = WT_OK;
	if (sc.db) {
		wt_index_opts io;
		wt_index_opts_default(&io);
		io.dir = sc.db;
		io.readonly = 1;
		io.diag = wt_cli_diag;
		io.diag_ctx = &cli;
		if ((e = wt_index_open(&io, &x)) || (e = wt_index_attach(x, &sc.o, sc.given))) {
			wt_index_close(x);
			return wt_cli_exit_index(e);
		}
		sc.o.hooks = NULL; /* dedup reads the index itself */
	}
	feed f = {0};
	f.out = open_out(sc.out);
	if (f.out && sc.dropped && !(f.dropped = fopen(sc.dropped, "w")))
		wt_cli_error("dedup: cannot write %s: %s", sc.dropped, strerror(errno));
	wt_dedup *d = NULL;
	if (!f.out || (sc.dropped && !f.dropped)) {
		rc = WT_EXIT_FAIL;
		goto out;
	}
	if ((e = wt_dedup_new(&sc.o, x, verdict, &f, &d))) {
		wt_cli_error("dedup: %s", wt_strerror(e));
		rc = WT_EXIT_FAIL;
		goto out;
	}
	uint64_t skipped = 0;
	if (optind >= argc)
		e = feed_path(d, &f, &sc, "-", &skipped);
	for (int i = optind; i < argc && !e; i++)
		e = feed_path(d, &f, &sc, argv[i], &skipped);
	int reading = e != WT_OK;
	if (!e)
		e = wt_dedup_flush(d);
	if (!e && (fflush(f.out) || ferror(f.out) ||
		   (f.dropped && (fflush(f.dropped) || ferror(f.dropped)))))
		f.werr = 1;
	if (f.werr) {
		wt_cli_error("dedup: writing the output failed: %s", strerror(errno));
		rc = WT_EXIT_FAIL;
	} else if (e) {
		rc = wt_cli_scan_failed(&sc, e, wt_cli_exit_for(e, reading));
	} else if (!sc.quiet) {
		fprintf(stderr, "dedup: %llu passed (%llu too short to compare), "
			"%llu dropped, %llu bad records skipped\n",
			(unsigned long long)f.passed, (unsigned long long)f.too_short,
			(unsigned long long)f.dropped_n, (unsigned long long)skipped);
	}
out:
	wt_dedup_free(d);
	for (uint64_t t = f.head; t < f.tail; t++) {
		free(f.q[t & (f.cap - 1)].raw);
		free(f.q[t & (f.cap - 1)].id);
	}
	free(f.q);
	if (f.out && f.out != stdout && fclose(f.out) && !rc) {
		wt_cli_error("dedup: writing the output failed: %s", strerror(errno));
		rc = WT_EXIT_FAIL;
	}
	if (f.dropped && fclose(f.dropped) && !rc)
		rc = WT_EXIT_FAIL;
	wt_index_close(x);
	return rc;
}
