/* report_int: the per-format writers behind wt_report_write. */
#ifndef WT_REPORT_INT_H
#define WT_REPORT_INT_H

#include "report.h"

void wt_report_text(FILE *f, const wt_scan *s, const wt_result *r,
		    const wt_report_opts *o);
void wt_report_json(FILE *f, const wt_scan *s, const wt_result *r);
void wt_report_csv(FILE *f, const wt_scan *s, const wt_result *r);
void wt_report_html(FILE *f, const wt_scan *s, const wt_result *r);

/* x with digits (0..4) decimals into out, as printf's "%.*f" writes it
 * (x's exact value rounded half to even), without printf's cost: a
 * report prints millions. out has room for 32 bytes; returns the
 * length (at most 31: a value of 1e9 or more is cut there). */
size_t wt_report_fixed(char *out, double x, int digits);

/* v in decimal into out (room for 20 bytes); returns the length. */
size_t wt_report_u64(char *out, uint64_t v);

#endif
