/* test_credit: the phrase table agrees with the normalizer; credits are
 * found in real datelines and bylines, across line breaks, at either end
 * of a text, and never inside a longer word or from part of a phrase. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wiretrace.h"

typedef struct {
	wt_norm nz;
	wt_shingles sh;
	wt_credit_table *t;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	wt_norm_init(&f->nz);
	wt_shingles_init(&f->sh);
	if (wt_credit_table_new(&f->t)) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	wt_norm_release(&f->nz);
	wt_shingles_release(&f->sh);
	wt_credit_table_free(f->t);
	free(f);
	return 0;
}

/* Agencies credited by s, through the normalizer and the word hashes, as
 * the scan finds them. */
static wt_credits credits(fixture *f, const char *s)
{
	assert_int_equal(wt_norm_text(&f->nz, s, strlen(s)), WT_OK);
	assert_int_equal(wt_shingle(&f->sh, &f->nz, 5), WT_OK);
	return wt_credit_find(f->t, f->sh.tok, f->sh.ntok);
}

static unsigned agency_of(const char *name)
{
	for (unsigned i = 0; wt_credit_name(i); i++)
		if (!strcmp(wt_credit_name(i), name))
			return i;
	fail_msg("no agency %s", name);
	return 0;
}

static wt_credits bit(const char *name)
{
	return (wt_credits)1 << agency_of(name);
}

static void credit__phrases_are_normalized(void **state)
{
	fixture *f = *state;
	unsigned agency, nagency = 0;
	const char *disp, *norm;
	wt_credits seen = 0;
	while (wt_credit_name(nagency))
		nagency++;
	assert_true(nagency >= 10 && nagency <= 32);
	size_t k = 0;
	for (; wt_credit_phrase(k, &agency, &disp, &norm); k++) {
		assert_true(agency < nagency);
		seen |= (wt_credits)1 << agency;
		assert_int_equal(wt_norm_text(&f->nz, disp, strlen(disp)), WT_OK);
		char buf[256];
		size_t n = 0;
		for (size_t i = 0; i < f->nz.ntok; i++) {
			const wt_token *t = &f->nz.tok[i];
			assert_true(n + t->norm_len + 1 < sizeof buf);
			if (n)
				buf[n++] = ' ';
			memcpy(buf + n, f->nz.norm + t->norm_off, t->norm_len);
			n += t->norm_len;
		}
		buf[n] = 0;
		if (strcmp(buf, norm))
			fail_msg("phrase %zu \"%s\" normalizes to \"%s\", table says "
				 "\"%s\"", k, disp, buf, norm);
		/* the display form alone credits its agency, and only it */
		wt_credits c = credits(f, disp);
		if (c != (wt_credits)1 << agency)
			fail_msg("phrase %zu \"%s\": credits %#x, want %#x", k, disp,
				 (unsigned)c, 1u << agency);
	}
	assert_true(k >= 20);
	/* every agency can be credited */
	assert_int_equal(seen, (nagency == 32 ? 0 : ((wt_credits)1 << nagency)) - 1);
	assert_null(wt_credit_name(nagency));
}

static void credit__real_snippets(void **state)
{
	fixture *f = *state;
	/* a Saudi Press Agency dateline */
	assert_int_equal(credits(f, "الرياض 10 شوال 1436 هـ الموافق 26 يوليو "
				    "2015 م واس"),
			 bit("SPA"));
	assert_int_equal(credits(f, "الرياض (واس) أعلنت وزارة الصحة اليوم"),
			 bit("SPA"));
	assert_int_equal(credits(f, "بيروت (أ ف ب) قال مصدر أمني"), bit("AFP"));
	assert_int_equal(credits(f, "(أ ف ب)"), bit("AFP"));
	assert_int_equal(credits(f, "Reuters"), bit("Reuters"));
	assert_int_equal(credits(f, "LONDON (Reuters) - Oil prices rose"),
			 bit("Reuters"));
	assert_int_equal(credits(f, "القاهرة - أ ش أ: صرح"), bit("MENA"));
	assert_int_equal(credits(f, "برلين (د ب أ) – ذكرت"), bit("DPA"));
	/* several agencies */
	assert_int_equal(credits(f, "جدة (واس) ... وأفادت وكالة رويترز ونقلت "
				    "وكالة فرانس برس"),
			 bit("SPA") | bit("Reuters") | bit("AFP"));
	/* none */
	assert_int_equal(credits(f, "أعلنت وزارة الصحة اليوم عن تسجيل حالات "
				    "شفاء جديدة في المنطقة الشرقية"),
			 0);
	assert_int_equal(credits(f, ""), 0);
	assert_int_equal(credits(f, "The press met the agency today"), 0);
}

/* A phrase is words, not bytes: a line break or extra punctuation
 * between its words does not hide it. */
static void credit__across_lines(void **state)
{
	fixture *f = *state;
	assert_int_equal(credits(f, "نقلا عن وكالة الأنباء\nالسعودية اليوم"),
			 bit("SPA"));
	assert_int_equal(credits(f, "according to the Saudi Press\r\nAgency"),
			 bit("SPA"));
	assert_int_equal(credits(f, "أ\nف\nب"), bit("AFP"));
	assert_int_equal(credits(f, "وكالة الأنباء القطرية"), bit("QNA"));
	assert_int_equal(credits(f, "AGENCE FRANCE-PRESSE"), bit("AFP"));
	/* at the very start and end of a text */
	assert_int_equal(credits(f, "واس"), bit("SPA"));
	assert_int_equal(credits(f, "خبر عن وكالة الأناضول"), bit("Anadolu"));
}

/* Neither a longer word holding a phrase nor part of a phrase credits. */
static void credit__whole_words_only(void **state)
{
	fixture *f = *state;
	assert_int_equal(credits(f, "مساحة واسعة جدا"), 0); /* واس inside */
	assert_int_equal(credits(f, "Reutersville afpx dpax xinhuanet"), 0);
	assert_int_equal(credits(f, "وكالة الأنباء"), 0);  /* SPA and QNA cut */
	assert_int_equal(credits(f, "وكالة الأنباء الفرنسية"), 0);
	assert_int_equal(credits(f, "قال أ ف"), 0);        /* AFP without ب */
	assert_int_equal(credits(f, "Saudi Press"), 0);
	assert_int_equal(credits(f, "Associated with the Press"), 0);
	assert_int_equal(credits(f, "برس"), 0);            /* half of two names */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(credit__phrases_are_normalized, setup,
						teardown),
		cmocka_unit_test_setup_teardown(credit__real_snippets, setup, teardown),
		cmocka_unit_test_setup_teardown(credit__across_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(credit__whole_words_only, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
