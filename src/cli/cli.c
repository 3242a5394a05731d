/* cli: diagnostics, progress line. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void wt_cli_init(wt_cli *c, int quiet)
{
	c->quiet = quiet;
	c->tty = isatty(2);
	c->shown = 0;
	c->limit = 100;
	c->t0 = c->last = now();
	c->progress_live = 0;
}

void wt_cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("wiretrace: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void wt_cli_progress_done(wt_cli *c)
{
	if (c->progress_live)
		fputs("\r\033[K", stderr);
	c->progress_live = 0;
}

void wt_cli_diag(void *ctx, const wt_diag *d)
{
	wt_cli *c = ctx;
	if (c->shown == c->limit)
		fprintf(stderr, "wiretrace: further messages suppressed\n");
	if (c->shown++ >= c->limit)
		return;
	wt_cli_progress_done(c);
	const char *lv = d->level == WT_DIAG_WARN ? "warning" : "error";
	if (d->path && d->line)
		fprintf(stderr, "wiretrace: %s: %s:%llu: %s\n", lv, d->path,
			(unsigned long long)d->line, d->msg);
	else if (d->path)
		fprintf(stderr, "wiretrace: %s: %s: %s\n", lv, d->path, d->msg);
	else
		fprintf(stderr, "wiretrace: %s: %s\n", lv, d->msg);
}

void wt_cli_progress(void *ctx, const wt_progress *p)
{
	wt_cli *c = ctx;
	if (c->quiet || !c->tty)
		return;
	double t = now();
	if (t - c->last < 0.2)
		return;
	c->last = t;
	double el = t - c->t0, mb = (double)p->bytes / 1e6;
	fprintf(stderr, "\r\033[K%llu docs  %.1f MB  %.1f MB/s",
		(unsigned long long)p->docs, mb, el > 0 ? mb / el : 0.0);
	if (p->input_total && p->input_done && p->input_done <= p->input_total) {
		double left = el * (double)(p->input_total - p->input_done) /
			      (double)p->input_done;
		fprintf(stderr, "  %.0f%%  ETA %d:%02d",
			100.0 * (double)p->input_done / (double)p->input_total,
			(int)left / 60, (int)left % 60);
	}
	c->progress_live = 1;
}

/* Parse an unsigned number in [lo, hi] with an optional K/M/G suffix. */
int wt_cli_parse_u64(const char *s, uint64_t lo, uint64_t hi, int suffix,
		     uint64_t *out)
{
	char *end;
	errno = 0;
	if (*s == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (suffix && *end) {
		int sh = *end == 'K' || *end == 'k' ? 10 :
			 *end == 'M' || *end == 'm' ? 20 :
			 *end == 'G' || *end == 'g' ? 30 : -1;
		if (sh < 0 || end[1] || v > (UINT64_MAX >> sh))
			return -1;
		v <<= sh;
		end++;
	}
	if (*end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int wt_cli_write(const char *out, wt_cli_writer *w, void *ctx)
{
	FILE *f = out && strcmp(out, "-") ? fopen(out, "w") : stdout;
	if (!f) {
		wt_cli_error("cannot write %s: %s", out, strerror(errno));
		return WT_EXIT_FAIL;
	}
	int tty = f == stdout && isatty(1);
	/* One thread writes the report, in many small pieces: stdio need not
	 * lock on each, and a large buffer makes fewer writes. */
	__fsetlocking(f, FSETLOCKING_BYCALLER);
	if (!tty)
		setvbuf(f, NULL, _IOFBF, (size_t)1 << 20);
	errno = 0;
	wt_err e = w(f, tty, ctx);
	if (!e && ferror(f))
		e = WT_E_IO;
	int err = errno;
	if (f != stdout ? fclose(f) != 0 : fflush(f) != 0) {
		err = errno;
		e = e ? e : WT_E_IO;
	}
	if (e) {
		wt_cli_error("writing %s failed: %s", out ? out : "standard output",
			     strerror(err ? err : EIO));
		return WT_EXIT_FAIL;
	}
	return WT_EXIT_OK;
}

typedef struct {
	const wt_report_opts *o;
	const wt_scan *s;
	const wt_result *r;
} report_job;

static wt_err write_report(FILE *f, int tty, void *ctx)
{
	const report_job *j = ctx;
	wt_report_opts o = *j->o;
	o.color = tty; /* highlight the passages */
	return wt_report_write_opts(f, &o, j->s, j->r);
}

int wt_cli_write_report(const char *out, const wt_report_opts *ro,
			const wt_scan *s, const wt_result *r)
{
	report_job j = {ro, s, r};
	return wt_cli_write(out, write_report, &j);
}
