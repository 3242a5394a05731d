/* read: dispatch on the path, the directory walk and .txt documents. */
#include "read_int.h"
#include "norm.h" /* wt_utf8_decode */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct frame {
	char *dir;    /* path of this directory */
	char **names; /* sorted entries */
	size_t n, i;
} frame;

struct wt_reader {
	wt_read_opts o;
	const char *root;  /* the argument */
	int is_dir, single_txt;
	frame *stack;
	size_t depth, stack_cap;
	wt_jsonl *jl;      /* open JSONL file, if any */
	char *jl_path;     /* its path (owned when inside a directory) */
	char *txt, *txt_path;
	size_t txt_cap;
	uint64_t total, done; /* bytes of .txt files, for progress */
};

void wt_read_opts_default(wt_read_opts *o)
{
	static const char *names[WT_F_COUNT] = {"id", "text", "source",
						"url", "date", "title"};
	memset(o, 0, sizeof *o);
	for (int i = 0; i < WT_F_COUNT; i++)
		o->field[i] = names[i];
	o->max_doc_bytes = WT_MAX_DOC_DEFAULT;
}

wt_err wt_read_diag(const wt_read_opts *o, wt_diag_level lv, wt_err code,
		    const char *path, uint64_t line, const char *fmt, ...)
{
	if (!o->diag)
		return code;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	wt_diag d = {lv, code, path, line, msg};
	o->diag(o->diag_ctx, &d);
	return code;
}

/* Valid UTF-8 throughout, a byte at a time: ASCII eight bytes at a time,
 * two-byte sequences (Arabic, Latin, Cyrillic) inline. */
static int utf8_valid_bytes(const unsigned char *u, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if (!(w & 0x8080808080808080ull)) {
				i += 8;
				continue;
			}
		}
		unsigned c = u[i];
		if (c < 0x80) {
			i++;
		} else if (c >= 0xC2 && c <= 0xDF && i + 1 < n &&
			   (u[i + 1] & 0xC0) == 0x80) {
			i += 2;
		} else {
			int32_t cp;
			i += wt_utf8_decode(u + i, n - i, &cp);
			if (cp < 0)
				return 0;
		}
	}
	return 1;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* Keiser and Lemire's validation ("Validating UTF-8 in less than one
 * instruction per byte", 2021), 32 bytes a step: three 16-entry tables
 * on the high and low nibble of the previous byte and the high nibble of
 * this one give the error classes of every two-byte pair; a third or
 * fourth byte must be a continuation exactly where the byte two or three
 * back leads a longer sequence. The input ends in a block padded with
 * NUL, which fails a sequence left open. */
enum {
	TOO_SHORT = 1 << 0, TOO_LONG = 1 << 1, OVERLONG_3 = 1 << 2,
	TOO_LARGE = 1 << 3, SURROGATE = 1 << 4, OVERLONG_2 = 1 << 5,
	TOO_LARGE_1000 = 1 << 6, OVERLONG_4 = 1 << 6, TWO_CONTS = 1 << 7,
	CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

__attribute__((target("avx2")))
static inline __m256i utf8_block(__m256i in, __m256i prev_in)
{
	const __m256i t1 = _mm256_setr_epi8(
		TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
		TOO_LONG, TOO_LONG, TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
		TOO_SHORT | OVERLONG_2, TOO_SHORT,
		TOO_SHORT | OVERLONG_3 | SURROGATE,
		TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,
		TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
		TOO_LONG, TOO_LONG, TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
		TOO_SHORT | OVERLONG_2, TOO_SHORT,
		TOO_SHORT | OVERLONG_3 | SURROGATE,
		TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
#define L (CARRY | TOO_LARGE | TOO_LARGE_1000)
	const __m256i t2 = _mm256_setr_epi8(
		CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2,
		CARRY, CARRY, CARRY | TOO_LARGE, L, L, L, L, L, L, L, L,
		L | SURROGATE, L, L,
		CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2,
		CARRY, CARRY, CARRY | TOO_LARGE, L, L, L, L, L, L, L, L,
		L | SURROGATE, L, L);
#undef L
#define C (TOO_LONG | OVERLONG_2 | TWO_CONTS)
	const __m256i t3 = _mm256_setr_epi8(
		TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
		TOO_SHORT, TOO_SHORT,
		C | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4, C | OVERLONG_3 | TOO_LARGE,
		C | SURROGATE | TOO_LARGE, C | SURROGATE | TOO_LARGE,
		TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
		TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
		TOO_SHORT, TOO_SHORT,
		C | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4, C | OVERLONG_3 | TOO_LARGE,
		C | SURROGATE | TOO_LARGE, C | SURROGATE | TOO_LARGE,
		TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
#undef C
	const __m256i nib = _mm256_set1_epi8(0x0F);
	/* the 32 bytes before in, ending with prev_in's last ones */
	__m256i cross = _mm256_permute2x128_si256(prev_in, in, 0x21);
	__m256i p1 = _mm256_alignr_epi8(in, cross, 15);
	__m256i p2 = _mm256_alignr_epi8(in, cross, 14);
	__m256i p3 = _mm256_alignr_epi8(in, cross, 13);
	__m256i hi1 = _mm256_and_si256(_mm256_srli_epi16(p1, 4), nib);
	__m256i hi = _mm256_and_si256(_mm256_srli_epi16(in, 4), nib);
	__m256i sc = _mm256_and_si256(
		_mm256_and_si256(_mm256_shuffle_epi8(t1, hi1),
				 _mm256_shuffle_epi8(t2, _mm256_and_si256(p1, nib))),
		_mm256_shuffle_epi8(t3, hi));
	/* bit 7 where the byte two back is 111_____ or three back 1111____ */
	__m256i must = _mm256_or_si256(
		_mm256_subs_epu8(p2, _mm256_set1_epi8(0xE0 - 0x80)),
		_mm256_subs_epu8(p3, _mm256_set1_epi8((char)(0xF0 - 0x80))));
	must = _mm256_and_si256(must, _mm256_set1_epi8((char)0x80));
	return _mm256_xor_si256(must, sc);
}

__attribute__((target("avx2")))
static int utf8_valid_avx2(const unsigned char *u, size_t n)
{
	__m256i prev = _mm256_setzero_si256(), err = _mm256_setzero_si256();
	size_t i = 0;
	for (; i + 32 <= n; i += 32) {
		__m256i in = _mm256_loadu_si256((const __m256i *)(u + i));
		err = _mm256_or_si256(err, utf8_block(in, prev));
		prev = in;
	}
	unsigned char last[32] = {0};
	memcpy(last, u + i, n - i);
	__m256i in = _mm256_loadu_si256((const __m256i *)last);
	err = _mm256_or_si256(err, utf8_block(in, prev));
	return _mm256_testz_si256(err, err);
}
#endif

int wt_utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx2"))
		return utf8_valid_avx2(u, n);
#endif
	return utf8_valid_bytes(u, n);
}

size_t wt_utf8_repair(const char *s, size_t n, char *out, uint64_t *invalid)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;
	while (i < n) {
		size_t run = i; /* copy ASCII runs without decoding */
		while (run < n && u[run] < 0x80)
			run++;
		memcpy(out + o, s + i, run - i);
		o += run - i;
		i = run;
		if (i == n)
			break;
		int32_t cp;
		size_t k = wt_utf8_decode(u + i, n - i, &cp);
		if (cp < 0) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			(*invalid)++;
		} else {
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
	}
	return o;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

static int is_jsonl_name(const char *s)
{
	return has_suffix(s, ".jsonl") || has_suffix(s, ".jsonl.gz") ||
	       has_suffix(s, ".ndjson") || has_suffix(s, ".ndjson.gz");
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int slash = la && a[la - 1] != '/';
	char *p = malloc(la + slash + lb + 1);
	if (p) {
		memcpy(p, a, la);
		if (slash)
			p[la] = '/';
		memcpy(p + la + slash, b, lb + 1);
	}
	return p;
}

static void frame_release(frame *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	free(f->dir);
}

/* Push directory path (owned by the frame from now on). */
static wt_err push_dir(wt_reader *r, char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		wt_err e = wt_read_diag(&r->o, WT_DIAG_ERROR, WT_E_IO, path, 0,
					"cannot open directory: %s", strerror(errno));
		free(path);
		return e;
	}
	frame f = {path, NULL, 0, 0};
	size_t cap = 0;
	wt_err e = WT_OK;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if ((e = wt_grow((void **)&f.names, &cap, f.n + 1, sizeof *f.names,
				 SIZE_MAX / 8)))
			break;
		if (!(f.names[f.n] = strdup(de->d_name))) {
			e = WT_E_NOMEM;
			break;
		}
		f.n++;
	}
	closedir(d);
	if (!e)
		e = wt_grow((void **)&r->stack, &r->stack_cap, r->depth + 1,
			    sizeof *r->stack, 4096);
	if (e) {
		frame_release(&f);
		return e;
	}
	if (f.n)
		qsort(f.names, f.n, sizeof *f.names, cmp_name);
	r->stack[r->depth++] = f;
	return WT_OK;
}

wt_err wt_reader_open(const char *path, const wt_read_opts *o, wt_reader **out)
{
	*out = NULL;
	wt_reader *r = calloc(1, sizeof *r);
	if (!r)
		return WT_E_NOMEM;
	r->o = *o;
	r->root = path;
	struct stat st;
	wt_err e = WT_OK;
	if (strcmp(path, "-") && stat(path, &st) != 0) {
		e = wt_read_diag(o, WT_DIAG_ERROR, WT_E_IO, path, 0, "cannot open: %s",
				 strerror(errno));
	} else if (strcmp(path, "-") && S_ISDIR(st.st_mode)) {
		r->is_dir = 1;
		char *p = strdup(path);
		e = p ? push_dir(r, p) : WT_E_NOMEM;
	} else if (strcmp(path, "-") && has_suffix(path, ".txt")) {
		r->single_txt = 1;
		r->total = (uint64_t)st.st_size;
	} else {
		e = wt_jsonl_open(path, o, &r->jl);
	}
	if (e) {
		wt_reader_free(r);
		return e;
	}
	*out = r;
	return WT_OK;
}

void wt_reader_free(wt_reader *r)
{
	if (!r)
		return;
	while (r->depth)
		frame_release(&r->stack[--r->depth]);
	free(r->stack);
	wt_jsonl_free(r->jl);
	free(r->jl_path);
	free(r->txt);
	free(r->txt_path);
	free(r);
}

/* A file is binary when it has a NUL in its first bytes or more than 1% of
 * them are not valid UTF-8. */
static int looks_binary(const char *s, size_t n)
{
	size_t lim = n < 65536 ? n : 65536, bad = 0;
	if (memchr(s, 0, lim < 1024 ? lim : 1024))
		return 1;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < lim;) {
		int32_t cp;
		size_t k = wt_utf8_decode(u + i, lim - i, &cp);
		bad += (cp < 0 && i + k < lim) || cp == 0;
		i += k;
	}
	return bad * 100 > lim;
}

/* Read the .txt document at path into r->txt. */
static wt_err read_txt(wt_reader *r, const char *path, const char *id,
		       wt_doc *doc)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		return wt_read_diag(&r->o, WT_DIAG_ERROR, WT_E_IO, path, 0,
				    "cannot read: %s", strerror(err));
	}
	wt_err e = WT_OK;
	size_t n = 0;
	if ((uint64_t)st.st_size > r->o.max_doc_bytes) {
		e = wt_read_diag(&r->o, WT_DIAG_ERROR, WT_E_LIMIT, path, 0,
				 "file of %lld bytes exceeds the document cap of "
				 "%zu bytes (--max-doc-size)",
				 (long long)st.st_size, r->o.max_doc_bytes);
		goto out_close;
	}
	if ((e = wt_grow((void **)&r->txt, &r->txt_cap, (size_t)st.st_size + 1, 1,
			 SIZE_MAX)))
		goto out_close;
	while (n < (size_t)st.st_size) {
		ssize_t k = read(fd, r->txt + n, (size_t)st.st_size - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			e = wt_read_diag(&r->o, WT_DIAG_ERROR, WT_E_IO, path, 0,
					 "cannot read: %s",
					 k < 0 ? strerror(errno) : "file shrank");
			goto out_close;
		}
		n += (size_t)k;
	}
	r->done += n;
	if (looks_binary(r->txt, n)) {
		e = wt_read_diag(&r->o, WT_DIAG_WARN, WT_E_BINARY, path, 0,
				 "not a text file, skipped");
		goto out_close;
	}
	memset(doc, 0, sizeof *doc);
	doc->f[WT_F_ID] = (wt_str){id, strlen(id)};
	doc->f[WT_F_TEXT] = (wt_str){r->txt, n};
	doc->path = path;
out_close:
	close(fd);
	return e;
}

static wt_err next_in_dir(wt_reader *r, wt_doc *doc, int *done)
{
	wt_err e;
	for (;;) {
		if (r->jl) {
			int jd;
			e = wt_jsonl_next(r->jl, doc, &jd);
			if (e || !jd)
				return e;
			wt_jsonl_free(r->jl);
			r->jl = NULL;
		}
		if (!r->depth) {
			*done = 1;
			return WT_OK;
		}
		frame *f = &r->stack[r->depth - 1];
		if (f->i == f->n) {
			frame_release(f);
			r->depth--;
			continue;
		}
		const char *name = f->names[f->i++];
		char *path = join(f->dir, name);
		if (!path)
			return WT_E_NOMEM;
		struct stat st;
		int link = 0;
		if (lstat(path, &st) != 0 ||
		    ((link = S_ISLNK(st.st_mode)) && stat(path, &st) != 0)) {
			e = wt_read_diag(&r->o, WT_DIAG_ERROR, WT_E_IO, path, 0,
					 "cannot open: %s", strerror(errno));
			free(path);
			return e;
		}
		if (S_ISDIR(st.st_mode)) {
			/* a linked directory could loop or repeat files: not followed */
			if (link) {
				free(path);
				continue;
			}
			if ((e = push_dir(r, path)))
				return e;
		} else if (S_ISREG(st.st_mode) && has_suffix(name, ".txt")) {
			free(r->txt_path);
			r->txt_path = path;
			size_t skip = strlen(r->root);
			skip += r->txt_path[skip] == '/';
			return read_txt(r, path, path + skip, doc);
		} else if (S_ISREG(st.st_mode) && is_jsonl_name(name)) {
			free(r->jl_path);
			r->jl_path = path;
			if ((e = wt_jsonl_open(path, &r->o, &r->jl)))
				return e;
		} else {
			free(path);
		}
	}
}

wt_err wt_reader_next(wt_reader *r, wt_doc *doc, int *done)
{
	*done = 0;
	if (r->is_dir)
		return next_in_dir(r, doc, done);
	if (r->single_txt) {
		if (r->single_txt == 2) {
			*done = 1;
			return WT_OK;
		}
		r->single_txt = 2;
		const char *base = strrchr(r->root, '/');
		return read_txt(r, r->root, base ? base + 1 : r->root, doc);
	}
	return wt_jsonl_next(r->jl, doc, done);
}

void wt_reader_progress(const wt_reader *r, uint64_t *done_bytes,
			uint64_t *total_bytes)
{
	uint64_t d = 0, t = 0;
	if (r->jl && !r->is_dir)
		wt_jsonl_progress(r->jl, &d, &t);
	*done_bytes = r->is_dir ? r->done : d + r->done;
	*total_bytes = r->single_txt ? r->total : t;
}
