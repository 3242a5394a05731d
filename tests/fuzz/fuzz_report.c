/* fuzz_report: the escaping helpers of report.h and wt_utf8_repair on raw
 * bytes. Checks: wt_utf8_repair gives valid UTF-8 of at most 3n bytes,
 * counts what it replaced, leaves valid text alone and is idempotent;
 * wt_report_json_str writes one JSON string that jansson decodes to exactly
 * the repaired text; wt_report_plain_str writes valid UTF-8 without C0, DEL,
 * C1 or bidi controls; wt_report_csv_str writes one quoted CSV field that
 * unquotes to the repaired text. wt_utf8_decode is checked against
 * utf8proc_iterate on the way. */
#include "fuzz.h"
#include "norm.h" /* wt_utf8_decode */
#include "read.h" /* wt_utf8_repair */
#include "report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>


/* Number of code points of s[0..n) if it is valid UTF-8, else -1; f, if set,
 * must accept every code point. */
static long utf8_count(const char *s, size_t n, int (*f)(int32_t))
{
	const unsigned char *u = (const unsigned char *)s;
	long cps = 0;
	for (size_t i = 0; i < n; cps++) {
		int32_t cp;
		size_t k = wt_utf8_decode(u + i, n - i, &cp);
		if (cp < 0 || (f && !f(cp)))
			return -1;
		i += k;
	}
	return cps;
}

static int plain_ok(int32_t cp)
{
	return cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) &&
	       !(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069);
}

/* Run one writer into memory; *out is malloc'ed, NUL-terminated. */
static size_t capture(void (*w)(FILE *, const char *, size_t), const char *p,
		      size_t n, char **out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(f != NULL);
	w(f, p, n);
	CHECK(!ferror(f));
	CHECK(fclose(f) == 0);
	CHECK(buf != NULL);
	*out = buf;
	return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;

	/* wt_utf8_decode agrees with utf8proc on validity, value and length */
	uint64_t bad = 0;
	for (size_t i = 0; i < size;) {
		int32_t cp;
		utf8proc_int32_t up;
		size_t k = wt_utf8_decode(data + i, size - i, &cp);
		CHECK(k >= 1 && k <= 4 && k <= size - i);
		utf8proc_ssize_t uk = utf8proc_iterate(
			data + i, (utf8proc_ssize_t)(size - i), &up);
		if (cp >= 0)
			CHECK(uk == (utf8proc_ssize_t)k && up == cp);
		else
			CHECK(uk < 0);
		bad += cp < 0;
		i += k;
	}

	/* wt_utf8_repair */
	char *fix = malloc(3 * size + 1);
	CHECK(fix != NULL);
	uint64_t invalid = 7; /* the count is added to */
	size_t nfix = wt_utf8_repair(in, size, fix, &invalid);
	CHECK(invalid - 7 == bad);
	CHECK(nfix <= 3 * size);
	CHECK(utf8_count(fix, nfix, NULL) >= 0);
	if (!bad)
		CHECK(nfix == size && !memcmp(fix, in, size));
	char *fix2 = malloc(3 * nfix + 1);
	CHECK(fix2 != NULL);
	uint64_t invalid2 = 0;
	CHECK(wt_utf8_repair(fix, nfix, fix2, &invalid2) == nfix);
	CHECK(invalid2 == 0 && !memcmp(fix, fix2, nfix));
	free(fix2);

	/* JSON: one string, decoding to the repaired text */
	char *out;
	size_t n = capture(wt_report_json_str, in, size, &out);
	for (size_t i = 0; i < n; i++)
		CHECK((unsigned char)out[i] >= 0x20);
	json_error_t err;
	json_t *j = json_loadb(out, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (!j)
		fprintf(stderr, "jansson: %s at column %d\n", err.text, err.column);
	CHECK(j != NULL);
	CHECK(json_is_string(j));
	CHECK(json_string_length(j) == nfix);
	CHECK(!memcmp(json_string_value(j), fix, nfix));
	json_decref(j);
	free(out);

	/* plain text: nothing that steers a terminal */
	n = capture(wt_report_plain_str, in, size, &out);
	for (size_t i = 0; i < n; i++)
		CHECK((unsigned char)out[i] >= 0x20 && (unsigned char)out[i] != 0x7F);
	CHECK(n <= 3 * size);
	CHECK(utf8_count(out, n, plain_ok) == utf8_count(fix, nfix, NULL));
	free(out);

	/* CSV: one quoted field, "" for each quote */
	n = capture(wt_report_csv_str, in, size, &out);
	CHECK(n >= 2 && out[0] == '"' && out[n - 1] == '"');
	CHECK(utf8_count(out, n, NULL) >= 0);
	size_t m = 0;
	for (size_t i = 1; i < n - 1; i++) {
		if (out[i] == '"') {
			CHECK(i + 1 < n - 1 && out[i + 1] == '"');
			i++;
		}
		CHECK(m < nfix && out[i] == fix[m]);
		m++;
	}
	CHECK(m == nfix);
	free(out);
	free(fix);
	return 0;
}
