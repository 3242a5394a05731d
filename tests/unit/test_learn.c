/* learn: the source key of a document; a line is learned on min_pages
 * pages of one source and not on one page fewer, a page counting once
 * however often it repeats the line; the same line at different sources
 * is news, not furniture; digits, white space and ASCII punctuation do
 * not tell lines apart, letters do; short lines are never learned;
 * marking sets aside exactly the tokens of learned lines of that source,
 * and no token already skipped; the edges (empty text, no newline, CRLF,
 * a 1 MB line, adding after seal, min_pages < 2); the 64-byte walk and
 * the byte walk find the same pieces and keys on random text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "wiretrace.h"

#define RNG_SEED 0x1ea7u
#include "rng.h"

/* A real author footer of al-madina (corpus/saudinewsnet-sample.jsonl,
 * snn-2015-07-25-0716 and snn-2015-08-11-0586: codes 41 and 123). */
#define SMS "للتواصل مع الكاتب ارسل رسالة SMS"
#define CODE41 "تبدأ بالرمز (41) ثم مسافة ثم نص الرسالة إلى"
#define CODE123 "تبدأ بالرمز (123) ثم مسافة ثم نص الرسالة إلى"

static wt_norm nz;

static int setup(void **state)
{
	(void)state;
	wt_norm_init(&nz);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wt_norm_release(&nz);
	return 0;
}

static wt_str str(const char *s)
{
	return (wt_str){s, s ? strlen(s) : 0};
}

static wt_learn *model(unsigned min_pages)
{
	wt_learn_opts o;
	wt_learn_opts_default(&o);
	o.min_pages = min_pages;
	wt_learn *l;
	assert_int_equal(wt_learn_new(&o, &l), WT_OK);
	assert_non_null(l);
	return l;
}

/* Add text as a page of source. A page seen before byte for byte counts
 * once, so each call gets a last line of its own (one word: never a
 * learned line itself, and letters: digits would not tell pages apart). */
static void add(wt_learn *l, const char *source, const char *text)
{
	static unsigned page;
	static char buf[1 << 21]; /* the huge-line test adds 1 MB pages */
	unsigned k = page++;
	int n = snprintf(buf, sizeof buf, "%s\np%c%c%c", text, 'a' + k % 26,
			 'a' + k / 26 % 26, 'a' + k / 676 % 26);
	assert_true(n > 0 && (size_t)n < sizeof buf);
	wt_str s = str(source);
	assert_int_equal(wt_learn_add(l, &s, buf, (size_t)n), WT_OK);
}

static void seal(wt_learn *l)
{
	assert_int_equal(wt_learn_seal(l), WT_OK);
}

/* The same page five times (a re-crawl, duplicate records) is one page:
 * its lines are not furniture, so its copies still pair. */
static void learn__same_page_counts_once(void **state)
{
	(void)state;
	wt_learn *l = model(2);
	wt_str s = str("s");
	const char *t = "سطر اول من المقال الطويل هنا\nسطر ثان من المقال الطويل هنا";
	for (int i = 0; i < 5; i++)
		assert_int_equal(wt_learn_add(l, &s, t, strlen(t)), WT_OK);
	seal(l);
	assert_int_equal(wt_learn_lines(l), 0);
	/* one byte apart: two pages, and their common line is learned */
	wt_learn *m = model(2);
	const char *u = "سطر اول من المقال الطويل هنا\nسطر ثان من المقال الطويل هناك";
	assert_int_equal(wt_learn_add(m, &s, t, strlen(t)), WT_OK);
	assert_int_equal(wt_learn_add(m, &s, u, strlen(u)), WT_OK);
	seal(m);
	assert_int_equal(wt_learn_lines(m), 1);
	wt_learn_free(l);
	wt_learn_free(m);
}

/* Page i of a source: line between two body lines of that page only
 * (they differ in letters: digits would not tell them apart). */
static const char *page(int i, const char *line)
{
	static char buf[1024];
	char tag[3] = {(char)('a' + i % 26), (char)('a' + i / 26 % 26), 0};
	snprintf(buf, sizeof buf,
		 "خبر عن موضوع مختلف تماما kq%s\n%s\nتتمة الخبر ونهايته في سطر "
		 "أخير kz%s", tag, line, tag);
	return buf;
}

/* Learned line k of text under source, through wt_learn_next. */
static int line_k(const wt_learn *l, const wt_str *source, const char *text,
		  size_t len, size_t k, wt_span *out)
{
	size_t pos = 0;
	for (size_t i = 0; i <= k; i++)
		if (!wt_learn_next(l, source, text, len, &pos, out))
			return 0;
	return 1;
}

/* Learned lines of text under source, as strings joined by '|'. */
static const char *learned_lines(const wt_learn *l, const char *source,
				 const char *text)
{
	static char out[8192];
	wt_str s = str(source);
	size_t n = 0;
	wt_span sp;
	out[0] = 0;
	size_t pos = 0;
	for (size_t k = 0; wt_learn_next(l, &s, text, strlen(text), &pos, &sp);
	     k++) {
		assert_true(sp.off + sp.len <= strlen(text));
		assert_true(n + sp.len + 2 < sizeof out);
		if (k)
			out[n++] = '|';
		memcpy(out + n, text + sp.off, sp.len);
		n += sp.len;
		out[n] = 0;
	}
	return out;
}

/* Is line learned under source, after line was on pages 0..npages-1 of
 * source (and page() lines around it)? */
static int learned_after(unsigned min_pages, int npages, const char *line)
{
	wt_learn *l = model(min_pages);
	for (int i = 0; i < npages; i++)
		add(l, "okaz", page(i, line));
	seal(l);
	int got = wt_learn_lines(l) > 0;
	assert_int_equal(wt_learn_lines(l), got); /* page lines never are */
	wt_learn_free(l);
	return got;
}

static void learn__source(void **state)
{
	(void)state;
	wt_doc d;
	memset(&d, 0, sizeof d);
	d.f[WT_F_ID] = str("a/b/c.txt");
	d.f[WT_F_URL] = str("http://www.al-madina.com/node/620885/x.html?weekly");
	d.f[WT_F_SOURCE] = str("almadina");
	wt_str s = wt_learn_source(&d);
	assert_true(s.n == 8 && !memcmp(s.p, "almadina", 8));

	/* no source field: the URL's host, without scheme, port, path, query */
	static const char *const url[][2] = {
		{"http://www.al-madina.com/node/620885/x.html?weekly",
		 "www.al-madina.com"},
		{"https://aawsat.com:8443/home/article/1", "aawsat.com"},
		{"http://okaz.com.sa?id=5", "okaz.com.sa"},
		{"https://spa.gov.sa#top", "spa.gov.sa"},
		{"www.alriyadh.com/1075050", "www.alriyadh.com"},
	};
	d.f[WT_F_SOURCE] = str(NULL);
	for (size_t i = 0; i < sizeof url / sizeof *url; i++) {
		d.f[WT_F_URL] = str(url[i][0]);
		s = wt_learn_source(&d);
		if (s.n != strlen(url[i][1]) || memcmp(s.p, url[i][1], s.n))
			fail_msg("%s: source '%.*s', expected '%s'", url[i][0], (int)s.n,
				 s.p ? s.p : "", url[i][1]);
		/* Borrowed from the URL */
		assert_true(s.p >= url[i][0] &&
			    s.p + s.n <= url[i][0] + strlen(url[i][0]));
	}
	/* a URL without a host: the id's folder */
	d.f[WT_F_URL] = str("http:///nohost");
	s = wt_learn_source(&d);
	assert_true(s.n == 3 && !memcmp(s.p, "a/b", 3));
	/* no URL: the folder part of the id */
	d.f[WT_F_URL] = str(NULL);
	s = wt_learn_source(&d);
	assert_true(s.n == 3 && !memcmp(s.p, "a/b", 3));
	/* nothing at all */
	d.f[WT_F_ID] = str("c.txt");
	assert_int_equal(wt_learn_source(&d).n, 0);
	d.f[WT_F_ID] = str("/c.txt");
	assert_int_equal(wt_learn_source(&d).n, 0);
}

static void learn__min_pages(void **state)
{
	(void)state;
	assert_true(learned_after(5, 5, SMS));
	assert_false(learned_after(5, 4, SMS));
	assert_true(learned_after(2, 2, SMS));
	assert_false(learned_after(3, 2, SMS));
	assert_false(learned_after(5, 100, "")); /* no line to learn */

	/* min_pages below 2 would make every line furniture */
	wt_learn_opts o;
	wt_learn_opts_default(&o);
	assert_int_equal(o.min_pages, 5);
	assert_int_equal(o.min_words, 4);
	static char dummy;
	wt_learn *l = (wt_learn *)&dummy;
	for (unsigned m = 0; m < 2; m++) {
		o.min_pages = m;
		assert_int_equal(wt_learn_new(&o, &l), WT_E_ARG);
		assert_null(l);
	}
	wt_learn_free(NULL);
}

/* One page repeating a line is one page. */
static void learn__once_per_page(void **state)
{
	(void)state;
	char text[4096];
	snprintf(text, sizeof text, "%s\n%s\n%s\n%s\n%s\n%s", SMS, SMS, SMS, SMS,
		 SMS, SMS);
	wt_learn *l = model(5);
	add(l, "okaz", text);
	seal(l);
	assert_int_equal(wt_learn_lines(l), 0);
	wt_learn_free(l);

	l = model(5); /* 4 pages, each with the line three times */
	for (int i = 0; i < 4; i++) {
		snprintf(text, sizeof text, "%s\n%s\n%s", SMS, page(i, SMS), SMS);
		add(l, "okaz", text);
	}
	seal(l);
	assert_int_equal(wt_learn_lines(l), 0);
	wt_learn_free(l);

	/* long pages (more lines than the stack scratch holds): the line three
	 * times among 200 lines of each page; learned on 5 pages, not on 4 */
	static char big[200 * 80];
	for (int npages = 4; npages <= 5; npages++) {
		l = model(5);
		for (int i = 0; i < npages; i++) {
			size_t n = 0;
			for (int k = 0; k < 200; k++) {
				const char *line = k % 70 == 5 ? SMS : NULL;
				char own[64];
				snprintf(own, sizeof own, "سطر خاص بالصفحة p%c%c q%c%c",
					 'a' + i, 'a' + k % 26, 'a' + k / 26, 'a' + i);
				n += (size_t)snprintf(big + n, sizeof big - n, "%s\n",
						      line ? line : own);
			}
			add(l, "okaz", big);
		}
		seal(l);
		assert_int_equal(wt_learn_lines(l), npages == 5);
		wt_learn_free(l);
	}
}

/* A wire paragraph at five outlets is news. */
static void learn__per_source(void **state)
{
	(void)state;
	static const char *const src[] = {"okaz", "almadina", "alriyadh",
					  "aljazirah", "alyaum"};
	wt_learn *l = model(5);
	for (int i = 0; i < 5; i++)
		add(l, src[i], page(i, SMS));
	/* and a source-less document adds nothing */
	for (int i = 0; i < 5; i++) {
		wt_str none = {NULL, 0};
		const char *t = page(i, CODE41);
		assert_int_equal(wt_learn_add(l, &none, t, strlen(t)), WT_OK);
	}
	seal(l);
	assert_int_equal(wt_learn_lines(l), 0);
	for (int i = 0; i < 5; i++)
		assert_string_equal(learned_lines(l, src[i], page(i, SMS)), "");
	wt_learn_free(l);

	/* four pages here, one there: still four of one source */
	l = model(5);
	for (int i = 0; i < 4; i++)
		add(l, "okaz", page(i, SMS));
	add(l, "okaz2", page(4, SMS));
	seal(l);
	assert_int_equal(wt_learn_lines(l), 0);
	wt_learn_free(l);
}

static void learn__digits_and_spaces(void **state)
{
	(void)state;
	/* the real footer with its two codes, and made-up ones */
	static const char *const v[] = {
		CODE41, CODE123,
		"تبدأ بالرمز (٤١) ثم مسافة ثم نص الرسالة إلى",      /* Arabic-Indic */
		"تبدأ بالرمز (۷۷) ثم مسافة ثم نص الرسالة إلى",      /* Persian */
		"  تبدأ   بالرمز\t(9)  ثم مسافة ثم نص الرسالة إلى  ", /* spacing */
	};
	wt_learn *l = model(5);
	for (int i = 0; i < 5; i++)
		add(l, "almadina", page(i, v[i]));
	seal(l);
	assert_int_equal(wt_learn_lines(l), 1);
	for (int i = 0; i < 5; i++)
		assert_string_equal(learned_lines(l, "almadina", page(i, v[i])), v[i]);
	/* a page not seen in pass 1 with yet another code */
	assert_string_equal(learned_lines(l, "almadina", CODE41 "\n" "x\n" CODE123),
			    CODE41 "|" CODE123);
	/* a letter is not a digit: one letter changed is another line */
	const char *alef = "تبدأ بالرمز (41) ثم مسافة ثم نص الرسالة الى";
	assert_string_equal(learned_lines(l, "almadina", alef), "");
	/* white space is dropped, not collapsed: a word split in two is the
	 * same line */
	const char *split = "تبدأ بالر مز (41) ثم مسافة ثم نص الرسالة إلى";
	assert_string_equal(learned_lines(l, "almadina", split), split);
	wt_learn_free(l);

	/* a letter between digits: four pages of one line and one of another */
	static const char *const w[] = {"a1b c d e", "a2b c d e", "a33b c d e",
					"a٤b c d e", "axb c d e"};
	l = model(5);
	for (int i = 0; i < 5; i++)
		add(l, "s", page(i, w[i]));
	seal(l);
	assert_int_equal(wt_learn_lines(l), 0);
	wt_learn_free(l);
}

/* ASCII punctuation is passed over like digits (learn.h), and a mark
 * alone is not a word. The lines are the carrier list of the footer. */
static void learn__punctuation(void **state)
{
	(void)state;
	static const char *const v[] = {
		"88591 - Stc / 635031 - Mobily / Zain", "88591 Stc, 635031 Mobily - Zain!",
		"(Stc) [Mobily] {Zain}", "Stc: Mobily, Zain?", "Stc Mobily Zain",
	};
	wt_learn_opts o;
	wt_learn_opts_default(&o);
	for (unsigned words = 4; words >= 3; words--) {
		o.min_words = words;
		wt_learn *l;
		assert_int_equal(wt_learn_new(&o, &l), WT_OK);
		for (int i = 0; i < 5; i++)
			add(l, "almadina", page(i, v[i]));
		seal(l);
		/* three words: below the default 4, one line at 3 */
		assert_int_equal(wt_learn_lines(l), words == 3);
		assert_string_equal(learned_lines(l, "almadina", v[0]),
				    words == 3 ? v[0] : "");
		wt_learn_free(l);
	}
}

/* A sentence is a piece too: the fixed sentences of a template (a royal
 * cable: name and country change, the formula does not) are learned
 * inside lines that differ, and only they are marked. */
static void learn__sentences(void **state)
{
	(void)state;
	static const char *const who[] = {
		"لفخامة الرئيس إيسوفو محمدو رئيس جمهورية النيجر",
		"لفخامة الرئيس باتريك ألين حاكم عام جامايكا",
		"لفخامة الرئيس بيتر موثاريكا رئيس جمهورية ملاوي",
		"لفخامة الرئيس أشرف غني رئيس جمهورية أفغانستان",
		"لفخامة الرئيسة مارغريتا رئيسة جمهورية ما",
	};
	static const char formula[] =
		"وأعرب الملك المفدى باسمه واسم شعب وحكومة المملكة عن أصدق التهاني";
	wt_learn *l = model(5);
	char buf[1024];
	for (int i = 0; i < 5; i++) {
		snprintf(buf, sizeof buf, "بعث الملك برقية تهنئة %s، %s، بالصحة "
			 "والسعادة لفخامته.", who[i], formula);
		add(l, "was", buf);
	}
	seal(l);
	assert_int_equal(wt_learn_lines(l), 1);
	snprintf(buf, sizeof buf, "بعث الملك برقية تهنئة %s، %s، بالصحة "
		 "والسعادة لفخامته.", "لرئيس آخر تماما هنا", formula);
	/* the formula between the two Arabic commas, and nothing else */
	char want[512];
	snprintf(want, sizeof want, "%s\xD8\x8C", formula); /* its ، too */
	assert_string_equal(learned_lines(l, "was", buf), want);
	wt_learn_free(l);
}

static void learn__min_words(void **state)
{
	(void)state;
	assert_false(learned_after(2, 10, "رئيس مجلس الإدارة"));
	assert_true(learned_after(2, 10, "رئيس مجلسى الإدارة والتحرير"));
	/* numbers are not words: three words and two numbers */
	assert_false(learned_after(2, 10, "عدد 12 الزوار 345 اليوم"));
	assert_false(learned_after(2, 10, "عدد ١٢ الزوار ٣٤٥ اليوم"));
	assert_false(learned_after(2, 10, "   "));
	assert_false(learned_after(2, 10, "12 34 56 78 90"));
	/* min_words is an option */
	wt_learn_opts o;
	wt_learn_opts_default(&o);
	o.min_pages = 2;
	o.min_words = 3;
	wt_learn *l;
	assert_int_equal(wt_learn_new(&o, &l), WT_OK);
	add(l, "s", "رئيس مجلس الإدارة\nخبر");
	add(l, "s", "رئيس مجلس الإدارة\nآخر");
	seal(l);
	assert_int_equal(wt_learn_lines(l), 1);
	wt_learn_free(l);
}

/* Every token of nz starting in one of the byte ranges rng[0..n) is
 * WT_SKIP_LEARNED, no other is; h counts them and want_lines lines. */
static void check_marked(const char *text, const wt_learn_hit *h,
			 const size_t (*rng)[2], size_t n, uint32_t want_lines)
{
	uint32_t in_lines = 0;
	for (size_t t = 0; t < nz.ntok; t++) {
		size_t off = nz.tok[t].span.off;
		int in = 0;
		for (size_t r = 0; r < n; r++)
			in |= off >= rng[r][0] && off < rng[r][1];
		if (in != (nz.tok[t].skip == WT_SKIP_LEARNED))
			fail_msg("token %zu '%.*s' at byte %zu: skip %u", t,
				 (int)nz.tok[t].span.len, text + off, off,
				 nz.tok[t].skip);
		in_lines += in;
	}
	assert_int_equal(h->words, in_lines);
	assert_int_equal(h->lines, want_lines);
}

static void learn__mark(void **state)
{
	(void)state;
	static const char *const masthead = "رئيس مجلسى الإدارة والتحرير";
	wt_learn *l = model(5);
	for (int i = 0; i < 6; i++) {
		char text[4096];
		snprintf(text, sizeof text, "%s\n%s\n%s", masthead, page(i, "ok"),
			 i % 2 ? CODE41 : CODE123);
		add(l, "almadina", text);
	}
	seal(l);
	assert_int_equal(wt_learn_lines(l), 2);

	char text[4096];
	snprintf(text, sizeof text, "%s\nنص خبر جديد لم يره النموذج\n%s\n%s\n"
		 "آخر سطر", masthead, CODE41, masthead);
	size_t len = strlen(text), nm = strlen(masthead);
	size_t c0 = (size_t)(strstr(text, CODE41) - text);
	size_t m2 = c0 + strlen(CODE41) + 1;
	const size_t rng[3][2] = {{0, nm}, {c0, c0 + strlen(CODE41)}, {m2, m2 + nm}};
	wt_str src = str("almadina");
	assert_int_equal(wt_norm_text(&nz, text, len), WT_OK);
	assert_int_equal(nz.ntok, 4 + 6 + 9 + 4 + 2);
	wt_learn_hit h = wt_learn_mark(l, &src, &nz, text, len);
	/* the masthead twice and the footer line (41 is a token: 9 words) */
	check_marked(text, &h, rng, 3, 3);
	assert_int_equal(h.words, 4 + 9 + 4);
	assert_string_equal(learned_lines(l, "almadina", text),
			    "رئيس مجلسى الإدارة والتحرير|" CODE41 "|"
			    "رئيس مجلسى الإدارة والتحرير");

	/* tokens already set aside (a URL, a block) keep their reason */
	assert_int_equal(wt_norm_text(&nz, text, len), WT_OK);
	nz.tok[1].skip = WT_SKIP_NONWORD;
	nz.tok[22].skip = WT_SKIP_BLOCK; /* last word of the second masthead */
	nz.tok[24].skip = WT_SKIP_BLOCK; /* and one outside learned lines */
	h = wt_learn_mark(l, &src, &nz, text, len);
	assert_int_equal(h.lines, 3);
	assert_int_equal(h.words, 4 + 9 + 4 - 2);
	assert_int_equal(nz.tok[0].skip, WT_SKIP_LEARNED);
	assert_int_equal(nz.tok[1].skip, WT_SKIP_NONWORD);
	assert_int_equal(nz.tok[21].skip, WT_SKIP_LEARNED);
	assert_int_equal(nz.tok[22].skip, WT_SKIP_BLOCK);
	assert_int_equal(nz.tok[23].skip, 0);
	assert_int_equal(nz.tok[24].skip, WT_SKIP_BLOCK);

	/* another source's page with the same lines: nothing */
	static const char *const other[] = {"okaz", "almadina2", ""};
	for (size_t i = 0; i < 3; i++) {
		wt_str o = str(other[i]);
		assert_int_equal(wt_norm_text(&nz, text, len), WT_OK);
		h = wt_learn_mark(l, &o, &nz, text, len);
		assert_int_equal(h.lines, 0);
		assert_int_equal(h.words, 0);
		for (size_t t = 0; t < nz.ntok; t++)
			assert_int_equal(nz.tok[t].skip, 0);
		assert_string_equal(learned_lines(l, other[i], text), "");
	}

	/* a page without learned lines: nothing either */
	const char *plain = page(9, "سطر عادي من خبر عادي جدا");
	assert_int_equal(wt_norm_text(&nz, plain, strlen(plain)), WT_OK);
	h = wt_learn_mark(l, &src, &nz, plain, strlen(plain));
	assert_true(h.lines == 0 && h.words == 0);
	for (size_t t = 0; t < nz.ntok; t++)
		assert_int_equal(nz.tok[t].skip, 0);
	wt_learn_free(l);
}

/* Before seal nothing is learned; after it nothing is added. */
static void learn__seal(void **state)
{
	(void)state;
	wt_learn *l = model(2);
	add(l, "s", SMS);
	add(l, "s", SMS);
	assert_int_equal(wt_learn_lines(l), 0);
	assert_string_equal(learned_lines(l, "s", SMS), "");
	const char *t = SMS;
	assert_int_equal(wt_norm_text(&nz, t, strlen(t)), WT_OK);
	wt_str s = str("s");
	wt_learn_hit h = wt_learn_mark(l, &s, &nz, t, strlen(t));
	assert_int_equal(h.words, 0);
	seal(l);
	assert_int_equal(wt_learn_lines(l), 1);
	assert_int_equal(wt_learn_add(l, &s, t, strlen(t)), WT_E_ARG);
	assert_int_equal(wt_learn_seal(l), WT_OK); /* twice is harmless */
	assert_int_equal(wt_learn_lines(l), 1);
	assert_string_equal(learned_lines(l, "s", SMS), SMS);
	h = wt_learn_mark(l, &s, &nz, t, strlen(t));
	assert_int_equal(h.lines, 1);
	assert_int_equal(h.words, 6);
	wt_learn_free(l);
}

static void learn__edges(void **state)
{
	(void)state;
	wt_learn *l = model(5);
	wt_str s = str("s");
	for (int i = 0; i < 5; i++) {
		assert_int_equal(wt_learn_add(l, &s, "", 0), WT_OK);
		assert_int_equal(wt_learn_add(l, &s, NULL, 0), WT_OK);
		assert_int_equal(wt_learn_add(l, &s, "\n\n\n", 3), WT_OK);
	}
	/* a page that is one line, no newline */
	for (int i = 0; i < 5; i++)
		add(l, "s", SMS);
	/* CRLF pages and LF pages count together */
	for (int i = 0; i < 5; i++) {
		char text[4096];
		snprintf(text, sizeof text, "سطر %d\r\n%s\r\nسطر أخير\r\n", i,
			 i < 3 ? "رئيس مجلسى الإدارة والتحرير" : "");
		add(l, "s", text);
		if (i >= 3)
			add(l, "s", "x\nرئيس مجلسى الإدارة والتحرير\ny");
	}
	seal(l);
	assert_int_equal(wt_learn_lines(l), 2);
	assert_string_equal(learned_lines(l, "s", ""), "");
	/* the line's span: from after '\n' to the next '\n' */
	assert_string_equal(learned_lines(l, "s", "a\r\n" SMS "\r\nb"),
			    SMS "\r");
	const char *crlf = "a b\r\nرئيس مجلسى الإدارة والتحرير\r\nc d";
	assert_int_equal(wt_norm_text(&nz, crlf, strlen(crlf)), WT_OK);
	wt_learn_hit h = wt_learn_mark(l, &s, &nz, crlf, strlen(crlf));
	assert_int_equal(h.lines, 1);
	assert_int_equal(h.words, 4);
	assert_int_equal(nz.tok[1].skip, 0);
	assert_int_equal(nz.tok[2].skip, WT_SKIP_LEARNED);
	assert_int_equal(nz.tok[6].skip, 0);
	wt_learn_free(l);
}

/* A 1 MB line is hashed whole: one byte at its start or end makes it
 * another line; the same words spaced differently, with numbers, are the
 * same line. */
static void learn__huge_line(void **state)
{
	(void)state;
	const size_t big = 1 << 20;
	char *a = malloc(big + 64), *b = malloc(2 * big + 64);
	assert_non_null(a);
	assert_non_null(b);
	size_t n = 0, m = 0;
	for (int w = 0; n + 16 < big; w++) {
		n += (size_t)sprintf(a + n, "كلمة%c ", 'a' + w % 26);
		m += (size_t)sprintf(b + m, "  كلمة%c%d ", 'a' + w % 26, w);
	}
	a[n] = b[m] = 0;
	wt_learn *l = model(5);
	for (int i = 0; i < 4; i++)
		add(l, "s", a);
	add(l, "s", b);
	/* four pages each of two lines that differ in the last or the first
	 * byte only */
	for (size_t at = n - 2;; at = 0) {
		a[at] ^= 1;
		for (int i = 0; i < 4; i++)
			add(l, "s", a);
		a[at] ^= 1;
		if (!at)
			break;
	}
	seal(l);
	assert_int_equal(wt_learn_lines(l), 1);
	wt_str s = str("s");
	wt_span sp;
	for (size_t at = n - 2;; at = 0) {
		a[at] ^= 1;
		assert_false(line_k(l, &s, a, n, 0, &sp));
		a[at] ^= 1;
		if (!at)
			break;
	}
	assert_true(line_k(l, &s, a, n, 0, &sp));
	assert_true(sp.off == 0 && sp.len == n);
	assert_int_equal(wt_norm_text(&nz, a, n), WT_OK);
	wt_learn_hit h = wt_learn_mark(l, &s, &nz, a, n);
	assert_int_equal(h.lines, 1);
	assert_int_equal(h.words, nz.ntok);
	assert_true(nz.ntok > 50000);
	wt_learn_free(l);
	free(a);
	free(b);
}

/* wt_learn_next walks the learned lines in text order, then stops. */
static void learn__line_order(void **state)
{
	(void)state;
	static const char *const furn[] = {
		"رئيس مجلسى الإدارة والتحرير", SMS, CODE41,
		"تابعونا على تويتر وفيسبوك وانستغرام",
	};
	wt_learn *l = model(5);
	for (int i = 0; i < 5; i++) {
		char text[4096];
		snprintf(text, sizeof text, "%s\n%s\n%s\n%s\n%s", furn[3], furn[0],
			 page(i, furn[1]), furn[2], furn[3]);
		add(l, "s", text);
	}
	seal(l);
	assert_int_equal(wt_learn_lines(l), 4);
	char text[4096];
	snprintf(text, sizeof text, "مقدمة\n%s\n%s\nوسط الخبر هنا\n%s\n%s\n%s",
		 furn[2], furn[0], furn[3], furn[1], furn[0]);
	wt_str s = str("s");
	wt_span sp[8];
	size_t k = 0;
	while (k < 8 && line_k(l, &s, text, strlen(text), k, &sp[k]))
		k++;
	assert_int_equal(k, 5);
	const char *want[] = {furn[2], furn[0], furn[3], furn[1], furn[0]};
	for (size_t i = 0; i < k; i++) {
		assert_int_equal(sp[i].len, strlen(want[i]));
		assert_memory_equal(text + sp[i].off, want[i], sp[i].len);
		assert_true(!i || sp[i].off > sp[i - 1].off);
		assert_true(sp[i].off == 0 || text[sp[i].off - 1] == '\n');
	}
	assert_false(line_k(l, &s, text, strlen(text), 5, &sp[0]));
	assert_false(line_k(l, &s, text, strlen(text), 1000, &sp[0]));
	wt_learn_free(l);
}

/* A store that has seen nothing: with it wt_learn_delta lists every
 * key this run counted. */
static int seen_none(void *ctx, uint64_t page)
{
	(void)ctx, (void)page;
	return 0;
}

static uint64_t count_none(void *ctx, uint64_t key)
{
	(void)ctx, (void)key;
	return 0;
}

/* Random text from pieces that meet every case of the walk: letters,
 * Arabic letters, Arabic-Indic and Persian digits, ، ؛ ؟ with and without
 * a space after, . ! ? ; and ASCII punctuation, every white space byte,
 * lone lead bytes, NUL and DEL; some lines from a small pool, so
 * that some are learned. */
static size_t random_text(char *buf, size_t cap, char (*pool)[160], size_t npool)
{
	static const char *const atom[] = {
		"a", "Zk", "\xd8\xa7", "\xd9\x84", "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85",
		"\xd9\xa0", "\xd9\xa9", "\xdb\xb0", "\xdb\xb9", "\xd9\x9f",
		"\xd9\xaa", "\xdb\xaf", "\xdb\xba",
		"\xd8\x8c", "\xd8\x9b", "\xd8\x9f", "\xd8\x8d", ".", "!", "?", ";",
		",", "(", "7", "@", "[", "~", "`", " ", " ", " ", "  ", "\t", "\r",
		"\f", "\v", "\n", "\xd8", "\xd9", "\xdb", "\x7f", "\x01", "",
		"\xc3\xa9",
	};
	size_t n = 0, want = rnd_below(cap / 2);
	while (n < want) {
		const char *a;
		if (rnd_below(8) == 0) {
			a = pool[rnd_below(npool)];
		} else {
			size_t k = rnd_below(sizeof atom / sizeof *atom);
			a = atom[k];
			if (k < 5 && n + 1 < cap) /* letters run into words */
				buf[n++] = 'w';
		}
		size_t m = strlen(a);
		if (!m) /* the NUL atom: "" as a C string */
			m = 1;
		if (n + m + 1 > cap)
			break;
		memcpy(buf + n, a, m);
		n += m;
	}
	return n;
}

static void random_pool(char (*pool)[160], size_t npool)
{
	for (size_t i = 0; i < npool; i++) {
		size_t n = 0;
		for (int w = 0; w < 6; w++)
			n += (size_t)snprintf(pool[i] + n, 160 - n, "\xd9\x83%c%c ",
					      'a' + (int)rnd_below(26),
					      'a' + (int)rnd_below(3));
		pool[i][n - 1] = '\n';
	}
}

static wt_learn *walk_model(int bytewise, unsigned min_words,
			    const wt_learn_store *st)
{
	wt_learn_opts o;
	wt_learn_opts_default(&o);
	o.min_pages = 2;
	o.min_words = min_words;
	o.seed = 42;
	o.bytewise = bytewise;
	o.store = st;
	wt_learn *l;
	assert_int_equal(wt_learn_new(&o, &l), WT_OK);
	return l;
}

/* Line and page keys are XXH3-64 under the source's seed (XXH3 of the
 * source name under the model's seed), whatever the line's length (the
 * hash takes another path over 240 bytes, and streams over 512), on
 * both walks. */
static void learn__keys_are_xxh3(void **state)
{
	(void)state;
	wt_learn_store st = {NULL, seen_none, count_none};
	static const size_t words[] = {5, 60, 400}; /* about 25, 300, 2000 bytes */
	char text[4096], kept[3][4096];
	size_t n = 0, nk[3] = {0};
	for (int line = 0; line < 3; line++) {
		for (size_t w = 0; w < words[line]; w++) {
			n += (size_t)snprintf(text + n, sizeof text - n, "w%c%c ",
					      'a' + (int)(w % 26), 'a' + line);
			nk[line] += (size_t)snprintf(kept[line] + nk[line],
						     sizeof kept[line] - nk[line],
						     "w%c%c", 'a' + (int)(w % 26),
						     'a' + line);
		}
		text[n - 1] = '\n';
	}
	uint64_t seed = XXH3_64bits_withSeed("s", 1, 42);
	uint64_t want[3];
	for (int line = 0; line < 3; line++)
		want[line] = XXH3_64bits_withSeed(kept[line], nk[line], seed) | 1;
	uint64_t page = XXH3_64bits_withSeed(text, n, seed) | 1;
	wt_str src = str("s");
	for (int b = 0; b < 2; b++) {
		wt_learn *l = walk_model(b, 2, &st);
		assert_int_equal(wt_learn_add(l, &src, text, n), WT_OK);
		seal(l);
		wt_learn_counts c;
		wt_learn_delta(l, &c);
		assert_int_equal(c.nkey, 3);
		for (int line = 0; line < 3; line++) {
			int found = 0;
			for (size_t k = 0; k < c.nkey; k++)
				found |= c.key[k] == want[line];
			assert_true(found);
		}
		int found = 0;
		for (size_t k = 0; k < c.npage; k++)
			found |= c.page[k] == page;
		assert_true(found);
		wt_learn_free(l);
	}
}

static void learn__walks_agree(void **state)
{
	(void)state;
#if defined(__x86_64__) && defined(__GNUC__)
	if (!__builtin_cpu_supports("avx512vbmi2") || !__builtin_cpu_supports("bmi2"))
		print_message("skipped: no AVX-512 VBMI2 here, both walks are the byte walk\n");
#else
	print_message("skipped: the 64-byte walk is x86-64 only\n");
#endif
	wt_learn_store st = {NULL, seen_none, count_none};
	static char pool[12][160];
	random_pool(pool, 12);
	enum { PAGES = 3000, CAP = 700 };
	char *text = malloc((size_t)PAGES * CAP);
	size_t *len = malloc(PAGES * sizeof *len);
	assert_non_null(text);
	assert_non_null(len);
	for (size_t i = 0; i < PAGES; i++)
		len[i] = random_text(text + i * CAP, CAP, pool, 12);
	wt_str src = str("s");
	for (unsigned min_words = 0; min_words < 6; min_words += 2) {
		wt_learn *m[2];
		for (int b = 0; b < 2; b++) {
			m[b] = walk_model(b, min_words, &st);
			for (size_t i = 0; i < PAGES; i++)
				assert_int_equal(wt_learn_add(m[b], &src,
							      text + i * CAP, len[i]),
						 WT_OK);
			seal(m[b]);
		}
		wt_learn_counts c[2];
		wt_learn_delta(m[0], &c[0]);
		wt_learn_delta(m[1], &c[1]);
		assert_true(c[0].nkey > 1000);
		assert_int_equal(c[0].nkey, c[1].nkey);
		assert_memory_equal(c[0].key, c[1].key, c[0].nkey * 8);
		assert_memory_equal(c[0].cnt, c[1].cnt, c[0].nkey * 8);
		assert_true(wt_learn_lines(m[0]) > 5);
		assert_int_equal(wt_learn_lines(m[0]), wt_learn_lines(m[1]));
		/* marking: the same tokens, and those of wt_learn_next's spans */
		size_t lines = 0;
		for (size_t i = 0; i < PAGES; i++) {
			const char *t = text + i * CAP;
			wt_learn_hit h[2];
			uint8_t skip[2][CAP];
			for (int b = 0; b < 2; b++) {
				assert_int_equal(wt_norm_text(&nz, t, len[i]), WT_OK);
				h[b] = wt_learn_mark(m[b], &src, &nz, t, len[i]);
				assert_true(nz.ntok <= CAP);
				for (size_t k = 0; k < nz.ntok; k++)
					skip[b][k] = nz.tok[k].skip;
			}
			assert_int_equal(h[0].lines, h[1].lines);
			assert_int_equal(h[0].words, h[1].words);
			assert_memory_equal(skip[0], skip[1], nz.ntok);
			size_t pos = 0, k = 0;
			wt_span sp;
			while (wt_learn_next(m[0], &src, t, len[i], &pos, &sp))
				k++;
			assert_int_equal(k, h[0].lines);
			lines += k;
		}
		assert_true(lines > 100);
		wt_learn_free(m[0]);
		wt_learn_free(m[1]);
	}
	free(text);
	free(len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(learn__source),
		cmocka_unit_test(learn__min_pages),
		cmocka_unit_test(learn__once_per_page),
		cmocka_unit_test(learn__same_page_counts_once),
		cmocka_unit_test(learn__sentences),
		cmocka_unit_test(learn__per_source),
		cmocka_unit_test(learn__digits_and_spaces),
		cmocka_unit_test(learn__punctuation),
		cmocka_unit_test(learn__min_words),
		cmocka_unit_test_setup_teardown(learn__mark, setup, teardown),
		cmocka_unit_test_setup_teardown(learn__seal, setup, teardown),
		cmocka_unit_test_setup_teardown(learn__edges, setup, teardown),
		cmocka_unit_test_setup_teardown(learn__huge_line, setup, teardown),
		cmocka_unit_test(learn__line_order),
		cmocka_unit_test_setup_teardown(learn__walks_agree, setup, teardown),
		cmocka_unit_test(learn__keys_are_xxh3),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
