/* boiler: non-word runs on the raw text, marker lines on normalized tokens.
 * Both walk the tokens forward once: they are in text order. */
#include "boiler.h"

#include "vec.h"

#include <string.h>

/* Markers in normalized form (tests/unit/test_boiler.c checks each against
 * the normalizer from its display form). BLOCK: a line holding only the
 * marker starts the trailing block that is not the article. LABEL: the
 * marker and a colon open a line that is not the article. */
typedef struct {
	const char *display, *norm;
} marker;

static const marker block_markers[] = {
	{"إقرأ أيضاً", "اقرا ايضا"},
	{"اقرأ المزيد", "اقرا المزيد"},
	{"مقالات مشابهة", "مقالات مشابهه"},
	{"مقالات ذات صلة", "مقالات ذات صله"},
	{"مواضيع ذات صلة", "مواضيع ذات صله"},
	{"مواضيع مشابهة", "مواضيع مشابهه"},
	{"أخبار ذات صلة", "اخبار ذات صله"},
	{"أخبار متعلقة", "اخبار متعلقه"},
	{"قد يهمك أيضاً", "قد يهمك ايضا"},
	{"المزيد من الأخبار", "المزيد من الاخبار"},
	{"Read more", "read more"},
	{"Read also", "read also"},
	{"Related", "related"},
	{"Related articles", "related articles"},
	{"Related stories", "related stories"},
	{"Related news", "related news"},
	{"See also", "see also"},
	{"More stories", "more stories"},
	{"You may also like", "you may also like"},
};

static const marker label_markers[] = {
	{"المصدر", "المصدر"},
	{"كلمات دلالية", "كلمات دلاليه"},
	{"الكلمات الدلالية", "الكلمات الدلاليه"},
	{"الوسوم", "الوسوم"},
	{"تابعونا", "تابعونا"},
	{"Tags", "tags"},
	{"Topics", "topics"},
	{"Source", "source"},
	{"Follow us", "follow us"},
};

/* A block marker this early would take the article with it. */
#define MIN_TOKENS_BEFORE_BLOCK 20

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Unsigned: c - '0' < 10 on an int would hold for every byte below '0'. */
static int is_alpha(unsigned c)
{
	return (c | 0x20) - 'a' < 26u;
}

static int is_digit(unsigned c)
{
	return c - '0' < 10u;
}

static int b64_char(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c == '+' || c == '/' || c == '=' ||
	       c == '_' || c == '-';
}

/* Is raw[a..b) (no spaces) a URL, an e-mail address or an encoded run? */
static int nonword(const char *raw, size_t a, size_t b)
{
	const char *s = raw + a;
	size_t n = b - a;
	/* memchr first: memmem's setup costs more than most words */
	const char *colon = memchr(s, ':', n);
	if (colon && memmem(colon, n - (size_t)(colon - s), "://", 3))
		return 1;
	const char *at = memchr(s, '@', n);
	if (at && at > s && memchr(at, '.', n - (size_t)(at - s)))
		return 1;
	/* trim quotes and punctuation around a host or an encoded run */
	while (n && !b64_char((unsigned char)*s))
		s++, n--;
	while (n && !b64_char((unsigned char)s[n - 1]))
		n--;
	if (n > 4 && !memcmp(s, "www.", 4))
		return 1;
	if (n < 16)
		return n >= 12 && s[n - 1] == '=';
	int digit = 0, alpha = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!b64_char(c))
			return 0;
		digit |= is_digit(c);
		alpha |= is_alpha(c);
	}
	return digit && alpha;
}

/* Do tokens t.. of nz spell the normalized marker m (space-separated)? On
 * success returns the number of tokens, else 0. Tokens hold no space and
 * no NUL, so a byte compare stops at the end of each marker word; most
 * lines fail on their first byte. */
static size_t match(const wt_norm *nz, size_t t, size_t end, const char *m)
{
	size_t k = 0;
	while (*m) {
		if (t + k >= end)
			return 0;
		const wt_token *tk = &nz->tok[t + k];
		const char *w = nz->norm + tk->norm_off;
		size_t j = 0;
		while (j < tk->norm_len && m[j] == w[j])
			j++;
		if (j != tk->norm_len || (m[j] && m[j] != ' '))
			return 0;
		m += j + (m[j] == ' ');
		k++;
	}
	return k;
}

/* Mark the tokens of raw[a..b) as non-words when nonword says so. *t is
 * the first token not before a (tokens are in text order). */
static void mark_word(wt_norm *nz, const char *raw, size_t a, size_t b,
		      size_t *t, wt_boiler_stats *st)
{
	if (a == b || !nonword(raw, a, b))
		return;
	size_t k = *t;
	while (k < nz->ntok && nz->tok[k].span.off < a)
		k++;
	for (; k < nz->ntok && nz->tok[k].span.off < b; k++)
		if (!nz->tok[k].skip) {
			nz->tok[k].skip = WT_SKIP_NONWORD;
			st->nonword++;
		}
	*t = k;
}

/* Every raw word, a byte at a time. */
static void mark_nonwords_bytes(wt_norm *nz, const char *raw, size_t len,
				wt_boiler_stats *st)
{
	size_t t = 0;
	for (size_t i = 0; i < len;) {
		while (i < len && is_space((unsigned char)raw[i]))
			i++;
		size_t a = i, nb64 = 0, lead = 0; /* lead: the first base64 byte */
		int mark = 0;
		for (; i < len && !is_space((unsigned char)raw[i]); i++) {
			unsigned char c = (unsigned char)raw[i];
			if (b64_char(c) && !nb64++)
				lead = i;
			mark |= c == ':' || c == '@' || c == '=';
		}
		/* nonword needs a ':' or '@', "www.", 16 base64 characters or
		 * an '=' (12 to 15 of them): most words have none */
		if (mark || nb64 >= 16 ||
		    (nb64 && i - lead > 4 && !memcmp(raw + lead, "www.", 4)))
			mark_word(nz, raw, a, i, &t, st);
	}
}

#ifdef WT_VEC

/* Only the words around a byte that nonword needs: ':' '@' '=', a
 * "www.", or the start of 16 base64 characters in a row (its cases: a
 * word of 16 base64 characters has such a run), found 64 bytes a step
 * (AVX-512). Same marks as mark_nonwords_bytes. */
__attribute__((target("avx512f,avx512bw")))
static void mark_nonwords_vec(wt_norm *nz, const char *raw, size_t len,
			      wt_boiler_stats *st)
{
	const unsigned char *s = (const unsigned char *)raw;
	size_t t = 0, done = 0, run = 0; /* run: base64 bytes ending the last block */
	for (size_t i = 0; i < len; i += 64) {
		__m512i v = wt_vload(s, i, 0, len), v1 = wt_vload(s, i, 1, len),
			v2 = wt_vload(s, i, 2, len), v3 = wt_vload(s, i, 3, len);
		uint64_t eq = WT_EQ(v, '=');
		uint64_t www = WT_EQ(v, 'w') & WT_EQ(v1, 'w') & WT_EQ(v2, 'w') &
			       WT_EQ(v3, '.');
		uint64_t mark = WT_EQ(v, ':') | WT_EQ(v, '@') | eq | www;
		uint64_t b64 = WT_IN(_mm512_or_si512(v, WT_B(0x20)), 'a', 25) |
			       WT_IN(v, '0', 9) | WT_EQ(v, '+') | WT_EQ(v, '/') | eq |
			       WT_EQ(v, '_') | WT_EQ(v, '-');
		uint64_t x = b64 & b64 >> 1; /* bit j: j..j+1 all base64 */
		x &= x >> 2;
		x &= x >> 4;
		x &= x >> 8; /* j..j+15 */
		size_t lead = b64 == ~(uint64_t)0 ? 64 : (size_t)__builtin_ctzll(~b64);
		mark |= x | (lead && run + lead >= 16); /* a run from the last block */
		run = b64 == ~(uint64_t)0 ? run + 64 : (size_t)__builtin_clzll(~b64);
		for (mark &= WT_UPTO(len - i); mark; mark &= mark - 1) {
			size_t p = i + (size_t)__builtin_ctzll(mark), a = p, b = p;
			if (p < done)
				continue;
			while (a > 0 && !is_space(s[a - 1]))
				a--;
			while (b < len && !is_space(s[b]))
				b++;
			mark_word(nz, raw, a, b, &t, st);
			done = b;
		}
	}
}
#endif

static void mark_nonwords(wt_norm *nz, const char *raw, size_t len,
			  wt_boiler_stats *st)
{
#ifdef WT_VEC
	if (__builtin_cpu_supports("avx512bw")) {
		mark_nonwords_vec(nz, raw, len, st);
		return;
	}
#endif
	mark_nonwords_bytes(nz, raw, len, st);
}

static void mark_lines(wt_norm *nz, const char *raw, size_t len,
		       wt_boiler_stats *st)
{
	size_t t = 0;
	for (size_t a = 0; a < len;) {
		const char *nl = memchr(raw + a, '\n', len - a);
		size_t b = nl ? (size_t)(nl - raw) : len;
		size_t t0 = t;
		while (t < nz->ntok && nz->tok[t].span.off < b)
			t++;
		/* tokens t0..t of this line */
		for (size_t m = 0; t > t0 && t0 >= MIN_TOKENS_BEFORE_BLOCK &&
				   m < sizeof block_markers / sizeof *block_markers; m++) {
			if (match(nz, t0, t, block_markers[m].norm) != t - t0)
				continue;
			for (size_t k = t0; k < nz->ntok; k++)
				if (nz->tok[k].skip != WT_SKIP_NONWORD) {
					nz->tok[k].skip = WT_SKIP_BLOCK;
					st->block++;
				}
			st->cut = 1;
			return;
		}
		for (size_t m = 0; t > t0 &&
				   m < sizeof label_markers / sizeof *label_markers; m++) {
			size_t k = match(nz, t0, t, label_markers[m].norm);
			if (!k)
				continue;
			const wt_token *last = &nz->tok[t0 + k - 1];
			size_t after = last->span.off + last->span.len;
			while (after < b && (raw[after] == ' ' || raw[after] == '\t'))
				after++;
			if (after >= b || raw[after] != ':')
				continue;
			for (size_t x = t0; x < t; x++)
				if (!nz->tok[x].skip) {
					nz->tok[x].skip = WT_SKIP_LABEL;
					st->label++;
				}
			break;
		}
		a = b + 1;
	}
}

void wt_boiler_mark(wt_norm *nz, const char *text, size_t len,
		    wt_boiler_stats *st)
{
	memset(st, 0, sizeof *st);
	mark_nonwords(nz, text, len, st);
	mark_lines(nz, text, len, st);
}

void wt_boiler_mark_bytes(wt_norm *nz, const char *text, size_t len,
			  wt_boiler_stats *st)
{
	memset(st, 0, sizeof *st);
	mark_nonwords_bytes(nz, text, len, st);
	mark_lines(nz, text, len, st);
}

int wt_boiler_marker(size_t i, int *block, const char **display,
		     const char **norm)
{
	size_t nb = sizeof block_markers / sizeof *block_markers;
	size_t nl = sizeof label_markers / sizeof *label_markers;
	const marker *m = i < nb ? &block_markers[i] :
			  i < nb + nl ? &label_markers[i - nb] : NULL;
	if (!m)
		return 0;
	*block = i < nb;
	*display = m->display;
	*norm = m->norm;
	return 1;
}
