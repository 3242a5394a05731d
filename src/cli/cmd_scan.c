/* cmd_scan: `wiretrace scan [options] PATH...`: flags -> wt_scan_opts, run
 * the scan over every path, write the report. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void help(FILE *f)
{
	fprintf(f,
"usage: wiretrace scan [options] PATH...\n"
"\n"
"Find exact and near-duplicate documents. PATH is a directory (recursive:\n"
"each .txt file is a document whose id is its path relative to PATH, each\n"
".jsonl/.jsonl.gz file holds one JSON object a line), a .txt file, a JSONL\n"
"file (plain or gzip), or - for JSONL on standard input.\n"
"\n"
"Pipeline: normalize (NFKC, case fold, Arabic folding) -> word shingles\n"
"(XXH3-64) -> MinHash -> LSH bands -> exact Jaccard of every candidate;\n"
"passage fingerprints (winnowing) -> alignment of the shared passages.\n"
"Identical normalized texts are exact duplicates, each group reported\n"
"against its smallest id; near-duplicates have Jaccard >= threshold;\n"
"reuse pairs share a passage of at least --min-passage words, whatever\n"
"their Jaccard. Every pair lists its shared passages (byte offsets).\n"
"\n"
"options (default in brackets):\n"
"  -f, --format FMT      text, json, csv or html [text]\n"
"  -o, --output FILE     write the report to FILE [standard output]\n"
"  -t, --threshold T     near-duplicate Jaccard threshold, 0 < T <= 1 [0.5]\n"
"      --shingle N       words per shingle [5]\n"
"      --perm K          MinHash slots, 1..1024 [128]\n"
"      --bands B         LSH bands, with --rows; B*R <= K [from threshold]\n"
"      --rows R          LSH rows per band [from threshold]\n"
"                        A pair of Jaccard s is a candidate with probability\n"
"                        P(s) = 1-(1-s^R)^B. By default R is the largest with\n"
"                        P(T) >= 0.99 and B = K/R: for K=128, T=0.5 that is\n"
"                        B=42, R=3: P(0.5)=0.996, P(0.6)=0.99996, P(0.3)=0.68.\n"
"      --seed S          seed of the MinHash parameters [0]\n"
"      --bucket-cap N    LSH bucket bound: a member of a larger bucket is\n"
"                        paired only with its N predecessors [100]\n"
"      --on-error MODE   fail: stop at the first bad record (exit 2);\n"
"                        skip: report it, count it, go on [fail]\n"
"      --max-doc-size N  refuse documents over N bytes (K, M, G suffixes)\n"
"                        [64M]\n"
"      --id-field NAME, --text-field NAME, --source-field NAME,\n"
"      --url-field NAME, --date-field NAME, --title-field NAME\n"
"                        JSON member names [id, text, source, url, date,\n"
"                        title]; id and text are required\n"
"      --no-boilerplate  shingle page furniture too: by default URLs, e-mail\n"
"                        addresses and encoded runs, label lines (Source:,\n"
"                        Tags:, المصدر:), everything after a marker line\n"
"                        (Read more, إقرأ أيضاً, مقالات مشابهة) and the lines\n"
"                        a source repeats on many pages are left out [on]\n"
"      --boilerplate-pages N  a line on N pages of one source (its source\n"
"                        field, URL host or folder) is that source's\n"
"                        furniture; learned in a first pass over the\n"
"                        input (stdin is copied to --tmpdir for it) [5]\n"
"      --boilerplate-words N  shorter lines are never learned [4]\n"
"      --show-boilerplate  text report: list what each source set aside\n"
"      --min-passage N   words of the shortest reported reused passage; any\n"
"                        shared run of N words is found [15]\n"
"      --fp-df-cap N     a passage fingerprint held by more than N documents\n"
"                        (names, titles, formulae) pairs nothing [100]\n"
"      --no-reuse        report exact and near pairs only [reuse on]\n"
"      --tmpdir DIR      where the spool of documents goes [$TMPDIR, /tmp]\n"
"      --spool-map N     read the spool in place (mapped) while it is at most\n"
"                        N bytes (K, M, G suffixes): fastest, but the pages\n"
"                        read count in the process's memory; a larger spool\n"
"                        is read by copies [1G]\n"
"  -j, --threads N       threads for normalizing, shingling and signing,\n"
"                        the joins, verification and alignment; the\n"
"                        output does not depend on it [online cores]\n"
"  -q, --quiet           no progress line on a terminal\n"
"  -h, --help            this help\n"
"\n"
"exit status: 0 success, 1 failure (writing the report, memory, disk),\n"
"2 bad usage or bad input (missing path, malformed record, duplicate id).\n");
}

enum {
	O_SHINGLE = 256, O_PERM, O_BANDS, O_ROWS, O_SEED, O_BUCKET, O_ONERR,
	O_MAXDOC, O_TMPDIR, O_NOBOILER, O_MINPASS, O_DFCAP, O_NOREUSE,
	O_BPAGES, O_BWORDS, O_SHOWBOILER, O_DB, O_REPLACE, O_NOTEXT, O_DROPPED,
	O_COMMIT, O_SPOOLMAP,
	O_FIELD /* + field index */
};

static const struct option longopts[] = {
	{"format", required_argument, 0, 'f'},
	{"output", required_argument, 0, 'o'},
	{"threshold", required_argument, 0, 't'},
	{"shingle", required_argument, 0, O_SHINGLE},
	{"perm", required_argument, 0, O_PERM},
	{"bands", required_argument, 0, O_BANDS},
	{"rows", required_argument, 0, O_ROWS},
	{"seed", required_argument, 0, O_SEED},
	{"bucket-cap", required_argument, 0, O_BUCKET},
	{"on-error", required_argument, 0, O_ONERR},
	{"max-doc-size", required_argument, 0, O_MAXDOC},
	{"tmpdir", required_argument, 0, O_TMPDIR},
	{"spool-map", required_argument, 0, O_SPOOLMAP},
	{"no-boilerplate", no_argument, 0, O_NOBOILER},
	{"min-passage", required_argument, 0, O_MINPASS},
	{"fp-df-cap", required_argument, 0, O_DFCAP},
	{"no-reuse", no_argument, 0, O_NOREUSE},
	{"boilerplate-pages", required_argument, 0, O_BPAGES},
	{"boilerplate-words", required_argument, 0, O_BWORDS},
	{"show-boilerplate", no_argument, 0, O_SHOWBOILER},
	{"db", required_argument, 0, O_DB},
	{"replace", no_argument, 0, O_REPLACE},
	{"no-text", no_argument, 0, O_NOTEXT},
	{"commit-every", required_argument, 0, O_COMMIT},
	{"dropped", required_argument, 0, O_DROPPED},
	{"threads", required_argument, 0, 'j'},
	{"id-field", required_argument, 0, O_FIELD + WT_F_ID},
	{"text-field", required_argument, 0, O_FIELD + WT_F_TEXT},
	{"source-field", required_argument, 0, O_FIELD + WT_F_SOURCE},
	{"url-field", required_argument, 0, O_FIELD + WT_F_URL},
	{"date-field", required_argument, 0, O_FIELD + WT_F_DATE},
	{"title-field", required_argument, 0, O_FIELD + WT_F_TITLE},
	{"quiet", no_argument, 0, 'q'},
	{"help", no_argument, 0, 'h'},
	{0, 0, 0, 0},
};

static int bad_value(const char *cmd, const char *opt, const char *v)
{
	wt_cli_error("%s: invalid value '%s' for --%s (see 'wiretrace %s "
		     "--help')", cmd, v, opt, cmd);
	return WT_EXIT_INPUT;
}

int wt_cli_scan_parse(int argc, char **argv, const char *cmd, wt_scan_cli *sc,
		      void (*usage)(FILE *f))
{
	int c;
	uint64_t v;
	wt_scan_opts *o = &sc->o;
	wt_report_opts *ro = &sc->ro;
	int is_scan = !strcmp(cmd, "scan"), is_dedup = !strcmp(cmd, "dedup");
	sc->cmd = cmd;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:t:j:qh", longopts, NULL)) != -1) {
		const char *name = "?";
		for (const struct option *lo = longopts; lo->name; lo++)
			if (lo->val == c)
				name = lo->name;
		switch (c) {
		case 'f':
			if (wt_format_parse(optarg, &ro->format))
				return bad_value(cmd, name, optarg);
			break;
		case 'o': sc->out = optarg; break;
		case 't': {
			sc->given |= WT_P_THRESHOLD;
			char *end;
			errno = 0;
			double t = strtod(optarg, &end);
			if (errno || *end || end == optarg || !(t > 0 && t <= 1))
				return bad_value(cmd, name, optarg);
			o->threshold = t;
			break;
		}
		case O_SHINGLE:
			sc->given |= WT_P_SHINGLE;
			if (wt_cli_parse_u64(optarg, 1, 64, 0, &v))
				return bad_value(cmd, name, optarg);
			o->shingle = (unsigned)v;
			break;
		case O_PERM:
			sc->given |= WT_P_PERM;
			if (wt_cli_parse_u64(optarg, 1, WT_PERM_MAX, 0, &v))
				return bad_value(cmd, name, optarg);
			o->perm = (unsigned)v;
			break;
		case O_BANDS:
		case O_ROWS:
			sc->given |= WT_P_BANDS;
			if (wt_cli_parse_u64(optarg, 1, WT_PERM_MAX, 0, &v))
				return bad_value(cmd, name, optarg);
			*(c == O_BANDS ? &o->bands : &o->rows) = (unsigned)v;
			break;
		case O_SEED:
			sc->given |= WT_P_SEED;
			if (wt_cli_parse_u64(optarg, 0, UINT64_MAX, 0, &v))
				return bad_value(cmd, name, optarg);
			o->seed = v;
			break;
		case O_BUCKET:
			sc->given |= WT_P_BUCKET;
			if (wt_cli_parse_u64(optarg, 1, 1u << 20, 0, &v))
				return bad_value(cmd, name, optarg);
			o->bucket_cap = (size_t)v;
			break;
		case O_ONERR:
			if (strcmp(optarg, "skip") && strcmp(optarg, "fail"))
				return bad_value(cmd, name, optarg);
			o->skip_errors = !strcmp(optarg, "skip");
			break;
		case O_MAXDOC:
			if (wt_cli_parse_u64(optarg, 1, (uint64_t)1 << 31, 1, &v))
				return bad_value(cmd, name, optarg);
			o->read.max_doc_bytes = (size_t)v;
			break;
		case O_TMPDIR: o->tmpdir = optarg; break;
		case O_SPOOLMAP:
			if (wt_cli_parse_u64(optarg, 0, UINT64_MAX, 1, &v))
				return bad_value(cmd, name, optarg);
			o->spool_map = v;
			break;
		case O_NOBOILER:
			o->no_boiler = 1;
			sc->given |= WT_P_BOILER;
			break;
		case O_DB:
		case O_REPLACE:
		case O_NOTEXT:
		case O_DROPPED:
		case O_COMMIT:
			if (is_scan || (c == O_DROPPED && !is_dedup) ||
			    (c == O_COMMIT && strcmp(cmd, "index add")) ||
			    (is_dedup && c != O_DB && c != O_DROPPED)) {
				wt_cli_error("%s: --%s is not an option of this command",
					     cmd, name);
				return WT_EXIT_INPUT;
			}
			if (c == O_DROPPED) {
				sc->dropped = optarg;
				break;
			}
			if (c == O_COMMIT) {
				if (wt_cli_parse_u64(optarg, 1, 1u << 24, 0, &v))
					return bad_value(cmd, name, optarg);
				sc->commit_every = (size_t)v;
			} else if (c == O_DB)
				sc->db = optarg;
			else if (c == O_REPLACE)
				sc->replace = 1;
			else
				sc->given |= WT_P_NOTEXT, sc->no_text = 1;
			break;
		case O_MINPASS:
			sc->given |= WT_P_MINPASS;
			if (wt_cli_parse_u64(optarg, 1, 100000, 0, &v))
				return bad_value(cmd, name, optarg);
			o->min_passage = (unsigned)v;
			break;
		case O_DFCAP:
			sc->given |= WT_P_DFCAP;
			if (wt_cli_parse_u64(optarg, 2, 1u << 20, 0, &v))
				return bad_value(cmd, name, optarg);
			o->fp_df_cap = (size_t)v;
			break;
		case O_NOREUSE: o->no_reuse = 1; break;
		case O_BPAGES:
			sc->given |= WT_P_BPAGES;
			if (wt_cli_parse_u64(optarg, 2, 1u << 30, 0, &v))
				return bad_value(cmd, name, optarg);
			o->learn_pages = (unsigned)v;
			break;
		case O_BWORDS:
			sc->given |= WT_P_BWORDS;
			if (wt_cli_parse_u64(optarg, 1, 1000, 0, &v))
				return bad_value(cmd, name, optarg);
			o->learn_words = (unsigned)v;
			break;
		case O_SHOWBOILER: ro->show_boilerplate = 1; break;
		case 'j':
			if (wt_cli_parse_u64(optarg, 1, 256, 0, &v))
				return bad_value(cmd, name, optarg);
			o->threads = (unsigned)v;
			break;
		case 'q': sc->quiet = 1; break;
		case 'h': usage(stdout); return -1;
		default:
			if (c >= O_FIELD && c < O_FIELD + WT_F_COUNT) {
				if (!*optarg)
					return bad_value(cmd, name, optarg);
				o->read.field[c - O_FIELD] = optarg;
				break;
			}
			fprintf(stderr, "see 'wiretrace %s --help'\n", cmd);
			return WT_EXIT_INPUT;
		}
	}
	if (o->min_passage < o->shingle) {
		wt_cli_error("%s: --min-passage (%u) is shorter than --shingle (%u)",
			     cmd, o->min_passage, o->shingle);
		return WT_EXIT_INPUT;
	}
	if (!o->bands != !o->rows) {
		wt_cli_error("%s: --bands and --rows go together", cmd);
		return WT_EXIT_INPUT;
	}
	if ((uint64_t)o->bands * o->rows > o->perm) {
		wt_cli_error("%s: --bands x --rows (%u) exceeds --perm (%u)", cmd,
			     o->bands * o->rows, o->perm);
		return WT_EXIT_INPUT;
	}
	wt_lsh_shape sh;
	if (!o->bands && wt_lsh_choose(o->threshold, o->perm, &sh)) {
		wt_cli_error("%s: with --perm %u no bands x rows give P(%g) >= %g; "
			     "raise --perm or set --bands and --rows", cmd, o->perm,
			     o->threshold, WT_LSH_RECALL);
		return WT_EXIT_INPUT;
	}
	if (optind >= argc && !is_dedup) {
		wt_cli_error("%s: no input (give a directory, a file, or - for "
			     "stdin)", cmd);
		return WT_EXIT_INPUT;
	}
	for (int i = optind; i < argc; i++) { /* fail before any work */
		struct stat st;
		if (strcmp(argv[i], "-") && stat(argv[i], &st) != 0) {
			wt_cli_error("error: %s: %s", argv[i], strerror(errno));
			return WT_EXIT_INPUT;
		}
	}
	return WT_EXIT_OK;
}

/* stdin is read twice (learning, then the scan): copy it to an unlinked
 * file in tmpdir and make that standard input, so "-" still names it in
 * messages. 0 or an exit code. */
static int spool_stdin(const char *tmpdir)
{
	const char *dir = tmpdir ? tmpdir : getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) { /* a file system without O_TMPFILE */
		char path[4096];
		snprintf(path, sizeof path, "%s/wiretrace-stdin-XXXXXX", dir);
		if ((fd = mkstemp(path)) >= 0)
			unlink(path);
	}
	if (fd < 0) {
		wt_cli_error("scan: cannot create a temporary file in %s (--tmpdir): "
			     "%s", dir, strerror(errno));
		return WT_EXIT_FAIL;
	}
	char buf[1 << 16];
	for (;;) {
		ssize_t n = read(0, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			wt_cli_error("error: -: %s", strerror(errno));
			close(fd);
			return WT_EXIT_INPUT;
		}
		if (n == 0)
			break;
		for (ssize_t w = 0; w < n;) {
			ssize_t k = write(fd, buf + w, (size_t)(n - w));
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				wt_cli_error("scan: copying standard input to %s: %s", dir,
					     strerror(errno));
				close(fd);
				return WT_EXIT_FAIL;
			}
			w += k;
		}
	}
	int rc = dup2(fd, 0) < 0 ? WT_EXIT_FAIL : WT_EXIT_OK;
	close(fd);
	return rc;
}

int wt_cli_exit_for(wt_err e, int reading)
{
	return e == WT_E_NOMEM || e == WT_E_FULL || !reading ? WT_EXIT_FAIL
							     : WT_EXIT_INPUT;
}

int wt_cli_exit_index(wt_err e)
{
	return e == WT_E_ARG || e == WT_E_MISSING ? WT_EXIT_INPUT : WT_EXIT_FAIL;
}

void wt_cli_scan_defaults(wt_scan_cli *sc)
{
	memset(sc, 0, sizeof *sc);
	wt_scan_opts_default(&sc->o);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	sc->o.threads = cores > 1 ? (unsigned)(cores < 256 ? cores : 256) : 1;
	sc->ro = (wt_report_opts){WT_FMT_TEXT, 0, 0};
}

wt_err wt_cli_scan_inputs(wt_scan *s, const wt_scan_cli *sc, int argc,
			  char **argv, int *rc)
{
	/* first pass: learn each source's repeated lines */
	int std_in = 0, boiler = !sc->o.no_boiler;
	wt_err e = WT_OK;
	*rc = WT_EXIT_OK;
	for (int i = optind; i < argc; i++)
		std_in |= !strcmp(argv[i], "-");
	if (std_in && boiler && (*rc = spool_stdin(sc->o.tmpdir)))
		return WT_E_IO;
	for (int i = optind; i < argc && !e && boiler; i++) {
		if (!strcmp(argv[i], "-"))
			lseek(0, 0, SEEK_SET);
		e = wt_scan_learn_path(s, argv[i]);
	}
	for (int i = optind; i < argc && !e; i++) {
		if (!strcmp(argv[i], "-") && boiler)
			lseek(0, 0, SEEK_SET);
		e = wt_scan_add_path(s, argv[i]);
	}
	if (e)
		*rc = wt_cli_exit_for(e, 1);
	return e;
}

int wt_cli_scan_failed(const wt_scan_cli *sc, wt_err e, int rc)
{
	wt_cli_error("%s stopped: %s%s", sc->cmd, wt_strerror(e),
		     rc == WT_EXIT_INPUT && !sc->o.skip_errors
			     ? " (--on-error skip passes over bad records)"
			     : "");
	return rc;
}

int wt_cmd_scan(int argc, char **argv)
{
	wt_scan_cli sc;
	wt_cli_scan_defaults(&sc);
	int rc = wt_cli_scan_parse(argc, argv, "scan", &sc, help);
	if (rc)
		return rc < 0 ? WT_EXIT_OK : rc;
	wt_scan_opts o = sc.o;
	o.keep_text = sc.ro.format == WT_FMT_TEXT || sc.ro.format == WT_FMT_HTML;
	wt_cli cli;
	wt_cli_init(&cli, sc.quiet);
	o.diag = wt_cli_diag;
	o.diag_ctx = &cli;
	o.progress = wt_cli_progress;
	o.progress_ctx = &cli;
	wt_scan *s;
	wt_err e = wt_scan_new(&o, &s);
	if (e == WT_E_IO || e == WT_E_FULL) {
		wt_cli_error("scan: cannot create a temporary file in %s (--tmpdir): %s",
			     o.tmpdir ? o.tmpdir : "$TMPDIR or /tmp", wt_strerror(e));
		return WT_EXIT_FAIL; /* like -o: somewhere we cannot write */
	}
	if (e) {
		wt_cli_error("scan: %s", wt_strerror(e));
		return WT_EXIT_FAIL;
	}
	const wt_result *r = NULL;
	e = wt_cli_scan_inputs(s, &sc, argc, argv, &rc);
	if (!e && (e = wt_scan_finish(s, &r)))
		rc = WT_EXIT_FAIL;
	wt_cli_progress_done(&cli);
	if (e) {
		rc = wt_cli_scan_failed(&sc, e, rc);
		wt_scan_free(s);
		return rc;
	}
	rc = wt_cli_write_report(sc.out, &sc.ro, s, r);
	wt_scan_free(s);
	return rc;
}
