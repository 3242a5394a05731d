/* test_report: the three escapers, then whole reports (JSON parsed back with
 * jansson and checked against the contract and a brute-force Jaccard; text;
 * CSV), write errors, and hostile strings kept off the terminal. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wiretrace.h"
#include "report_int.h" /* wt_report_fixed */

#define FFFD "\xEF\xBF\xBD"

/* --- helpers --- */

typedef void esc_fn(FILE *f, const char *p, size_t n);

/* Run an escaper into a fresh malloc'd buffer; *len gets its length. */
static char *escape(esc_fn *fn, const char *p, size_t n, size_t *len)
{
	char *buf = NULL;
	size_t blen = 0;
	FILE *m = open_memstream(&buf, &blen);
	assert_non_null(m);
	fn(m, p, n);
	assert_int_equal(fclose(m), 0);
	*len = blen;
	return buf;
}

/* Decode buf[0..n) as UTF-8; fail on an invalid sequence. Calls check on
 * each code point. */
static void each_cp(const char *buf, size_t n, void (*check)(int32_t cp))
{
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t k = wt_utf8_decode((const unsigned char *)buf + i, n - i, &cp);
		if (cp < 0)
			fail_msg("invalid UTF-8 in output at byte %zu", i);
		check(cp);
		i += k;
	}
}

static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

#define RNG_SEED 0xBB67AE8584CAA73Bull
#include "rng.h"

/* --- JSON escaper --- */

/* Escape s[0..n) as a JSON string, parse it back, return the decoded bytes
 * (malloc'd, *out_n set). Fails when jansson rejects the output. */
static char *json_roundtrip(const char *s, size_t n, size_t *out_n)
{
	size_t len;
	char *esc = escape(wt_report_json_str, s, n, &len);
	/* raw control characters never appear in the JSON text */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)esc[i] < 0x20)
			fail_msg("raw control byte 0x%02x in JSON output",
				 (unsigned char)esc[i]);
	json_error_t err;
	json_t *v = json_loadb(esc, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (!v)
		fail_msg("jansson rejected %.*s: %s", (int)len, esc, err.text);
	assert_true(json_is_string(v));
	*out_n = json_string_length(v);
	char *out = malloc(*out_n + 1);
	assert_non_null(out);
	memcpy(out, json_string_value(v), *out_n + 1);
	json_decref(v);
	free(esc);
	return out;
}

static void assert_roundtrip(const char *s, size_t n)
{
	size_t m;
	char *got = json_roundtrip(s, n, &m);
	if (m != n || memcmp(got, s, n))
		fail_msg("JSON round trip changed a %zu-byte string", n);
	free(got);
}

static void report__json_str_valid_roundtrip(void **state)
{
	(void)state;
	static const char *cases[] = {
		"",
		"plain",
		"quote \" backslash \\ slash /",
		"tab\tnewline\ncr\rformfeed\fbackspace\b",
		"\x01\x02\x1b[31mred\x1b[0m\x1f\x7f",
		"caf\xC3\xA9 \xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9",
		"emoji \xF0\x9F\x98\x80 max \xF4\x8F\xBF\xBF",
		"line sep \xE2\x80\xA8 para sep \xE2\x80\xA9 rlo \xE2\x80\xAE",
		"\xC2\x80\xC2\x9F C1 controls",
		FFFD " a real replacement character",
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_roundtrip(cases[i], strlen(cases[i]));
	/* every byte 0x00..0x7F, NUL included */
	char all[128];
	for (int c = 0; c < 128; c++)
		all[c] = (char)c;
	assert_roundtrip(all, sizeof all);
	assert_roundtrip("a\0b", 3);
	/* exact escapes of the simplest cases */
	size_t len;
	char *e = escape(wt_report_json_str, "a\"b\\c\n", 6, &len);
	assert_int_equal(len, strlen("\"a\\\"b\\\\c\\n\""));
	assert_memory_equal(e, "\"a\\\"b\\\\c\\n\"", len);
	free(e);
}

static void report__json_str_random_roundtrip(void **state)
{
	(void)state;
	char buf[4 * 64];
	for (int iter = 0; iter < 5000; iter++) {
		size_t n = 0, ncp = rnd() % 64;
		for (size_t k = 0; k < ncp; k++) {
			uint32_t cp;
			switch (rnd() % 4) {
			case 0: cp = (uint32_t)(rnd() % 0x80); break;
			case 1: cp = 0x80 + (uint32_t)(rnd() % 0x780); break;
			case 2: cp = 0x800 + (uint32_t)(rnd() % 0xF800); break;
			default: cp = 0x10000 + (uint32_t)(rnd() % 0x100000); break;
			}
			if (cp >= 0xD800 && cp <= 0xDFFF)
				cp = 0xFFFD; /* surrogates are not UTF-8 */
			n += put_utf8(buf + n, cp);
		}
		assert_roundtrip(buf, n);
	}
}

static void report__json_str_invalid_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"a\xFF" "b", "a" FFFD "b"},
		{"\xC3", FFFD},
		{"x\xE2\x82", "x" FFFD},
		{"\x80\x80", FFFD FFFD},
		{"ok \xD8\xA7 \xED\xA0\x80", "ok \xD8\xA7 " FFFD},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t m;
		char *got = json_roundtrip(cases[i].in, strlen(cases[i].in), &m);
		if (m != strlen(cases[i].want) || memcmp(got, cases[i].want, m))
			fail_msg("case %zu: got \"%.*s\"", i, (int)m, got);
		free(got);
	}
	/* random bytes: the output is always valid JSON (valid UTF-8) */
	char buf[200];
	for (int iter = 0; iter < 5000; iter++) {
		size_t n = rnd() % sizeof buf;
		for (size_t k = 0; k < n; k++)
			buf[k] = (char)rnd();
		size_t m;
		free(json_roundtrip(buf, n, &m));
	}
}

/* --- plain escaper --- */

static void no_terminal_controls(int32_t cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		fail_msg("U+%04X survived the plain-text escaper", (unsigned)cp);
}

static void report__plain_str(void **state)
{
	(void)state;
	/* every C0, DEL, every C1 (as UTF-8), the bidi embeddings, overrides and
	 * isolates, and a few invalid bytes (raw C1 bytes, a lone lead byte) */
	char in[512];
	size_t n = 0;
	for (uint32_t c = 0; c < 0x20; c++)
		n += put_utf8(in + n, c);
	n += put_utf8(in + n, 0x7F);
	for (uint32_t c = 0x80; c < 0xA0; c++)
		n += put_utf8(in + n, c);
	for (uint32_t c = 0x202A; c <= 0x202E; c++)
		n += put_utf8(in + n, c);
	for (uint32_t c = 0x2066; c <= 0x2069; c++)
		n += put_utf8(in + n, c);
	memcpy(in + n, "\x9b\x1b\x84\xC3", 4);
	n += 4;
	size_t len;
	char *out = escape(wt_report_plain_str, in, n, &len);
	each_cp(out, len, no_terminal_controls);
	assert_null(memchr(out, 0x1b, len));
	free(out);

	/* newlines (and CR, tab) become spaces; ordinary text is untouched */
	out = escape(wt_report_plain_str, "a\nb\r\nc\td", 8, &len);
	assert_int_equal(len, 8);
	assert_memory_equal(out, "a b  c d", 8);
	free(out);
	static const char ok[] =
		"Caf\xC3\xA9 \xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9 "
		"\xF0\x9F\x98\x80 \xC2\xA0nbsp \"quotes\" <tags> 100%";
	out = escape(wt_report_plain_str, ok, sizeof ok - 1, &len);
	assert_int_equal(len, sizeof ok - 1);
	assert_memory_equal(out, ok, len);
	free(out);
	/* an escape sequence loses its ESC; U+202E is replaced */
	static const char evil[] = "x\x1b[31my\xE2\x80\xAEz";
	out = escape(wt_report_plain_str, evil, sizeof evil - 1, &len);
	static const char want[] = "x" FFFD "[31my" FFFD "z";
	assert_int_equal(len, sizeof want - 1);
	assert_memory_equal(out, want, len);
	free(out);
	/* random bytes never let a control through and stay valid UTF-8 */
	char buf[200];
	for (int iter = 0; iter < 5000; iter++) {
		size_t k = rnd() % sizeof buf;
		for (size_t i = 0; i < k; i++)
			buf[i] = (char)rnd();
		out = escape(wt_report_plain_str, buf, k, &len);
		each_cp(out, len, no_terminal_controls);
		free(out);
	}
}

/* --- CSV escaper --- */

static void check_csv(const char *in, size_t n, const char *want)
{
	size_t len;
	char *out = escape(wt_report_csv_str, in, n, &len);
	if (len != strlen(want) || memcmp(out, want, len))
		fail_msg("csv: got [%.*s], want [%s]", (int)len, out, want);
	free(out);
}

static void report__csv_str(void **state)
{
	(void)state;
	check_csv("", 0, "\"\"");
	check_csv("plain", 5, "\"plain\"");
	check_csv("a\"b", 3, "\"a\"\"b\"");
	check_csv("\"\"", 2, "\"\"\"\"\"\"");
	check_csv("a,b\nc", 5, "\"a,b\nc\"");
	check_csv("\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A", 8,
		  "\"\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\"");
	check_csv("bad\xFF", 4, "\"bad" FFFD "\"");
}

static void report__format_parse(void **state)
{
	(void)state;
	wt_format f = WT_FMT_CSV;
	assert_int_equal(wt_format_parse("text", &f), WT_OK);
	assert_int_equal(f, WT_FMT_TEXT);
	assert_int_equal(wt_format_parse("json", &f), WT_OK);
	assert_int_equal(f, WT_FMT_JSON);
	assert_int_equal(wt_format_parse("csv", &f), WT_OK);
	assert_int_equal(f, WT_FMT_CSV);
	assert_int_equal(wt_format_parse("xml", &f), WT_E_ARG);
	assert_int_equal(wt_format_parse("JSON", &f), WT_E_ARG);
	assert_int_equal(wt_format_parse("", &f), WT_E_ARG);
}

/* --- whole reports --- */

/* A long Arabic + English wire story; NEAR_B is it with three words
 * changed, far apart. */
#define STORY_EN                                                             \
	"The central bank held its benchmark interest rate steady on Tuesday, " \
	"citing persistent inflation in food and energy prices and a labour "  \
	"market that remains tight despite slowing growth. Officials said "    \
	"future decisions would depend on incoming data and signalled that "   \
	"cuts were unlikely before the second half of the year. Analysts had " \
	"widely expected the move, and markets were little changed after the " \
	"announcement, with the currency trading near its strongest level in " \
	"three months against the dollar. "
#define STORY_AR                                                             \
	"\xd9\x82\xd8\xa7\xd9\x84 \xd8\xa7\xd9\x84\xd8\xa8\xd9\x86\xd9\x83 "     \
	"\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd9\x83\xd8\xb2\xd9\x8a "              \
	"\xd8\xa5\xd9\x86\xd9\x87 \xd8\xb3\xd9\x8a\xd8\xa8\xd9\x82\xd9\x8a "     \
	"\xd8\xa3\xd8\xb3\xd8\xb9\xd8\xa7\xd8\xb1 \xd8\xa7\xd9\x84\xd9\x81\xd8" \
	"\xa7\xd8\xa6\xd8\xaf\xd8\xa9 \xd8\xaf\xd9\x88\xd9\x86 "                 \
	"\xd8\xaa\xd8\xba\xd9\x8a\xd9\x8a\xd8\xb1 \xd9\x81\xd9\x8a "             \
	"\xd8\xa7\xd9\x84\xd9\x88\xd9\x82\xd8\xaa \xd8\xa7\xd9\x84\xd8\xad\xd8" \
	"\xa7\xd9\x84\xd9\x8a \xd9\x85\xd8\xb9 \xd8\xa7\xd8\xb3\xd8\xaa\xd9\x85" \
	"\xd8\xb1\xd8\xa7\xd8\xb1 \xd8\xa7\xd9\x84\xd8\xaa\xd8\xb6\xd8\xae\xd9" \
	"\x85 \xd9\x81\xd9\x8a \xd8\xa3\xd8\xb3\xd8\xb9\xd8\xa7\xd8\xb1 "        \
	"\xd8\xa7\xd9\x84\xd8\xba\xd8\xb0\xd8\xa7\xd8\xa1 "                      \
	"\xd9\x88\xd8\xa7\xd9\x84\xd8\xb7\xd8\xa7\xd9\x82\xd8\xa9 "              \
	"\xd9\x88\xd8\xa3\xd8\xb6\xd8\xa7\xd9\x81 \xd8\xa3\xd9\x86 "             \
	"\xd8\xa7\xd9\x84\xd9\x82\xd8\xb1\xd8\xa7\xd8\xb1\xd8\xa7\xd8\xaa "      \
	"\xd8\xa7\xd9\x84\xd9\x85\xd9\x82\xd8\xa8\xd9\x84\xd8\xa9 "              \
	"\xd8\xb3\xd8\xaa\xd8\xb9\xd8\xaa\xd9\x85\xd8\xaf \xd8\xb9\xd9\x84\xd9" \
	"\x89 \xd8\xa7\xd9\x84\xd8\xa8\xd9\x8a\xd8\xa7\xd9\x86\xd8\xa7\xd8\xaa " \
	"\xd8\xa7\xd9\x84\xd8\xa7\xd9\x82\xd8\xaa\xd8\xb5\xd8\xa7\xd8\xaf\xd9" \
	"\x8a\xd8\xa9 \xd8\xa7\xd9\x84\xd8\xac\xd8\xaf\xd9\x8a\xd8\xaf\xd8\xa9 " \
	"\xd9\x88\xd8\xb3\xd9\x88\xd9\x82 \xd8\xa7\xd9\x84\xd8\xb9\xd9\x85\xd9" \
	"\x84 \xd8\xa7\xd9\x84\xd8\xaa\xd9\x8a \xd9\x84\xd8\xa7 "                \
	"\xd8\xaa\xd8\xb2\xd8\xa7\xd9\x84 \xd9\x82\xd9\x88\xd9\x8a\xd8\xa9."

static const char near_a_text[] = STORY_EN STORY_AR;

/* near-b: "Tuesday" -> "Wednesday", "Analysts" -> "Economists", and the
 * Arabic "the inflation" -> "the high prices"; built at run time. */
static char *make_near_b(void)
{
	static const struct {
		const char *from, *to;
	} edits[] = {
		{"Tuesday", "Wednesday"},
		{"Analysts", "Economists"},
		{"\xd8\xa7\xd9\x84\xd8\xaa\xd8\xb6\xd8\xae\xd9\x85",
		 "\xd8\xa7\xd9\x84\xd8\xba\xd9\x84\xd8\xa7\xd8\xa1"},
	};
	char *s = malloc(sizeof near_a_text + 64);
	assert_non_null(s);
	strcpy(s, near_a_text);
	for (size_t i = 0; i < 3; i++) {
		char *at = strstr(s, edits[i].from);
		assert_non_null(at);
		size_t fl = strlen(edits[i].from), tl = strlen(edits[i].to);
		memmove(at + tl, at + fl, strlen(at + fl) + 1);
		memcpy(at, edits[i].to, tl);
	}
	return s;
}

static const char dup_text[] =
	"Heavy rain caused flooding across the northern province overnight, "
	"forcing hundreds of families from their homes and closing the main "
	"highway, the civil defence agency said in a statement on Monday.";

/* Unrelated, with one invalid byte (counted in invalid_utf8). */
static const char other_text[] =
	"The football club announced the signing of a young striker from a "
	"rival team on a four year contract \xFF worth an undisclosed fee, "
	"ending weeks of speculation among supporters.";

static const char short_text[] = "Too short.";

static const char evil_title[] =
	"Breaking\x1b[31m RED \xE2\x80\xAE" "desrever\x07 end";

typedef struct {
	const char *id, *text, *title, *source;
	size_t text_n;
} doc_spec;

typedef struct {
	doc_spec d[8];
	size_t n;
	char *near_b;
	wt_scan *scan;
	const wt_result *res;
} report_fx;

static const doc_spec *spec_by_id(const report_fx *fx, const char *id)
{
	for (size_t i = 0; i < fx->n; i++)
		if (!strcmp(fx->d[i].id, id))
			return &fx->d[i];
	fail_msg("unknown id %s", id);
	return NULL;
}

static void fx_docs(report_fx *fx)
{
	fx->near_b = make_near_b();
	const doc_spec d[] = {
		{"near-b", NULL, "Bank holds rates", "Agency B", 0},
		{"other", other_text, NULL, NULL, 0},
		{"dup-2", dup_text, "Floods", "Agency B", 0},
		{"short", short_text, "Brief", NULL, 0},
		{"near-a", near_a_text, "Bank holds rates", "Agency A", 0},
		{"dup-1", dup_text, evil_title, "Agency A", 0},
	};
	fx->n = sizeof d / sizeof *d;
	memcpy(fx->d, d, sizeof d);
	fx->d[0].text = fx->near_b;
	for (size_t i = 0; i < fx->n; i++)
		fx->d[i].text_n = strlen(fx->d[i].text);
}

static wt_doc to_doc(const doc_spec *s, uint64_t line)
{
	wt_doc d;
	memset(&d, 0, sizeof d);
	d.f[WT_F_ID] = (wt_str){s->id, strlen(s->id)};
	d.f[WT_F_TEXT] = (wt_str){s->text, s->text_n};
	if (s->title)
		d.f[WT_F_TITLE] = (wt_str){s->title, strlen(s->title)};
	if (s->source)
		d.f[WT_F_SOURCE] = (wt_str){s->source, strlen(s->source)};
	d.path = "memory";
	d.line = line;
	return d;
}

/* Scan the docs, added in the given order (0: as listed, 1: reversed). */
static void fx_scan(report_fx *fx, int reversed)
{
	wt_scan_opts o;
	wt_scan_opts_default(&o);
	assert_int_equal(wt_scan_new(&o, &fx->scan), WT_OK);
	for (size_t k = 0; k < fx->n; k++) {
		size_t i = reversed ? fx->n - 1 - k : k;
		wt_doc d = to_doc(&fx->d[i], k + 1);
		assert_int_equal(wt_scan_add_doc(fx->scan, &d), WT_OK);
	}
	assert_int_equal(wt_scan_finish(fx->scan, &fx->res), WT_OK);
	assert_non_null(fx->res);
}

static int fx_setup(void **state)
{
	report_fx *fx = calloc(1, sizeof *fx);
	if (!fx)
		return -1;
	fx_docs(fx);
	fx_scan(fx, 0);
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	report_fx *fx = *state;
	wt_scan_free(fx->scan);
	free(fx->near_b);
	free(fx);
	return 0;
}

/* The report of r in fmt, in memory (malloc'd, *len bytes). */
static char *render_scan(const wt_scan *s, const wt_result *r, wt_format fmt,
			 size_t *len)
{
	char *buf = NULL;
	size_t blen = 0;
	FILE *m = open_memstream(&buf, &blen);
	assert_non_null(m);
	assert_int_equal(wt_report_write(m, fmt, s, r), WT_OK);
	assert_int_equal(fclose(m), 0);
	*len = blen;
	return buf;
}

static char *render(const report_fx *fx, wt_format fmt, size_t *len)
{
	return render_scan(fx->scan, fx->res, fmt, len);
}

/* The JSON report of r, parsed (the caller json_decref's it). */
static json_t *json_report(const wt_scan *s, const wt_result *r)
{
	size_t len;
	char *out = render_scan(s, r, WT_FMT_JSON, &len);
	json_error_t err;
	json_t *root = json_loadb(out, len, 0, &err);
	free(out);
	if (!root)
		fail_msg("report is not JSON: %s (line %d)", err.text, err.line);
	return root;
}

/* Exact similarity of two texts, the slow way. */
static wt_sim brute_sim(const char *a, size_t na, const char *b, size_t nb,
			unsigned shingle)
{
	wt_norm nz;
	wt_shingles sa, sb;
	wt_norm_init(&nz);
	wt_shingles_init(&sa);
	wt_shingles_init(&sb);
	assert_int_equal(wt_norm_text(&nz, a, na), WT_OK);
	assert_int_equal(wt_shingle(&sa, &nz, shingle), WT_OK);
	assert_int_equal(wt_norm_text(&nz, b, nb), WT_OK);
	assert_int_equal(wt_shingle(&sb, &nz, shingle), WT_OK);
	wt_sim s = wt_verify_sets(sa.set, sa.nset, sb.set, sb.nset);
	wt_shingles_release(&sa);
	wt_shingles_release(&sb);
	wt_norm_release(&nz);
	return s;
}

static json_t *get(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		fail_msg("key \"%s\" missing", key);
	return v;
}

static json_int_t get_int(json_t *obj, const char *key)
{
	json_t *v = get(obj, key);
	if (!json_is_integer(v))
		fail_msg("\"%s\" is not an integer", key);
	return json_integer_value(v);
}

static double get_num(json_t *obj, const char *key)
{
	json_t *v = get(obj, key);
	if (!json_is_number(v))
		fail_msg("\"%s\" is not a number", key);
	return json_number_value(v);
}

static const char *get_str(json_t *obj, const char *key)
{
	json_t *v = get(obj, key);
	if (!json_is_string(v))
		fail_msg("\"%s\" is not a string", key);
	return json_string_value(v);
}

static void assert_near(double got, double want, double tol)
{
	if (fabs(got - want) > tol)
		fail_msg("got %.6f, want %.6f", got, want);
}

static void report__json_contract(void **state)
{
	report_fx *fx = *state;
	size_t len;
	char *out = render(fx, WT_FMT_JSON, &len);
	json_error_t err;
	json_t *root = json_loadb(out, len, 0, &err);
	if (!root)
		fail_msg("report is not JSON: %s (line %d)", err.text, err.line);
	assert_true(json_is_object(root));
	assert_string_equal(get_str(root, "wiretrace"), WT_VERSION);

	json_t *params = get(root, "params");
	assert_int_equal(get_int(params, "shingle"), 5);
	assert_int_equal(get_int(params, "perm"), 128);
	assert_near(get_num(params, "threshold"), 0.5, 1e-12);
	assert_int_equal(get_int(params, "bands"), 42); /* lsh.h: K=128, t=0.5 */
	assert_int_equal(get_int(params, "rows"), 3);
	assert_int_equal(get_int(params, "seed"), 0);

	json_t *stats = get(root, "stats");
	uint64_t bytes = 0;
	for (size_t i = 0; i < fx->n; i++)
		bytes += fx->d[i].text_n;
	assert_int_equal(get_int(stats, "documents"), 6);
	assert_int_equal(get_int(stats, "bytes"), bytes);
	assert_int_equal(get_int(stats, "too_short"), 1);
	assert_int_equal(get_int(stats, "invalid_utf8"), 1);
	/* dup-2 collapses onto dup-1; near-a ~ near-b must be a candidate */
	json_int_t cand = get_int(stats, "candidates");
	assert_true(cand >= 1 && cand <= 6); /* at most C(4,2) representatives */
	assert_int_equal(get_int(stats, "pairs"), 2);
	assert_int_equal(get_int(stats, "clusters"), 2);

	/* pairs: a < b, sorted, kinds, and exact similarity */
	json_t *pairs = get(root, "pairs");
	assert_true(json_is_array(pairs));
	assert_int_equal(json_array_size(pairs), 2);
	const char *want_a[] = {"dup-1", "near-a"}, *want_b[] = {"dup-2", "near-b"};
	const char *want_kind[] = {"exact", "near"};
	const char *prev_a = "";
	for (size_t i = 0; i < 2; i++) {
		json_t *p = json_array_get(pairs, i);
		const char *a = get_str(p, "a"), *b = get_str(p, "b");
		assert_true(strcmp(a, b) < 0);
		assert_true(strcmp(prev_a, a) <= 0);
		prev_a = a;
		assert_string_equal(a, want_a[i]);
		assert_string_equal(b, want_b[i]);
		assert_string_equal(get_str(p, "kind"), want_kind[i]);
		const doc_spec *da = spec_by_id(fx, a), *db = spec_by_id(fx, b);
		wt_sim s = brute_sim(da->text, da->text_n, db->text, db->text_n, 5);
		assert_near(get_num(p, "jaccard"), s.jaccard, 1e-4);
		assert_near(get_num(p, "containment_a"), s.cont_a, 1e-4);
		assert_near(get_num(p, "containment_b"), s.cont_b, 1e-4);
		assert_int_equal(get_int(p, "shared"), s.inter);
		if (i == 1) { /* a real near copy, not an exact one */
			assert_true(s.jaccard >= 0.5 && s.jaccard < 0.95);
		} else {
			assert_near(s.jaccard, 1.0, 0);
		}
	}
	/* the unrelated document is not near anything */
	const doc_spec *o = spec_by_id(fx, "other"), *na = spec_by_id(fx, "near-a");
	assert_true(brute_sim(o->text, o->text_n, na->text, na->text_n, 5).jaccard <
		    0.5);

	/* clusters ordered by first member, members in id order */
	json_t *clusters = get(root, "clusters");
	assert_true(json_is_array(clusters));
	assert_int_equal(json_array_size(clusters), 2);
	for (size_t k = 0; k < 2; k++) {
		json_t *c = json_array_get(clusters, k);
		assert_int_equal(get_int(c, "id"), k);
		json_t *m = get(c, "members");
		assert_int_equal(json_array_size(m), 2);
		assert_string_equal(json_string_value(json_array_get(m, 0)), want_a[k]);
		assert_string_equal(json_string_value(json_array_get(m, 1)), want_b[k]);
	}

	assert_int_equal(get_int(stats, "exact_pairs"), 1);
	assert_int_equal(get_int(stats, "near_pairs"), 1);
	assert_int_equal(get_int(stats, "skipped"), 0);
	assert_int_equal(get_int(stats, "binary"), 0);
	assert_int_equal(get_int(stats, "buckets_truncated"), 0);

	/* the too-short document is listed by id (README: inside "stats") */
	json_t *ts = get(stats, "too_short_ids");
	assert_true(json_is_array(ts));
	assert_int_equal(json_array_size(ts), 1);
	assert_string_equal(json_string_value(json_array_get(ts, 0)), "short");

	/* documents: every cluster member's metadata; the hostile title
	 * survives as data */
	json_t *docs = get(root, "documents");
	assert_true(json_is_array(docs));
	assert_int_equal(json_array_size(docs), 4);
	const char *members[] = {"dup-1", "dup-2", "near-a", "near-b"};
	for (size_t i = 0; i < 4; i++) {
		json_t *d = json_array_get(docs, i);
		const char *id = get_str(d, "id");
		assert_string_equal(id, members[i]);
		const doc_spec *sp = spec_by_id(fx, id);
		wt_sim self = brute_sim(sp->text, sp->text_n, sp->text, sp->text_n, 5);
		assert_int_equal(get_int(d, "shingles"), self.inter);
		assert_string_equal(get_str(d, "title"), sp->title);
		assert_string_equal(get_str(d, "source"), sp->source);
		assert_null(json_object_get(d, "url")); /* absent stays absent */
	}
	assert_string_equal(get_str(json_array_get(docs, 0), "title"), evil_title);
	/* and the raw bytes never hold a control character */
	for (size_t i = 0; i < len; i++)
		assert_true((unsigned char)out[i] >= 0x20 || out[i] == '\n');
	json_decref(root);
	free(out);
}

static int has_line_with(const char *text, const char *needle)
{
	return strstr(text, needle) != NULL;
}

static void report__text(void **state)
{
	report_fx *fx = *state;
	size_t len;
	char *out = render(fx, WT_FMT_TEXT, &len);
	assert_int_equal(strlen(out), len);
	char line[256];
	snprintf(line, sizeof line, "wiretrace %s: 6 documents,", WT_VERSION);
	assert_true(!strncmp(out, line, strlen(line)));
	assert_true(has_line_with(out, "threshold 0.50 (42 bands x 3 rows), seed 0\n"));
	assert_true(has_line_with(out, ": 2 pairs (1 exact, 1 near, 0 reuse) in 2 "
				       "clusters\n"));
	/* every pair quotes its passage */
	assert_true(has_line_with(out, "      passage 1: "));
	assert_true(has_line_with(out, "        a: \xC2\xAB"));
	assert_true(has_line_with(out, "\ncluster 0 (2 documents)\n"));
	assert_true(has_line_with(out, "\ncluster 1 (2 documents)\n"));
	assert_true(has_line_with(out, "\n  exact dup-1 ~ dup-2  J=1.000"));
	const doc_spec *a = spec_by_id(fx, "near-a"), *b = spec_by_id(fx, "near-b");
	wt_sim s = brute_sim(a->text, a->text_n, b->text, b->text_n, 5);
	snprintf(line, sizeof line, "\n  near  near-a ~ near-b  J=%.3f", s.jaccard);
	assert_true(has_line_with(out, line));
	assert_true(has_line_with(out, "\ntoo short to compare (fewer than 5 words):\n"
				       "  short  -  -  Brief\n"));
	/* cluster 0 (dup) comes before cluster 1 (near) */
	assert_true(strstr(out, "dup-1 ~ dup-2") < strstr(out, "near-a ~ near-b"));
	/* the hostile title: shown, but defused */
	assert_null(memchr(out, 0x1b, len));
	assert_null(memchr(out, 0x07, len));
	assert_null(strstr(out, "\xE2\x80\xAE"));
	assert_true(has_line_with(out, "  dup-1  Agency A  -  Breaking" FFFD
				       "[31m RED " FFFD "desrever" FFFD " end\n"));
	for (size_t i = 0; i < len; i++)
		assert_true((unsigned char)out[i] >= 0x20 || out[i] == '\n');
	free(out);
}

static void report__csv(void **state)
{
	report_fx *fx = *state;
	size_t len;
	char *out = render(fx, WT_FMT_CSV, &len);
	const doc_spec *a = spec_by_id(fx, "near-a"), *b = spec_by_id(fx, "near-b");
	wt_sim s = brute_sim(a->text, a->text_n, b->text, b->text_n, 5);
	const doc_spec *d = spec_by_id(fx, "dup-1");
	wt_sim sd = brute_sim(d->text, d->text_n, d->text, d->text_n, 5);
	char want[1024];
	snprintf(want, sizeof want,
		 "a,b,kind,jaccard,containment_a,containment_b,shared,aligned_a,"
		 "aligned_b,passages\n"
		 "\"dup-1\",\"dup-2\",exact,1.0000,1.0000,1.0000,%llu,1.0000,1.0000,1\n"
		 "\"near-a\",\"near-b\",near,%.4f,%.4f,%.4f,%llu,",
		 (unsigned long long)sd.inter, s.jaccard, s.cont_a, s.cont_b,
		 (unsigned long long)s.inter);
	assert_int_equal(strncmp(out, want, strlen(want)), 0);
	/* the near pair's edits are bridged: aligned shares at least as high
	 * as the shingle containments, at least one passage */
	double al_a, al_b;
	unsigned np;
	assert_int_equal(sscanf(out + strlen(want), "%lf,%lf,%u\n", &al_a, &al_b,
				&np), 3);
	assert_true(al_a >= s.cont_a - 1e-4 && al_a <= 1);
	assert_true(al_b >= s.cont_b - 1e-4 && al_b <= 1);
	assert_true(np >= 1);
	size_t lines = 0; /* the header and two pairs */
	for (size_t i = 0; i < len; i++)
		lines += out[i] == '\n';
	assert_int_equal(lines, 3);
	assert_int_equal(out[len - 1], '\n');
	free(out);
}

/* Same documents added in the opposite order: byte-identical reports
 * (band and id-hash keys are random per scan; output must not show it). */
static void report__deterministic(void **state)
{
	report_fx *fx = *state;
	report_fx *fx2 = calloc(1, sizeof *fx2);
	assert_non_null(fx2);
	fx_docs(fx2);
	fx_scan(fx2, 1);
	for (int f = 0; f < 3; f++) {
		size_t l1, l2;
		char *o1 = render(fx, (wt_format)f, &l1);
		char *o2 = render(fx2, (wt_format)f, &l2);
		assert_int_equal(l1, l2);
		assert_memory_equal(o1, o2, l1);
		free(o1);
		free(o2);
	}
	wt_scan_free(fx2->scan);
	free(fx2->near_b);
	free(fx2);
}

static void report__write_error(void **state)
{
	report_fx *fx = *state;
	for (int f = 0; f < 3; f++) {
		FILE *full = fopen("/dev/full", "w");
		if (!full)
			skip();
		wt_err e = wt_report_write(full, (wt_format)f, fx->scan, fx->res);
		assert_int_not_equal(e, WT_OK);
		assert_true(e == WT_E_FULL || e == WT_E_IO);
		fclose(full); /* fails too; the report already said so */
	}
}

static void report__empty_scan(void **state)
{
	(void)state;
	wt_scan_opts o;
	wt_scan_opts_default(&o);
	wt_scan *s;
	assert_int_equal(wt_scan_new(&o, &s), WT_OK);
	const wt_result *r;
	assert_int_equal(wt_scan_finish(s, &r), WT_OK);
	json_t *root = json_report(s, r);
	assert_int_equal(get_int(get(root, "stats"), "documents"), 0);
	assert_int_equal(json_array_size(get(root, "pairs")), 0);
	assert_int_equal(json_array_size(get(root, "clusters")), 0);
	json_decref(root);
	wt_scan_free(s);
}

/* Only documents too short to shingle (the first one added among them):
 * no pairs, no clusters, and too_short_ids lists them in id order. */
static void report__only_short_docs(void **state)
{
	(void)state;
	wt_scan_opts o;
	wt_scan_opts_default(&o);
	wt_scan *s;
	assert_int_equal(wt_scan_new(&o, &s), WT_OK);
	const char *ids[] = {"z-short", "a-short", "m-empty"};
	const char *texts[] = {"four words only here", "two words", ""};
	for (int i = 0; i < 3; i++) {
		wt_doc d;
		memset(&d, 0, sizeof d);
		d.f[WT_F_ID] = (wt_str){ids[i], strlen(ids[i])};
		d.f[WT_F_TEXT] = (wt_str){texts[i], strlen(texts[i])};
		assert_int_equal(wt_scan_add_doc(s, &d), WT_OK);
	}
	const wt_result *r;
	assert_int_equal(wt_scan_finish(s, &r), WT_OK);
	assert_int_equal(r->ntoo_short, 3);
	assert_int_equal(r->npairs, 0);
	json_t *root = json_report(s, r);
	json_t *stats = get(root, "stats");
	assert_int_equal(get_int(stats, "documents"), 3);
	assert_int_equal(get_int(stats, "too_short"), 3);
	assert_int_equal(get_int(stats, "candidates"), 0);
	json_t *ts = get(stats, "too_short_ids");
	assert_int_equal(json_array_size(ts), 3);
	assert_string_equal(json_string_value(json_array_get(ts, 0)), "a-short");
	assert_string_equal(json_string_value(json_array_get(ts, 1)), "m-empty");
	assert_string_equal(json_string_value(json_array_get(ts, 2)), "z-short");
	assert_int_equal(json_array_size(get(root, "pairs")), 0);
	json_decref(root);
	wt_scan_free(s);
}

/* wt_report_fixed writes what printf's %.*f writes: on random values of
 * [0, 1], on exact ties (odd multiples of 1/32 and 1/64, where half to
 * even decides), either side of each rounding boundary, and on -1, -0,
 * 1 and large values. */
/* The source hint compares dates from memory (wt_scan_brief), on their
 * first WT_DATE_KEPT bytes: an exact pair dated in both orders, and one
 * whose dates differ only after those bytes (equal: unknown). */
static int hint_of(const char *da, const char *db)
{
	wt_scan_opts o;
	wt_scan_opts_default(&o);
	wt_scan *s;
	assert_int_equal(wt_scan_new(&o, &s), WT_OK);
	const char *date[2] = {da, db}, *id[2] = {"x", "y"};
	for (int k = 0; k < 2; k++) {
		doc_spec sp = {id[k], dup_text, NULL, NULL, strlen(dup_text)};
		wt_doc d = to_doc(&sp, (uint64_t)k + 1);
		d.f[WT_F_DATE] = (wt_str){date[k], strlen(date[k])};
		assert_int_equal(wt_scan_add_doc(s, &d), WT_OK);
	}
	const wt_result *r;
	assert_int_equal(wt_scan_finish(s, &r), WT_OK);
	assert_int_equal(r->npairs, 1);
	const wt_pair *p = &r->pairs[0];
	for (int k = 0; k < 2; k++) { /* brief == the record's, cut */
		uint32_t i = k ? p->b : p->a;
		wt_docbrief b;
		wt_docinfo di;
		wt_scan_brief(s, i, &b);
		wt_scan_doc(s, i, &di);
		assert_int_equal(b.id.n, di.id.n);
		assert_memory_equal(b.id.p, di.id.p, di.id.n);
		assert_int_equal(b.date.n, di.date.n < WT_DATE_KEPT ? di.date.n
								 : WT_DATE_KEPT);
		assert_memory_equal(b.date.p, di.date.p, b.date.n);
		assert_int_equal(b.credits, di.credits);
	}
	int e = wt_pair_source_hint(s, p).earlier;
	/* as x (0) or y (1), whichever the pair put first */
	wt_docbrief a;
	wt_scan_brief(s, p->a, &a);
	int a_is_x = a.id.p[0] == 'x';
	wt_scan_free(s);
	return e < 0 ? -1 : a_is_x ? e : !e;
}

static void report__source_hint(void **state)
{
	(void)state;
	assert_int_equal(hint_of("2015-08-10 18:00:00", "2015-08-10 19:00:00"), 0);
	assert_int_equal(hint_of("2015-08-10 19:00:00", "2015-08-10 18:00:00"), 1);
	assert_int_equal(hint_of("2015-08-10", "not a date"), -1);
	/* 32 equal bytes, then they differ */
	assert_int_equal(hint_of("2015-08-10T18:00:00.123456+03:00 a",
				 "2015-08-10T18:00:00.123456+03:00 b"), -1);
	assert_int_equal(hint_of("2015-08-10T18:00:00.123456+03:00",
				 "2015-08-10T18:00:00.123457+03:00"), 0);
}

static void check_fixed(double x, int d)
{
	char want[64], got[64];
	snprintf(want, sizeof want, "%.*f", d, x);
	size_t n = wt_report_fixed(got, x, d);
	got[n] = 0;
	if (strcmp(want, got))
		fail_msg("%.17g with %d decimals: printf %s, got %s", x, d, want, got);
}

static void report__fixed(void **state)
{
	(void)state;
	static const double special[] = {0, -0.0, 1, -1, 0.5, 1e-300, 0.99995,
					 0.00005, 0.0005, 0.9995, 123456.78915,
					 1e12, -3.25};
	for (int d = 0; d <= 4; d++) {
		for (size_t i = 0; i < sizeof special / sizeof *special; i++)
			check_fixed(special[i], d);
		for (int m = 0; m <= 256; m++) {
			check_fixed(m / 32.0, d);
			check_fixed(m / 64.0, d);
			check_fixed(m / 256.0, d);
		}
		double scale = pow(10, d);
		for (int k = 0; k <= 20000; k++) {
			double b = (k + 0.5) / scale;
			check_fixed(b, d);
			check_fixed(nextafter(b, 0), d);
			check_fixed(nextafter(b, 2), d);
		}
	}
	for (int i = 0; i < 200000; i++) {
		double x = (double)(rnd() >> 11) / 9007199254740992.0;
		check_fixed(x, 3);
		check_fixed(x, 4);
	}
	char out[32];
	/* a value printf writes in 300 digits is cut to the room */
	assert_int_equal(wt_report_fixed(out, 1e300, 4), 31);
	assert_int_equal(wt_report_fixed(out, -1e300, 0), 31);
	assert_int_equal(wt_report_u64(out, 0), 1);
	assert_int_equal(wt_report_u64(out, UINT64_MAX), 20);
	assert_memory_equal(out, "18446744073709551615", 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(report__json_str_valid_roundtrip),
		cmocka_unit_test(report__json_str_random_roundtrip),
		cmocka_unit_test(report__json_str_invalid_utf8),
		cmocka_unit_test(report__plain_str),
		cmocka_unit_test(report__csv_str),
		cmocka_unit_test(report__format_parse),
		cmocka_unit_test(report__fixed),
		cmocka_unit_test_setup_teardown(report__json_contract, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(report__text, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(report__csv, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(report__deterministic, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(report__write_error, fx_setup,
						fx_teardown),
		cmocka_unit_test(report__empty_scan),
		cmocka_unit_test(report__only_short_docs),
		cmocka_unit_test(report__source_hint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
