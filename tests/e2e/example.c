/* example: the whole library from a program, no CLI: scan the paths given
 * (or corpus/) and print the JSON report. Exits 1 on any error. */
#include "wiretrace.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	wt_scan_opts o;
	wt_scan_opts_default(&o);
	o.skip_errors = 1;
	wt_scan *s;
	if (wt_scan_new(&o, &s) != WT_OK)
		return 1;
	wt_err e = WT_OK;
	if (argc < 2)
		e = wt_scan_add_path(s, "corpus");
	for (int i = 1; i < argc && !e; i++)
		e = wt_scan_add_path(s, argv[i]);
	const wt_result *r;
	if (!e)
		e = wt_scan_finish(s, &r);
	if (!e)
		e = wt_report_write(stdout, WT_FMT_JSON, s, r);
	if (e)
		fprintf(stderr, "example: %s\n", wt_strerror(e));
	wt_scan_free(s);
	return e ? 1 : 0;
}
