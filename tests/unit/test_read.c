/* test_read: the reader on files written into a fresh mkdtemp directory:
 * JSONL fields, errors with their diagnostics (path and line), recovery
 * after a bad record, UTF-8 repair, caps, gzip, the directory walk, single
 * .txt files, progress, wt_utf8_repair, and wt_utf8_valid against a
 * byte-by-byte decode. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "norm.h" /* wt_utf8_decode, to check repaired output */
#include "read.h"

#define FFFD "\xEF\xBF\xBD"

static char g_root[PATH_MAX]; /* the mkdtemp directory */

/* snprintf that fails the test instead of truncating. */
static void fmt_to(char *dst, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fmt_to(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(dst, cap, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= cap)
		fail_msg("path too long");
}

/* --- diagnostics capture --- */

typedef struct {
	wt_diag_level level;
	wt_err code;
	char path[PATH_MAX];
	uint64_t line;
	char msg[512];
} diag_rec;

typedef struct {
	diag_rec d[64];
	size_t n;      /* recorded (at most 64) */
	size_t total;  /* received */
} diag_log;

static void on_diag(void *ctx, const wt_diag *d)
{
	diag_log *log = ctx;
	assert_non_null(d->msg);
	assert_true(strlen(d->msg) > 0);
	if (log->n < sizeof log->d / sizeof *log->d) {
		diag_rec *r = &log->d[log->n++];
		r->level = d->level;
		r->code = d->code;
		snprintf(r->path, sizeof r->path, "%s", d->path ? d->path : "");
		r->line = d->line;
		snprintf(r->msg, sizeof r->msg, "%s", d->msg);
	}
	log->total++;
}

static void check_diag(const diag_log *log, size_t i, wt_diag_level lv,
		       wt_err code, const char *path, uint64_t line)
{
	if (i >= log->n)
		fail_msg("diagnostic %zu missing (only %zu received)", i, log->n);
	const diag_rec *r = &log->d[i];
	assert_int_equal(r->level, lv);
	assert_int_equal(r->code, code);
	assert_string_equal(r->path, path);
	assert_int_equal(r->line, line);
}

/* --- files --- */

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p) ? -1 : 0;
}

static int group_setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	fmt_to(g_root, sizeof g_root, "%s/wt_test_read_XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(g_root) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return nftw(g_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* g_root/rel into buf (static rotating buffers, so a few can be live). */
static const char *in_root(const char *rel)
{
	static char buf[8][PATH_MAX];
	static int k;
	char *p = buf[k++ % 8];
	fmt_to(p, PATH_MAX, "%s/%s", g_root, rel);
	return p;
}

static void make_dir(const char *rel)
{
	if (mkdir(in_root(rel), 0755) != 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", rel, strerror(errno));
}

static const char *write_file(const char *rel, const void *data, size_t n)
{
	const char *p = in_root(rel);
	FILE *f = fopen(p, "wb");
	if (!f)
		fail_msg("fopen %s: %s", p, strerror(errno));
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return p;
}

static const char *write_str(const char *rel, const char *s)
{
	return write_file(rel, s, strlen(s));
}

static const char *write_gz(const char *rel, const void *data, size_t n)
{
	const char *p = in_root(rel);
	gzFile g = gzopen(p, "wb9");
	assert_non_null(g);
	assert_int_equal(gzwrite(g, data, (unsigned)n), (int)n);
	assert_int_equal(gzclose(g), Z_OK);
	return p;
}

static uint64_t file_size(const char *p)
{
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	return (uint64_t)st.st_size;
}

/* --- reader helpers --- */

static wt_read_opts opts_with(diag_log *log)
{
	wt_read_opts o;
	wt_read_opts_default(&o);
	memset(log, 0, sizeof *log);
	o.diag = on_diag;
	o.diag_ctx = log;
	return o;
}

static wt_reader *open_ok(const char *path, const wt_read_opts *o)
{
	wt_reader *r = NULL;
	wt_err e = wt_reader_open(path, o, &r);
	if (e)
		fail_msg("wt_reader_open(%s): %s", path, wt_strerror(e));
	assert_non_null(r);
	return r;
}

static void next_ok(wt_reader *r, wt_doc *d)
{
	int done = -1;
	wt_err e = wt_reader_next(r, d, &done);
	if (e)
		fail_msg("wt_reader_next: %s", wt_strerror(e));
	assert_int_equal(done, 0);
}

static void next_err(wt_reader *r, wt_err want)
{
	wt_doc d;
	int done = -1;
	wt_err e = wt_reader_next(r, &d, &done);
	if (e != want)
		fail_msg("wt_reader_next: got %s (%d), want %s", wt_strerror(e), e,
			 wt_strerror(want));
}

static void next_done(wt_reader *r)
{
	wt_doc d;
	int done = -1;
	assert_int_equal(wt_reader_next(r, &d, &done), WT_OK);
	assert_int_equal(done, 1);
}

static void assert_wstr(wt_str s, const char *want)
{
	if (!s.p)
		fail_msg("field absent, want \"%s\"", want);
	if (s.n != strlen(want) || memcmp(s.p, want, s.n))
		fail_msg("got \"%.*s\" (%zu bytes), want \"%s\"", (int)s.n, s.p, s.n,
			 want);
}

static void assert_absent(wt_str s)
{
	assert_null(s.p);
	assert_int_equal(s.n, 0);
}

/* --- JSONL --- */

static void read__fields(void **state)
{
	(void)state;
	const char *p = write_str(
		"fields.jsonl",
		"{\"id\":\"doc-1\",\"text\":\"Hello world\",\"source\":\"Reuters\","
		"\"url\":\"https://example.com/1\",\"date\":\"2024-01-02\","
		"\"title\":\"Caf\\u00e9 \\\"quoted\\\"\",\"extra\":[1,{\"x\":null}]}\n"
		"{\"text\":\"second text\",\"id\":\"doc-2\",\"source\":5,"
		"\"title\":null}\n");
	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok(p, &o);
	wt_doc d;
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "doc-1");
	assert_wstr(d.f[WT_F_TEXT], "Hello world");
	assert_wstr(d.f[WT_F_SOURCE], "Reuters");
	assert_wstr(d.f[WT_F_URL], "https://example.com/1");
	assert_wstr(d.f[WT_F_DATE], "2024-01-02");
	assert_wstr(d.f[WT_F_TITLE], "Caf\xC3\xA9 \"quoted\"");
	assert_string_equal(d.path, p);
	assert_int_equal(d.line, 1);
	assert_int_equal(d.invalid, 0);
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "doc-2");
	assert_wstr(d.f[WT_F_TEXT], "second text");
	assert_absent(d.f[WT_F_SOURCE]); /* not a string: absent */
	assert_absent(d.f[WT_F_URL]);
	assert_absent(d.f[WT_F_TITLE]);
	assert_int_equal(d.line, 2);
	next_done(r);
	next_done(r); /* stays done */
	assert_int_equal(log.total, 0);
	wt_reader_free(r);
}

static void read__custom_field_names(void **state)
{
	(void)state;
	const char *p = write_str(
		"custom.jsonl",
		"{\"id\":\"wrong\",\"uid\":\"u1\",\"body\":\"the body\","
		"\"text\":\"ignored\",\"headline\":\"H1\",\"title\":\"no\"}\n"
		"{\"id\":\"x\",\"text\":\"y\"}\n"
		"{\"uid\":\"u3\",\"body\":\"third\"}\n");
	diag_log log;
	wt_read_opts o = opts_with(&log);
	o.field[WT_F_ID] = "uid";
	o.field[WT_F_TEXT] = "body";
	o.field[WT_F_TITLE] = "headline";
	wt_reader *r = open_ok(p, &o);
	wt_doc d;
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "u1");
	assert_wstr(d.f[WT_F_TEXT], "the body");
	assert_wstr(d.f[WT_F_TITLE], "H1");
	assert_absent(d.f[WT_F_SOURCE]);
	/* the default names mean nothing now */
	next_err(r, WT_E_MISSING);
	check_diag(&log, 0, WT_DIAG_ERROR, WT_E_MISSING, p, 2);
	assert_non_null(strstr(log.d[0].msg, "uid"));
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "u3");
	assert_int_equal(d.line, 3);
	next_done(r);
	wt_reader_free(r);
}

static void read__numeric_id(void **state)
{
	(void)state;
	const char *p = write_str("numid.jsonl",
				  "{\"id\":42,\"text\":\"a\"}\n"
				  "{\"id\":-7,\"text\":\"b\"}\n"
				  "{\"id\":9007199254740993,\"text\":\"c\"}\n"
				  "{\"id\":0,\"text\":\"d\"}\n"
				  "{\"id\":1.5,\"text\":\"e\"}\n"
				  "{\"id\":\"s\",\"text\":\"f\"}\n");
	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok(p, &o);
	wt_doc d;
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "42");
	assert_wstr(d.f[WT_F_TEXT], "a");
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "-7");
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "9007199254740993"); /* exact, not a double */
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "0");
	/* a fractional id is not an id */
	wt_err e;
	int done;
	e = wt_reader_next(r, &d, &done);
	assert_true(e == WT_E_MISSING || e == WT_E_PARSE);
	assert_int_equal(log.n, 1);
	assert_int_equal(log.d[0].line, 5);
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "s");
	assert_int_equal(d.line, 6);
	next_done(r);
	wt_reader_free(r);
}

static void read__missing_fields(void **state)
{
	(void)state;
	const char *p = write_str("missing.jsonl",
				  "{\"text\":\"no id here\"}\n"
				  "{\"id\":\"x2\"}\n"
				  "{\"id\":\"x3\",\"text\":null}\n"
				  "{\"id\":[\"x4\"],\"text\":\"t\"}\n"
				  "{}\n"
				  "{\"id\":\"x6\",\"text\":\"ok\"}\n");
	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok(p, &o);
	for (uint64_t line = 1; line <= 5; line++) {
		next_err(r, WT_E_MISSING);
		assert_int_equal(log.n, line);
		check_diag(&log, line - 1, WT_DIAG_ERROR, WT_E_MISSING, p, line);
	}
	assert_non_null(strstr(log.d[0].msg, "id"));
	assert_non_null(strstr(log.d[1].msg, "text"));
	wt_doc d;
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "x6");
	assert_int_equal(d.line, 6);
	next_done(r);
	assert_int_equal(log.total, 5);
	wt_reader_free(r);
}

static void read__malformed_continues(void **state)
{
	(void)state;
	const char *p = write_str("malformed.jsonl",
				  "{\"id\":\"a\",\"text\":\"one\"}\n"
				  "{\"id\":\"b\",\"text\":\n"
				  "not json at all\n"
				  "[1,2,3]\n"
				  "\"just a string\"\n"
				  "{\"id\":\"c\",\"text\":\"x\"} trailing\n"
				  "{\"id\":\"d\",\"text\":\"x\"}{\"id\":\"e\",\"text\":\"y\"}\n"
				  "{\"id\":\"f\",\"text\":\"three\"}\n");
	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok(p, &o);
	wt_doc d;
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "a");
	assert_int_equal(d.line, 1);
	for (uint64_t line = 2; line <= 7; line++) {
		next_err(r, WT_E_PARSE);
		check_diag(&log, line - 2, WT_DIAG_ERROR, WT_E_PARSE, p, line);
	}
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "f");
	assert_wstr(d.f[WT_F_TEXT], "three");
	assert_int_equal(d.line, 8);
	next_done(r);
	assert_int_equal(log.total, 6);
	wt_reader_free(r);
}

static void read__blank_lines_and_crlf(void **state)
{
	(void)state;
	const char *p = write_str(
		"crlf.jsonl",
		"\n"
		"   \n"
		"{\"id\":\"a\",\"text\":\"x\"}\r\n"
		"\r\n"
		"\t \r\n"
		"{\"id\":\"b\",\"text\":\"line1\\r\\nline2\"}\r\n"
		"{\"id\":\"c\",\"text\":\"last\"}"); /* no final newline */
	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok(p, &o);
	wt_doc d;
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "a");
	assert_wstr(d.f[WT_F_TEXT], "x");
	assert_int_equal(d.line, 3);
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "b");
	/* escaped CR LF inside the string are content */
	assert_wstr(d.f[WT_F_TEXT], "line1\r\nline2");
	assert_int_equal(d.line, 6);
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "c");
	assert_wstr(d.f[WT_F_TEXT], "last");
	assert_int_equal(d.line, 7);
	next_done(r);
	assert_int_equal(log.total, 0);
	wt_reader_free(r);
}

static void read__empty_file(void **state)
{
	(void)state;
	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok(write_str("empty.jsonl", ""), &o);
	next_done(r);
	wt_reader_free(r);
	r = open_ok(write_str("blank.jsonl", "\n\n  \r\n"), &o);
	next_done(r);
	wt_reader_free(r);
	assert_int_equal(log.total, 0);
}

static void read__invalid_utf8_repaired(void **state)
{
	(void)state;
	const char *p = write_str("badutf8.jsonl",
				  "{\"id\":\"bad\",\"text\":\"caf\xC3 ok \xFF\xFE end\"}\n"
				  "{\"id\":\"good\",\"text\":\"caf\xC3\xA9\"}\n"
				  "{\"id\":\"i\xE2\x82\",\"text\":\"\xF0\x9F\x98\"}\n");
	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok(p, &o);
	wt_doc d;
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "bad");
	assert_wstr(d.f[WT_F_TEXT], "caf" FFFD " ok " FFFD FFFD " end");
	assert_int_equal(d.invalid, 3);
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_TEXT], "caf\xC3\xA9");
	assert_int_equal(d.invalid, 0); /* counted per document */
	next_ok(r, &d);
	/* truncated sequences at the end of a string: one U+FFFD each */
	assert_wstr(d.f[WT_F_ID], "i" FFFD);
	assert_wstr(d.f[WT_F_TEXT], FFFD);
	assert_int_equal(d.invalid, 2);
	next_done(r);
	wt_reader_free(r);
}

static void read__nul_in_text(void **state)
{
	(void)state;
	const char *p = write_str("nul.jsonl",
				  "{\"id\":\"n\",\"text\":\"a\\u0000b\\u0000\"}\n"
				  "{\"id\":\"bad\\u0000id\",\"text\":\"x\"}\n"
				  "{\"id\":\"\",\"text\":\"x\"}\n"
				  "{\"id\":\"m\",\"text\":\"\\u0000\"}\n");
	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok(p, &o);
	wt_doc d;
	next_ok(r, &d);
	assert_int_equal(d.f[WT_F_TEXT].n, 4);
	assert_memory_equal(d.f[WT_F_TEXT].p, "a\0b\0", 4);
	/* ids never contain NUL (read.h), nor are they empty */
	int done;
	assert_int_not_equal(wt_reader_next(r, &d, &done), WT_OK);
	assert_int_equal(log.n, 1);
	assert_int_equal(log.d[0].line, 2);
	assert_int_not_equal(wt_reader_next(r, &d, &done), WT_OK);
	assert_int_equal(log.n, 2);
	assert_int_equal(log.d[1].line, 3);
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "m");
	assert_int_equal(d.f[WT_F_TEXT].n, 1);
	assert_int_equal(d.f[WT_F_TEXT].p[0], 0);
	next_done(r);
	wt_reader_free(r);
}

static char *json_line(const char *id, size_t textlen, char fill_ch)
{
	size_t cap = textlen + strlen(id) + 64;
	char *s = malloc(cap);
	assert_non_null(s);
	int k = snprintf(s, cap, "{\"id\":\"%s\",\"text\":\"", id);
	memset(s + k, fill_ch, textlen);
	memcpy(s + k + textlen, "\"}\n", 4);
	return s;
}

static void read__over_cap_text(void **state)
{
	(void)state;
	char *l1 = json_line("at-cap", 100, 'x');
	char *l2 = json_line("over-cap", 101, 'y');
	/* 100 bytes of text (50 x U+00E9) written as 300 bytes of escapes */
	char l3[512] = "{\"id\":\"escaped\",\"text\":\"";
	for (int i = 0; i < 50; i++)
		strcat(l3, "\\u00e9");
	strcat(l3, "\"}\n");
	char *l4 = json_line("after", 10, 'z');
	char all[2048];
	snprintf(all, sizeof all, "%s%s%s%s", l1, l2, l3, l4);
	const char *p = write_str("cap.jsonl", all);
	diag_log log;
	wt_read_opts o = opts_with(&log);
	o.max_doc_bytes = 100;
	wt_reader *r = open_ok(p, &o);
	wt_doc d;
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "at-cap");
	assert_int_equal(d.f[WT_F_TEXT].n, 100);
	next_err(r, WT_E_LIMIT);
	check_diag(&log, 0, WT_DIAG_ERROR, WT_E_LIMIT, p, 2);
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "escaped");
	assert_int_equal(d.f[WT_F_TEXT].n, 100);
	assert_int_equal(d.line, 3);
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "after");
	assert_int_equal(d.line, 4);
	next_done(r);
	assert_int_equal(log.total, 1);
	wt_reader_free(r);
	free(l1);
	free(l2);
	free(l4);
}

static size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
}

static void read__over_long_line(void **state)
{
	(void)state;
	/* cap 1000: lines over 2 * 1000 + 64 KiB = 67536 bytes are refused */
	const size_t cap = 1000, huge = (size_t)16 << 20;
	const char *p = in_root("longline.jsonl");
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	fputs("{\"id\":\"first\",\"text\":\"ok\"}\n", f);
	/* line 2: 16 MiB, many read chunks, never a complete line in memory */
	fputs("{\"id\":\"huge\",\"text\":\"", f);
	char block[4096];
	memset(block, 'h', sizeof block);
	for (size_t n = 0; n < huge; n += sizeof block)
		assert_int_equal(fwrite(block, 1, sizeof block, f), sizeof block);
	fputs("\"}\n", f);
	fputs("{\"id\":\"third\",\"text\":\"fine\"}\n", f);
	/* line 4: under the line limit but its text is over the cap */
	fputs("{\"id\":\"fourth\",\"text\":\"", f);
	for (size_t n = 0; n < 60000; n++)
		fputc('q', f);
	fputs("\"}\n", f);
	/* line 5: just over the line limit */
	fputs("{\"id\":\"fifth\",\"text\":\"", f);
	for (size_t n = 0; n < 2 * cap + 65536; n++)
		fputc('w', f);
	fputs("\"}\n", f);
	fputs("{\"id\":\"sixth\",\"text\":\"end\"}\n", f);
	assert_int_equal(fclose(f), 0);

	diag_log log;
	wt_read_opts o = opts_with(&log);
	o.max_doc_bytes = cap;
	wt_reader *r = open_ok(p, &o);
	wt_doc d;
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "first");
	size_t before = heap_in_use();
	next_err(r, WT_E_LIMIT);
	size_t after = heap_in_use();
	check_diag(&log, 0, WT_DIAG_ERROR, WT_E_LIMIT, p, 2);
#if !defined(__SANITIZE_ADDRESS__)
	/* the refused line was not kept: far less than 16 MiB is held */
	if (after > before && after - before > ((size_t)2 << 20))
		fail_msg("heap grew by %zu bytes over a refused line",
			 after - before);
#else
	(void)before;
	(void)after;
#endif
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "third");
	assert_wstr(d.f[WT_F_TEXT], "fine");
	assert_int_equal(d.line, 3);
	next_err(r, WT_E_LIMIT);
	check_diag(&log, 1, WT_DIAG_ERROR, WT_E_LIMIT, p, 4);
	next_err(r, WT_E_LIMIT);
	check_diag(&log, 2, WT_DIAG_ERROR, WT_E_LIMIT, p, 5);
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "sixth");
	assert_int_equal(d.line, 6);
	next_done(r);
	wt_reader_free(r);
	assert_int_equal(unlink(p), 0);
}

/* Read every record of path into a flat string "id|text|title|line\n"...
 * with errors as "!code@line\n". */
static char *dump_all(const char *path, const wt_read_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	wt_reader *r = open_ok(path, o);
	for (int guard = 0; guard < 10000; guard++) {
		wt_doc d;
		int done = 0;
		wt_err e = wt_reader_next(r, &d, &done);
		if (e) {
			fprintf(m, "!%d\n", e);
			continue;
		}
		if (done)
			break;
		fprintf(m, "%.*s|%.*s|%.*s|%llu|%llu\n", (int)d.f[WT_F_ID].n,
			d.f[WT_F_ID].p, (int)d.f[WT_F_TEXT].n, d.f[WT_F_TEXT].p,
			(int)d.f[WT_F_TITLE].n, d.f[WT_F_TITLE].p ? d.f[WT_F_TITLE].p : "",
			(unsigned long long)d.line, (unsigned long long)d.invalid);
	}
	wt_reader_free(r);
	assert_int_equal(fclose(m), 0);
	return buf;
}

static const char gz_content[] =
	"{\"id\":\"g1\",\"text\":\"plain or gzip, same records\",\"title\":\"T\"}\n"
	"\n"
	"{\"id\":\"g2\",\"text\":\"\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9 text\"}\r\n"
	"broken\n"
	"{\"id\":\"g3\",\"text\":\"bad \xFF byte\"}\n";

static void read__gzip_same_as_plain(void **state)
{
	(void)state;
	diag_log log;
	wt_read_opts o = opts_with(&log);
	const char *plain = write_str("plain.jsonl", gz_content);
	char *want = dump_all(plain, &o);
	/* sanity: the plain read saw all three records and the bad line */
	assert_non_null(strstr(want, "g1|plain or gzip, same records|T|1|0\n"));
	assert_non_null(strstr(want, "!4\n")); /* WT_E_PARSE */
	assert_non_null(strstr(want, "g3|bad " FFFD " byte||5|1\n"));
	const char *names[] = {"gz1.jsonl.gz", "gz2.jsonl", "gz3.data"};
	for (int i = 0; i < 3; i++) {
		const char *g = write_gz(names[i], gz_content, sizeof gz_content - 1);
		/* really compressed */
		assert_true(file_size(g) != sizeof gz_content - 1);
		char *got = dump_all(g, &o);
		assert_string_equal(got, want);
		free(got);
	}
	free(want);
}

static void read__gzip_truncated(void **state)
{
	(void)state;
	/* 2000 distinct records, gzip, then cut in the middle of the stream */
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	for (int i = 0; i < 2000; i++)
		fprintf(m, "{\"id\":\"t%d\",\"text\":\"record %d %x %o\"}\n", i, i,
			i * 2654435761u, i * 40503u);
	assert_int_equal(fclose(m), 0);
	const char *g = write_gz("trunc.jsonl.gz", buf, len);
	uint64_t sz = file_size(g);
	assert_int_equal(truncate(g, (off_t)(sz / 2)), 0);
	free(buf);

	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok(g, &o);
	int ok = 0, io = 0, other = 0, done = 0;
	for (int guard = 0; guard < 5000 && !done; guard++) {
		wt_doc d;
		wt_err e = wt_reader_next(r, &d, &done);
		if (e == WT_E_IO)
			io++;
		else if (e)
			other++;
		else if (!done) {
			assert_int_equal(io, 0); /* an I/O error ends the stream */
			char want[32];
			snprintf(want, sizeof want, "t%d", ok);
			assert_wstr(d.f[WT_F_ID], want);
			ok++;
		}
	}
	assert_int_equal(done, 1);
	assert_int_equal(io, 1);
	assert_int_equal(other, 0);
	assert_true(ok > 0 && ok < 2000);
	assert_true(log.n >= 1);
	assert_int_equal(log.d[log.n - 1].code, WT_E_IO);
	assert_string_equal(log.d[log.n - 1].path, g);
	wt_reader_free(r);
}

/* --- directory walk, .txt --- */

static void read__dir_walk(void **state)
{
	(void)state;
	make_dir("walk");
	make_dir("walk/b");
	make_dir("walk/b/sub");
	make_dir("walk/.hdir");
	make_dir("walk/empty");
	write_str("walk/a.txt", "alpha text");
	write_str("walk/B.txt", "upper case sorts first");
	write_str("walk/a-b.txt", "dash sorts before dot");
	write_str("walk/.hidden.txt", "never read");
	write_str("walk/.hidden.jsonl", "{\"id\":\"hidden\",\"text\":\"x\"}\n");
	write_str("walk/.hdir/f.txt", "never read either");
	write_str("walk/notes.md", "other files are passed over");
	write_str("walk/b/c.txt", "see");
	write_str("walk/b/d.jsonl",
		  "{\"id\":\"j1\",\"text\":\"from jsonl\"}\n"
		  "{\"id\":\"j2\",\"text\":\"second\"}\n");
	write_str("walk/b/sub/e.txt", "deep\n");
	write_gz("walk/b/sub/z.jsonl.gz",
		 "{\"id\":\"gz\",\"text\":\"compressed\"}\n",
		 strlen("{\"id\":\"gz\",\"text\":\"compressed\"}\n"));
	static const char bin[] = "\x7f" "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00";
	char binp[PATH_MAX], walk[PATH_MAX];
	fmt_to(binp, sizeof binp, "%s", write_file("walk/bin.txt", bin, sizeof bin));
	fmt_to(walk, sizeof walk, "%s", in_root("walk"));
	write_str("walk/c.ndjson", "{\"id\":\"nd\",\"text\":\"nd\"}\n");
	write_str("walk/z.txt", "last one");

	/* expected, in byte order of names at each level */
	static const struct {
		const char *id, *text, *file;
		uint64_t line;
	} want[] = {
		{"B.txt", "upper case sorts first", "B.txt", 0},
		{"a-b.txt", "dash sorts before dot", "a-b.txt", 0},
		{"a.txt", "alpha text", "a.txt", 0},
		{"b/c.txt", "see", "b/c.txt", 0},
		{"j1", "from jsonl", "b/d.jsonl", 1},
		{"j2", "second", "b/d.jsonl", 2},
		{"b/sub/e.txt", "deep\n", "b/sub/e.txt", 0},
		{"gz", "compressed", "b/sub/z.jsonl.gz", 1},
		{NULL, NULL, "bin.txt", 0}, /* binary: a warning */
		{"nd", "nd", "c.ndjson", 1},
		{"z.txt", "last one", "z.txt", 0},
	};
	const size_t nwant = sizeof want / sizeof *want;
	for (int ri = 0; ri < 2; ri++) {
		/* ids are the same with or without a trailing slash */
		char root[PATH_MAX];
		fmt_to(root, sizeof root, "%s%s", walk, ri ? "/" : "");
		diag_log log;
		wt_read_opts o = opts_with(&log);
		wt_reader *r = open_ok(root, &o);
		for (size_t i = 0; i < nwant; i++) {
			char file[PATH_MAX];
			fmt_to(file, sizeof file, "%s/%s", walk, want[i].file);
			if (!want[i].id) {
				next_err(r, WT_E_BINARY);
				assert_int_equal(log.n, 1);
				check_diag(&log, 0, WT_DIAG_WARN, WT_E_BINARY, binp, 0);
				continue;
			}
			wt_doc d;
			next_ok(r, &d);
			assert_wstr(d.f[WT_F_ID], want[i].id);
			assert_wstr(d.f[WT_F_TEXT], want[i].text);
			assert_string_equal(d.path, file);
			assert_int_equal(d.line, want[i].line);
		}
		next_done(r);
		assert_int_equal(log.total, 1);
		wt_reader_free(r);
	}
}

static void read__dir_symlink_loop(void **state)
{
	(void)state;
	make_dir("loop");
	write_str("loop/a.txt", "only once");
	assert_int_equal(symlink(".", in_root("loop/self")), 0);
	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok(in_root("loop"), &o);
	int docs = 0, errs = 0, done = 0;
	for (int guard = 0; guard < 100 && !done; guard++) {
		wt_doc d;
		wt_err e = wt_reader_next(r, &d, &done);
		if (e)
			errs++;
		else if (!done)
			docs++;
	}
	wt_reader_free(r);
	/* the walk ends, and the one file is not read again through the
	 * link (loop/self/a.txt, loop/self/self/a.txt, ...) */
	assert_int_equal(done, 1);
	assert_int_equal(docs, 1);
	assert_int_equal(errs, 0);
}

static void read__nonexistent(void **state)
{
	(void)state;
	const char *paths[] = {in_root("nope.jsonl"), in_root("nope.txt"),
			       in_root("nope-dir/"), in_root("nope-dir/x.jsonl.gz")};
	for (int i = 0; i < 4; i++) {
		char p[PATH_MAX];
		fmt_to(p, sizeof p, "%s", paths[i]);
		diag_log log;
		wt_read_opts o = opts_with(&log);
		wt_reader *r = (wt_reader *)&log; /* must be reset to NULL */
		assert_int_equal(wt_reader_open(p, &o, &r), WT_E_IO);
		assert_null(r);
		assert_int_equal(log.n, 1);
		check_diag(&log, 0, WT_DIAG_ERROR, WT_E_IO, p, 0);
	}
	/* and without a diag callback */
	wt_read_opts o;
	wt_read_opts_default(&o);
	wt_reader *r;
	assert_int_equal(wt_reader_open(in_root("nope.jsonl"), &o, &r), WT_E_IO);
}

static void read__single_txt(void **state)
{
	(void)state;
	make_dir("single");
	make_dir("single/sub");
	const char *p = write_str("single/sub/story.txt",
				  "Some story\r\ntext \xD9\x86\xD8\xB5\n");
	char path[PATH_MAX];
	fmt_to(path, sizeof path, "%s", p);
	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok(path, &o);
	wt_doc d;
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "story.txt");
	/* the whole file, byte for byte */
	assert_wstr(d.f[WT_F_TEXT], "Some story\r\ntext \xD9\x86\xD8\xB5\n");
	assert_string_equal(d.path, path);
	assert_int_equal(d.line, 0);
	assert_int_equal(d.invalid, 0);
	assert_absent(d.f[WT_F_TITLE]);
	next_done(r);
	next_done(r);
	wt_reader_free(r);

	/* an empty .txt is a document with empty text */
	r = open_ok(write_str("single/empty.txt", ""), &o);
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "empty.txt");
	assert_int_equal(d.f[WT_F_TEXT].n, 0);
	next_done(r);
	wt_reader_free(r);

	/* a binary .txt: the warning, then the end */
	static const char bin[] = "GIF89a\x00\x01\x00\x00\xff\xff";
	const char *bp = write_file("single/pic.txt", bin, sizeof bin);
	char bpath[PATH_MAX];
	fmt_to(bpath, sizeof bpath, "%s", bp);
	r = open_ok(bpath, &o);
	next_err(r, WT_E_BINARY);
	check_diag(&log, 0, WT_DIAG_WARN, WT_E_BINARY, bpath, 0);
	next_done(r);
	wt_reader_free(r);

	/* a .txt over the cap */
	char big[300];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	o.max_doc_bytes = 100;
	const char *gp = write_str("single/big.txt", big);
	char gpath[PATH_MAX];
	fmt_to(gpath, sizeof gpath, "%s", gp);
	r = open_ok(gpath, &o);
	next_err(r, WT_E_LIMIT);
	check_diag(&log, 1, WT_DIAG_ERROR, WT_E_LIMIT, gpath, 0);
	next_done(r);
	wt_reader_free(r);
}

/* --- progress --- */

static void read__progress_regular_file(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	for (int i = 0; i < 5000; i++) /* several read chunks */
		fprintf(m, "{\"id\":\"p%d\",\"text\":\"progress record number %d\"}\n",
			i, i);
	assert_int_equal(fclose(m), 0);
	const char *targets[2];
	char plain[PATH_MAX], gz[PATH_MAX];
	fmt_to(plain, sizeof plain, "%s", write_file("prog.jsonl", buf, len));
	fmt_to(gz, sizeof gz, "%s", write_gz("prog.jsonl.gz", buf, len));
	targets[0] = plain;
	targets[1] = gz;
	free(buf);
	for (int t = 0; t < 2; t++) {
		uint64_t size = file_size(targets[t]), done_b = 1, total = 0;
		diag_log log;
		wt_read_opts o = opts_with(&log);
		wt_reader *r = open_ok(targets[t], &o);
		wt_reader_progress(r, &done_b, &total);
		assert_int_equal(total, size);
		assert_true(done_b <= size);
		uint64_t last = done_b;
		int n = 0;
		for (;;) {
			wt_doc d;
			int fin;
			assert_int_equal(wt_reader_next(r, &d, &fin), WT_OK);
			wt_reader_progress(r, &done_b, &total);
			assert_int_equal(total, size);
			assert_true(done_b >= last); /* never goes back */
			assert_true(done_b <= size);
			last = done_b;
			if (fin)
				break;
			n++;
		}
		assert_int_equal(n, 5000);
		assert_int_equal(done_b, size); /* all consumed at the end */
		wt_reader_free(r);
	}

	/* a single .txt: its size */
	const char *tp = write_str("prog.txt", "twelve bytes");
	char tpath[PATH_MAX];
	fmt_to(tpath, sizeof tpath, "%s", tp);
	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok(tpath, &o);
	uint64_t done_b = 99, total = 0;
	wt_reader_progress(r, &done_b, &total);
	assert_int_equal(total, 12);
	assert_int_equal(done_b, 0);
	wt_doc d;
	next_ok(r, &d);
	wt_reader_progress(r, &done_b, &total);
	assert_int_equal(done_b, 12);
	assert_int_equal(total, 12);
	wt_reader_free(r);
}

static void read__stdin(void **state)
{
	(void)state;
	const char *p = write_str("stdin.jsonl",
				  "{\"id\":\"s1\",\"text\":\"from stdin\"}\n"
				  "oops\n"
				  "{\"id\":\"s2\",\"text\":\"two\"}\n");
	int saved = dup(0);
	assert_true(saved >= 0);
	int fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, 0), 0);
	close(fd);
	diag_log log;
	wt_read_opts o = opts_with(&log);
	wt_reader *r = open_ok("-", &o);
	wt_doc d;
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "s1");
	assert_int_equal(d.line, 1);
	next_err(r, WT_E_PARSE);
	check_diag(&log, 0, WT_DIAG_ERROR, WT_E_PARSE, "-", 2);
	next_ok(r, &d);
	assert_wstr(d.f[WT_F_ID], "s2");
	next_done(r);
	uint64_t done_b, total = 1;
	wt_reader_progress(r, &done_b, &total);
	assert_int_equal(total, 0); /* unknown for stdin */
	wt_reader_free(r);
	assert_int_equal(dup2(saved, 0), 0);
	close(saved);
}

/* --- wt_utf8_repair --- */

/* Repair s[0..n); check the output is valid UTF-8 and that the number of
 * U+FFFD added equals the count reported. */
static size_t repair(const char *s, size_t n, char *out, uint64_t *invalid)
{
	uint64_t before = *invalid;
	size_t fffd_in = 0;
	for (size_t i = 0; i + 3 <= n; i++)
		fffd_in += !memcmp(s + i, FFFD, 3);
	size_t m = wt_utf8_repair(s, n, out, invalid);
	assert_true(m <= 3 * n);
	size_t fffd_out = 0;
	for (size_t i = 0; i < m;) {
		int32_t cp;
		size_t k = wt_utf8_decode((const unsigned char *)out + i, m - i, &cp);
		if (cp < 0)
			fail_msg("repaired output invalid at byte %zu", i);
		fffd_out += cp == 0xFFFD;
		i += k;
	}
	assert_int_equal(fffd_out - fffd_in, *invalid - before);
	return m;
}

static void check_repair(const char *in, size_t n, const char *want,
			 size_t want_n, uint64_t want_invalid)
{
	char out[256];
	uint64_t inv = 0;
	size_t m = repair(in, n, out, &inv);
	if (m != want_n || memcmp(out, want, m))
		fail_msg("repair of %zu bytes: got %zu bytes", n, m);
	assert_int_equal(inv, want_invalid);
}

#define REPAIR(in, want, k) \
	check_repair(in, sizeof in - 1, want, sizeof want - 1, k)

static void read__utf8_repair(void **state)
{
	(void)state;
	REPAIR("", "", 0);
	REPAIR("plain ascii", "plain ascii", 0);
	REPAIR("caf\xC3\xA9 \xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A \xE2\x82\xAC \xF0\x9F\x98\x80",
	       "caf\xC3\xA9 \xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A \xE2\x82\xAC \xF0\x9F\x98\x80",
	       0);
	REPAIR("a\x00" "b", "a\x00" "b", 0); /* NUL is valid UTF-8 */
	REPAIR("\xFF", FFFD, 1);
	REPAIR("a\xFF" "b\xFE", "a" FFFD "b" FFFD, 2);
	REPAIR("\x80", FFFD, 1);              /* lone continuation */
	REPAIR("\xE2\x82", FFFD, 1);          /* truncated at the end */
	REPAIR("\xE2\x82" "A", FFFD "A", 1);  /* truncated before ASCII */
	REPAIR("\xF0\x9F\x98" "\xC3\xA9", FFFD "\xC3\xA9", 1);
	REPAIR("\xC0\xAF", FFFD FFFD, 2);     /* C0 is never valid */
	REPAIR("\xC3", FFFD, 1);
	REPAIR(FFFD, FFFD, 0);                /* a real U+FFFD is kept */
	REPAIR("\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF", 0); /* U+10FFFF */
	REPAIR("\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD, 4);
	/* invalid sequences whose exact replacement count is a policy
	 * choice: at least one U+FFFD, no raw bytes survive, counts agree */
	static const char *policy[] = {
		"\xED\xA0\x80",     /* surrogate U+D800 */
		"\xE0\x80\xAF",     /* overlong '/' */
		"\xF4\x90\x80\x80", /* above U+10FFFF */
		"\xF0\x80\x80\xAF", /* overlong */
	};
	for (size_t i = 0; i < 4; i++) {
		char out[64];
		uint64_t inv = 0;
		size_t n = strlen(policy[i]);
		size_t m = repair(policy[i], n, out, &inv);
		assert_true(inv >= 1 && inv <= n);
		assert_int_equal(m, 3 * inv); /* only replacement characters */
	}
	/* *invalid accumulates */
	char out[16];
	uint64_t inv = 5;
	repair("\xFF", 1, out, &inv);
	assert_int_equal(inv, 6);
}

#define RNG_SEED 0x6A09E667F3BCC909ull
#include "rng.h"

static void read__utf8_repair_random(void **state)
{
	(void)state;
	static const char *pieces[] = {"a", " ", "\xC3\xA9", "\xD8\xB9",
				       "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xFF",
				       "\x80", "\xE2\x82", "\xED\xA0\x80", "\xC0"};
	char in[512], out[3 * 512], again[9 * 512];
	for (int iter = 0; iter < 20000; iter++) {
		size_t n = 0;
		while (n < 400) {
			if (rnd() % 3 == 0) {
				in[n++] = (char)(rnd() & 0xFF);
			} else {
				const char *p = pieces[rnd() % 11];
				size_t k = strlen(p);
				memcpy(in + n, p, k);
				n += k;
			}
			if (rnd() % 50 == 0)
				break;
		}
		uint64_t inv = 0;
		size_t m = repair(in, n, out, &inv);
		/* repaired text is a fixed point */
		uint64_t inv2 = 0;
		size_t m2 = wt_utf8_repair(out, m, again, &inv2);
		assert_int_equal(inv2, 0);
		assert_int_equal(m2, m);
		assert_memory_equal(again, out, m);
		/* no replacement: the input is returned unchanged */
		if (!inv) {
			assert_int_equal(m, n);
			assert_memory_equal(out, in, n);
		}
	}
}

/* --- wt_utf8_valid --- */

static int valid_ref(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		int32_t cp;
		i += wt_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (cp < 0)
			return 0;
	}
	return 1;
}

/* s[0..k) at offset at of 64 bytes of valid text (Arabic and ASCII), the
 * text cut right after it or not: offsets either side of a 32-byte step
 * and at the end. */
static void valid_at(const unsigned char *s, size_t k)
{
	static const size_t at[] = {0, 29, 30, 31, 32, 33, 61};
	char buf[128];
	for (size_t a = 0; a < sizeof at / sizeof *at; a++)
		for (int cut = 0; cut < 2; cut++) {
			for (size_t i = 0; i < sizeof buf; i += 2)
				memcpy(buf + i, i % 6 == 4 ? "a " : "\xD8\xB9", 2);
			size_t o = at[a] - (at[a] % 2 && !(at[a] % 6 == 5));
			memcpy(buf + o, s, k);
			size_t n = cut ? o + k : 64 + k;
			if (wt_utf8_valid(buf, n) != valid_ref(buf, n))
				fail_msg("bytes %02x %02x %02x %02x (%zu) at %zu, %zu "
					 "bytes: valid %d", s[0], k > 1 ? s[1] : 0,
					 k > 2 ? s[2] : 0, k > 3 ? s[3] : 0, k, o, n,
					 valid_ref(buf, n));
		}
}

/* Every two-byte string and every three-byte one from a lead byte, at
 * block edges; four-byte ones from the bytes where the rules change; then
 * random mixes of valid sequences and stray bytes. */
static void read__utf8_valid(void **state)
{
	(void)state;
	unsigned char s[4];
	for (unsigned a = 0; a < 256; a++)
		for (unsigned b = 0; b < 256; b++) {
			s[0] = (unsigned char)a;
			s[1] = (unsigned char)b;
			valid_at(s, 2);
			if (a < 0xE0 || a > 0xF4 || (b & 0xC0) != 0x80)
				continue;
			for (unsigned c = 0; c < 256; c += c == 0x7F || c >= 0xBF ? 1 : 13) {
				s[2] = (unsigned char)c;
				valid_at(s, 3);
			}
		}
	static const unsigned char edge[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
					     0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0,
					     0xF0, 0xFF};
	for (unsigned a = 0xF0; a <= 0xF5; a++)
		for (size_t b = 0; b < sizeof edge; b++)
			for (size_t c = 0; c < sizeof edge; c++)
				for (size_t d = 0; d < sizeof edge; d++) {
					s[0] = (unsigned char)a;
					s[1] = edge[b];
					s[2] = edge[c];
					s[3] = edge[d];
					valid_at(s, 4);
				}
	static const char *const atom[] = {
		"a", " ", "\xD8\xB9", "\xC3\xA9", "\xE2\x82\xAC", "\xEF\xBF\xBD",
		"\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF", "\xED\x9F\xBF",
	};
	size_t nvalid = 0;
	for (int t = 0; t < 20000; t++) {
		char buf[300];
		size_t n = 0, want = rnd_below(sizeof buf - 8);
		int bad = rnd_below(4) == 0;
		while (n < want) {
			if (bad && rnd_below(40) == 0) {
				buf[n++] = (char)rnd();
			} else {
				const char *a = atom[rnd_below(sizeof atom / sizeof *atom)];
				memcpy(buf + n, a, strlen(a));
				n += strlen(a);
			}
		}
		if (rnd_below(8) == 0) /* a sequence cut short at the end */
			n -= n > 0;
		int v = valid_ref(buf, n);
		nvalid += (size_t)v;
		assert_int_equal(wt_utf8_valid(buf, n), v);
	}
	assert_true(nvalid > 10000 && nvalid < 19000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read__fields),
		cmocka_unit_test(read__custom_field_names),
		cmocka_unit_test(read__numeric_id),
		cmocka_unit_test(read__missing_fields),
		cmocka_unit_test(read__malformed_continues),
		cmocka_unit_test(read__blank_lines_and_crlf),
		cmocka_unit_test(read__empty_file),
		cmocka_unit_test(read__invalid_utf8_repaired),
		cmocka_unit_test(read__nul_in_text),
		cmocka_unit_test(read__over_cap_text),
		cmocka_unit_test(read__over_long_line),
		cmocka_unit_test(read__gzip_same_as_plain),
		cmocka_unit_test(read__gzip_truncated),
		cmocka_unit_test(read__dir_walk),
		cmocka_unit_test(read__dir_symlink_loop),
		cmocka_unit_test(read__nonexistent),
		cmocka_unit_test(read__single_txt),
		cmocka_unit_test(read__progress_regular_file),
		cmocka_unit_test(read__stdin),
		cmocka_unit_test(read__utf8_repair),
		cmocka_unit_test(read__utf8_repair_random),
		cmocka_unit_test(read__utf8_valid),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
