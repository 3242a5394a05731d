/* Unit tests for src/norm.c (tokenizer + normalizer).
 *
 * Build and run from the repository root:
 *   gcc -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
 *       -Wmissing-prototypes -Wvla -O1 -g -fsanitize=address,undefined \
 *       -Isrc tests/unit/test_norm.c src/norm.c src/common.c \
 *       $(pkg-config --cflags --libs libutf8proc cmocka) -o /tmp/test_norm
 *   /tmp/test_norm tests/unit/norm_cases.tsv
 *
 * The case table is found at argv[1], else $WT_TESTDATA/norm_cases.tsv,
 * else tests/unit/norm_cases.tsv. Its format and escape syntax are described
 * in the header comment of that file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "norm.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *g_tsv_path = "tests/unit/norm_cases.tsv";

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

typedef struct {
	char *p;
	size_t len, cap;
} tbuf;

static void tb_put(tbuf *b, const void *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 64;
		while (c < b->len + n + 1)
			c *= 2;
		char *q = realloc(b->p, c);
		assert_non_null(q);
		b->p = q;
		b->cap = c;
	}
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void tb_puts(tbuf *b, const char *s)
{
	tb_put(b, s, strlen(s));
}

static void tb_printf(tbuf *b, const char *fmt, ...) WT_PRINTF(2, 3);
static void tb_printf(tbuf *b, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	assert_true(r >= 0 && (size_t)r < sizeof tmp);
	tb_put(b, tmp, (size_t)r);
}

static void tb_free(tbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static void put_utf8(tbuf *b, uint32_t cp)
{
	unsigned char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xF0 | (cp >> 18));
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	tb_put(b, u, n);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode the escape syntax of norm_cases.tsv (\\ \t \n \r \xHH \u{X..}).
 * Returns NULL on success, else a static description of the error. */
static const char *unescape(const char *s, size_t n, tbuf *out)
{
	out->len = 0;
	tb_put(out, "", 0);
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			tb_put(out, s + i, 1);
			continue;
		}
		if (++i >= n)
			return "backslash at end of column";
		switch (s[i]) {
		case '\\': tb_put(out, "\\", 1); break;
		case 't': tb_put(out, "\t", 1); break;
		case 'n': tb_put(out, "\n", 1); break;
		case 'r': tb_put(out, "\r", 1); break;
		case 'x': {
			int h = i + 1 < n ? hexval(s[i + 1]) : -1;
			int l = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (h < 0 || l < 0)
				return "\\x needs two hex digits";
			unsigned char byte = (unsigned char)(h * 16 + l);
			tb_put(out, &byte, 1);
			i += 2;
			break;
		}
		case 'u': {
			if (i + 1 >= n || s[i + 1] != '{')
				return "\\u must be followed by {";
			size_t j = i + 2, nd = 0;
			uint32_t cp = 0;
			while (j < n && s[j] != '}') {
				int v = hexval(s[j]);
				if (v < 0 || ++nd > 6)
					return "\\u{...} needs 1-6 hex digits";
				cp = cp * 16 + (uint32_t)v;
				j++;
			}
			if (j >= n || nd == 0)
				return "unterminated or empty \\u{...}";
			if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
				return "\\u{...} is a surrogate or beyond U+10FFFF";
			put_utf8(out, cp);
			i = j;
			break;
		}
		default:
			return "unknown escape";
		}
	}
	return NULL;
}

/* Append a readable form of s[0..n): printable ASCII as is, visible
 * letters/numbers/symbols as UTF-8, everything else (controls, marks,
 * format characters, spaces, invalid bytes) as an escape. */
static void show(tbuf *b, const char *s, size_t n)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k =
			utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			tb_printf(b, "\\x%02X", u[i]);
			i++;
			continue;
		}
		if (cp == '\\') {
			tb_puts(b, "\\\\");
		} else if (cp > 0x20 && cp < 0x7F) {
			tb_put(b, s + i, 1);
		} else if (cp < 0x80) {
			tb_printf(b, "\\x%02X", (unsigned)cp);
		} else {
			switch (utf8proc_category(cp)) {
			case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
			case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_CF:
			case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
			case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_CC:
			case UTF8PROC_CATEGORY_CO: case UTF8PROC_CATEGORY_CN:
				tb_printf(b, "\\u{%X}", (unsigned)cp);
				break;
			default:
				tb_put(b, s + i, (size_t)k);
			}
		}
		i += (size_t)k;
	}
}

/* Append every code point of s[0..n) as U+XXXX (bytes that are not UTF-8
 * as \xHH): lets a reviewer tell look-alikes (ك/ک, ي/ی) apart. */
static void show_cps(tbuf *b, const char *s, size_t n)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k =
			utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
		if (i)
			tb_puts(b, " ");
		if (k <= 0) {
			tb_printf(b, "\\x%02X", u[i]);
			i++;
		} else {
			tb_printf(b, "U+%04X", (unsigned)cp);
			i += (size_t)k;
		}
	}
}

/* "[tok] [tok] ..." of a space-separated token string, plus code points. */
static void show_list(tbuf *b, const char *joined, size_t n)
{
	tbuf cps = {0};
	if (n == 0) {
		tb_puts(b, "(no tokens)");
		return;
	}
	size_t i = 0;
	while (i <= n) {
		size_t j = i;
		while (j < n && joined[j] != ' ')
			j++;
		if (i)
			tb_puts(b, " ");
		tb_puts(b, "[");
		show(b, joined + i, j - i);
		tb_puts(b, "]");
		if (cps.len)
			tb_puts(&cps, " | ");
		show_cps(&cps, joined + i, j - i);
		i = j + 1;
	}
	tb_puts(b, "\n                ");
	tb_put(b, cps.p, cps.len);
	tb_free(&cps);
}

/* Tokens of the last wt_norm_text joined by single spaces. */
static void join_tokens(tbuf *b, const wt_norm *n)
{
	b->len = 0;
	tb_put(b, "", 0);
	for (size_t t = 0; t < n->ntok; t++) {
		if (t)
			tb_put(b, " ", 1);
		tb_put(b, n->norm + n->tok[t].norm_off, n->tok[t].norm_len);
	}
}

/* Structural invariants of a result; returns NULL or what is broken. */
static const char *check_invariants(const wt_norm *n, size_t len)
{
	uint32_t prev = 0;
	for (size_t t = 0; t < n->ntok; t++) {
		const wt_token *k = &n->tok[t];
		if (k->norm_len == 0)
			return "empty token";
		if ((size_t)k->norm_off + k->norm_len > n->norm_len)
			return "token outside n->norm";
		if (memchr(n->norm + k->norm_off, ' ', k->norm_len))
			return "token contains a space";
		if (k->span.len == 0)
			return "empty span";
		if ((size_t)k->span.off + k->span.len > len)
			return "span outside the text";
		if (k->span.off < prev)
			return "spans out of order";
		prev = k->span.off;
	}
	return NULL;
}

static wt_norm *new_norm(int force_slow)
{
	wt_norm *n = malloc(sizeof *n);
	assert_non_null(n);
	wt_norm_init(n);
	n->force_slow = force_slow;
	return n;
}

static void free_norm(wt_norm *n)
{
	wt_norm_release(n);
	free(n);
}

/* ------------------------------------------------------------------------ */
/* norm__table: the cases of norm_cases.tsv                                 */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		print_error("cannot open %s (pass the path as argv[1] or set "
			    "WT_TESTDATA)\n", path);
		return NULL;
	}
	tbuf b = {0};
	char chunk[4096];
	size_t r;
	while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
		tb_put(&b, chunk, r);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		tb_free(&b);
		return NULL;
	}
	tb_put(&b, "", 0);
	*len = b.len;
	return b.p;
}

static void norm__table(void **state)
{
	(void)state;
	size_t flen = 0;
	char *file = read_file(g_tsv_path, &flen);
	assert_non_null(file);

	tbuf in = {0}, exp = {0}, act = {0}, msg = {0};
	size_t ncases = 0, nfail = 0, lineno = 0;
	const char *p = file, *end = file + flen;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *next = nl ? nl + 1 : end;
		lineno++;
		if (le > p && le[-1] == '\r')
			le--;
		size_t ll = (size_t)(le - p);
		if (ll == 0 || p[0] == '#') {
			p = next;
			continue;
		}
		const char *tab = memchr(p, '\t', ll);
		const char *why = NULL;
		if (!tab || memchr(tab + 1, '\t', (size_t)(le - tab - 1)))
			why = "a case line needs exactly one TAB";
		if (!why)
			why = unescape(p, (size_t)(tab - p), &in);
		if (!why)
			why = unescape(tab + 1, (size_t)(le - tab - 1), &exp);
		if (!why && exp.len &&
		    (exp.p[0] == ' ' || exp.p[exp.len - 1] == ' ' ||
		     strstr(exp.p, "  ")))
			why = "expected tokens must be separated by single spaces";
		if (why) {
			print_error("%s:%zu: malformed line: %s\n", g_tsv_path,
				    lineno, why);
			nfail++;
			p = next;
			continue;
		}
		ncases++;
		for (int slow = 0; slow <= 1; slow++) {
			wt_norm *n = new_norm(slow);
			wt_err e = wt_norm_text(n, in.p, in.len);
			const char *bad = NULL;
			if (e != WT_OK)
				bad = wt_strerror(e);
			else
				bad = check_invariants(n, in.len);
			join_tokens(&act, n);
			if (bad || act.len != exp.len ||
			    memcmp(act.p, exp.p, exp.len) != 0) {
				msg.len = 0;
				tb_put(&msg, "", 0);
				tb_puts(&msg, "  input:        ");
				show(&msg, in.p, in.len);
				tb_puts(&msg, "\n  expected:     ");
				show_list(&msg, exp.p, exp.len);
				tb_puts(&msg, "\n  actual:       ");
				show_list(&msg, act.p, act.len);
				print_error("%s:%zu: %s (%s)\n%s\n", g_tsv_path,
					    lineno,
					    bad ? bad : "token mismatch",
					    slow ? "force_slow=1" : "force_slow=0",
					    msg.p);
				nfail++;
			}
			free_norm(n);
		}
		p = next;
	}
	print_message("%s: %zu cases, %zu failures\n", g_tsv_path, ncases,
		      nfail);
	tb_free(&in);
	tb_free(&exp);
	tb_free(&act);
	tb_free(&msg);
	free(file);
	assert_true(ncases >= 60);
	assert_int_equal(nfail, 0);
}

/* ------------------------------------------------------------------------ */
/* norm__spans: each token's span covers the right original bytes           */

typedef struct {
	const char *tok;  /* normalized token */
	const char *orig; /* the original bytes its span must cover */
	uint32_t off;
} span_exp;

typedef struct {
	const char *text;
	size_t len;
	span_exp e[6];
	size_t ne;
} span_case;

#define TXT(s) s, sizeof(s) - 1

static const span_case span_cases[] = {
	/* harakat are removed from the token but stay inside the span */
	{TXT("«الرئيسُ»"), {{"الرييس", "الرئيسُ", 2}}, 1},
	{TXT("abc\xFF" "def"), {{"abc", "abc", 0}, {"def", "def", 4}}, 2},
	/* overlong 3-byte NUL, then an overlong 2-byte '/' */
	{TXT("\xE0\x80\x80xyz \xC0\xAFq"),
	 {{"xyz", "xyz", 3}, {"q", "q", 9}}, 2},
	/* truncated 4-byte sequence right before a word */
	{TXT("x\xF0\x9F\x98" "abc"), {{"x", "x", 0}, {"abc", "abc", 4}}, 2},
	{TXT("كتا\xFFب"), {{"كتا", "كتا", 0}, {"ب", "ب", 7}}, 2},
	/* one raw word normalizing to several tokens: all share its span */
	{TXT("\uFDFA x"),
	 {{"صلي", "\uFDFA", 0}, {"الله", "\uFDFA", 0},
	  {"عليه", "\uFDFA", 0}, {"وسلم", "\uFDFA", 0}, {"x", "x", 4}},
	 5},
	{TXT("\u00BD"), {{"1", "\u00BD", 0}, {"2", "\u00BD", 0}}, 2},
	/* ZWNJ inside a Persian word: one token, span over the whole word */
	{TXT("م\u06CC\u200Cخواهم"),
	 {{"م\u064Aخواهم", "م\u06CC\u200Cخواهم", 0}}, 1},
	/* a leading format character is not part of the word */
	{TXT("\u200Fword"), {{"word", "word", 3}}, 1},
	{TXT("e\u0301cole!"), {{"\u00E9cole", "e\u0301cole", 0}}, 1},
	{TXT("a\r\nb\tc"), {{"a", "a", 0}, {"b", "b", 3}, {"c", "c", 5}}, 3},
	{TXT("\0كلمة\0"), {{"كلمه", "كلمة", 1}}, 1},
	/* a harakat-only word between two words yields nothing */
	{TXT("قال \u064E هو"), {{"قال", "قال", 0}, {"هو", "هو", 10}}, 2},
	{TXT("نعم، لا"), {{"نعم", "نعم", 0}, {"لا", "لا", 9}}, 2},
	{TXT("Putin بوتين"),
	 {{"putin", "Putin", 0}, {"بوتين", "بوتين", 6}}, 2},
	{TXT("ＡＢＣ def"), {{"abc", "ＡＢＣ", 0}, {"def", "def", 10}}, 2},
};

static void norm__spans(void **state)
{
	(void)state;
	for (size_t c = 0; c < ARRAY_LEN(span_cases); c++) {
		const span_case *sc = &span_cases[c];
		for (int slow = 0; slow <= 1; slow++) {
			wt_norm *n = new_norm(slow);
			assert_int_equal(wt_norm_text(n, sc->text, sc->len),
					 WT_OK);
			if (n->ntok != sc->ne)
				print_error("span case %zu (force_slow=%d): %zu "
					    "tokens, expected %zu\n",
					    c, slow, n->ntok, sc->ne);
			assert_int_equal(n->ntok, sc->ne);
			for (size_t t = 0; t < sc->ne; t++) {
				const wt_token *k = &n->tok[t];
				const span_exp *e = &sc->e[t];
				size_t ol = strlen(e->orig);
				size_t tl = strlen(e->tok);
				if (k->span.off != e->off || k->span.len != ol ||
				    k->norm_len != tl ||
				    memcmp(n->norm + k->norm_off, e->tok, tl))
					print_error(
						"span case %zu token %zu "
						"(force_slow=%d): got span "
						"{%u,%u} expected {%u,%zu}\n",
						c, t, slow, k->span.off,
						k->span.len, e->off, ol);
				assert_int_equal(k->span.off, e->off);
				assert_int_equal(k->span.len, ol);
				assert_memory_equal(sc->text + k->span.off,
						    e->orig, ol);
				assert_int_equal(k->norm_len, tl);
				assert_memory_equal(n->norm + k->norm_off,
						    e->tok, tl);
			}
			free_norm(n);
		}
	}
}

/* ------------------------------------------------------------------------ */
/* norm__invalid_counting                                                   */

/* Counting convention (norm.h, wt_utf8_decode): a lead byte C2..F4 together
 * with the continuation bytes that follow it, up to the length it
 * announces, is ONE invalid sequence when it is overlong, a surrogate,
 * beyond U+10FFFF or truncated; every other stray byte (C0, C1, F5..FF, a
 * lone continuation byte) is one sequence on its own. (Unicode's
 * "maximal subpart" practice would count E0 80 AF as 3; see the report.) */
typedef struct {
	const char *s;
	size_t len;
	uint64_t invalid;
	size_t ntok;
} inv_case;

static const inv_case inv_cases[] = {
	{TXT(""), 0, 0},
	{TXT("abc"), 0, 1},
	{TXT("\0"), 0, 0},                /* NUL is valid UTF-8 */
	{TXT("\xEF\xBF\xBD"), 0, 0},      /* a real U+FFFD is not invalid */
	{TXT("\xEF\xBF\xBF"), 0, 0},      /* U+FFFF noncharacter: valid */
	{TXT("\xF4\x8F\xBF\xBF"), 0, 0},  /* U+10FFFF: valid */
	{TXT("\xE2\x82\xAC \xF0\x9F\x98\x80"), 0, 0},
	{TXT("\xFF"), 1, 0},
	{TXT("\xFF\xFE\xFD"), 3, 0},
	{TXT("\x80"), 1, 0},
	{TXT("\x80\x80\x80"), 3, 0},      /* lone continuation bytes */
	{TXT("\xC0\xAF"), 2, 0},          /* C0 is never a lead byte */
	{TXT("\xC1\xBF"), 2, 0},
	{TXT("\xE0\x80\xAF"), 1, 0},      /* overlong 3-byte */
	{TXT("\xF0\x80\x80\xAF"), 1, 0},  /* overlong 4-byte */
	{TXT("\xED\xA0\x80"), 1, 0},      /* surrogate D800 */
	{TXT("\xED\xA0\x80\xED\xB0\x80"), 2, 0}, /* CESU-8 pair */
	{TXT("\xF4\x90\x80\x80"), 1, 0},  /* U+110000 */
	{TXT("\xF8\x88\x80\x80\x80"), 5, 0}, /* 5-byte form */
	{TXT("\xE2\x82"), 1, 0},          /* truncated at end of text */
	{TXT("\xE2\x82x"), 1, 1},         /* truncated before ASCII */
	{TXT("\xF0\x9F\x98"), 1, 0},
	{TXT("\xD8\xD8\xA7"), 1, 1},      /* truncated, then a valid alef */
	{TXT("abc\xFF" "def\xFE" "ghi"), 2, 3},
	{TXT("a\xC0\xAF" "b\xE0\x80\xAF" "c\xED\xA0\x80" "d"), 4, 4},
};

static void norm__invalid_counting(void **state)
{
	(void)state;
	wt_norm *reused = new_norm(0);
	for (size_t c = 0; c < ARRAY_LEN(inv_cases); c++) {
		const inv_case *ic = &inv_cases[c];
		for (int slow = 0; slow <= 1; slow++) {
			wt_norm *n = new_norm(slow);
			assert_int_equal(wt_norm_text(n, ic->s, ic->len), WT_OK);
			if (n->invalid != ic->invalid || n->ntok != ic->ntok)
				print_error("invalid case %zu: invalid=%llu "
					    "ntok=%zu, expected %llu / %zu\n",
					    c, (unsigned long long)n->invalid,
					    n->ntok,
					    (unsigned long long)ic->invalid,
					    ic->ntok);
			assert_int_equal(n->invalid, ic->invalid);
			assert_int_equal(n->ntok, ic->ntok);
			free_norm(n);
		}
		/* the count is per text: a reused scratch starts from 0 */
		assert_int_equal(wt_norm_text(reused, ic->s, ic->len), WT_OK);
		assert_int_equal(reused->invalid, ic->invalid);
	}
	free_norm(reused);
}

/* wt_utf8_decode directly: valid sequences decode exactly; invalid ones
 * report -1 and skip at least one byte but never a byte that could start
 * a valid character (so no valid text is lost). */
static void norm__utf8_decode(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len;
		int32_t cp;
	} ok[] = {
		{TXT("A"), 'A'},
		{TXT("\x7F"), 0x7F},
		{TXT("\xC2\x80"), 0x80},
		{TXT("\xDF\xBF"), 0x7FF},
		{TXT("\xE0\xA0\x80"), 0x800},
		{TXT("\xE2\x82\xAC"), 0x20AC},
		{TXT("\xED\x9F\xBF"), 0xD7FF},
		{TXT("\xEE\x80\x80"), 0xE000},
		{TXT("\xF0\x90\x80\x80"), 0x10000},
		{TXT("\xF0\x9F\x98\x80"), 0x1F600},
		{TXT("\xF4\x8F\xBF\xBF"), 0x10FFFF},
	};
	for (size_t i = 0; i < ARRAY_LEN(ok); i++) {
		int32_t cp = -2;
		size_t k = wt_utf8_decode((const unsigned char *)ok[i].s,
					  ok[i].len, &cp);
		assert_int_equal(k, ok[i].len);
		assert_int_equal(cp, ok[i].cp);
	}
	static const struct {
		const char *s;
		size_t len;
	} bad[] = {
		{TXT("\x80")},         {TXT("\xBF")},
		{TXT("\xC0\x80")},     {TXT("\xC1\xBF")},
		{TXT("\xC2")},         {TXT("\xC2" "A")},
		{TXT("\xE0\x80\x80")}, {TXT("\xE0\x9F\xBF")},
		{TXT("\xED\xA0\x80")}, {TXT("\xED\xBF\xBF")},
		{TXT("\xE2\x82")},     {TXT("\xE2\x82" "A")},
		{TXT("\xE2" "\xD8\xA7")},
		{TXT("\xF0\x80\x80\x80")}, {TXT("\xF0\x8F\xBF\xBF")},
		{TXT("\xF4\x90\x80\x80")}, {TXT("\xF5\x80\x80\x80")},
		{TXT("\xF8\x88\x80\x80\x80")}, {TXT("\xFF")},
		{TXT("\xF0\x9F\x98")}, {TXT("\xF0\x9F\x98" "A")},
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		int32_t cp = -2;
		const unsigned char *u = (const unsigned char *)bad[i].s;
		size_t k = wt_utf8_decode(u, bad[i].len, &cp);
		if (cp != -1 || k < 1 || k > bad[i].len)
			print_error("bad case %zu: k=%zu cp=%d\n", i, k, cp);
		assert_int_equal(cp, -1);
		assert_true(k >= 1 && k <= bad[i].len);
		for (size_t j = 1; j < k; j++)
			assert_int_equal(u[j] & 0xC0, 0x80);
	}
}

/* ------------------------------------------------------------------------ */
/* norm__fast_equals_slow                                                   */

/* Lines from the files in /work/shared/seeds/ (file number:line). */
static const char *const seed_sentences[] = {
	/* 000:1 */
	"وصل زعيم كوريا الشمالية كيم جونغ أون -اليوم الجمعة- إلى مدينة كامسومولسك آمور الروسية لزيارة مصنع للمقاتلات، بينما أكد الرئيس الروسي فلاديمير بوتين أن بلاده لن تنتهك القرارات الدولية المتعلقة ببيونغ يانغ.",
	/* 000:3 */
	"وقالت وكالة تاس الروسية إن الزعيم كيم يزور منشأة تنتِج مقاتلات سوخوي-35 وسوخوي-57.",
	/* 000:9 */
	"والأربعاء، عقد كيم وبوتين قمّة في قاعدة فوستوتشني الفضائية تخلّلتها زيارة للموقع ومحادثات رسمية استمرّت أكثر من ساعتين، وتمحورت خصوصاً على تعزيز العلاقات بين البلدين، وخصوصا على الصعيد العسكري.",
	/* 000:11 */
	"وأمس، أعلن المتحدث باسم الكرملين ديمتري بيسكوف أنّ زيارة كيم للبلاد ستستمرّ \"بضعة أيام أخرى\" من دون مزيد من التفاصيل.",
	/* 001:1 */
	"رئيس مجلسى الإدارة والتحرير",
	/* 001:11 */
	"أعلنت كوريا الشمالية، اليوم الخميس، عن أن زعيمها كيم جونج أون، وجه دعوة للرئيس الروسي فلاديمير بوتين، لزيارة كوريا الشمالية خلال لقاء القمة معه وأن الرئيس بوتين قبل الدعوة.",
	/* 001:23 */
	"وكان المتحدث باسم الكرملين ديمتري بيسكوف، صرح عقب قمة الزعيمين الأربعاء، بأنه لا توجد حاليًا خطط لزيارة الرئيس بوتين لكوريا الشمالية.",
	/* 002:3 */
	".. هذه هي قاعدتنا الفضائية الجديدة». ومن خلال مترجم، شكر كيم بوتين على الدعوة وعلى دفء الاستقبال.",
	/* 002:14 (Persian ک ی) */
	"كلمات دلالية: فيروس كورونا فيروس كورونا فيروس كورونا الکوری الشمالی کوریا الشمالیة",
	/* 002:28 */
	"وأضاف بوتين للصحفيين: \"لا بد من حوارات جادة لحل القضايا سلميًا ومجموعات العمل التابعة لروسيا وأوكرانيا المعنية بالتسوية لم تبدأ عملها بعد\".",
	/* 003:1 */
	"الأولى منذ 24 عاما.. بوتين إلى كوريا الشمالية في زيارة «تزعج» الغرب",
	/* 003:5 */
	"وعزز البلدان اللذان يخضعان لعقوبات دولية واسعة النطاق، علاقاتهما منذ بدء الهجوم الروسي على أوكرانيا في فبراير/ شباط 2022.",
	/* 003:12 */
	"وأشاد كيم جونغ أون الأربعاء قبل زيارة الرئيس الروسي بـ\"روابط الأخوة الراسخة لرفاق السلاح\" بين بيونغ يانغ وموسكو والتي تعود إلى الحقبة السوفياتية.",
	/* 003:28 */
	"aXA6IDE4LjE5MS4xMDMuMTQ0IA== جزيرة ام اند امز",
	/* 004:3 */
	"ويُعتقد أن موسكو مهتمة بشراء الذخيرة من كوريا الشمالية لمواصلة حربها في أوكرانيا بينما تسعى بيونغ يانغ للحصول على مساعدة روسيا لتطوير برنامجها الصاروخي.",
	/* 004:4 */
	"وحذّرت بلدان غربية روسيا وكوريا الشمالية من إبرام اتفاق أسلحة من شأنه أن يشكّل تحديا للعقوبات المفروضة على بيونغ يانغ.",
	/* 004:7 */
	"وفي إطار زيارته المطوّلة إلى أقصى الشرق الروسي، زار كيم مصنعا للطيران العسكري الروسي الجمعة في كومسومولسك-نا-أموري التي تعد مركزا هندسيا روسيا رئيسيا، بحسب موسكو.",
};

/* The seeds hold no English prose; these are ordinary news-style lines. */
static const char *const english_sentences[] = {
	"North Korean leader Kim Jong Un arrived in Russia on Tuesday for talks with President Vladimir Putin.",
	"The Kremlin said no agreements were signed during the visit, according to state news agency TASS.",
	"\"We don't comment on that,\" spokesman Dmitry Peskov told reporters in Moscow.",
	"Pyongyang's KCNA reported the summit at the Vostochny Cosmodrome on 13 September 2023.",
	"U.S. officials, citing e-mails from user@example.org, said the deal was worth $1,000,000 (approx.).",
	"A café owner's naïve résumé — “quoted” — and the Straße.",
};

/* Words that must take the slow path or sit at the fast path's edges:
 * decomposed hamza/madda, Quranic marks in both canonical orders, the
 * compatibility letters the fast path excludes, Persian forms. */
static const char *const tricky_sentences[] = {
	"ا\u0654حمد ا\u0655سلام ا\u0653من سا\u064A\u0654ل م\u0648\u0654تمر",
	"بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ",
	"\u06D5\u0654 \u06C1\u0654 \u06D2\u0654 \u0675 \u0676 \u0677 \u0678",
	"م\u06CC\u200Cخواهم \u06A9تاب\u200Cها \u06F1\u06F4\u06F0\u06F3",
	"ب\u0610\u06E3 ب\u06E3\u0610",
	"ب\u0651\u064E ب\u064E\u0651",
	"ب\u06EC\u06ED ب\u0618\u0610",
};

typedef struct {
	wt_token *tok;
	size_t ntok;
	char *norm;
	size_t norm_len;
	uint64_t invalid;
} snap;

static void snap_take(snap *s, const wt_norm *n)
{
	s->ntok = n->ntok;
	s->norm_len = n->norm_len;
	s->invalid = n->invalid;
	s->tok = malloc((n->ntok ? n->ntok : 1) * sizeof *s->tok);
	s->norm = malloc(n->norm_len ? n->norm_len : 1);
	assert_non_null(s->tok);
	assert_non_null(s->norm);
	if (n->ntok)
		memcpy(s->tok, n->tok, n->ntok * sizeof *s->tok);
	if (n->norm_len)
		memcpy(s->norm, n->norm, n->norm_len);
}

static void snap_free(snap *s)
{
	free(s->tok);
	free(s->norm);
	memset(s, 0, sizeof *s);
}

/* Same tokens (bytes and spans) and invalid count? Prints the first
 * difference and returns 0 if not. */
static int snap_equal(const snap *a, const wt_norm *b, const char *what,
		      const char *text, size_t len)
{
	const char *diff = NULL;
	size_t t = 0;
	if (a->invalid != b->invalid)
		diff = "invalid count";
	for (; !diff && t < a->ntok && t < b->ntok; t++) {
		const wt_token *x = &a->tok[t], *y = &b->tok[t];
		if (x->span.off != y->span.off || x->span.len != y->span.len)
			diff = "span";
		else if (x->norm_len != y->norm_len ||
			 memcmp(a->norm + x->norm_off, b->norm + y->norm_off,
				x->norm_len))
			diff = "token text";
	}
	if (!diff && a->ntok != b->ntok)
		diff = "token count";
	if (!diff)
		return 1;
	tbuf m = {0}, ja = {0}, jb = {0};
	for (size_t i = 0; i < a->ntok; i++) {
		if (i)
			tb_put(&ja, " ", 1);
		tb_put(&ja, a->norm + a->tok[i].norm_off, a->tok[i].norm_len);
	}
	tb_put(&ja, "", 0);
	join_tokens(&jb, b);
	tb_puts(&m, "  input: ");
	show(&m, text, len);
	tb_puts(&m, "\n  first: ");
	show_list(&m, ja.p, ja.len);
	tb_puts(&m, "\n  other: ");
	show_list(&m, jb.p, jb.len);
	print_error("%s: results differ (%s, near token %zu)\n%s\n", what,
		    diff, t ? t - 1 : 0, m.p);
	tb_free(&m);
	tb_free(&ja);
	tb_free(&jb);
	return 0;
}

/* Whether the default normalizer and one with force_slow (slow) or no_vec
 * set give the same result on text. */
static int paths_agree(const char *text, size_t len, int slow, const char *what)
{
	wt_norm *a = new_norm(0), *b = new_norm(slow);
	b->no_vec = !slow;
	assert_int_equal(wt_norm_text(a, text, len), WT_OK);
	assert_int_equal(wt_norm_text(b, text, len), WT_OK);
	snap s;
	snap_take(&s, a);
	int ok = snap_equal(&s, b, what, text, len);
	snap_free(&s);
	free_norm(a);
	free_norm(b);
	return ok;
}

static int fast_vs_slow(const char *text, size_t len)
{
	return paths_agree(text, len, 1, "force_slow=0 vs force_slow=1");
}

static void norm__fast_equals_slow(void **state)
{
	(void)state;
	size_t bad = 0;
	tbuf all = {0};
	for (size_t i = 0; i < ARRAY_LEN(seed_sentences); i++) {
		bad += !fast_vs_slow(seed_sentences[i],
				     strlen(seed_sentences[i]));
		tb_puts(&all, seed_sentences[i]);
		tb_puts(&all, "\n");
	}
	for (size_t i = 0; i < ARRAY_LEN(english_sentences); i++) {
		bad += !fast_vs_slow(english_sentences[i],
				     strlen(english_sentences[i]));
		tb_puts(&all, english_sentences[i]);
		tb_puts(&all, "\n");
	}
	/* all of it as one document */
	bad += !fast_vs_slow(all.p, all.len);
	tb_free(&all);
	for (size_t i = 0; i < ARRAY_LEN(tricky_sentences); i++)
		bad += !fast_vs_slow(tricky_sentences[i],
				     strlen(tricky_sentences[i]));
	assert_int_equal(bad, 0);
}

/* The vector path (64 bytes a step) against the byte-at-a-time one, on
 * texts whose every piece lands at every offset of a step: words across
 * step ends, a two-byte character split by one, harakat-only words,
 * separators from U+0080..U+00BF, words longer than a step, and what the
 * vector path leaves to the scalar one (ZWNJ, accents, bad UTF-8). Then
 * the bundled sample, document by document. */
static int vec_vs_scalar(const char *text, size_t len)
{
	return paths_agree(text, len, 0, "vector vs scalar");
}

static void norm__vec_equals_scalar(void **state)
{
	(void)state;
	static const char *const piece[] = {
		"قالَ الرئيسُ إنّ الاقتصادَ سينمو بنسبة ٣٪ هذا العام، ",
		"«بيونغ يانغ»\u00A0و\u00ABموسكو\u00BB ",
		"َُ ـــ ",
		"The QUICK brown fox, 42 times! ",
		"الاستراتيجياتوالاستراتيجياتوالاستراتيجياتوالاستراتيجيات ",
		"م\u06CC\u200Cخواهم \u06A9تاب ",
		"café naïve \xFF\xC0\xAF ",
		"ـاـ ",
	};
	wt_norm *probe = new_norm(0);
	if (!probe->vec)
		print_message("no AVX-512 VBMI2 here: scalar against scalar\n");
	free_norm(probe);
	size_t bad = 0;
	tbuf t = {0};
	for (size_t pad = 0; pad < 130 && bad < 5; pad++) {
		t.len = 0;
		for (size_t k = 0; k < pad; k++)
			tb_put(&t, k % 7 == 6 ? " " : "x", 1);
		for (int r = 0; r < 3; r++)
			for (size_t k = 0; k < ARRAY_LEN(piece); k++)
				tb_puts(&t, piece[(k + pad + (size_t)r) %
						  ARRAY_LEN(piece)]);
		bad += !vec_vs_scalar(t.p, t.len);
	}
	for (size_t i = 0; i < ARRAY_LEN(tricky_sentences); i++) {
		t.len = 0;
		for (int r = 0; r < 8; r++) {
			tb_puts(&t, tricky_sentences[i]);
			tb_puts(&t, " ");
		}
		bad += !vec_vs_scalar(t.p, t.len);
	}
	tb_free(&t);
	FILE *f = fopen("corpus/saudinewsnet-sample.jsonl", "rb");
	assert_non_null(f); /* the tests run from the repository's root */
	char *line = NULL;
	size_t cap = 0, docs = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		bad += !vec_vs_scalar(line, (size_t)n);
		docs++;
	}
	free(line);
	fclose(f);
	assert_true(docs > 100);
	assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------------ */
/* norm__reuse                                                              */

typedef struct {
	const char *s;
	size_t len;
} text;

static void norm__reuse(void **state)
{
	(void)state;
	static const text extra[] = {
		{TXT("")},
		{TXT("abc\xFF" "def\xE0\x80\xAF" "ghi")},
		{TXT("\uFDFA \uFDFB \uFB01nance")},
		{TXT("Straße ΣΊΣΥΦΟΣ e\u0301cole")},
		{TXT("\0\0 , ،؛")},
		{TXT("م\u06CC\u200Cخواهم")},
	};
	/* a large text forces the scratch buffers to grow, then smaller ones
	 * must not see leftovers */
	tbuf big = {0};
	while (big.len < 200000) {
		tb_puts(&big, seed_sentences[big.len % ARRAY_LEN(seed_sentences)]);
		tb_puts(&big, " \uFDFA Straße\xFF ");
	}
	size_t ntexts = ARRAY_LEN(seed_sentences) +
			ARRAY_LEN(english_sentences) + ARRAY_LEN(extra) + 1;
	text *texts = calloc(ntexts, sizeof *texts);
	assert_non_null(texts);
	size_t k = 0;
	for (size_t i = 0; i < ARRAY_LEN(seed_sentences); i++)
		texts[k++] = (text){seed_sentences[i], strlen(seed_sentences[i])};
	texts[k++] = (text){big.p, big.len};
	for (size_t i = 0; i < ARRAY_LEN(english_sentences); i++)
		texts[k++] =
			(text){english_sentences[i], strlen(english_sentences[i])};
	for (size_t i = 0; i < ARRAY_LEN(extra); i++)
		texts[k++] = extra[i];
	assert_int_equal(k, ntexts);

	/* reference results from a fresh scratch per text */
	snap *ref[2];
	for (int slow = 0; slow <= 1; slow++) {
		ref[slow] = calloc(ntexts, sizeof *ref[slow]);
		assert_non_null(ref[slow]);
		for (size_t i = 0; i < ntexts; i++) {
			wt_norm *n = new_norm(slow);
			assert_int_equal(
				wt_norm_text(n, texts[i].s, texts[i].len), WT_OK);
			snap_take(&ref[slow][i], n);
			free_norm(n);
		}
	}

	wt_norm n;
	wt_norm_init(&n);
	size_t bad = 0;
	for (int round = 0; round < 3; round++) {
		/* forward, backward, then forward again after release+init */
		for (size_t j = 0; j < 3 * ntexts; j++) {
			size_t i = j % ntexts;
			if (round == 1)
				i = ntexts - 1 - i;
			int slow = (int)((j / ntexts) & 1);
			n.force_slow = slow;
			assert_int_equal(
				wt_norm_text(&n, texts[i].s, texts[i].len), WT_OK);
			bad += !snap_equal(&ref[slow][i], &n,
					   "reused vs fresh scratch", texts[i].s,
					   texts[i].len);
		}
		wt_norm_release(&n);
		wt_norm_init(&n);
	}
	/* release of a never-used scratch, and twice in a row */
	wt_norm_release(&n);
	wt_norm_init(&n);
	wt_norm_release(&n);
	wt_norm_init(&n);
	assert_int_equal(wt_norm_text(&n, TXT("still works")), WT_OK);
	assert_int_equal(n.ntok, 2);
	wt_norm_release(&n);

	for (int slow = 0; slow <= 1; slow++) {
		for (size_t i = 0; i < ntexts; i++)
			snap_free(&ref[slow][i]);
		free(ref[slow]);
	}
	free(texts);
	tb_free(&big);
	assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------------ */
/* limits and edges                                                         */

static void norm__limits_empty(void **state)
{
	(void)state;
	wt_norm *n = new_norm(0);
	assert_int_equal(wt_norm_text(n, "", 0), WT_OK);
	assert_int_equal(n->ntok, 0);
	assert_int_equal(n->invalid, 0);
	/* an empty text replaces the previous result */
	assert_int_equal(wt_norm_text(n, TXT("some words\xFF")), WT_OK);
	assert_int_equal(n->ntok, 2);
	assert_int_equal(n->invalid, 1);
	assert_int_equal(wt_norm_text(n, "", 0), WT_OK);
	assert_int_equal(n->ntok, 0);
	assert_int_equal(n->invalid, 0);
	free_norm(n);
}

#define MIB ((size_t)1 << 20)

static void norm__limits_1mb_repeated_word(void **state)
{
	(void)state;
	/* "Word " repeated: about 1 MiB, one token per copy */
	static const char unit[] = "Word ";
	size_t reps = MIB / (sizeof unit - 1), len = reps * (sizeof unit - 1);
	char *buf = malloc(len);
	assert_non_null(buf);
	for (size_t i = 0; i < reps; i++)
		memcpy(buf + i * (sizeof unit - 1), unit, sizeof unit - 1);
	for (int slow = 0; slow <= 1; slow++) {
		wt_norm *n = new_norm(slow);
		assert_int_equal(wt_norm_text(n, buf, len), WT_OK);
		assert_int_equal(n->ntok, reps);
		assert_int_equal(n->invalid, 0);
		for (size_t t = 0; t < reps; t++) {
			const wt_token *k = &n->tok[t];
			if (k->span.off != t * 5 || k->span.len != 4 ||
			    k->norm_len != 4 ||
			    memcmp(n->norm + k->norm_off, "word", 4))
				fail_msg("token %zu of the repeated word is wrong",
					 t);
		}
		free_norm(n);
	}
	free(buf);

	/* one single 1 MiB word, ASCII (fast path) */
	buf = malloc(MIB);
	assert_non_null(buf);
	memset(buf, 'A', MIB);
	for (int slow = 0; slow <= 1; slow++) {
		wt_norm *n = new_norm(slow);
		assert_int_equal(wt_norm_text(n, buf, MIB), WT_OK);
		assert_int_equal(n->ntok, 1);
		assert_int_equal(n->tok[0].span.off, 0);
		assert_int_equal(n->tok[0].span.len, MIB);
		assert_int_equal(n->tok[0].norm_len, MIB);
		for (size_t i = 0; i < MIB; i++)
			if (n->norm[n->tok[0].norm_off + i] != 'a')
				fail_msg("byte %zu of the 1 MiB word", i);
		free_norm(n);
	}
	free(buf);

	/* one single ~1 MiB Arabic word with tanween: "كتابٌ" repeated with no
	 * separator -> "كتاب" repeated */
	static const char ar[] = "كتابٌ", arf[] = "كتاب";
	size_t al = sizeof ar - 1, afl = sizeof arf - 1;
	reps = MIB / al;
	buf = malloc(reps * al);
	assert_non_null(buf);
	for (size_t i = 0; i < reps; i++)
		memcpy(buf + i * al, ar, al);
	for (int slow = 0; slow <= 1; slow++) {
		wt_norm *n = new_norm(slow);
		assert_int_equal(wt_norm_text(n, buf, reps * al), WT_OK);
		assert_int_equal(n->ntok, 1);
		assert_int_equal(n->tok[0].span.len, reps * al);
		assert_int_equal(n->tok[0].norm_len, reps * afl);
		for (size_t i = 0; i < reps; i++)
			if (memcmp(n->norm + n->tok[0].norm_off + i * afl, arf,
				   afl))
				fail_msg("copy %zu of the Arabic word", i);
		free_norm(n);
	}
	free(buf);
}

static void norm__limits_separators_only(void **state)
{
	(void)state;
	/* ASCII and Arabic punctuation, whitespace, NUL, symbols, format
	 * characters: ~1 MiB, no token, nothing invalid */
	static const char unit[] = " ,.;:!?-_/\\\"'()[]{}<>@#$%^&*+=|~`\t\r\n"
				   "\0\u060C\u061B\u061F\u00AB\u00BB\u2026"
				   "\u201C\u201D\u00A0\u3000\u200C\u200F"
				   "\uFEFF\u066A\u06D4\u2014\U0001F44D";
	size_t ul = sizeof unit - 1, reps = MIB / ul, len = reps * ul;
	char *buf = malloc(len);
	assert_non_null(buf);
	for (size_t i = 0; i < reps; i++)
		memcpy(buf + i * ul, unit, ul);
	for (int slow = 0; slow <= 1; slow++) {
		wt_norm *n = new_norm(slow);
		assert_int_equal(wt_norm_text(n, buf, len), WT_OK);
		assert_int_equal(n->ntok, 0);
		assert_int_equal(n->invalid, 0);
		free_norm(n);
	}
	free(buf);

	/* only invalid bytes: no token, each one counted */
	len = 4096;
	buf = malloc(len);
	assert_non_null(buf);
	memset(buf, 0xFF, len);
	wt_norm *n = new_norm(0);
	assert_int_equal(wt_norm_text(n, buf, len), WT_OK);
	assert_int_equal(n->ntok, 0);
	assert_int_equal(n->invalid, len);
	free_norm(n);
	free(buf);
}

static void norm__limits_too_long(void **state)
{
	(void)state;
#if SIZE_MAX > UINT32_MAX
	/* norm.h: texts of 4 GiB or more are refused (spans are 32-bit). The
	 * refusal must come before any byte is read, so a short buffer with a
	 * huge length is enough (ASan would flag any read past it). */
	static const char tiny[] = "x";
	wt_norm *n = new_norm(0);
	assert_int_equal(wt_norm_text(n, tiny, (size_t)UINT32_MAX + 1),
			 WT_E_LIMIT);
	assert_int_equal(wt_norm_text(n, tiny, SIZE_MAX), WT_E_LIMIT);
	/* and the scratch is still usable */
	assert_int_equal(wt_norm_text(n, tiny, 1), WT_OK);
	assert_int_equal(n->ntok, 1);
	free_norm(n);
#else
	skip();
#endif
}

int main(int argc, char **argv)
{
	static char envpath[4096];
	const char *dir = getenv("WT_TESTDATA");
	if (argc > 1) {
		g_tsv_path = argv[1];
	} else if (dir && *dir) {
		int r = snprintf(envpath, sizeof envpath, "%s/norm_cases.tsv",
				 dir);
		if (r > 0 && (size_t)r < sizeof envpath)
			g_tsv_path = envpath;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(norm__table),
		cmocka_unit_test(norm__spans),
		cmocka_unit_test(norm__invalid_counting),
		cmocka_unit_test(norm__utf8_decode),
		cmocka_unit_test(norm__fast_equals_slow),
		cmocka_unit_test(norm__vec_equals_scalar),
		cmocka_unit_test(norm__reuse),
		cmocka_unit_test(norm__limits_empty),
		cmocka_unit_test(norm__limits_1mb_repeated_word),
		cmocka_unit_test(norm__limits_separators_only),
		cmocka_unit_test(norm__limits_too_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
