/* cmd_explain: `wiretrace explain A B`: why two documents match (or do
 * not): their resemblance and each shared passage with a little context,
 * a's wording above b's. A and B are files, or ids found with --in. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(FILE *f)
{
	fprintf(f,
"usage: wiretrace explain [options] A B\n"
"\n"
"Show why two documents match: Jaccard, containments, and every shared\n"
"passage of both, with context. A and B are two files (a .txt document,\n"
"or a JSONL file holding one document), or with --in two document ids\n"
"looked up in PATH (a directory or JSONL file, as for 'scan').\n"
"\n"
"options (default in brackets):\n"
"      --in PATH         find the ids A and B in PATH\n"
"  -f, --format FMT      text, json or html (the scan report of the two)\n"
"                        [text]\n"
"  -o, --output FILE     write to FILE [standard output]\n"
"      --context N       bytes of text shown around a passage [80]\n"
"      --min-passage N   words of the shortest passage shown [15]\n"
"      --shingle N       words per shingle [5]\n"
"      --no-boilerplate  compare page furniture too [off]\n"
"  -h, --help            this help\n");
}

enum { O_IN = 256, O_CONTEXT, O_MINPASS, O_SHINGLE, O_NOBOILER };

static const struct option longopts[] = {
	{"in", required_argument, 0, O_IN},
	{"format", required_argument, 0, 'f'},
	{"output", required_argument, 0, 'o'},
	{"context", required_argument, 0, O_CONTEXT},
	{"min-passage", required_argument, 0, O_MINPASS},
	{"shingle", required_argument, 0, O_SHINGLE},
	{"no-boilerplate", no_argument, 0, O_NOBOILER},
	{"help", no_argument, 0, 'h'},
	{0, 0, 0, 0},
};

/* A document copied out of its reader. */
typedef struct {
	char *f[WT_F_COUNT];
	size_t n[WT_F_COUNT];
	int found;
} owned_doc;

static int take(owned_doc *o, const wt_doc *d, const char *id)
{
	for (int k = 0; k < WT_F_COUNT; k++) {
		const wt_str *s = &d->f[k];
		if (!s->p)
			continue;
		if (!(o->f[k] = malloc(s->n + 1)))
			return -1;
		memcpy(o->f[k], s->p, s->n);
		o->n[k] = s->n;
	}
	if (id) { /* files: the name given is the id */
		free(o->f[WT_F_ID]);
		if (!(o->f[WT_F_ID] = strdup(id)))
			return -1;
		o->n[WT_F_ID] = strlen(id);
	}
	o->found = 1;
	return 0;
}

static void drop(owned_doc *o)
{
	for (int k = 0; k < WT_F_COUNT; k++)
		free(o->f[k]);
}

/* Read path; want[i] non-NULL: keep the document with that id in doc[i]
 * (doc has room for 2); else keep
 * the file's only document as doc[0] under the id path. */
static int collect(const char *path, const wt_read_opts *ro,
		   const char *const want[2], owned_doc *doc)
{
	wt_reader *r;
	if (wt_reader_open(path, ro, &r))
		return WT_EXIT_INPUT;
	int rc = WT_EXIT_OK, seen = 0;
	for (;;) {
		wt_doc d;
		int done;
		wt_err e = wt_reader_next(r, &d, &done);
		if (e == WT_E_BINARY || (e && e != WT_E_IO)) /* already reported */
			continue;
		if (e || done) {
			rc = e ? WT_EXIT_INPUT : rc;
			break;
		}
		if (!want[0]) {
			if (seen++) {
				wt_cli_error("explain: %s holds more than one document; "
					     "name two ids with --in %s", path, path);
				rc = WT_EXIT_INPUT;
				break;
			}
			if (take(&doc[0], &d, path))
				rc = WT_EXIT_FAIL;
			continue;
		}
		for (int i = 0; i < 2; i++)
			if (!doc[i].found && d.f[WT_F_ID].n == strlen(want[i]) &&
			    !memcmp(d.f[WT_F_ID].p, want[i], d.f[WT_F_ID].n) &&
			    take(&doc[i], &d, NULL))
				rc = WT_EXIT_FAIL;
		if (rc || (doc[0].found && doc[1].found))
			break;
	}
	wt_reader_free(r);
	return rc;
}

static void meta_line(FILE *f, const char *tag, const wt_docinfo *d)
{
	fprintf(f, "%s: ", tag);
	wt_report_plain_str(f, d->id.p, d->id.n);
	const wt_str *m[3] = {&d->source, &d->date, &d->title};
	for (int k = 0; k < 3; k++)
		if (m[k]->n) {
			fputs("  ", f);
			wt_report_plain_str(f, m[k]->p, m[k]->n);
		}
	fprintf(f, "  (%llu words)\n", (unsigned long long)d->words);
}

/* Move i back to the start of its UTF-8 character. */
static size_t char_start(const char *t, size_t i)
{
	while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* …context [passage] context… */
static void show(FILE *f, const wt_str *t, uint32_t a0, uint32_t a1,
		 size_t ctx, int color)
{
	size_t from = char_start(t->p, a0 > ctx ? a0 - ctx : 0);
	size_t to = a1 + ctx < t->n ? char_start(t->p, a1 + ctx) : t->n;
	fputs(from ? "\xE2\x80\xA6" : "", f);
	wt_report_plain_str(f, t->p + from, a0 - from);
	fputs(color ? "\033[1;33m" : "[", f);
	wt_report_plain_str(f, t->p + a0, a1 - a0);
	fputs(color ? "\033[0m" : "]", f);
	wt_report_plain_str(f, t->p + a1, to - a1);
	fputs(to < t->n ? "\xE2\x80\xA6\n" : "\n", f);
}

static void explain_text(FILE *f, const wt_scan *s, const wt_result *r,
			 size_t ctx, int color)
{
	wt_docinfo a, b;
	wt_scan_doc(s, 0, &a);
	wt_scan_doc(s, 1, &b);
	meta_line(f, "a", &a);
	meta_line(f, "b", &b);
	wt_sim sim = wt_scan_sim(s, 0, 1);
	fprintf(f, "Jaccard %.3f, a in b %.3f, b in a %.3f (%llu shared "
		"shingles of %u words)\n", sim.jaccard, sim.cont_a, sim.cont_b,
		(unsigned long long)sim.inter, r->shingle);
	const wt_pair *p = r->npairs ? &r->pairs[0] : NULL;
	if (!p) {
		fprintf(f, "not a pair: Jaccard below %.2f and no shared passage of "
			"%u words or more\n", r->threshold, r->min_passage);
		return;
	}
	int swap = p->a != 0; /* the report orders a pair by id */
	fprintf(f, "%s pair; %u shared passage%s; aligned share of a %.2f, of b "
		"%.2f\n", wt_pair_kind_name(p->kind), p->npassage,
		p->npassage == 1 ? "" : "s", swap ? p->aligned_b : p->aligned_a,
		swap ? p->aligned_a : p->aligned_b);
	for (uint32_t k = 0; k < p->npassage; k++) {
		const wt_passage *g = &r->passages[p->passage + k];
		uint32_t a0 = swap ? g->b0 : g->a0, a1 = swap ? g->b1 : g->a1;
		uint32_t b0 = swap ? g->a0 : g->b0, b1 = swap ? g->a1 : g->b1;
		fprintf(f, "\npassage %u: %u words, identity %.2f\n", k + 1,
			g->words, g->identity);
		fprintf(f, "  a [%u,%u): ", a0, a1);
		show(f, &a.text, a0, a1, ctx, color);
		fprintf(f, "  b [%u,%u): ", b0, b1);
		show(f, &b.text, b0, b1, ctx, color);
	}
}

typedef struct {
	const wt_scan *s;
	const wt_result *r;
	size_t ctx;
} text_job;

static wt_err write_text(FILE *f, int tty, void *arg)
{
	const text_job *j = arg;
	explain_text(f, j->s, j->r, j->ctx, tty);
	return WT_OK;
}

int wt_cmd_explain(int argc, char **argv)
{
	wt_scan_opts o;
	wt_scan_opts_default(&o);
	o.threads = 1;
	o.fp_df_cap = 2; /* two documents: every fingerprint is rare */
	const char *in = NULL, *out = NULL;
	wt_format fmt = WT_FMT_TEXT;
	uint64_t v, ctx = 80;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case O_IN: in = optarg; break;
		case 'o': out = optarg; break;
		case 'f':
			if (wt_format_parse(optarg, &fmt) || fmt == WT_FMT_CSV) {
				wt_cli_error("explain: invalid value '%s' for --format",
					     optarg);
				return WT_EXIT_INPUT;
			}
			break;
		case O_CONTEXT:
		case O_MINPASS:
		case O_SHINGLE:
			if (wt_cli_parse_u64(optarg, c == O_CONTEXT ? 0 : 1,
					     c == O_SHINGLE ? 64 : 100000, 0, &v)) {
				wt_cli_error("explain: invalid value '%s' (see 'wiretrace "
					     "explain --help')", optarg);
				return WT_EXIT_INPUT;
			}
			if (c == O_CONTEXT)
				ctx = v;
			else
				*(c == O_MINPASS ? &o.min_passage : &o.shingle) =
					(unsigned)v;
			break;
		case O_NOBOILER: o.no_boiler = 1; break;
		case 'h': help(stdout); return WT_EXIT_OK;
		default:
			fprintf(stderr, "see 'wiretrace explain --help'\n");
			return WT_EXIT_INPUT;
		}
	}
	if (argc - optind != 2) {
		wt_cli_error("explain: give two documents (files, or ids with --in)");
		return WT_EXIT_INPUT;
	}
	if (o.min_passage < o.shingle) {
		wt_cli_error("explain: --min-passage is shorter than --shingle");
		return WT_EXIT_INPUT;
	}
	wt_cli cli;
	wt_cli_init(&cli, 1);
	o.diag = o.read.diag = wt_cli_diag;
	o.diag_ctx = o.read.diag_ctx = &cli;
	owned_doc doc[2] = {0};
	const char *ids[2] = {argv[optind], argv[optind + 1]};
	int rc;
	if (in) {
		rc = collect(in, &o.read, ids, doc);
		for (int i = 0; i < 2 && !rc; i++)
			if (!doc[i].found) {
				wt_cli_error("explain: no document with id '%s' in %s",
					     ids[i], in);
				rc = WT_EXIT_INPUT;
			}
	} else {
		const char *none[2] = {NULL, NULL};
		rc = collect(ids[0], &o.read, none, &doc[0]);
		if (!rc)
			rc = collect(ids[1], &o.read, none, &doc[1]);
		for (int i = 0; i < 2 && !rc; i++)
			if (!doc[i].found) {
				wt_cli_error("explain: %s holds no document", ids[i]);
				rc = WT_EXIT_INPUT;
			}
	}
	wt_scan *s = NULL;
	const wt_result *r = NULL;
	wt_err e = WT_OK;
	if (!rc && !(e = wt_scan_new(&o, &s)))
		for (int i = 0; i < 2 && !e; i++) {
			wt_doc d = {.path = in ? in : ids[i]};
			for (int k = 0; k < WT_F_COUNT; k++)
				d.f[k] = (wt_str){doc[i].f[k], doc[i].n[k]};
			e = wt_scan_add_doc(s, &d);
		}
	if (!rc && !e)
		e = wt_scan_finish(s, &r);
	if (!rc && e) {
		wt_cli_error("explain: %s", wt_strerror(e));
		rc = e == WT_E_NOMEM || e == WT_E_FULL ? WT_EXIT_FAIL : WT_EXIT_INPUT;
	}
	if (!rc && fmt != WT_FMT_TEXT) {
		wt_report_opts ro = {fmt, 0, 0};
		rc = wt_cli_write_report(out, &ro, s, r);
	} else if (!rc) {
		text_job j = {s, r, (size_t)ctx};
		rc = wt_cli_write(out, write_text, &j);
	}
	wt_scan_free(s);
	drop(&doc[0]);
	drop(&doc[1]);
	return rc;
}
