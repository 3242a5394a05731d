/* cli: what the subcommands share: diagnostics printing, the progress line,
 * output files. Only src/cli/ writes to the terminal. */
#ifndef WT_CLI_H
#define WT_CLI_H

#include "../wiretrace.h"

#include <stdio.h>

/* Exit codes, documented in --help and README.md. */
enum { WT_EXIT_OK = 0, WT_EXIT_FAIL = 1, WT_EXIT_INPUT = 2 };

typedef struct {
	int quiet;          /* no progress line */
	int tty;            /* stderr is a terminal */
	unsigned long shown, limit; /* diagnostics printed, and the cap */
	double t0, last;    /* progress timing */
	int progress_live;  /* a progress line is on screen */
} wt_cli;

void wt_cli_init(wt_cli *c, int quiet);
wt_diag_fn wt_cli_diag;
wt_progress_fn wt_cli_progress;
/* Clear the progress line, if any. */
void wt_cli_progress_done(wt_cli *c);
void wt_cli_error(const char *fmt, ...) WT_PRINTF(1, 2);

/* Parse an unsigned number in [lo, hi], with a K/M/G suffix if suffix;
 * 0 or -1. */
int wt_cli_parse_u64(const char *s, uint64_t lo, uint64_t hi, int suffix,
		     uint64_t *out);
/* What a command writes: to f, which is a terminal when tty. */
typedef wt_err wt_cli_writer(FILE *f, int tty, void *ctx);
/* Open out (NULL or "-": standard output), run w on it, close it; says
 * what failed. An exit code. */
int wt_cli_write(const char *out, wt_cli_writer *w, void *ctx);
/* Write the report to out through wt_cli_write (text is highlighted on a
 * terminal). */
int wt_cli_write_report(const char *out, const wt_report_opts *o,
			const wt_scan *s, const wt_result *r);

/* The options scan, index add and index query share. */
typedef struct {
	const char *cmd;   /* for messages: "scan", "index add" .. */
	wt_scan_opts o;
	wt_report_opts ro;
	const char *out;   /* -o, NULL: standard output */
	int quiet;
	unsigned given;    /* WT_P_* (index.h) set on the command line */
	const char *db;    /* index only: --db, --replace, --no-text */
	int replace, no_text;
	size_t commit_every; /* 0: the index's default */
	const char *dropped; /* dedup only */
} wt_scan_cli;

void wt_cli_scan_defaults(wt_scan_cli *sc);
/* Parse argv for cmd; inputs start at optind. 0, -1 after --help (printed
 * by help), or an exit code. */
int wt_cli_scan_parse(int argc, char **argv, const char *cmd, wt_scan_cli *sc,
		      void (*help)(FILE *f));
/* Learn from, then add, every input (stdin is copied once for the two
 * passes); *rc is the exit code of a failure. */
wt_err wt_cli_scan_inputs(wt_scan *s, const wt_scan_cli *sc, int argc,
			  char **argv, int *rc);
/* Say that the run stopped; returns rc. */
int wt_cli_scan_failed(const wt_scan_cli *sc, wt_err e, int rc);
/* Exit status: while reading, anything but memory or a full disk is the
 * input's fault (2); after it, every failure is ours or the machine's (1). */
int wt_cli_exit_for(wt_err e, int reading);
/* Exit status of a failure to open or attach an index: a wrong parameter
 * or no index is the user's (2), the rest the machine's (1). */
int wt_cli_exit_index(wt_err e);

int wt_cmd_scan(int argc, char **argv);
int wt_cmd_index(int argc, char **argv);
int wt_cmd_dedup(int argc, char **argv);
int wt_cmd_explain(int argc, char **argv);

#endif
