/* report: a finished scan's result -> text (for a person), JSON (the stable
 * contract in README.md) or CSV (one pair a line). Output is a function of
 * the result only: same input and options, same bytes. Every string from a
 * document is escaped for its format (control characters never reach a
 * terminal; JSON is always valid UTF-8). */
#ifndef WT_REPORT_H
#define WT_REPORT_H

#include "scan.h"

#include <stdio.h>

typedef enum { WT_FMT_TEXT, WT_FMT_JSON, WT_FMT_CSV } wt_format;

/* Parse "text", "json" or "csv"; WT_E_ARG otherwise. */
WT_NODISCARD wt_err wt_format_parse(const char *name, wt_format *out);

/* Write the report of res (from s) to f. WT_E_FULL / WT_E_IO when f reports
 * a write error (f is not closed; the caller must still check fclose). */
WT_NODISCARD wt_err wt_report_write(FILE *f, wt_format fmt, const wt_scan *s,
				    const wt_result *res);

/* Escaping helpers shared by the formats (also fuzzed). */
void wt_report_json_str(FILE *f, const char *p, size_t n);
void wt_report_plain_str(FILE *f, const char *p, size_t n);
void wt_report_csv_str(FILE *f, const char *p, size_t n);

#endif
