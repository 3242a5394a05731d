/* norm: tokenizer and normalizer. A raw word is a maximal run of letters,
 * marks and numbers in the original text (format characters such as ZWNJ
 * are dropped inside it); everything else separates words. Each raw word is
 * normalized as a unit, so NFKC sees combining sequences whole; if
 * normalization yields a separator (a ligature with a space), the pieces
 * become tokens sharing the raw word's span. Words made only of ASCII and
 * core Arabic letters skip utf8proc: for them NFKC + case fold is the
 * identity or ASCII lowercasing (tests check fast == slow on real text). */
#include "norm.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The Arabic folding rules, for U+0600..U+06FF: 0 keeps the code point,
 * DEL removes it, anything else replaces it. Applied after NFKC. */
#define DEL 1
static const uint16_t arabic_fold[256] = {
	/* hamza-carrying alef forms and alef wasla -> bare alef */
	[0x22] = 0x0627, [0x23] = 0x0627, [0x25] = 0x0627, [0x71] = 0x0627,
	[0x24] = 0x0648, /* waw with hamza -> waw */
	[0x26] = 0x064A, /* yeh with hamza -> yeh */
	[0x49] = 0x064A, /* alef maksura -> yeh */
	[0x29] = 0x0647, /* teh marbuta -> heh */
	[0xA9] = 0x0643, /* Persian keheh -> kaf */
	[0xCC] = 0x064A, /* Persian yeh -> yeh */
	[0x40] = DEL,    /* tatweel */
	/* harakat and Quranic marks U+064B..U+065F, superscript alef U+0670 */
	[0x4B] = DEL, [0x4C] = DEL, [0x4D] = DEL, [0x4E] = DEL, [0x4F] = DEL,
	[0x50] = DEL, [0x51] = DEL, [0x52] = DEL, [0x53] = DEL, [0x54] = DEL,
	[0x55] = DEL, [0x56] = DEL, [0x57] = DEL, [0x58] = DEL, [0x59] = DEL,
	[0x5A] = DEL, [0x5B] = DEL, [0x5C] = DEL, [0x5D] = DEL, [0x5E] = DEL,
	[0x5F] = DEL, [0x70] = DEL,
	/* Arabic-Indic and Persian digits -> ASCII */
	[0x60] = '0', [0x61] = '1', [0x62] = '2', [0x63] = '3', [0x64] = '4',
	[0x65] = '5', [0x66] = '6', [0x67] = '7', [0x68] = '8', [0x69] = '9',
	[0xF0] = '0', [0xF1] = '1', [0xF2] = '2', [0xF3] = '3', [0xF4] = '4',
	[0xF5] = '5', [0xF6] = '6', [0xF7] = '7', [0xF8] = '8', [0xF9] = '9',
};

enum cls { SEP, WORD, DROP };

static enum cls classify_slow(int32_t cp)
{
	if (cp < 0x80) {
		unsigned c = (unsigned)cp;
		return ((c | 0x20) - 'a' < 26 || c - '0' < 10) ? WORD : SEP;
	}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return WORD;
	case UTF8PROC_CATEGORY_CF:
		return DROP;
	default:
		return SEP;
	}
}

/* The cache holds the class in bits 0-1 and FAST (is_fast) in bit 2. */
#define FAST 4

static inline enum cls classify(const wt_norm *n, int32_t cp)
{
	return cp < WT_NORM_CLS_CACHE ? (enum cls)(n->cls[cp] & 3)
				      : classify_slow(cp);
}

/* Code points whose NFKC + case fold is known without utf8proc: ASCII
 * alphanumerics and the Arabic block minus its compatibility characters
 * (U+0675..U+0678), the letters NFC composes with hamza (U+06C1, U+06D2,
 * U+06D5, which then have no fold rule) and the combining marks the fold
 * keeps (Quranic marks: NFKC reorders them). Harakat may stay: they are
 * deleted whatever their order. */
static int is_fast_slow(int32_t cp)
{
	if (cp < 0x80)
		return 1;
	if (cp < 0x0600 || cp > 0x06FF)
		return 0;
	if (utf8proc_category(cp) == UTF8PROC_CATEGORY_MN &&
	    arabic_fold[cp - 0x0600] != DEL)
		return 0;
	return !(cp >= 0x0675 && cp <= 0x0678) && cp != 0x06C1 &&
	       cp != 0x06D2 && cp != 0x06D5;
}

size_t wt_utf8_decode(const unsigned char *s, size_t len, int32_t *cp)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	size_t need;
	int32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4, v = c & 0x07, min = 0x10000;
	} else {
		*cp = -1;
		return 1;
	}
	size_t i = 1;
	for (; i < need; i++) {
		if (i >= len || (s[i] & 0xC0) != 0x80) {
			*cp = -1;
			return i; /* skip the valid prefix as one bad sequence */
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = -1;
		return need;
	}
	*cp = v;
	return need;
}

/* The Arabic fold and ASCII lowercasing of one code point (emit_word):
 * -1 when the fold deletes it. */
static int32_t fold_cp(int32_t cp)
{
	if (cp >= 0x0600 && cp <= 0x06FF) {
		uint16_t f = arabic_fold[cp - 0x0600];
		return f == DEL ? -1 : f ? f : cp;
	}
	return cp >= 'A' && cp <= 'Z' ? cp + 'a' - 'A' : cp;
}

static void vec_tables(wt_norm *n);

void wt_norm_init(wt_norm *n)
{
	memset(n, 0, sizeof *n);
	for (int32_t cp = 0; cp < WT_NORM_CLS_CACHE; cp++) {
		n->cls[cp] = (uint8_t)(classify_slow(cp) | (is_fast_slow(cp) ? FAST : 0));
		int32_t f = fold_cp(cp);
		if (n->cls[cp] != (WORD | FAST) ||
		    (f >= 0 && (f >= WT_NORM_CLS_CACHE || classify_slow(f) != WORD)))
			continue;
		n->fold[cp].ok = 1;
		if (f >= 0)
			n->fold[cp].n = (uint8_t)wt_utf8_encode((char *)n->fold[cp].b,
								(uint32_t)f);
	}
	vec_tables(n);
}

/* Vector info byte: a word character of the fast path (its folded length
 * in VI_N), or a separator; neither sends the block to the scalar path. */
enum { VI_WORD = 1, VI_SEP = 2, VI_N1 = 4, VI_N2 = 8 };

static uint8_t vinfo(const wt_norm *n, int32_t cp)
{
	if ((n->cls[cp] & 3) == SEP)
		return VI_SEP;
	if ((n->cls[cp] & 3) != WORD || !n->fold[cp].ok)
		return 0;
	return (uint8_t)(VI_WORD | n->fold[cp].n << 2);
}

static void vec_tables(wt_norm *n)
{
	for (int32_t c = 0; c < 0x80; c++) {
		n->va_info[c] = vinfo(n, c);
		n->va_b0[c] = n->fold[c].b[0];
	}
	for (int32_t c = 0; c < 0x40; c++) /* C2 xx: separators only */
		n->vc_info[c] = vinfo(n, 0x80 + c) == VI_SEP ? VI_SEP : 0;
	for (int32_t c = 0; c < 0x100; c++) {
		n->vr_info[c] = vinfo(n, 0x600 + c);
		n->vr_b0[c] = n->fold[0x600 + c].b[0];
		n->vr_b1[c] = n->fold[0x600 + c].b[1];
	}
#ifdef WT_VEC
	n->vec = __builtin_cpu_supports("avx512f") &&
		 __builtin_cpu_supports("avx512bw") &&
		 __builtin_cpu_supports("avx512vbmi") &&
		 __builtin_cpu_supports("avx512vbmi2") &&
		 __builtin_cpu_supports("bmi2");
#endif
}

void wt_norm_release(wt_norm *n)
{
	free(n->tok);
	free(n->norm);
	free(n->cp);
	wt_norm_init(n);
}

/* Close the token that started at norm byte `start`, if non-empty; the
 * caller has reserved room for it. */
static inline void end_token(wt_norm *n, size_t start, wt_span span)
{
	if (n->norm_len != start)
		n->tok[n->ntok++] = (wt_token){span, (uint32_t)start,
					       (uint32_t)(n->norm_len - start), 0};
}

/* Emit the tokens of one raw word whose normalized-but-unfolded code points
 * are n->cp[0..ncp): Arabic fold, ASCII lowercase, split on separators.
 * Room is reserved once per word: at most 4 bytes and one token per code
 * point. */
static wt_err emit_word(wt_norm *n, size_t ncp, wt_span span)
{
	wt_err e;
	if ((e = wt_grow((void **)&n->norm, &n->norm_cap, n->norm_len + 4 * ncp,
			 1, UINT32_MAX)) ||
	    (e = wt_grow((void **)&n->tok, &n->tok_cap, n->ntok + ncp,
			 sizeof *n->tok, SIZE_MAX / sizeof *n->tok)))
		return e;
	size_t start = n->norm_len;
	for (size_t i = 0; i < ncp; i++) {
		int32_t cp = fold_cp(n->cp[i]);
		if (cp < 0)
			continue;
		enum cls k = classify(n, cp);
		if (k == DROP)
			continue;
		if (k == SEP) {
			end_token(n, start, span);
			start = n->norm_len;
			continue;
		}
		n->norm_len += wt_utf8_encode(n->norm + n->norm_len, (uint32_t)cp);
	}
	end_token(n, start, span);
	return WT_OK;
}

/* NFKC + case fold of n->cp[0..*ncp) in place (utf8proc), growing n->cp. */
static wt_err nfkc_fold(wt_norm *n, size_t *ncp)
{
	const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPAT |
				      UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE;
	/* Decompose from a UTF-8 copy at the end of the norm buffer, which is
	 * scratch beyond norm_len. */
	size_t need = *ncp * 4;
	wt_err e = wt_grow((void **)&n->norm, &n->norm_cap, n->norm_len + need,
			   1, UINT32_MAX);
	if (e)
		return e;
	utf8proc_uint8_t *u = (utf8proc_uint8_t *)n->norm + n->norm_len;
	size_t ulen = 0;
	for (size_t i = 0; i < *ncp; i++)
		ulen += (size_t)utf8proc_encode_char(n->cp[i], u + ulen);
	for (;;) {
		utf8proc_ssize_t r = utf8proc_decompose(
			u, (utf8proc_ssize_t)ulen, n->cp, (utf8proc_ssize_t)n->cp_cap,
			opt);
		if (r < 0)
			return r == UTF8PROC_ERROR_NOMEM ? WT_E_NOMEM : WT_E_UTF8;
		if ((size_t)r > n->cp_cap) {
			/* n->cp is scratch; its old content is no longer needed */
			if ((e = wt_grow((void **)&n->cp, &n->cp_cap, (size_t)r,
					 sizeof *n->cp, SIZE_MAX / 8)))
				return e;
			continue;
		}
		r = utf8proc_normalize_utf32(n->cp, r, opt);
		if (r < 0)
			return WT_E_UTF8;
		*ncp = (size_t)r;
		return WT_OK;
	}
}

/* The word at s[i] when all its code points are below U+0800 and fold
 * without utf8proc (n->fold): their folded bytes straight to n->norm
 * (room for len - i + 1 more), a token of them; returns the word's end.
 * Returns i, writing nothing, for any other word: the general path
 * takes it whole. */
static size_t fast_word(wt_norm *n, const unsigned char *s, size_t i,
			size_t len)
{
	size_t w = i, o = n->norm_len;
	char *out = n->norm;
	while (i < len) {
		unsigned c0 = s[i], cp;
		size_t k = 1;
		if (c0 < 0x80) {
			cp = c0;
		} else if (c0 >= 0xC2 && c0 <= 0xDF && i + 1 < len &&
			   (s[i + 1] & 0xC0) == 0x80) {
			cp = (c0 & 0x1F) << 6 | (s[i + 1] & 0x3Fu);
			k = 2;
		} else {
			break;
		}
		if (!n->fold[cp].ok)
			break;
		out[o] = (char)n->fold[cp].b[0];
		out[o + 1] = (char)n->fold[cp].b[1];
		o += n->fold[cp].n;
		i += k;
	}
	if (i < len) { /* the word ends only at a separator */
		int32_t cp;
		wt_utf8_decode(s + i, len - i, &cp);
		if (cp >= 0 && classify(n, cp) != SEP)
			return w;
	}
	size_t start = n->norm_len;
	n->norm_len = o;
	end_token(n, start, (wt_span){(uint32_t)w, (uint32_t)(i - w)});
	return i;
}

#ifdef WT_VEC
/* Whole words from s[i] (not inside a word) 64 bytes at a time, while
 * the bytes are ASCII, separators from U+0080..U+00BF and Arabic that
 * fast_word would take: class and fold of every code point by table
 * (VPERMB), the folded bytes packed (VPCOMPRESSB), a token per word.
 * A block stops before a word that may run past it. Returns where it
 * stopped: the text's last 64 bytes, a word as long as a block or
 * anything else are left to the scalar path. n->norm has room for
 * len - i + 64 more bytes. */
__attribute__((target("avx512f,avx512bw,avx512vbmi,avx512vbmi2,bmi,bmi2,popcnt")))
static size_t vec_words(wt_norm *n, const unsigned char *s, size_t i,
			size_t len)
{
	const __m512i ia0 = _mm512_loadu_si512(n->va_info),
		      ia1 = _mm512_loadu_si512(n->va_info + 64),
		      ba0 = _mm512_loadu_si512(n->va_b0),
		      ba1 = _mm512_loadu_si512(n->va_b0 + 64),
		      ic = _mm512_loadu_si512(n->vc_info);
	__m512i ir[4], b0r[4], b1r[4];
	for (int k = 0; k < 4; k++) {
		ir[k] = _mm512_loadu_si512(n->vr_info + 64 * k);
		b0r[k] = _mm512_loadu_si512(n->vr_b0 + 64 * k);
		b1r[k] = _mm512_loadu_si512(n->vr_b1 + 64 * k);
	}
	uint8_t prev[64]; /* byte p takes byte p - 1 */
	for (int k = 0; k < 64; k++)
		prev[k] = (uint8_t)(k ? k - 1 : 0);
	const __m512i back = _mm512_loadu_si512(prev);
	while (len - i > 64) { /* a block and the byte after it */
		if (n->ntok + 32 > n->tok_cap &&
		    wt_grow((void **)&n->tok, &n->tok_cap, n->ntok + 32,
			    sizeof *n->tok, SIZE_MAX / sizeof *n->tok))
			break; /* the scalar path reports it */
		__m512i v = _mm512_loadu_si512(s + i);
		__m512i nx = _mm512_loadu_si512(s + i + 1);
		uint64_t ascii = ~(uint64_t)_mm512_movepi8_mask(v);
		uint64_t cont = _mm512_cmpeq_epi8_mask(
			_mm512_and_si512(v, WT_B(0xC0)), WT_B(0x80));
		uint64_t lead = ~ascii & ~cont;
		/* a code point that starts in the last byte ends past the block */
		uint64_t inner = lead >> 63 ? ~((uint64_t)1 << 63) : ~(uint64_t)0;
		uint64_t c2 = WT_EQ(v, 0xC2);
		uint64_t ar = _mm512_cmpeq_epi8_mask(
			_mm512_and_si512(v, WT_B(0xFC)), WT_B(0xD8));
		if ((lead << 1) != cont || (lead & inner & ~(c2 | ar)))
			break; /* bad UTF-8, or code points the tables lack */
		__m512i low = _mm512_and_si512(nx, WT_B(0x3F));
		__m512i idx = _mm512_mask_blend_epi8(
			_mm512_test_epi8_mask(v, WT_B(1)), low,
			_mm512_or_si512(low, WT_B(0x40)));
		uint64_t upper = _mm512_test_epi8_mask(v, WT_B(2)); /* DA, DB */
#define AR(t) _mm512_mask_blend_epi8(upper,                                  \
				     _mm512_permutex2var_epi8(t[0], idx, t[1]), \
				     _mm512_permutex2var_epi8(t[2], idx, t[3]))
		__m512i info = _mm512_mask_blend_epi8(
			ascii,
			_mm512_mask_blend_epi8(c2, AR(ir),
					       _mm512_permutexvar_epi8(low, ic)),
			_mm512_permutex2var_epi8(ia0, v, ia1));
		uint64_t cps = ascii | (lead & inner);
		uint64_t word = _mm512_test_epi8_mask(info, WT_B(VI_WORD)) & cps;
		uint64_t sep = _mm512_test_epi8_mask(info, WT_B(VI_SEP)) & cps;
		if (cps & ~(word | sep))
			break;
		uint64_t wl = word & lead;
		uint64_t w = word | wl << 1 | ~inner; /* the last byte: may go on */
		uint64_t emit = (word & _mm512_test_epi8_mask(info, WT_B(VI_N1 | VI_N2))) |
				(wl & _mm512_test_epi8_mask(info, WT_B(VI_N2))) << 1;
		__m512i out = _mm512_mask_blend_epi8(
			ascii, AR(b0r), _mm512_permutex2var_epi8(ba0, v, ba1));
		out = _mm512_mask_blend_epi8(
			cont, out, _mm512_permutexvar_epi8(back, AR(b1r)));
#undef AR
		uint64_t start = w & ~(w << 1);
		uint64_t end = w & ~(w >> 1); /* a word's last byte */
		size_t step = 64;
		if (w >> 63) { /* stop before the word that may run on */
			step = 63 - (size_t)__builtin_clzll(start);
			if (!step)
				break;
			uint64_t keep = ((uint64_t)1 << step) - 1;
			start &= keep;
			end &= keep;
			emit &= keep;
		}
		char *o = n->norm + n->norm_len;
		_mm512_storeu_si512(o, _mm512_maskz_compress_epi8(emit, out));
		while (start) {
			unsigned a = (unsigned)__builtin_ctzll(start);
			unsigned e = (unsigned)__builtin_ctzll(end) + 1;
			start &= start - 1;
			end &= end - 1;
			uint32_t from = (uint32_t)__builtin_popcountll(emit & (((uint64_t)1 << a) - 1));
			uint32_t to = (uint32_t)__builtin_popcountll(emit & (((uint64_t)1 << e) - 1));
			if (to > from)
				n->tok[n->ntok++] = (wt_token){
					{(uint32_t)(i + a), e - a},
					(uint32_t)n->norm_len + from, to - from, 0};
		}
		n->norm_len += (size_t)__builtin_popcountll(emit);
		i += step;
	}
	return i;
}
#endif

wt_err wt_norm_text(wt_norm *n, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	n->ntok = 0;
	n->norm_len = 0;
	n->invalid = 0;
	if (len >= UINT32_MAX)
		return WT_E_LIMIT;
	size_t i = 0, ncp = 0, wstart = 0, wend = 0;
	int slow = 0;
	/* a word has at most as many code points as the text has bytes */
	wt_err e = wt_grow((void **)&n->cp, &n->cp_cap, len + 1, sizeof *n->cp,
			   SIZE_MAX / 8);
	if (e)
		return e;
	size_t vec_from = 0; /* after a block it could not take */
	while (i <= len) {
#ifdef WT_VEC
		if (n->vec && !ncp && i >= vec_from && len - i > 64 &&
		    !n->force_slow && !n->no_vec) {
			if ((e = wt_grow((void **)&n->norm, &n->norm_cap,
					 n->norm_len + len - i + 64, 1, UINT32_MAX)))
				return e;
			size_t j = vec_words(n, s, i, len);
			vec_from = j + 64;
			if (j > i) {
				i = j;
				continue;
			}
		}
#endif
		int32_t cp = -1;
		size_t k = 0;
		enum cls c = SEP;
		if (i < len) {
			unsigned c0 = s[i];
			if (c0 < 0x80) { /* ASCII and two-byte letters inline */
				cp = (int32_t)c0;
				k = 1;
			} else if (c0 >= 0xC2 && c0 <= 0xDF && i + 1 < len &&
				   (s[i + 1] & 0xC0) == 0x80) {
				cp = (int32_t)((c0 & 0x1F) << 6 | (s[i + 1] & 0x3F));
				k = 2;
			} else {
				k = wt_utf8_decode(s + i, len - i, &cp);
			}
			if (cp < 0)
				n->invalid++;
			else
				c = classify(n, cp);
		}
		if (c == SEP && ncp) {
			wt_span sp = {(uint32_t)wstart, (uint32_t)(wend - wstart)};
			if (slow && (e = nfkc_fold(n, &ncp)))
				return e;
			if ((e = emit_word(n, ncp, sp)))
				return e;
			ncp = 0;
			slow = 0;
		}
		if (i == len)
			break;
		if (c == WORD && !ncp && !n->force_slow) {
			if ((n->norm_len + len - i + 1 > n->norm_cap &&
			     (e = wt_grow((void **)&n->norm, &n->norm_cap,
					  n->norm_len + len - i + 1, 1, UINT32_MAX))) ||
			    (n->ntok == n->tok_cap &&
			     (e = wt_grow((void **)&n->tok, &n->tok_cap, n->ntok + 1,
					  sizeof *n->tok, SIZE_MAX / sizeof *n->tok))))
				return e;
			size_t end = fast_word(n, s, i, len);
			if (end > i) {
				i = end;
				continue;
			}
		}
		if (c == WORD) {
			if (!ncp)
				wstart = i;
			n->cp[ncp++] = cp;
			wend = i + k; /* a trailing format character is not the word's */
			slow |= n->force_slow ||
				cp >= WT_NORM_CLS_CACHE || !(n->cls[cp] & FAST);
		}
		i += k;
	}
	return WT_OK;
}
