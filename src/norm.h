/* norm: UTF-8 text -> normalized word tokens, each with its byte span in the
 * original text. Invalid UTF-8 is replaced (U+FFFD, a word separator) and
 * counted; text is NFKC + case folded (utf8proc) and Arabic folded by the one
 * rule table in norm.c. Words of ASCII and core Arabic letters take a fast
 * path, 64 bytes a step where the CPU has AVX-512 VBMI2, with the same
 * tokens. The scratch struct is caller-owned and reused across documents;
 * one per thread. */
#ifndef WT_NORM_H
#define WT_NORM_H

#include "common.h"

/* Version of the normalization rules: bump when any token changes. */
#define WT_NORM_VERSION 1

/* Code points below this have their word class cached in the scratch. */
#define WT_NORM_CLS_CACHE 0x800

typedef struct {
	wt_span span;      /* bytes of the word in the original text */
	uint32_t norm_off; /* normalized UTF-8 in wt_norm.norm */
	uint32_t norm_len;
	uint32_t skip;     /* nonzero: not shingled (see boiler.h); 0 here */
} wt_token;

typedef struct {
	wt_token *tok; /* tokens of the last text, in order */
	size_t ntok;
	char *norm; /* normalized bytes the tokens point into */
	size_t norm_len;
	uint64_t invalid; /* invalid UTF-8 sequences replaced in the last text */
	int force_slow;   /* tests: send every word through utf8proc */
	int no_vec;       /* tests: the fast path a byte at a time only */
	/* private scratch */
	size_t tok_cap, norm_cap;
	int32_t *cp;
	size_t cp_cap;
	uint8_t cls[WT_NORM_CLS_CACHE]; /* classes of U+0000.., from utf8proc */
	struct {
		uint8_t b[2], n, ok;
	} fold[WT_NORM_CLS_CACHE]; /* a word character's folded UTF-8 (n
				      bytes), where ok: no utf8proc needed */
	/* the vector path's view of cls and fold (norm.c, vec_words): info
	 * and folded bytes of ASCII, U+0080..U+00BF and U+0600..U+06FF */
	int vec;
	uint8_t va_info[128], va_b0[128], vc_info[64];
	uint8_t vr_info[256], vr_b0[256], vr_b1[256];
} wt_norm;

void wt_norm_init(wt_norm *n);
/* Frees what n holds; n may be reused after wt_norm_init. */
void wt_norm_release(wt_norm *n);

/* Tokenize text[0..len) into n->tok / n->norm, replacing the previous
 * result. Texts of 4 GiB or more are refused (WT_E_LIMIT): spans are 32-bit.
 * Returns WT_OK, WT_E_NOMEM or WT_E_LIMIT. */
WT_NODISCARD wt_err wt_norm_text(wt_norm *n, const char *text, size_t len);

/* Decode one UTF-8 sequence at s[0..len) (len > 0). Returns its length in
 * bytes and stores the code point, or returns the number of bytes to skip
 * (>= 1) and stores -1 when the sequence is invalid (overlong, surrogate,
 * out of range, truncated). */
size_t wt_utf8_decode(const unsigned char *s, size_t len, int32_t *cp);

/* UTF-8 of the code point v (at most U+10FFFF) into p, which has room for
 * 4 bytes; returns its length. Inline: it sits in the normalizer's loop. */
static inline size_t wt_utf8_encode(char *p, uint32_t v)
{
	if (v < 0x80) {
		p[0] = (char)v;
		return 1;
	}
	if (v < 0x800) {
		p[0] = (char)(0xC0 | v >> 6);
		p[1] = (char)(0x80 | (v & 0x3F));
		return 2;
	}
	if (v < 0x10000) {
		p[0] = (char)(0xE0 | v >> 12);
		p[1] = (char)(0x80 | (v >> 6 & 0x3F));
		p[2] = (char)(0x80 | (v & 0x3F));
		return 3;
	}
	p[0] = (char)(0xF0 | v >> 18);
	p[1] = (char)(0x80 | (v >> 12 & 0x3F));
	p[2] = (char)(0x80 | (v >> 6 & 0x3F));
	p[3] = (char)(0x80 | (v & 0x3F));
	return 4;
}

#endif
