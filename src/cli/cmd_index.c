/* cmd_index: `wiretrace index add|query|stats|expire|check --db DIR`:
 * a scan whose hooks the index supplies (index.h), and the commands that
 * read and maintain the index. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void help(FILE *f)
{
	fprintf(f,
"usage: wiretrace index add   --db DIR [scan options] PATH...\n"
"       wiretrace index query --db DIR [scan options] PATH...\n"
"       wiretrace index stats --db DIR [--format text|json]\n"
"       wiretrace index expire --db DIR --before DATE\n"
"       wiretrace index check --db DIR\n"
"\n"
"A persistent index (LMDB) of scanned documents for nightly runs.\n"
"add: scan PATH, report the pairs that involve its documents (against\n"
"  each other and everything indexed before), then store them. The\n"
"  report is what 'wiretrace scan' of everything would report about\n"
"  them. A document already indexed (same id, same content) is passed\n"
"  over and counted; the same id with other content is an error naming\n"
"  it, unless --replace. Each 1000 documents (--commit-every) commit at\n"
"  once: a killed run leaves every earlier commit whole; run it again\n"
"  to finish.\n"
"query: the same report, nothing stored; runs while an add is running.\n"
"stats: documents, sources, dates, size on disk, parameters.\n"
"expire: drop the documents dated before DATE (compared as text, so\n"
"  2015-07-25 drops every date of the 24th and before); undated stay.\n"
"check: verify the index's invariants; exit 1 naming each failure.\n"
"\n"
"options of add and query: those of 'wiretrace scan' (see its --help),\n"
"and\n"
"      --db DIR          the index directory (add creates it) [required]\n"
"      --replace         a known id with new content replaces the old\n"
"      --commit-every N  documents per transaction of add [1000]\n"
"      --no-text         at creation: keep no texts (reports then show\n"
"                        offsets, not passages, of indexed documents)\n"
"The parameters --shingle --perm --seed --bands --rows --threshold\n"
"--min-passage --fp-df-cap --bucket-cap --no-boilerplate\n"
"--boilerplate-pages --boilerplate-words --no-text are fixed when the\n"
"index is created; later runs use them, and refuse a different value.\n"
"\n"
"exit status: 0 success, 1 failure (index damaged or unwritable, disk\n"
"full, memory), 2 bad usage or bad input.\n");
}

/* A date fit to print in text and inside a JSON string. */
static void plain(char *d)
{
	for (; *d; d++)
		if ((unsigned char)*d < 0x20 || *d == '"' || *d == '\\')
			*d = '?';
}

/* add and query */
static int run(int argc, char **argv, const char *cmd, int add)
{
	wt_scan_cli sc;
	wt_cli_scan_defaults(&sc);
	int rc = wt_cli_scan_parse(argc, argv, cmd, &sc, help);
	if (rc)
		return rc < 0 ? WT_EXIT_OK : rc;
	if (!sc.db) {
		wt_cli_error("%s: --db DIR is required", cmd);
		return WT_EXIT_INPUT;
	}
	wt_cli cli;
	wt_cli_init(&cli, sc.quiet);
	wt_index_opts io;
	wt_index_opts_default(&io);
	io.dir = sc.db;
	io.create = add;
	io.readonly = !add;
	io.replace = sc.replace;
	io.no_text = sc.no_text;
	io.batch_docs = sc.commit_every;
	io.diag = wt_cli_diag;
	io.diag_ctx = &cli;
	wt_index *x;
	wt_err e = wt_index_open(&io, &x);
	if (e)
		return wt_cli_exit_index(e);
	wt_scan_opts o = sc.o;
	o.diag = wt_cli_diag;
	o.diag_ctx = &cli;
	o.progress = wt_cli_progress;
	o.progress_ctx = &cli;
	if ((e = wt_index_attach(x, &o, sc.given))) {
		wt_index_close(x);
		return wt_cli_exit_index(e);
	}
	wt_scan *s;
	if ((e = wt_scan_new(&o, &s))) {
		wt_cli_error("%s: %s", cmd, wt_strerror(e));
		wt_index_close(x);
		return WT_EXIT_FAIL;
	}
	const wt_result *r = NULL;
	e = wt_cli_scan_inputs(s, &sc, argc, argv, &rc);
	if (!e && ((e = wt_scan_flush(s)) || (e = wt_index_gather(x, s)) ||
		   (e = wt_scan_finish(s, &r)) || (add && (e = wt_index_commit(x, s)))))
		rc = WT_EXIT_FAIL;
	wt_cli_progress_done(&cli);
	if (e) {
		rc = wt_cli_scan_failed(&sc, e, rc);
	} else {
		wt_index_run ir;
		wt_index_run_stats(x, &ir);
		if (!sc.quiet || add)
			fprintf(stderr, "%s: %llu documents read, %llu already indexed, "
				"%llu %s, %llu indexed documents compared\n", cmd,
				(unsigned long long)r->stats.documents,
				(unsigned long long)r->stats.present,
				(unsigned long long)(add ? ir.added : r->stats.documents -
					r->stats.present), add ? "added" : "queried",
				(unsigned long long)ir.gathered);
		if (ir.replaced)
			fprintf(stderr, "%s: %llu replaced\n", cmd,
				(unsigned long long)ir.replaced);
		rc = wt_cli_write_report(sc.out, &sc.ro, s, r);
	}
	wt_scan_free(s);
	wt_index_close(x);
	return rc;
}

/* stats, expire, check, opened and run */
static int maint_run(const char *db, const char *cmd, const char *before,
		     const char *format)
{
	int is_stats = !strcmp(cmd, "index stats"), is_exp = !strcmp(cmd, "index expire");
	wt_cli cli;
	wt_cli_init(&cli, 1);
	wt_index_opts io;
	wt_index_opts_default(&io);
	io.dir = db;
	io.readonly = !is_exp;
	io.diag = wt_cli_diag;
	io.diag_ctx = &cli;
	wt_index *x;
	wt_err e = wt_index_open(&io, &x);
	if (e)
		return wt_cli_exit_index(e);
	int rc = WT_EXIT_OK;
	if (is_exp) {
		uint64_t n;
		e = wt_index_expire(x, before, &n);
		fprintf(stderr, "%s: %llu documents dated before %s dropped\n", cmd,
			(unsigned long long)n, before);
	} else if (is_stats) {
		wt_index_info in;
		if (!(e = wt_index_stats(x, &in))) {
			const wt_scan_opts *p = &in.params;
			plain(in.first_date); /* dates are input */
			plain(in.last_date);
			int js = !strcmp(format, "json");
			printf(js ? "{\"documents\": %llu, \"sources\": %llu, "
				    "\"exact_groups\": %llu, \"first_date\": \"%s\", "
				    "\"last_date\": \"%s\", \"runs\": %llu, "
				    "\"stale_pages\": %llu, \"learned_lines_counted\": %llu, "
				    "\"band_entries\": %llu, \"fingerprint_entries\": %llu, "
				    "\"disk_bytes\": %llu, \"used_bytes\": %llu, "
				    "\"map_bytes\": %llu, \"bytes_per_document\": %.0f, "
				    "\"params\": {\"shingle\": %u, \"perm\": %u, \"seed\": %llu, "
				    "\"bands\": %u, \"rows\": %u, \"threshold\": %g, "
				    "\"min_passage\": %u, \"fp_df_cap\": %zu, "
				    "\"bucket_cap\": %zu, \"boilerplate\": %s, "
				    "\"boilerplate_pages\": %u, \"boilerplate_words\": %u, "
				    "\"text\": %s, \"normalization\": %d}}\n"
				  : "documents      %llu\nsources        %llu\n"
				    "exact groups   %llu\nfirst date     %s\nlast date      %s\n"
				    "runs           %llu\nstale pages    %llu (indexed pages "
				    "holding a line learned later)\nlearned lines  %llu "
				    "counted\nband entries   %llu\nfp entries     %llu\n"
				    "on disk        %llu bytes\nused           %llu bytes\n"
				    "map            %llu bytes\nper document   %.0f bytes\n"
				    "parameters     --shingle %u --perm %u --seed %llu "
				    "--bands %u --rows %u --threshold %g --min-passage %u "
				    "--fp-df-cap %zu --bucket-cap %zu boilerplate=%s "
				    "--boilerplate-pages %u --boilerplate-words %u text=%s "
				    "normalization=%d\n",
			       (unsigned long long)in.documents,
			       (unsigned long long)in.sources,
			       (unsigned long long)in.groups, in.first_date, in.last_date,
			       (unsigned long long)in.runs,
			       (unsigned long long)in.stale_pages,
			       (unsigned long long)in.learned_counts,
			       (unsigned long long)in.bands_entries,
			       (unsigned long long)in.fp_entries,
			       (unsigned long long)in.file_bytes,
			       (unsigned long long)in.used_bytes,
			       (unsigned long long)in.map_bytes,
			       in.documents ? (double)in.used_bytes / in.documents : 0.0,
			       p->shingle, p->perm, (unsigned long long)p->seed, p->bands,
			       p->rows, p->threshold, p->min_passage, p->fp_df_cap,
			       p->bucket_cap, p->no_boiler ? "false" : "true",
			       p->learn_pages, p->learn_words,
			       in.no_text ? "false" : "true", WT_NORM_VERSION);
			if (fflush(stdout) || ferror(stdout))
				rc = WT_EXIT_FAIL;
		}
	} else {
		uint64_t problems;
		if (!(e = wt_index_check(x, 20, &problems))) {
			if (problems)
				wt_cli_error("%s: %s: %llu problems", cmd, db,
					     (unsigned long long)problems);
			else
				fprintf(stderr, "%s: %s: ok\n", cmd, db);
			rc = problems ? WT_EXIT_FAIL : WT_EXIT_OK;
		}
	}
	wt_index_close(x);
	return e ? wt_cli_exit_index(e) : rc;
}

/* stats, expire, check: --db DIR and their own options */
static int maint(int argc, char **argv, const char *cmd)
{
	static const struct option lo[] = {
		{"db", required_argument, 0, 'd'},
		{"before", required_argument, 0, 'b'},
		{"format", required_argument, 0, 'f'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	const char *db = NULL, *before = NULL, *format = "text";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", lo, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'b': before = optarg; break;
		case 'f': format = optarg; break;
		case 'h': help(stdout); return WT_EXIT_OK;
		default:
			fprintf(stderr, "see 'wiretrace index --help'\n");
			return WT_EXIT_INPUT;
		}
	}
	int is_stats = !strcmp(cmd, "index stats"), is_exp = !strcmp(cmd, "index expire");
	if (!db || optind < argc || (is_exp != !!before) ||
	    (is_stats && strcmp(format, "text") && strcmp(format, "json"))) {
		wt_cli_error("%s: usage: wiretrace %s --db DIR%s", cmd, cmd,
			     is_exp ? " --before DATE" : is_stats ? " [--format text|json]"
							   : "");
		return WT_EXIT_INPUT;
	}
	if (is_exp && !*before) {
		wt_cli_error("%s: --before needs a date", cmd);
		return WT_EXIT_INPUT;
	}
	if (!is_stats && !is_exp) {
		/* LMDB trusts its pages: garbage over one can crash any reader.
		 * check reads in a child, so that a crash is a finding. */
		fflush(NULL);
		pid_t pid = fork();
		if (pid == 0)
			exit(maint_run(db, cmd, before, format));
		int st;
		while (pid > 0 && waitpid(pid, &st, 0) < 0)
			if (errno != EINTR)
				pid = -1;
		if (pid < 0) {
			wt_cli_error("%s: cannot start the check: %s", cmd, strerror(errno));
			return WT_EXIT_FAIL;
		}
		if (WIFSIGNALED(st)) {
			wt_cli_error("%s: %s: reading the index crashed (%s): its pages "
				     "are damaged; restore a copy or rebuild it", cmd, db,
				     strsignal(WTERMSIG(st)));
			return WT_EXIT_FAIL;
		}
		return WEXITSTATUS(st);
	}
	return maint_run(db, cmd, before, format);
}

int wt_cmd_index(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		help(argc < 2 ? stderr : stdout);
		return argc < 2 ? WT_EXIT_INPUT : WT_EXIT_OK;
	}
	const char *sub = argv[1];
	char cmd[32];
	snprintf(cmd, sizeof cmd, "index %s", sub);
	if (!strcmp(sub, "add") || !strcmp(sub, "query"))
		return run(argc - 1, argv + 1, cmd, !strcmp(sub, "add"));
	if (!strcmp(sub, "stats") || !strcmp(sub, "expire") || !strcmp(sub, "check"))
		return maint(argc - 1, argv + 1, cmd);
	wt_cli_error("index: unknown subcommand '%s' (add, query, stats, expire, "
		     "check)", sub);
	return WT_EXIT_INPUT;
}
