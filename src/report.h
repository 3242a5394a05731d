/* report: a finished scan's result -> text (for a person), JSON (the stable
 * contract in README.md) or CSV (one pair a line). Output is a function of
 * the result only: same input and options, same bytes. Every string from a
 * document is escaped for its format (control characters never reach a
 * terminal; JSON is always valid UTF-8). */
#ifndef WT_REPORT_H
#define WT_REPORT_H

#include "scan.h"

#include <stdio.h>

typedef enum { WT_FMT_TEXT, WT_FMT_JSON, WT_FMT_CSV, WT_FMT_HTML } wt_format;

typedef struct {
	wt_format format;
	int color;            /* text: highlight the passages (ANSI), for a
				 terminal */
	int show_boilerplate; /* text: list what each source set aside */
} wt_report_opts;

/* Parse "text", "json", "csv" or "html"; WT_E_ARG otherwise. */
WT_NODISCARD wt_err wt_format_parse(const char *name, wt_format *out);

/* Write the report of res (from s) to f. WT_E_FULL / WT_E_IO when f reports
 * a write error (f is not closed; the caller must still check fclose). */
WT_NODISCARD wt_err wt_report_write_opts(FILE *f, const wt_report_opts *o,
					 const wt_scan *s, const wt_result *res);
/* The same with the defaults of format fmt. */
WT_NODISCARD wt_err wt_report_write(FILE *f, wt_format fmt, const wt_scan *s,
				    const wt_result *res);

/* "exact", "near" or "reuse". */
const char *wt_pair_kind_name(wt_pair_kind k);

/* Who likely copied whom: the earlier dated document (dates compared on
 * their first WT_DATE_KEPT bytes), and the wire agencies each one
 * credits. From memory (wt_scan_brief). */
typedef struct {
	int earlier; /* 0: a, 1: b, -1: unknown (a date missing, not ISO 8601
			or equal) */
	wt_credits credits_a, credits_b;
} wt_source_hint;

wt_source_hint wt_pair_source_hint(const wt_scan *s, const wt_pair *p);

/* The names of the agencies in c, joined by ", ", into buf (always
 * terminated); "" for none. */
void wt_credits_str(wt_credits c, char *buf, size_t cap);

/* Escaping helpers shared by the formats (also fuzzed). */
void wt_report_json_str(FILE *f, const char *p, size_t n);
void wt_report_plain_str(FILE *f, const char *p, size_t n);
void wt_report_csv_str(FILE *f, const char *p, size_t n);

#endif
