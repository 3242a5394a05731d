/* index: a map far too small grows as the commits need (MDB_MAP_FULL is
 * retried, not an error) and every document lands whole; a reopened index
 * holds what was committed; a directory with no index, or with the empty
 * data file a killed first add leaves, is "missing"; parameters fixed at
 * creation refuse another value. Runs on corpus/ (the bundled sample). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index.h"

#define SAMPLE "corpus/saudinewsnet-sample.jsonl"

static void rm_dir(const char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* One add or query of path, as `wiretrace index add|query` runs it. */
static void run(const char *dir, int add, size_t map_start, size_t batch,
		unsigned given, const wt_scan_opts *want, wt_err attach_rc,
		wt_index_run *ir, uint64_t *present)
{
	wt_index_opts io;
	wt_index_opts_default(&io);
	io.dir = dir;
	io.create = add;
	io.readonly = !add;
	io.map_start = map_start;
	io.batch_docs = batch;
	wt_index *x;
	assert_int_equal(wt_index_open(&io, &x), WT_OK);
	wt_scan_opts so = *want;
	wt_err e = wt_index_attach(x, &so, given);
	assert_int_equal(e, attach_rc);
	if (e) {
		wt_index_close(x);
		return;
	}
	wt_scan *s;
	const wt_result *r;
	assert_int_equal(wt_scan_new(&so, &s), WT_OK);
	assert_int_equal(wt_scan_learn_path(s, SAMPLE), WT_OK);
	assert_int_equal(wt_scan_add_path(s, SAMPLE), WT_OK);
	assert_int_equal(wt_scan_flush(s), WT_OK);
	assert_int_equal(wt_index_gather(x, s), WT_OK);
	assert_int_equal(wt_scan_finish(s, &r), WT_OK);
	if (add)
		assert_int_equal(wt_index_commit(x, s), WT_OK);
	wt_index_run_stats(x, ir);
	*present = r->stats.present;
	wt_scan_free(s);
	wt_index_close(x);
}

static void info(const char *dir, wt_index_info *in, uint64_t *problems)
{
	wt_index_opts io;
	wt_index_opts_default(&io);
	io.dir = dir;
	io.readonly = 1;
	wt_index *x;
	assert_int_equal(wt_index_open(&io, &x), WT_OK);
	assert_int_equal(wt_index_stats(x, in), WT_OK);
	assert_int_equal(wt_index_check(x, 5, problems), WT_OK);
	wt_index_close(x);
}

static void index__map_grows(void **state)
{
	(void)state;
	char dir[] = "/tmp/wt-test-index-XXXXXX";
	assert_non_null(mkdtemp(dir));
	wt_scan_opts so;
	wt_scan_opts_default(&so);
	so.threads = 2;
	wt_index_run ir;
	uint64_t present;
	/* 64 KiB: the first commit of 40 documents already overflows it */
	run(dir, 1, 64 << 10, 40, 0, &so, WT_OK, &ir, &present);
	assert_true(ir.added > 300);
	assert_int_equal(present, 0);
	wt_index_info in;
	uint64_t problems;
	info(dir, &in, &problems);
	assert_int_equal(problems, 0);
	assert_int_equal(in.documents, ir.added);
	assert_true(in.map_bytes >= in.used_bytes);
	assert_true(in.used_bytes > (size_t)4 << 20); /* it grew 6 doublings */
	assert_int_equal(in.map_bytes & (in.map_bytes - 1), 0);
	uint64_t added = ir.added;

	/* again: everything present, nothing added, nothing changed */
	run(dir, 1, 0, 0, 0, &so, WT_OK, &ir, &present);
	assert_int_equal(ir.added, 0);
	assert_int_equal(present, added);
	info(dir, &in, &problems);
	assert_int_equal(in.documents, added);
	assert_int_equal(problems, 0);

	/* a query may not change a fixed parameter */
	so.shingle = 3;
	run(dir, 0, 0, 0, WT_P_SHINGLE, &so, WT_E_ARG, &ir, &present);
	rm_dir(dir);
}

static wt_err open_ro(const char *dir)
{
	wt_index_opts io;
	wt_index_opts_default(&io);
	io.dir = dir;
	io.readonly = 1;
	wt_index *x;
	wt_err e = wt_index_open(&io, &x);
	wt_index_close(x);
	return e;
}

static void index__missing(void **state)
{
	(void)state;
	char dir[] = "/tmp/wt-test-index-XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_int_equal(open_ro(dir), WT_E_MISSING);
	char path[256];
	snprintf(path, sizeof path, "%s/none", dir);
	assert_int_equal(open_ro(path), WT_E_MISSING);
	snprintf(path, sizeof path, "%s/data.mdb", dir);
	int fd = open(path, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(open_ro(dir), WT_E_MISSING);
	rm_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(index__map_grows),
		cmocka_unit_test(index__missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
