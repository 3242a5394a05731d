/* report: format dispatch, escaping, and the CSV writer. */
#include "report_int.h"
#include "norm.h" /* wt_utf8_decode */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

wt_err wt_format_parse(const char *name, wt_format *out)
{
	static const char *names[] = {"text", "json", "csv", "html"};
	for (int i = 0; i < 4; i++)
		if (!strcmp(name, names[i])) {
			*out = (wt_format)i;
			return WT_OK;
		}
	return WT_E_ARG;
}

wt_err wt_report_write(FILE *f, wt_format fmt, const wt_scan *s,
		       const wt_result *res)
{
	wt_report_opts o = {fmt, 0, 0};
	return wt_report_write_opts(f, &o, s, res);
}

wt_err wt_report_write_opts(FILE *f, const wt_report_opts *o, const wt_scan *s,
			    const wt_result *res)
{
	errno = 0;
	switch (o->format) {
	case WT_FMT_TEXT: wt_report_text(f, s, res, o); break;
	case WT_FMT_JSON: wt_report_json(f, s, res); break;
	case WT_FMT_CSV: wt_report_csv(f, s, res); break;
	case WT_FMT_HTML: wt_report_html(f, s, res); break;
	}
	if (fflush(f) != 0 || ferror(f))
		return errno == ENOSPC ? WT_E_FULL : WT_E_IO;
	return WT_OK;
}

size_t wt_report_u64(char *out, uint64_t v)
{
	char tmp[20];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

size_t wt_report_fixed(char *out, double x, int digits)
{
	static const double scale[] = {1, 10, 100, 1000, 10000};
	if (digits < 0 || digits > 4 || !(fabs(x) < 1e9)) {
		/* never in a report (its values are shares); cut to the room,
		 * snprintf returns what it would have written */
		int k = snprintf(out, 32, "%.*f", digits, x);
		return k < 0 ? 0 : k > 31 ? 31 : (size_t)k;
	}
	size_t n = 0;
	if (signbit(x)) {
		out[n++] = '-';
		x = -x;
	}
	double s = scale[digits], k = floor(x * s);
	/* x * s against k + 1/2, exactly: fma rounds once, so the sign of
	 * the difference is right and 0 means a tie (x * s may round up to
	 * k + 1 itself; the nearest integer is then k + 1 all the same) */
	double d = fma(x, s, -(k + 0.5));
	uint64_t r = (uint64_t)k + (d > 0 || (d == 0 && ((uint64_t)k & 1)));
	uint64_t p = (uint64_t)s;
	n += wt_report_u64(out + n, r / p);
	if (digits) {
		out[n++] = '.';
		uint64_t f = r % p;
		for (uint64_t q = p / 10; q; q /= 10) {
			out[n++] = (char)('0' + f / q);
			f %= q;
		}
	}
	return n;
}

/* Copy one decoded code point, or U+FFFD where it is not to be shown. */
static void put_cp(FILE *f, const char *p, size_t i, size_t k, int valid)
{
	if (valid)
		fwrite(p + i, 1, k, f);
	else
		fputs("\xEF\xBF\xBD", f);
}

void wt_report_json_str(FILE *f, const char *p, size_t n)
{
	fputc('"', f);
	size_t i = 0;
	/* most strings need no escape: written whole */
	while (i < n && (unsigned char)p[i] >= 0x20 && p[i] != '"' && p[i] != '\\')
		i++;
	if (i == n && wt_utf8_valid(p, n)) {
		fwrite(p, 1, n, f);
		fputc('"', f);
		return;
	}
	i = 0;
	while (i < n) {
		int32_t cp;
		size_t k = wt_utf8_decode((const unsigned char *)p + i, n - i, &cp);
		if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (char)cp);
		else if (cp == '\n')
			fputs("\\n", f);
		else if (cp == '\t')
			fputs("\\t", f);
		else if (cp >= 0 && cp < 0x20)
			fprintf(f, "\\u%04x", (unsigned)cp);
		else
			put_cp(f, p, i, k, cp >= 0);
		i += k;
	}
	fputc('"', f);
}

/* Terminal text: control characters (C0, DEL, C1) and bidi overrides could
 * rewrite what a person sees, so they become U+FFFD; newlines a space. */
void wt_report_plain_str(FILE *f, const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		int32_t cp;
		size_t k = wt_utf8_decode((const unsigned char *)p + i, n - i, &cp);
		if (cp == '\n' || cp == '\r' || cp == '\t')
			fputc(' ', f);
		else
			put_cp(f, p, i, k,
			       cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) &&
				       !(cp >= 0x202A && cp <= 0x202E) &&
				       !(cp >= 0x2066 && cp <= 0x2069));
		i += k;
	}
}

void wt_report_csv_str(FILE *f, const char *p, size_t n)
{
	fputc('"', f);
	size_t i = 0;
	while (i < n) {
		int32_t cp;
		size_t k = wt_utf8_decode((const unsigned char *)p + i, n - i, &cp);
		if (cp == '"')
			fputs("\"\"", f);
		else
			put_cp(f, p, i, k, cp >= 0);
		i += k;
	}
	fputc('"', f);
}

const char *wt_pair_kind_name(wt_pair_kind k)
{
	return k == WT_PAIR_EXACT ? "exact" : k == WT_PAIR_NEAR ? "near" : "reuse";
}

/* YYYY-MM-DD at the start: ISO 8601 dates compare as strings. */
static int iso_date(const wt_str *d)
{
	static const char shape[] = "dddd-dd-dd";
	if (d->n < sizeof shape - 1)
		return 0;
	for (size_t i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == 'd' ? (unsigned)(d->p[i] - '0') > 9
				    : d->p[i] != shape[i])
			return 0;
	return 1;
}

wt_source_hint wt_pair_source_hint(const wt_scan *s, const wt_pair *p)
{
	wt_docbrief a, b;
	wt_scan_brief(s, p->a, &a);
	wt_scan_brief(s, p->b, &b);
	wt_source_hint h = {-1, a.credits, b.credits};
	if (iso_date(&a.date) && iso_date(&b.date)) {
		size_t n = a.date.n < b.date.n ? a.date.n : b.date.n;
		int c = memcmp(a.date.p, b.date.p, n);
		if (!c)
			c = (a.date.n > b.date.n) - (a.date.n < b.date.n);
		if (c)
			h.earlier = c > 0;
	}
	return h;
}

void wt_credits_str(wt_credits c, char *buf, size_t cap)
{
	size_t n = 0;
	if (cap)
		buf[0] = 0;
	for (unsigned i = 0; wt_credit_name(i); i++) {
		if (!(c >> i & 1))
			continue;
		int k = snprintf(buf + n, cap - n, "%s%s", n ? ", " : "",
				 wt_credit_name(i));
		if (k < 0 || (size_t)k >= cap - n)
			return;
		n += (size_t)k;
	}
}

void wt_report_csv(FILE *f, const wt_scan *s, const wt_result *r)
{
	fputs("a,b,kind,jaccard,containment_a,containment_b,shared,aligned_a,"
	      "aligned_b,passages\n", f);
	for (size_t i = 0; i < r->npairs; i++) {
		const wt_pair *p = &r->pairs[i];
		wt_docbrief a, b;
		wt_scan_brief(s, p->a, &a);
		wt_scan_brief(s, p->b, &b);
		wt_report_csv_str(f, a.id.p, a.id.n);
		fputc(',', f);
		wt_report_csv_str(f, b.id.p, b.id.n);
		fprintf(f, ",%s,%.4f,%.4f,%.4f,%llu,%.4f,%.4f,%u\n",
			wt_pair_kind_name(p->kind), p->sim.jaccard, p->sim.cont_a,
			p->sim.cont_b, (unsigned long long)p->sim.inter, p->aligned_a,
			p->aligned_b, p->npassage);
	}
}
