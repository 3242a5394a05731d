/* read_jsonl: one JSON object a line, through zlib (plain or gzip, file or
 * stdin) and the member extractor of json.c. Invalid UTF-8 is repaired
 * before parsing so a bad byte costs a U+FFFD, not the record. Lines longer
 * than the document cap plus room for JSON escaping are refused without
 * being held. */
#include "json.h"
#include "norm.h" /* wt_utf8_decode */
#include "read_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (1u << 18)

struct wt_jsonl {
	wt_read_opts o;
	const char *path;
	gzFile gz;
	uint64_t total, line;
	unsigned char *buf; /* raw chunk */
	size_t pos, len;
	int eof;
	char *line_buf, *fix; /* current line; its UTF-8 repair */
	size_t line_len, line_cap, fix_cap, max_line;
	wt_json_scratch js;   /* decoded strings of the current record */
};

wt_err wt_jsonl_open(const char *path, const wt_read_opts *o, wt_jsonl **out)
{
	*out = NULL;
	wt_jsonl *j = calloc(1, sizeof *j);
	if (!j)
		return WT_E_NOMEM;
	j->o = *o;
	j->path = path;
	/* room for the worst escaping: six bytes (\u00XX) for each byte */
	j->max_line = o->max_doc_bytes * 6 + 65536;
	j->buf = malloc(CHUNK);
	if (!j->buf) {
		free(j);
		return WT_E_NOMEM;
	}
	int fd = strcmp(path, "-") ? -2 : dup(0);
	j->gz = fd == -2 ? gzopen(path, "rb") : fd >= 0 ? gzdopen(fd, "rb") : NULL;
	if (!j->gz) {
		int err = errno;
		free(j->buf);
		free(j);
		return wt_read_diag(o, WT_DIAG_ERROR, WT_E_IO, path, 0,
				    "cannot open: %s", strerror(err));
	}
	gzbuffer(j->gz, CHUNK);
	struct stat st;
	if (fd == -2 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		j->total = (uint64_t)st.st_size;
	*out = j;
	return WT_OK;
}

void wt_jsonl_free(wt_jsonl *j)
{
	if (!j)
		return;
	if (j->gz)
		gzclose(j->gz);
	free(j->js.buf);
	free(j->buf);
	free(j->line_buf);
	free(j->fix);
	free(j);
}

void wt_jsonl_progress(const wt_jsonl *j, uint64_t *done, uint64_t *total)
{
	long off = j->gz ? gzoffset(j->gz) : -1;
	*done = off > 0 ? (uint64_t)off : 0;
	*total = j->total;
}

static wt_err fill(wt_jsonl *j)
{
	int n = gzread(j->gz, j->buf, CHUNK);
	if (n < 0) {
		int zerr;
		const char *msg = gzerror(j->gz, &zerr);
		j->eof = 1;
		return wt_read_diag(&j->o, WT_DIAG_ERROR, WT_E_IO, j->path, j->line + 1,
				    "read failed: %s",
				    zerr == Z_ERRNO ? strerror(errno) : msg);
	}
	j->pos = 0;
	j->len = (size_t)n;
	if (n == 0) {
		/* gzread returns 0 both at a clean end and on a truncated stream */
		int zerr;
		const char *msg = gzerror(j->gz, &zerr);
		j->eof = 1;
		if (zerr != Z_OK && zerr != Z_STREAM_END)
			return wt_read_diag(&j->o, WT_DIAG_ERROR, WT_E_IO, j->path,
					    j->line + 1, "read failed: %s", msg);
	}
	return WT_OK;
}

/* Read the next line into line_buf. *got = 0 at end of input. A line over
 * max_line is consumed and refused with WT_E_LIMIT. */
static size_t count_byte(const char *s, size_t n, char c)
{
	size_t k = 0;
	for (const char *p = s; (p = memchr(p, c, n - (size_t)(p - s))); p++)
		k++;
	return k;
}

static wt_err next_line(wt_jsonl *j, int *got)
{
	/* A long line is refused as soon as its decoded content surely exceeds
	 * the cap: an escape shrinks by at most five bytes, so raw length minus
	 * five per backslash bounds it from below. Backslashes are counted only
	 * once a line is that long. */
	size_t slack = j->o.max_doc_bytes + 65536, nbs = 0;
	int over = 0, counting = 0;
	uint64_t raw = 0;
	j->line_len = 0;
	*got = 0;
	for (;;) {
		if (j->pos == j->len) {
			if (j->eof)
				break;
			wt_err e = fill(j);
			if (e)
				return e;
			if (j->len == 0)
				break;
		}
		unsigned char *s = j->buf + j->pos;
		unsigned char *nl = memchr(s, '\n', j->len - j->pos);
		size_t k = nl ? (size_t)(nl - s) : j->len - j->pos;
		raw += k;
		if (!over && raw > slack) {
			if (!counting)
				nbs = count_byte(j->line_buf, j->line_len, '\\');
			counting = 1;
			nbs += count_byte((const char *)s, k, '\\');
			over = raw > j->max_line || raw - (raw < 5 * nbs ? raw : 5 * nbs) > slack;
		}
		if (!over) {
			wt_err e = wt_grow((void **)&j->line_buf, &j->line_cap,
					   j->line_len + k + 1, 1, SIZE_MAX);
			if (e)
				return e;
			memcpy(j->line_buf + j->line_len, s, k);
			j->line_len += k;
		}
		*got = 1;
		j->pos += k + (nl != NULL);
		if (nl)
			break;
	}
	if (!*got)
		return WT_OK;
	j->line++;
	if (over)
		return wt_read_diag(&j->o, WT_DIAG_ERROR, WT_E_LIMIT, j->path, j->line,
				    "record of %llu bytes or more exceeds the document "
				    "cap of %zu bytes (--max-doc-size)",
				    (unsigned long long)raw, j->o.max_doc_bytes);
	if (j->line_len && j->line_buf[j->line_len - 1] == '\r')
		j->line_len--;
	return WT_OK;
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

wt_err wt_jsonl_next(wt_jsonl *j, wt_doc *doc, int *done)
{
	*done = 0;
	int got;
	wt_err e;
	do {
		if ((e = next_line(j, &got)))
			return e;
		if (!got) {
			*done = 1;
			return WT_OK;
		}
	} while (blank(j->line_buf, j->line_len));

	uint64_t invalid = 0;
	const char *line = j->line_buf;
	size_t len = j->line_len;
	if (j->line == 1 && len >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) {
		line += 3; /* a byte order mark opens the file, not the record */
		len -= 3;
	}
	if (!wt_utf8_valid(line, len)) {
		if ((e = wt_grow((void **)&j->fix, &j->fix_cap, len * 3 + 1, 1,
				 SIZE_MAX)))
			return e;
		len = wt_utf8_repair(line, len, j->fix, &invalid);
		line = j->fix;
	}
	wt_json_val v[WT_F_COUNT];
	size_t col;
	const char *what;
	e = wt_json_members(line, len, j->o.field, WT_F_COUNT, v, &j->js, &invalid,
			    &col, &what);
	if (e == WT_E_PARSE)
		return wt_read_diag(&j->o, WT_DIAG_ERROR, WT_E_PARSE, j->path, j->line,
				    "malformed JSON at column %zu: %s", col, what);
	if (e)
		return e;
	memset(doc, 0, sizeof *doc);
	for (int f = 0; f < WT_F_COUNT; f++)
		if (v[f].p && (!v[f].is_int || f == WT_F_ID))
			doc->f[f] = (wt_str){v[f].p, v[f].n};
	for (int f = WT_F_ID; f <= WT_F_TEXT; f++)
		if (!doc->f[f].p)
			return wt_read_diag(&j->o, WT_DIAG_ERROR, WT_E_MISSING, j->path,
					    j->line, "no string field \"%s\"",
					    j->o.field[f]);
	if (doc->f[WT_F_ID].n == 0 || memchr(doc->f[WT_F_ID].p, 0, doc->f[WT_F_ID].n))
		return wt_read_diag(&j->o, WT_DIAG_ERROR, WT_E_PARSE, j->path, j->line,
				    "id is empty or contains a NUL character");
	if (doc->f[WT_F_TEXT].n > j->o.max_doc_bytes)
		return wt_read_diag(&j->o, WT_DIAG_ERROR, WT_E_LIMIT, j->path, j->line,
				    "text of %zu bytes exceeds the document cap of "
				    "%zu bytes (--max-doc-size)",
				    doc->f[WT_F_TEXT].n, j->o.max_doc_bytes);
	doc->path = j->path;
	doc->line = j->line;
	doc->invalid = invalid;
	doc->raw = (wt_str){line, len};
	return WT_OK;
}
