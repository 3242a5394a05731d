/* credit: the agency table and a phrase index keyed by first-word hash. */
#include "credit.h"
#include "shingle.h"

#include <stdlib.h>
#include <string.h>

static const char *const agencies[] = {
	"SPA", "AFP", "Reuters", "AP", "DPA", "Anadolu", "KUNA", "WAM",
	"MENA", "Xinhua", "PA", "Sputnik", "TASS", "QNA", "BNA", "ONA",
};

enum { SPA, AFP, REUTERS, AP, DPA, ANADOLU, KUNA, WAM, MENA, XINHUA, PA,
       SPUTNIK, TASS, QNA, BNA, ONA, NAGENCY };

/* Phrases as written and in normalized form (tests/unit/test_credit.c
 * checks the second against the normalizer). Short forms that are also
 * common words are left out (بنا "with us", وام from وأم "and mother",
 * كونا "be", العمانية "Omani"): a credit list must not credit by
 * accident, so those agencies are named in full. */
static const struct {
	unsigned agency;
	const char *display, *norm;
} phrases[] = {
	{SPA, "واس", "واس"},
	{SPA, "وكالة الأنباء السعودية", "وكاله الانباء السعوديه"},
	{SPA, "Saudi Press Agency", "saudi press agency"},
	{AFP, "أ ف ب", "ا ف ب"},
	{AFP, "فرانس برس", "فرانس برس"},
	{AFP, "AFP", "afp"},
	{AFP, "Agence France-Presse", "agence france presse"},
	{REUTERS, "رويترز", "رويترز"},
	{REUTERS, "Reuters", "reuters"},
	{AP, "أسوشيتد برس", "اسوشيتد برس"},
	{AP, "Associated Press", "associated press"},
	{DPA, "د ب أ", "د ب ا"},
	{DPA, "dpa", "dpa"},
	{ANADOLU, "وكالة الأناضول", "وكاله الاناضول"},
	{ANADOLU, "Anadolu Agency", "anadolu agency"},
	{KUNA, "وكالة الأنباء الكويتية", "وكاله الانباء الكويتيه"},
	{KUNA, "KUNA", "kuna"},
	{WAM, "وكالة أنباء الإمارات", "وكاله انباء الامارات"},
	{MENA, "أ ش أ", "ا ش ا"},
	{MENA, "وكالة أنباء الشرق الأوسط", "وكاله انباء الشرق الاوسط"},
	{XINHUA, "شينخوا", "شينخوا"},
	{XINHUA, "Xinhua", "xinhua"},
	{PA, "Press Association", "press association"},
	{SPUTNIK, "سبوتنيك", "سبوتنيك"},
	{SPUTNIK, "Sputnik", "sputnik"},
	{TASS, "تاس", "تاس"},
	{TASS, "TASS", "tass"},
	{QNA, "وكالة الأنباء القطرية", "وكاله الانباء القطريه"},
	{BNA, "وكالة أنباء البحرين", "وكاله انباء البحرين"},
	{ONA, "وكالة الأنباء العمانية", "وكاله الانباء العمانيه"},
};

#define NPHRASE (sizeof phrases / sizeof *phrases)
#define MAXW 4
#define NSLOT 128 /* > 2 * NPHRASE: open addressing stays short */

typedef struct {
	uint64_t w[MAXW];
	unsigned n, agency;
} phrase;

struct wt_credit_table {
	phrase p[NPHRASE];
	int16_t slot[NSLOT]; /* first-word hash -> first phrase, chained */
	int16_t next[NPHRASE];
};

const char *wt_credit_name(unsigned i)
{
	return i < NAGENCY ? agencies[i] : NULL;
}

int wt_credit_phrase(size_t k, unsigned *agency, const char **display,
		     const char **norm)
{
	if (k >= NPHRASE)
		return 0;
	*agency = phrases[k].agency;
	*display = phrases[k].display;
	*norm = phrases[k].norm;
	return 1;
}

wt_err wt_credit_table_new(wt_credit_table **out)
{
	_Static_assert(NAGENCY <= 32, "wt_credits is 32 bits");
	_Static_assert(sizeof agencies / sizeof *agencies == NAGENCY, "names");
	wt_credit_table *t = calloc(1, sizeof *t);
	if (!t)
		return WT_E_NOMEM;
	memset(t->slot, 0xFF, sizeof t->slot);
	for (size_t k = 0; k < NPHRASE; k++) {
		phrase *p = &t->p[k];
		p->agency = phrases[k].agency;
		for (const char *s = phrases[k].norm; *s && p->n < MAXW;) {
			size_t len = strcspn(s, " ");
			p->w[p->n++] = wt_token_hash(s, len);
			s += len + (s[len] == ' ');
		}
		size_t h = p->w[0] % NSLOT;
		t->next[k] = t->slot[h];
		t->slot[h] = (int16_t)k;
	}
	*out = t;
	return WT_OK;
}

void wt_credit_table_free(wt_credit_table *t)
{
	free(t);
}

wt_credits wt_credit_find(const wt_credit_table *t, const uint64_t *tok,
			  size_t n)
{
	wt_credits c = 0;
	for (size_t i = 0; i < n; i++)
		for (int k = t->slot[tok[i] % NSLOT]; k >= 0; k = t->next[k]) {
			const phrase *p = &t->p[k];
			if (p->w[0] != tok[i] || i + p->n > n)
				continue;
			unsigned j = 1;
			while (j < p->n && p->w[j] == tok[i + j])
				j++;
			if (j == p->n)
				c |= (wt_credits)1 << p->agency;
		}
	return c;
}
