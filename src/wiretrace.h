/* wiretrace: near-duplicate and syndication detection for news text.
 * The umbrella header: everything a program needs to run a scan.
 * A minimal use (error handling elided):
 *   wt_scan_opts o; wt_scan_opts_default(&o);
 *   wt_scan *s; wt_scan_new(&o, &s);
 *   wt_scan_add_path(s, "corpus/");
 *   const wt_result *r; wt_scan_finish(s, &r);
 *   wt_report_write(stdout, WT_FMT_JSON, s, r);
 *   wt_scan_free(s);
 */
#ifndef WIRETRACE_H
#define WIRETRACE_H

#include "common.h"
#include "norm.h"
#include "boiler.h"
#include "learn.h"
#include "shingle.h"
#include "minhash.h"
#include "lsh.h"
#include "verify.h"
#include "cluster.h"
#include "read.h"
#include "scan.h"
#include "passage.h"
#include "align.h"
#include "credit.h"
#include "report.h"
#include "index.h"
#include "dedup.h"

#endif
