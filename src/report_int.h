/* report_int: the per-format writers behind wt_report_write. */
#ifndef WT_REPORT_INT_H
#define WT_REPORT_INT_H

#include "report.h"

void wt_report_text(FILE *f, const wt_scan *s, const wt_result *r,
		    const wt_report_opts *o);
void wt_report_json(FILE *f, const wt_scan *s, const wt_result *r);
void wt_report_csv(FILE *f, const wt_scan *s, const wt_result *r);
void wt_report_html(FILE *f, const wt_scan *s, const wt_result *r);

#endif
