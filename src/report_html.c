/* report_html: one self-contained page for a person: what it shows, the
 * parameters and counts, the clusters, then every pair with its two texts
 * side by side and each shared passage marked in the same colour on both.
 * A Content-Security-Policy forbids any network load; the page holds inline
 * CSS and one inline script, and no document text goes into either.
 * Size stays bounded: each document's text is written once (section
 * "Documents", escaped, readable without JavaScript); a pair carries only
 * its passage offsets, converted here from bytes to UTF-16 code units of the
 * text as the browser holds it, and the script builds the side-by-side view
 * with text nodes when the pair is opened. Pairs are written in display
 * order (by cluster, then reuse) while the page stays under HTML_BUDGET; the
 * page says how many were left out (the JSON report has them all). */
#include "report_int.h"
#include "norm.h" /* wt_utf8_decode */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ~32 MB, what a browser still opens in a few seconds (the full
 * SaudiNewsNet run: every exact and near pair, the first reuse pairs), and
 * estimates of a pair's line, a passage's offsets, a document's markup. */
#define HTML_BUDGET ((size_t)32 << 20)
enum { PAIR_COST = 500, PASSAGE_COST = 24, DOC_COST = 300 };

/* content-visibility: the browser lays out only what is on screen. */
static const char css[] =
	"body{font:15px/1.6 system-ui,sans-serif;color:#222;margin:0 auto;"
	"max-width:1500px;padding:0 1em}h1{font-size:1.5em;margin-bottom:.2em}"
	"section,details.doc{content-visibility:auto;"
	"contain-intrinsic-size:auto 2em}table{border-collapse:collapse}"
	"td,th{border:1px solid #ddd;padding:2px 8px;text-align:start;"
	"vertical-align:top}th{background:#f4f4f4}summary{cursor:pointer}"
	"details.pair{border-top:1px solid #eee;padding:3px 0}"
	".k{font-weight:600;padding:0 5px;border-radius:3px}"
	".exact{background:#f8c4c4}.near{background:#fbe69a}"
	".reuse{background:#c9ddfb}.n,.dh .u,.dh .m,.note{color:#555;"
	"font-size:.9em}.dh .u{display:block;overflow-wrap:anywhere}"
	".t{white-space:pre-wrap;unicode-bidi:plaintext;line-height:1.8;"
	"overflow-wrap:break-word}.view{display:grid;gap:1em;"
	"grid-template-columns:1fr 1fr;margin:.5em 0 1em}.view .t{"
	"max-height:75vh;overflow:auto;border:1px solid #ccc;padding:.5em}"
	".doc .t{padding:.3em 1em}.cut{color:#a00}mark{border-radius:2px}"
	".bp{color:#999}"
	".p0{background:#ffe066}.p1{background:#9fe0ff}.p2{background:#b7f0a0}"
	".p3{background:#ffb3d1}.p4{background:#d9c2ff}.p5{background:#ffc999}";

/* Builds a pair's view from data-a, data-b (document numbers) and data-p
 * (a0 a1 b0 b1 per passage, UTF-16 offsets into the texts) with
 * textContent and createTextNode only; passage k gets colour p(k % 6).
 * JS_SHA256 is its SHA-256 in base64: the CSP lets only this script run, so
 * no injected <script> or inline handler would, should escaping ever fail.
 * After an edit, tests/e2e/html.sh fails and prints the new value. */
#define JS_SHA256 "HB6X5U8AuV2RbfqmhzsKTrHHg2cVxvlQ6mEqME2/4NI="
static const char js[] =
	"(function(){'use strict';\n"
	"function el(t,c,x){var e=document.createElement(t);if(c)e.className=c;"
	"if(x!=null)e.textContent=x;return e;}\n"
	"function side(n,rs,w){var d=document.getElementById('doc-'+n),"
	"c=el('div','side');c.appendChild(el('b','ab',w+': '));if(!d)return c;"
	"c.appendChild(d.querySelector('.dh').cloneNode(true));"
	"var t=d.querySelector('.t').textContent,b=el('div','t'),at=0;"
	"b.dir='auto';\n"
	"rs.sort(function(x,y){return x[0]-y[0]||x[2]-y[2];});\n"
	"rs.forEach(function(r){var s=Math.max(r[0],at);if(r[1]<=s)return;"
	"b.appendChild(document.createTextNode(t.slice(at,s)));"
	"var m=el('mark','p'+r[2]%6,t.slice(s,r[1]));m.dataset.k=r[2];"
	"m.title='passage '+(r[2]+1);b.appendChild(m);at=r[1];});\n"
	"b.appendChild(document.createTextNode(t.slice(at)));c.appendChild(b);"
	"return c;}\n"
	"function render(p){if(p.dataset.done)return;p.dataset.done='1';"
	"var v=p.querySelector('.view'),q=p.dataset.p?p.dataset.p.split(' ')"
	".map(Number):[],ra=[],rb=[];\n"
	"for(var i=0;i+3<q.length;i+=4){ra.push([q[i],q[i+1],i/4]);"
	"rb.push([q[i+2],q[i+3],i/4]);}\n"
	"v.textContent='';v.appendChild(side(p.dataset.a,ra,'a'));"
	"v.appendChild(side(p.dataset.b,rb,'b'));}\n"
	"function show(){var h=location.hash.slice(1),"
	"p=h&&document.getElementById(h);if(p&&p.classList.contains('pair')){"
	"p.open=true;render(p);p.scrollIntoView();}}\n"
	"document.addEventListener('toggle',function(e){var p=e.target;"
	"if(p.open&&p.classList.contains('pair'))render(p);},true);\n"
	"var f=document.querySelector('details.pair');"
	"if(f){f.open=true;render(f);}\n"
	"window.addEventListener('hashchange',show);show();})();\n";

/* The character the page holds for the one at p[i] (its length in *k), or
 * -1 for none: C0 and C1 controls but tab and newline are dropped (NUL is
 * not even legal HTML), CR ends a line as the HTML parser would make it,
 * invalid UTF-8 (possible outside the text) is U+FFFD. */
static int32_t page_cp(const char *p, size_t n, size_t i, size_t *k)
{
	int32_t cp;
	*k = wt_utf8_decode((const unsigned char *)p + i, n - i, &cp);
	if (cp < 0)
		return 0xFFFD;
	if (cp == '\r')
		return i + 1 < n && p[i + 1] == '\n' ? -1 : '\n';
	if ((cp < 0x20 && cp != '\t' && cp != '\n') ||
	    (cp >= 0x7F && cp < 0xA0))
		return -1;
	return cp;
}

/* Document text as HTML text or a quoted attribute value. */
static void esc(FILE *f, const char *p, size_t n)
{
	for (size_t i = 0, k; i < n; i += k) {
		int32_t cp = page_cp(p, n, i, &k);
		switch (cp) {
		case -1: break;
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		case '\n': fputc('\n', f); break;
		case 0xFFFD: fputs("\xEF\xBF\xBD", f); break;
		default: fwrite(p + i, 1, k, f);
		}
	}
}

static void esc_or(FILE *f, const wt_str *s, const char *absent)
{
	if (s->n)
		esc(f, s->p, s->n);
	else
		fputs(absent, f);
}

/* Where byte b of text t falls in the page's copy of it (esc), in UTF-16
 * code units: what JavaScript string offsets count. The cursor makes a
 * side's offsets, mostly increasing, about one walk over the text. */
typedef struct {
	size_t byte;
	uint32_t unit;
} cursor;

static uint32_t units_at(const wt_str *t, cursor *c, size_t b)
{
	if (b < c->byte)
		*c = (cursor){0, 0};
	for (size_t k; c->byte < b && c->byte < t->n; c->byte += k) {
		int32_t cp = page_cp(t->p, t->n, c->byte, &k);
		c->unit += cp < 0 ? 0 : cp >= 0x10000 ? 2 : 1;
	}
	return c->unit;
}

static void kv(FILE *f, const char *key, const char *fmt, ...)
	WT_PRINTF(3, 4);
static void kv(FILE *f, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(f, "<tr><th>%s</th><td>", key);
	vfprintf(f, fmt, ap);
	fputs("</td></tr>\n", f);
	va_end(ap);
}

static void overview(FILE *f, const wt_result *r)
{
	typedef unsigned long long ull;
	const wt_stats *st = &r->stats;
	char reuse[48] = "off";
	if (r->min_passage)
		snprintf(reuse, sizeof reuse, "passages of %u+ words",
			 r->min_passage);
	fputs("<h2>Overview</h2><table>\n", f);
	kv(f, "documents", "%llu (%.1f MB of text); %llu too short to compare "
	   "(fewer than %u words)", (ull)st->documents, (double)st->bytes / 1e6,
	   (ull)st->too_short, r->shingle);
	kv(f, "pairs", "%llu: %llu exact, %llu near, %llu reuse",
	   (ull)st->pairs, (ull)st->exact_pairs, (ull)st->near_pairs,
	   (ull)st->reuse_pairs);
	kv(f, "clusters", "%llu (groups of documents joined by exact and near "
	   "pairs)", (ull)st->clusters);
	kv(f, "parameters", "shingles of %u words, %u MinHash slots, threshold "
	   "%.2f (%u bands &times; %u rows), seed %llu; reuse: %s", r->shingle,
	   r->perm, r->threshold, r->bands, r->rows, (ull)r->seed, reuse);
	if (st->boiler_tokens || st->skipped || st->binary || st->invalid_utf8)
		kv(f, "set aside", "%llu boilerplate words, %llu bad records, "
		   "%llu binary files, %llu invalid UTF-8 sequences replaced",
		   (ull)st->boiler_tokens, (ull)st->skipped, (ull)st->binary,
		   (ull)st->invalid_utf8);
	fputs("</table>\n", f);
}

static int cmp_str(const void *x, const void *y)
{
	const wt_str *a = x, *b = y;
	size_t n = a->n < b->n ? a->n : b->n;
	int c = n ? memcmp(a->p, b->p, n) : 0;
	return c ? c : (a->n > b->n) - (a->n < b->n);
}

/* Cluster k's row: size, pair kinds, outlets (sorted, with counts; none
 * when memory is short) and the range of its dates (as strings: ISO 8601
 * dates sort by time). */
static void cluster_row(FILE *f, const wt_scan *s, const wt_result *r,
			size_t k, int shown)
{
	const wt_clusters *c = &r->clusters;
	size_t from = c->start[k], n = c->start[k + 1] - from, nk[3] = {0};
	for (size_t i = r->cpair_start[k]; i < r->cpair_start[k + 1]; i++)
		nk[r->pairs[r->cpair[i]].kind]++;
	if (shown)
		fprintf(f, "<tr><td><a href=\"#cluster-%zu\">%zu</a>", k, k);
	else
		fprintf(f, "<tr><td>%zu (left out)", k);
	fprintf(f, "</td><td>%zu</td><td>%zu exact, %zu near</td><td>", n,
		nk[WT_PAIR_EXACT], nk[WT_PAIR_NEAR]);
	wt_str *src = malloc(n * sizeof *src), lo = {0}, hi = {0};
	size_t ns = 0;
	for (size_t m = 0; m < n; m++) {
		wt_docinfo di;
		wt_scan_doc(s, c->member[from + m], &di);
		if (src && di.source.n)
			src[ns++] = di.source;
		if (di.date.n && (!lo.n || cmp_str(&di.date, &lo) < 0))
			lo = di.date;
		if (di.date.n && cmp_str(&di.date, &hi) > 0)
			hi = di.date;
	}
	if (ns)
		qsort(src, ns, sizeof *src, cmp_str);
	for (size_t i = 0, j; i < ns; i = j) {
		for (j = i + 1; j < ns && !cmp_str(&src[i], &src[j]); j++)
			;
		fputs(i ? ", <bdi dir=\"auto\">" : "<bdi dir=\"auto\">", f);
		esc(f, src[i].p, src[i].n);
		fputs("</bdi>", f);
		if (j - i > 1)
			fprintf(f, " &times;%zu", j - i);
	}
	free(src);
	fputs("</td><td>", f);
	esc(f, lo.p, lo.n);
	if (cmp_str(&lo, &hi)) {
		fputs(" &ndash; ", f);
		esc(f, hi.p, hi.n);
	}
	fputs("</td></tr>\n", f);
}

static void doc_ref(FILE *f, uint32_t d, const wt_str *id)
{
	fprintf(f, "<a href=\"#doc-%u\"><bdi dir=\"auto\">", d);
	esc(f, id->p, id->n);
	fputs("</bdi></a>", f);
}

/* Pair i as a closed <details>: its line, and an empty view the script
 * fills when it is opened. */
static void pair_html(FILE *f, const wt_scan *s, const wt_result *r, size_t i)
{
	const wt_pair *p = &r->pairs[i];
	wt_docinfo a, b;
	wt_scan_doc(s, p->a, &a);
	wt_scan_doc(s, p->b, &b);
	fprintf(f, "<details class=\"pair\" id=\"pair-%zu\" data-a=\"%u\" "
		"data-b=\"%u\" data-p=\"", i, p->a, p->b);
	cursor ca = {0, 0}, cb = {0, 0};
	for (uint32_t k = 0; k < p->npassage; k++) {
		const wt_passage *g = &r->passages[p->passage + k];
		uint32_t a0 = units_at(&a.text, &ca, g->a0);
		uint32_t a1 = units_at(&a.text, &ca, g->a1);
		uint32_t b0 = units_at(&b.text, &cb, g->b0);
		uint32_t b1 = units_at(&b.text, &cb, g->b1);
		fprintf(f, "%s%u %u %u %u", k ? " " : "", a0, a1, b0, b1);
	}
	const char *kind = wt_pair_kind_name(p->kind);
	fprintf(f, "\"><summary><span class=\"k %s\">%s</span> ", kind, kind);
	doc_ref(f, p->a, &a.id);
	fputs(" ~ ", f);
	doc_ref(f, p->b, &b.id);
	fprintf(f, " <span class=\"n\">J %.3f &middot; a in b %.3f &middot; "
		"b in a %.3f &middot; aligned %.2f / %.2f &middot; %u "
		"passage%s",
		p->sim.jaccard, p->sim.cont_a, p->sim.cont_b, p->aligned_a,
		p->aligned_b, p->npassage, p->npassage == 1 ? "" : "s");
	wt_source_hint h = wt_pair_source_hint(s, p);
	char cra[128], crb[128];
	wt_credits_str(h.credits_a, cra, sizeof cra);
	wt_credits_str(h.credits_b, crb, sizeof crb);
	if (h.earlier >= 0)
		fprintf(f, " &middot; %c published first", "ab"[h.earlier]);
	if (*cra || *crb)
		fprintf(f, " &middot; credits: a %s, b %s", *cra ? cra : "-",
			*crb ? crb : "-");
	fputs("</span></summary><div class=\"view\"></div></details>\n", f);
}

/* Pair at display position j: the clusters' pairs, then the reuse pairs. */
static size_t display(const wt_result *r, size_t j)
{
	size_t ncp = r->cpair_start[r->clusters.ncluster] - r->cpair_start[0];
	return j < ncp ? r->cpair[r->cpair_start[0] + j] : r->reuse[j - ncp];
}

/* The cap: pairs in display order are shown while the estimated page
 * stays under HTML_BUDGET; need[d] marks the documents whose text goes in
 * (all of them when need is NULL). Returns how many pairs are shown. */
static size_t plan(const wt_scan *s, const wt_result *r, size_t total,
		   unsigned char *need)
{
	size_t used = 0, j;
	if (!need)
		return total;
	for (j = 0; j < total && used < HTML_BUDGET; j++) {
		const wt_pair *p = &r->pairs[display(r, j)];
		uint32_t d[2] = {p->a, p->b};
		used += PAIR_COST + PASSAGE_COST * (size_t)p->npassage;
		for (int e = 0; e < 2; e++) {
			wt_docinfo di;
			if (need[d[e]])
				continue;
			need[d[e]] = 1;
			wt_scan_doc(s, d[e], &di);
			used += DOC_COST + di.text.n + di.title.n + di.url.n;
		}
	}
	return j;
}

static void doc_html(FILE *f, const wt_scan *s, uint32_t d)
{
	wt_docinfo di;
	wt_scan_doc(s, d, &di);
	fprintf(f, "<details class=\"doc\" id=\"doc-%u\"><summary><span "
		"class=\"dh\"><bdi dir=\"auto\"><b>", d);
	esc(f, di.id.p, di.id.n);
	fputs("</b></bdi> <span class=\"m\"><bdi dir=\"auto\">", f);
	esc_or(f, &di.source, "-");
	fputs("</bdi> &middot; ", f);
	esc_or(f, &di.date, "-");
	fputs("</span> <span dir=\"auto\">", f);
	esc(f, di.title.p, di.title.n);
	fputs("</span><span class=\"u\" dir=\"auto\">", f);
	esc(f, di.url.p, di.url.n);
	fputs("</span></span></summary><div class=\"t\" dir=\"auto\">", f);
	size_t at = 0; /* boilerplate greyed: kept for reading, not compared */
	for (size_t k = 0; k < di.nboiler; k++) {
		const wt_span *b = &di.boiler[k];
		esc(f, di.text.p + at, b->off - at);
		fputs("<span class=\"bp\" title=\"boilerplate: not compared\">", f);
		esc(f, di.text.p + b->off, b->len);
		fputs("</span>", f);
		at = b->off + b->len;
	}
	esc(f, di.text.p + at, di.text.n - at);
	fputs("</div></details>\n", f);
}

/* What the page shows, for a newcomer. */
static const char intro[] =
	"<h1>wiretrace report</h1>\n<p>This page lists documents that share "
	"text: <span class=\"k exact\">exact</span> copies, <span class=\"k "
	"near\">near</span> duplicates (most of the text in common) and <span "
	"class=\"k reuse\">reuse</span> (one or more shared passages).<br>Open "
	"a pair to read its two texts side by side: each passage both hold is "
	"marked in the same colour on both sides.</p>\n<p class=\"note\">J "
	"(Jaccard): share of the two texts' word shingles they have in common; "
	"a in b: share of a's shingles also in b; aligned: share of each "
	"text's words inside the marked passages; published first: by the "
	"documents' dates; credits: wire agencies each text names.</p>\n"
	"<noscript><p class=\"cut\">JavaScript is off: the side-by-side views "
	"are not built, but every document's text is under Documents.</p>"
	"</noscript>\n";

static void head(FILE *f)
{
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
		"charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-"
		"Policy\" content=\"default-src 'none'; style-src "
		"'unsafe-inline'; script-src 'sha256-" JS_SHA256 "'; "
		"base-uri 'none'; form-action 'none'\">\n<meta name=\"viewport\" "
		"content=\"width=device-width\"><meta name=\"generator\" "
		"content=\"wiretrace %s\">\n<title>wiretrace report</title>\n"
		"<style>%s</style></head><body>\n%s", WT_VERSION, css, intro);
}

void wt_report_html(FILE *f, const wt_scan *s, const wt_result *r)
{
	const wt_clusters *c = &r->clusters;
	size_t ncp = r->cpair_start[c->ncluster] - r->cpair_start[0];
	size_t total = ncp + r->nreuse, maxd = 0;
	for (size_t m = 0; m < r->ndocs; m++)
		if (r->docs[m] >= maxd)
			maxd = r->docs[m] + 1;
	unsigned char *need = calloc(maxd ? maxd : 1, 1);
	size_t shown = plan(s, r, total, need), j = 0;
	head(f);
	overview(f, r);
	if (shown < total)
		fprintf(f, "<p class=\"cut\">To keep this file small it shows "
			"the first %zu of %zu pairs (clusters in order, then "
			"reuse) and the texts of their documents; the JSON "
			"report (--format json) lists them all.</p>\n", shown,
			total);
	fputs("<h2>Clusters</h2>\n", f);
	if (c->ncluster)
		fputs("<table><tr><th>cluster</th><th>documents</th><th>pairs"
		      "</th><th>outlets</th><th>dates</th></tr>\n", f);
	for (size_t k = 0; k < c->ncluster; k++)
		cluster_row(f, s, r, k,
			    r->cpair_start[k] - r->cpair_start[0] < shown);
	fputs(c->ncluster ? "</table>\n" : "<p>None.</p>\n", f);
	for (size_t k = 0; k < c->ncluster && j < shown; k++) {
		size_t from = r->cpair_start[k];
		size_t n = r->cpair_start[k + 1] - from;
		fprintf(f, "<section class=\"cluster\" id=\"cluster-%zu\">"
			"<h3>Cluster %zu &middot; %zu documents &middot; %zu "
			"pairs</h3>\n", k, k, c->start[k + 1] - c->start[k], n);
		for (size_t i = 0; i < n; i++, j++)
			if (j < shown)
				pair_html(f, s, r, r->cpair[from + i]);
		if (j > shown)
			fprintf(f, "<p class=\"cut\">%zu of these pairs are "
				"left out (size cap).</p>\n", j - shown);
		fputs("</section>\n", f);
	}
	if (r->nreuse && j < shown) {
		fprintf(f, "<section id=\"reuse\"><h2>Reuse</h2><p>Pairs "
			"sharing a passage of %u words or more, exact and near "
			"pairs aside: %zu.</p>\n", r->min_passage, r->nreuse);
		for (size_t i = 0; i < r->nreuse && j < shown; i++, j++)
			pair_html(f, s, r, r->reuse[i]);
		fputs("</section>\n", f);
	}
	fputs("<h2 id=\"docs\">Documents</h2><p>The full text of each "
	      "document of a pair shown above, once.</p>\n", f);
	for (size_t m = 0; m < r->ndocs; m++)
		if (!need || need[r->docs[m]])
			doc_html(f, s, r->docs[m]);
	fprintf(f, "<script>%s</script>\n</body></html>\n", js);
	free(need);
}
