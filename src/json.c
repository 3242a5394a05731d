/* json: recursive descent over one object; only top-level members named by
 * the caller are kept. Escaped strings are decoded in one pass after the
 * member's extent is known, so a skipped value costs only a scan. */
#include "json.h"
#include "norm.h" /* wt_utf8_encode */

#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *s;
	size_t n, i;
	const char *what;
	int depth;
} cur;

static void ws(cur *c)
{
	while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' ||
			       c->s[c->i] == '\n' || c->s[c->i] == '\r'))
		c->i++;
}

static int fail(cur *c, const char *what)
{
	c->what = what;
	return -1;
}

static int hex4(const char *p)
{
	int v = 0;
	for (int k = 0; k < 4; k++) {
		char ch = p[k];
		int h = ch >= '0' && ch <= '9' ? ch - '0' :
			(ch | 0x20) >= 'a' && (ch | 0x20) <= 'f' ? (ch | 0x20) - 'a' + 10 : -1;
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Scan a string at c->i (the opening quote): *b..*e is its raw body,
 * *esc whether it holds escapes. Validates escapes. */
static int scan_string(cur *c, size_t *b, size_t *e, int *esc)
{
	c->i++;
	*b = c->i;
	*esc = 0;
	const char *q = NULL; /* the next quote: found again only once an
			       * escape passed it, so a string is one scan */
	for (;;) {
		if (!q || q < c->s + c->i)
			q = memchr(c->s + c->i, '"', c->n - c->i);
		if (!q)
			return fail(c, "unterminated string");
		const char *bs = memchr(c->s + c->i, '\\', (size_t)(q - c->s) - c->i);
		if (!bs) {
			*e = (size_t)(q - c->s);
			c->i = *e + 1;
			return 0;
		}
		*esc = 1;
		c->i = (size_t)(bs - c->s) + 1;
		if (c->i >= c->n)
			return fail(c, "unterminated string");
		switch (c->s[c->i]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			c->i++;
			break;
		case 'u':
			if (c->i + 5 > c->n || hex4(c->s + c->i + 1) < 0)
				return fail(c, "invalid \\u escape");
			c->i += 5;
			break;
		default:
			return fail(c, "invalid escape");
		}
	}
}

/* Decode the validated escaped body s[b..e) to o (room for e-b bytes: no
 * escape decodes longer than it is written). Returns the length. */
static size_t unescape(const char *s, size_t b, size_t e, char *o,
		       uint64_t *invalid)
{
	size_t k = 0;
	for (size_t i = b; i < e;) {
		const char *bs = memchr(s + i, '\\', e - i);
		size_t run = bs ? (size_t)(bs - s) - i : e - i;
		memcpy(o + k, s + i, run);
		k += run;
		i += run;
		if (i >= e)
			break;
		char ch = s[i + 1];
		i += 2;
		switch (ch) {
		case 'b': o[k++] = '\b'; break;
		case 'f': o[k++] = '\f'; break;
		case 'n': o[k++] = '\n'; break;
		case 'r': o[k++] = '\r'; break;
		case 't': o[k++] = '\t'; break;
		case 'u': {
			unsigned v = (unsigned)hex4(s + i);
			i += 4;
			if (v >= 0xD800 && v <= 0xDBFF && i + 6 <= e && s[i] == '\\' &&
			    s[i + 1] == 'u') {
				int lo = hex4(s + i + 2);
				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					v = 0x10000 + ((v - 0xD800) << 10) + (unsigned)(lo - 0xDC00);
					i += 6;
				}
			}
			if (v >= 0xD800 && v <= 0xDFFF) {
				v = 0xFFFD;
				(*invalid)++;
			}
			k += wt_utf8_encode(o + k, v);
			break;
		}
		default: o[k++] = ch; break; /* " \ / */
		}
	}
	return k;
}

static int skip_value(cur *c);

static int skip_number(cur *c)
{
	size_t i = c->i;
	if (i < c->n && c->s[i] == '-')
		i++;
	if (i >= c->n || c->s[i] < '0' || c->s[i] > '9')
		return fail(c, "invalid value");
	if (c->s[i] == '0')
		i++;
	else
		while (i < c->n && c->s[i] >= '0' && c->s[i] <= '9')
			i++;
	int integer = 1;
	if (i < c->n && c->s[i] == '.') {
		integer = 0;
		if (++i >= c->n || c->s[i] < '0' || c->s[i] > '9')
			return fail(c, "invalid number");
		while (i < c->n && c->s[i] >= '0' && c->s[i] <= '9')
			i++;
	}
	if (i < c->n && (c->s[i] == 'e' || c->s[i] == 'E')) {
		integer = 0;
		if (++i < c->n && (c->s[i] == '+' || c->s[i] == '-'))
			i++;
		if (i >= c->n || c->s[i] < '0' || c->s[i] > '9')
			return fail(c, "invalid number");
		while (i < c->n && c->s[i] >= '0' && c->s[i] <= '9')
			i++;
	}
	c->i = i;
	return integer;
}

static int skip_container(cur *c, char close)
{
	if (++c->depth > WT_JSON_MAX_DEPTH)
		return fail(c, "nesting too deep");
	c->i++;
	ws(c);
	if (c->i < c->n && c->s[c->i] == close) {
		c->i++;
		c->depth--;
		return 0;
	}
	for (;;) {
		ws(c);
		if (close == '}') {
			size_t b, e;
			int esc;
			if (c->i >= c->n || c->s[c->i] != '"')
				return fail(c, "member name expected");
			if (scan_string(c, &b, &e, &esc))
				return -1;
			ws(c);
			if (c->i >= c->n || c->s[c->i] != ':')
				return fail(c, "':' expected");
			c->i++;
		}
		if (skip_value(c) < 0)
			return -1;
		ws(c);
		if (c->i < c->n && c->s[c->i] == ',') {
			c->i++;
			continue;
		}
		if (c->i < c->n && c->s[c->i] == close) {
			c->i++;
			c->depth--;
			return 0;
		}
		return fail(c, close == '}' ? "',' or '}' expected" : "',' or ']' expected");
	}
}

static int literal(cur *c, const char *w)
{
	size_t k = strlen(w);
	if (c->n - c->i < k || memcmp(c->s + c->i, w, k))
		return fail(c, "invalid value");
	c->i += k;
	return 0;
}

/* Skip one value; returns 1 for an integer, 0 otherwise, -1 on error. */
static int skip_value(cur *c)
{
	ws(c);
	if (c->i >= c->n)
		return fail(c, "value expected");
	size_t b, e;
	int esc;
	switch (c->s[c->i]) {
	case '{': return skip_container(c, '}');
	case '[': return skip_container(c, ']');
	case '"': return scan_string(c, &b, &e, &esc);
	case 't': return literal(c, "true");
	case 'f': return literal(c, "false");
	case 'n': return literal(c, "null");
	default: return skip_number(c);
	}
}

wt_err wt_json_members(const char *s, size_t n, const char *const *names,
		       int nnames, wt_json_val *val, wt_json_scratch *sc,
		       uint64_t *invalid, size_t *col, const char **what)
{
	cur c = {s, n, 0, NULL, 0};
	/* member extents first; decoding after, into one buffer sized once */
	size_t vb[16], ve[16];
	int vesc[16];
	if (nnames > 16)
		return WT_E_ARG;
	for (int k = 0; k < nnames; k++)
		val[k] = (wt_json_val){NULL, 0, 0};
	ws(&c);
	if (c.i >= n || s[c.i] != '{') {
		fail(&c, "'{' expected");
		goto out_err;
	}
	c.i++;
	c.depth = 1;
	ws(&c);
	if (c.i < n && s[c.i] == '}') {
		c.i++;
		goto out_end;
	}
	for (;;) {
		size_t kb, ke, b, e;
		int kesc, esc = 0;
		ws(&c);
		if (c.i >= n || s[c.i] != '"') {
			fail(&c, "member name expected");
			goto out_err;
		}
		if (scan_string(&c, &kb, &ke, &kesc))
			goto out_err;
		ws(&c);
		if (c.i >= n || s[c.i] != ':') {
			fail(&c, "':' expected");
			goto out_err;
		}
		c.i++;
		ws(&c);
		b = c.i;
		int kind = c.i < n && s[c.i] == '"' ? 2 : 0;
		int r = kind ? scan_string(&c, &b, &e, &esc) : skip_value(&c);
		if (r < 0)
			goto out_err;
		if (!kind)
			e = c.i;
		if (!kind && r == 1)
			kind = 1;
		const char *key = s + kb;
		size_t klen = ke - kb;
		char kbuf[256];
		uint64_t kinv = 0;
		if (kesc) { /* rare: decode the name; a longer one matches none */
			klen = klen <= sizeof kbuf ? unescape(s, kb, ke, kbuf, &kinv) : 0;
			key = kbuf;
		}
		for (int k = 0; k < nnames; k++) {
			if (strlen(names[k]) != klen || memcmp(names[k], key, klen))
				continue;
			val[k] = (wt_json_val){kind ? s + b : NULL, e - b, kind == 1};
			vb[k] = b;
			ve[k] = e;
			vesc[k] = kind == 2 && esc;
		}
		ws(&c);
		if (c.i < n && s[c.i] == ',') {
			c.i++;
			continue;
		}
		if (c.i < n && s[c.i] == '}') {
			c.i++;
			break;
		}
		fail(&c, "',' or '}' expected");
		goto out_err;
	}
out_end:
	ws(&c);
	if (c.i != n) {
		fail(&c, "end of line expected after the object");
		goto out_err;
	}
	size_t need = 0;
	for (int k = 0; k < nnames; k++)
		if (val[k].p && vesc[k])
			need += ve[k] - vb[k];
	if (need > sc->cap) {
		char *p = realloc(sc->buf, need);
		if (!p)
			return WT_E_NOMEM;
		sc->buf = p;
		sc->cap = need;
	}
	size_t off = 0;
	for (int k = 0; k < nnames; k++) {
		if (!val[k].p || !vesc[k])
			continue;
		size_t len = unescape(s, vb[k], ve[k], sc->buf + off, invalid);
		val[k].p = sc->buf + off;
		val[k].n = len;
		off += len;
	}
	return WT_OK;
out_err:
	*col = c.i + 1;
	*what = c.what ? c.what : "invalid JSON";
	return WT_E_PARSE;
}
